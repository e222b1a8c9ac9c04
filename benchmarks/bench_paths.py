"""Cartesian paths: rk.ik_path against per-waypoint rk.ik calls, and lm against analytic.

For each arm, random straight segments (0.1-0.4 m, up to 30 degrees of rotation; waypoints
every 5 mm / 0.02 rad) from random configurations in the middle 80 % of every joint's
range. Three ways to follow each segment, from the same start:

  * ik_path, method="lm" (and "analytic" for arms with a closed form), max_joint_step 0.05;
  * naive: rk.ik per waypoint, warm-started from the previous answer (default options,
    restarts allowed), as a user's loop would; a "jump" is a joint step above 0.05 rad.

Every reported-reached waypoint of ik_path is checked here by FK (position and rotation
error within the solver's 1e-6) and every step between reached waypoints against the
bound; any violation is counted and printed. Times per waypoint are the best of
`--repeats` runs of each segment (the machine may be shared); the ratio compares ik_path
with the naive warm-started loop over the same waypoints.

    PYTHONPATH=src python benchmarks/bench_paths.py [--segments 1000] [--repeats 3] [--save]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

import reachkit as rk

BOUND = 0.05
TOL = 1e-6
STEP, ANGULAR_STEP = 0.005, 0.02


def random_segment(robot: rk.Robot, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(q0 (dof,), waypoints (N, 4, 4)) of one random segment."""
    low, high = robot.sampling_bounds()
    q0 = rng.uniform(low + 0.1 * (high - low), high - 0.1 * (high - low))
    T_a = robot.fk(q0)
    direction, axis = rng.normal(size=3), rng.normal(size=3)
    T_b = T_a.copy()
    T_b[:3, 3] += rng.uniform(0.1, 0.4) * direction / np.linalg.norm(direction)
    turn = rk.spatial.axis_angle_to_matrix(axis, rng.uniform(0.0, np.radians(30)))
    T_b[:3, :3] = turn @ T_a[:3, :3]
    return q0, rk.path.line(T_a, T_b, step=STEP, angular_step=ANGULAR_STEP)


def violations(robot: rk.Robot, res: rk.PathResult, poses: np.ndarray, q0: np.ndarray) -> int:
    """Reached waypoints off their pose by more than the tolerance, plus steps above the bound."""
    n = int(res.reached.sum())
    if n == 0:
        return 0
    bad = 0
    for q, T in zip(res.q[:n], poses[:n]):
        e = rk.spatial.pose_error(robot.fk(q), T)
        bad += int(np.linalg.norm(e[:3]) > TOL * 1.000001 or np.linalg.norm(e[3:]) > TOL * 1.000001)
    steps = np.abs(np.diff(np.vstack([q0, res.q[:n]]), axis=0)).max(axis=1)
    return bad + int(np.sum(steps > BOUND + 1e-12)) + int(not res.reached[:n].all())


def naive(robot: rk.Robot, poses: np.ndarray, q0: np.ndarray) -> tuple[bool, bool, np.ndarray]:
    """(every waypoint solved, some step above the bound, q (N, dof)) of per-waypoint rk.ik."""
    q, solved, rows = q0, True, []
    for T in poses:
        answer = rk.ik(robot, T, q0=q)
        solved &= bool(answer.success)
        q = answer.q
        rows.append(q)
    rows = np.array(rows)
    jumped = bool(np.abs(np.diff(np.vstack([q0, rows]), axis=0)).max() > BOUND)
    return solved, jumped, rows


