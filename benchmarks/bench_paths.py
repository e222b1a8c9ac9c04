"""Cartesian paths: rk.ik_path against per-waypoint rk.ik calls, and lm against analytic.

For each arm, random straight segments (0.1-0.4 m, up to 30 degrees of rotation; waypoints
every 5 mm / 0.02 rad) from random configurations in the middle 80 % of every joint's
range. Three ways to follow each segment, from the same start:

  * ik_path, method="lm" (and "analytic" for the 6R arms), max_joint_step 0.05;
  * naive: rk.ik per waypoint, warm-started from the previous answer (default options,
    restarts allowed), as a user's loop would; a "jump" is a joint step above 0.05 rad.

Every reported-reached waypoint of ik_path is checked here by FK (position and rotation
error within the solver's 1e-6) and every step between reached waypoints (and from q0)
against the bound; any violation is counted and printed.

Time per waypoint, the issue's goal (at most 2x a warm-started rk.ik): on the segments
ik_path follows to the end, ik_path's time against the same waypoints solved by rk.ik
one by one, each from the configuration ik_path reached at the waypoint before: the same
robot, poses, starts, method ("lm"), tolerances (the defaults) and, for Panda, the same
Posture(q0) secondary objective that ik_path keeps by default. The reference is the
plain call a user's loop makes, `rk.ik(robot, T, q0=q)` (restarts allowed, never needed:
every waypoint converges in its first search); its answers are compared with ik_path's,
so both did the same solves. Each time is the best of `--repeats` runs of the segment
(the machine may be shared), both measured in the same process, segment by segment.

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
GOAL = 2.0  # ik_path's time per waypoint at most this many warm rk.ik calls


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


def warm_reference(robot: rk.Robot, poses: np.ndarray, starts: np.ndarray,
                   secondary: list | None) -> np.ndarray:
    """(N, dof) rk.ik's answer for each pose from its start (N, dof): the warm-started solve
    ik_path's time per waypoint is compared with."""
    return np.array([rk.ik(robot, T, q0=q, secondary=secondary).q for T, q in zip(poses, starts)])


def time_against_warm(robot: rk.Robot, poses: np.ndarray, q0: np.ndarray, repeats: int,
                      secondary: list | None) -> tuple[float, float, bool] | None:
    """(ik_path s, warm rk.ik s, same answers) on one segment, ik_path given `secondary`
    (None: its default, Posture(q0) on a redundant arm, which the reference then gets
    too); None when ik_path does not follow the segment to its end."""
    path_seconds, res = best_time(partial(rk.ik_path, robot, poses, q0, max_joint_step=BOUND,
                                          secondary=secondary), repeats)
    if not res.success:
        return None
    objectives = secondary if secondary is not None else \
        ([rk.objectives.Posture(q0)] if robot.dof > 6 else None)
    starts = np.vstack([q0, res.q[:-1]])
    warm_seconds, q_warm = best_time(partial(warm_reference, robot, poses, starts,
                                             objectives or None), repeats)
    return path_seconds, warm_seconds, bool(np.array_equal(q_warm, res.q))


def run_robot(name: str, segments: int, repeats: int, seed: int) -> dict:
    robot = rk.models.load(name)
    rng = np.random.default_rng(seed)
    methods = ["lm"] + (["analytic"] if robot.dof == 6 else [])
    stats: dict = {m: {"success": 0, "violations": 0, "time": 0.0, "failures": {}} for m in methods}
    stats["naive"] = {"success": 0, "jumps": 0, "unsolved": 0, "time": 0.0}
    cross = {"both": 0, "only_path": 0, "only_naive": 0, "neither": 0}
    # time per waypoint on followed segments: [ik_path s, warm rk.ik s, waypoints, segments
    # whose answers differ]; "plain" for Panda: no secondary objective on either side
    timing = {"default": [0.0, 0.0, 0, 0]} | ({"plain": [0.0, 0.0, 0, 0]} if robot.dof > 6 else {})
    agree = both = waypoints = 0
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
        for variant, row in timing.items():
            if not lm.success:
                continue
            measured = time_against_warm(robot, poses, q0, repeats,
                                         None if variant == "default" else [])
            if measured is not None:
                row[0] += measured[0]
                row[1] += measured[1]
                row[2] += len(poses)
                row[3] += int(not measured[2])
        if "analytic" in results and lm.success and results["analytic"].success:
            both += 1
            agree += int(np.abs(lm.q - results["analytic"].q).max() < 1e-4)
    for s in stats.values():
        s["us_per_waypoint"] = s.pop("time") / waypoints * 1e6
    per_waypoint = {variant: {"ik_path_us": path / max(count, 1) * 1e6,
                              "warm_ik_us": warm / max(count, 1) * 1e6,
                              "ratio": path / warm if warm else float("nan"),
                              "waypoints": count, "segments_with_other_answers": differ}
                    for variant, (path, warm, count, differ) in timing.items()}
    return {"robot": name, "segments": segments, "waypoints": waypoints, **stats,
            "analytic_lm_agree": [agree, both], "lm_vs_naive": cross,
            "time_per_waypoint": per_waypoint}


def report(row: dict) -> str:
    segments = row["segments"]
    naive = row["naive"]
    lines = [(f"{row['robot']}: {segments} segments, {row['waypoints']} waypoints "
              f"({row['waypoints'] / segments:.0f} per segment)")]
    for method in ("lm", "analytic"):
        if method not in row:
            continue
        s = row[method]
        failures = ", ".join(f"{k} {v}" for k, v in sorted(s["failures"].items())) or "none"
        lines.append(f"  ik_path {method:<8} success {s['success'] / segments:6.1%}  violations "
                     f"{s['violations']}  stops: {failures}  {s['us_per_waypoint']:6.1f} us/waypoint "
                     "over all segments")
    lines.append(f"  naive rk.ik       success {naive['success'] / segments:6.1%}  "
                 f"jumped on {naive['jumps']} segments ({naive['jumps'] / segments:.1%}), some "
                 f"waypoint unsolved on {naive['unsolved']}  {naive['us_per_waypoint']:6.1f} "
                 "us/waypoint")
    cross = row["lm_vs_naive"]
    lines.append(f"  lm path vs naive: both follow {cross['both']}, only ik_path {cross['only_path']}, "
                 f"only naive {cross['only_naive']}, neither {cross['neither']}")
    if row["analytic_lm_agree"][1]:
        agree, both = row["analytic_lm_agree"]
        lines.append(f"  analytic = lm (1e-4 rad) on {agree} of the {both} segments both follow")
    for variant, t in row["time_per_waypoint"].items():
        what = "Posture(q0) on both sides" if variant == "default" and row["robot"] == "panda" else \
            ("no secondary objective on either side" if variant == "plain" else "same solves")
        verdict = "met" if t["ratio"] <= GOAL else "NOT met"
        lines.append(f"  time per waypoint ({what}; {t['waypoints']} waypoints of followed segments): "
                     f"ik_path {t['ik_path_us']:.2f} us, warm rk.ik {t['warm_ik_us']:.2f} us, "
                     f"ratio {t['ratio']:.2f} (goal <= {GOAL:g}: {verdict}); segments whose "
                     f"answers differ: {t['segments_with_other_answers']}")
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
    print("time per waypoint, ik_path / warm-started rk.ik: " + ", ".join(
        f"{row['robot']} {row['time_per_waypoint']['default']['ratio']:.2f}x" for row in rows))
    if args.save:
        out = Path(__file__).parent / "results" / f"paths_{os.cpu_count()}cores.json"
        out.write_text(json.dumps(rows, indent=1))
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