def best_time(call: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """(the shortest of `repeats` timed calls in seconds, the last result)."""
    best, out = np.inf, None
    for _ in range(repeats):
        began = time.perf_counter()
        out = call()
        best = min(best, time.perf_counter() - began)
    return best, out


def warm_reference(robot: rk.Robot, poses: np.ndarray, q_path: np.ndarray, q0: np.ndarray,
                   secondary: list | None) -> None:
    """rk.ik for each waypoint from the configuration of the one before (as ik_path found
    them), no restarts: the warm-started solve ik_path's time per waypoint is compared with."""
    for T, q in zip(poses, np.vstack([q0, q_path[:-1]])):
        rk.ik(robot, T, q0=q, max_restarts=0, secondary=secondary)


def run_robot(name: str, segments: int, repeats: int, seed: int) -> dict:
    robot = rk.models.load(name)
    rng = np.random.default_rng(seed)
    methods = ["lm"] + (["analytic"] if name != "panda" else [])
    stats: dict = {m: {"success": 0, "violations": 0, "time": 0.0, "time_followed": 0.0,
                       "failures": {}} for m in methods}
    stats["naive"] = {"success": 0, "jumps": 0, "unsolved": 0, "time": 0.0}
    cross = {"both": 0, "only_path": 0, "only_naive": 0, "neither": 0}
    agree = both = waypoints = followed = 0
    reference = {"warm": 0.0, "warm_posture": 0.0}
    for _ in range(segments):
        q0, poses = random_segment(robot, rng)
        waypoints += len(poses)
        results = {}
        for method in methods:
            seconds, res = best_time(partial(rk.ik_path, robot, poses, q0, max_joint_step=BOUND,
                                                 method=method), repeats)
            results[method] = res
            s = stats[method]
            s["time"] += seconds
            s["success"] += int(res.success)
            s["violations"] += violations(robot, res, poses, q0)
            if not res.success:
                s["failures"][res.failure] = s["failures"].get(res.failure, 0) + 1
        seconds, (solved, jumped, _) = best_time(partial(naive, robot, poses, q0), repeats)
        n = stats["naive"]
        n["time"] += seconds
        n["success"] += int(solved and not jumped)
        n["jumps"] += int(jumped)
        n["unsolved"] += int(not solved)
        lm = results["lm"]
        key = {(True, True): "both", (True, False): "only_path", (False, True): "only_naive",
               (False, False): "neither"}[(lm.success, solved and not jumped)]
        cross[key] += 1
        if lm.success:  # the time of a followed segment against warm-started rk.ik on it
            followed += len(poses)
            for method in methods:
                if results[method].success:
                    stats[method]["time_followed"] += best_time(
                        partial(rk.ik_path, robot, poses, q0, max_joint_step=BOUND, method=method),
                        repeats)[0]
            reference["warm"] += best_time(partial(warm_reference, robot, poses, lm.q, q0, None),
                                           repeats)[0]
            if robot.dof > 6:
                posture = [rk.objectives.Posture(q0)]
                reference["warm_posture"] += best_time(
                    partial(warm_reference, robot, poses, lm.q, q0, posture), repeats)[0]
        if "analytic" in results and lm.success and results["analytic"].success:
            both += 1
            agree += int(np.abs(lm.q - results["analytic"].q).max() < 1e-4)
    for s in stats.values():
        s["us_per_waypoint"] = s.pop("time") / waypoints * 1e6
        if "time_followed" in s:
            s["us_per_followed_waypoint"] = s.pop("time_followed") / max(followed, 1) * 1e6
    warm = {k: v / max(followed, 1) * 1e6 for k, v in reference.items()}
    return {"robot": name, "segments": segments, "waypoints": waypoints, **stats,
            "analytic_lm_agree": [agree, both], "lm_vs_naive": cross,
            "followed_waypoints": followed, "warm_ik_us_per_waypoint": warm}


def report(row: dict) -> str:
    segments = row["segments"]
    naive = row["naive"]
    warm = row["warm_ik_us_per_waypoint"]
    reference = warm["warm_posture"] if row["robot"] == "panda" else warm["warm"]
    lines = [(f"{row['robot']}: {segments} segments, {row['waypoints']} waypoints "
              f"({row['waypoints'] / segments:.0f} per segment)")]
    for method in ("lm", "analytic"):
        if method not in row:
            continue
        s = row[method]
        failures = ", ".join(f"{k} {v}" for k, v in sorted(s["failures"].items())) or "none"
        lines.append(f"  ik_path {method:<8} success {s['success'] / segments:6.1%}  violations "
                     f"{s['violations']}  stops: {failures}")
        lines.append(f"    {s['us_per_waypoint']:6.1f} us/waypoint over all segments; on followed ones "
                     f"{s['us_per_followed_waypoint']:6.1f} us = {s['us_per_followed_waypoint'] / reference:.2f}x "
                     f"warm-started rk.ik ({reference:.1f} us)")
    lines.append(f"  naive rk.ik       success {naive['success'] / segments:6.1%}  "
                 f"{naive['us_per_waypoint']:6.1f} us/waypoint  jumped on {naive['jumps']} segments "
                 f"({naive['jumps'] / segments:.1%}), some waypoint unsolved on {naive['unsolved']}")
    cross = row["lm_vs_naive"]
    lines.append(f"  lm path vs naive: both follow {cross['both']}, only ik_path {cross['only_path']}, "
                 f"only naive {cross['only_naive']}, neither {cross['neither']}")
    if row["robot"] == "panda":
        lines.append(f"  (Panda: ik_path keeps a Posture(q0) objective; warm rk.ik with it "
                     f"{warm['warm_posture']:.1f} us, without {warm['warm']:.1f} us)")
    if row["analytic_lm_agree"][1]:
        agree, both = row["analytic_lm_agree"]
        lines.append(f"  analytic = lm (1e-4 rad) on {agree} of the {both} segments both follow")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--robots", nargs="+", default=["panda", "ur5", "puma560"])
    parser.add_argument("--save", action="store_true", help="write results/paths_<cpus>cores.json")
    args = parser.parse_args()
    rows = []
    for name in args.robots:
        row = run_robot(name, args.segments, args.repeats, args.seed)
        print(report(row), flush=True)
        rows.append(row)
    if args.save:
        out = Path(__file__).parent / "results" / f"paths_{os.cpu_count()}cores.json"
        out.write_text(json.dumps(rows, indent=1))
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
