"""Collision-aware IK on the tabletop scene (tests/data/tabletop_scene.json): Panda on a
10 cm mount above a table, three boxes and a two-board shelf, margin 1 cm, self-collision on.

Targets are the tool poses of random collision-free configurations (each has a
collision-free solution). In one run:
- single solves: rk.ik(scene=, self_collision=True, margin=) against plain rk.ik on the
  same targets, each the best of --repeats calls, interleaved (same machine load); median
  and mean times, the ratio (issue 19 goal: at most 3x), success rates, and how many plain
  answers collide;
- batch: collision-free rk.ik_batch throughput, solves/s on all Numba threads (goal:
  100,000/s on 2 cores), and plain ik_batch on the same targets;
- distance queries: rk.distance and rk.in_collision on a batch of configurations,
  queries (configurations) per second.
Every collision-free success is re-checked with rk.in_collision. The machine's load
(os.getloadavg, as uptime prints it) is printed before and after.

    PYTHONPATH=src python benchmarks/bench_ik_collision.py [--targets 500] [--batch 20000] [--save]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any, Callable

import numba
import numpy as np

import reachkit as rk
from reachkit.collision import Scene, collision_free

SCENE_FILE = Path(__file__).parents[1] / "tests" / "data" / "tabletop_scene.json"
MARGIN = 0.01
KEEP = MARGIN - 1e-9  # answers on the margin round below it by ~1e-16 m (solver slack)


def load() -> str:
    """The 1, 5 and 15 minute load averages, as uptime prints them."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def free_targets(robot: rk.Robot, scene: Scene, n: int, seed: int) -> np.ndarray:
    """Tool poses (n, 4, 4) of n random configurations keeping the margin (self included)."""
    kept: list[np.ndarray] = []
    while sum(len(Q) for Q in kept) < n:
        Q = robot.random_q(4 * n, seed=seed + len(kept))
        kept.append(Q[collision_free(robot, Q, scene, self_collision=True, margin=MARGIN)])
    return robot.fk(np.vstack(kept)[:n])


def best_of(call: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Smallest wall time (s) of repeats calls, and the last result."""
    best, out = float("inf"), None
    for _ in range(repeats):
        t = time.perf_counter()
        out = call()
        best = min(best, time.perf_counter() - t)
    return best, out


def singles(robot: rk.Robot, scene: Scene, Ts: np.ndarray, repeats: int) -> dict:
    """Plain and collision-free rk.ik on each target, interleaved."""
    plain_t, free_t = [], []
    plain_ok = free_ok = plain_hits = false_free = 0
    for T in Ts:
        tp, rp = best_of(lambda: rk.ik(robot, T), repeats)
        tf, rf = best_of(lambda: rk.ik(robot, T, scene=scene, self_collision=True,
                                       margin=MARGIN), repeats)
        plain_t.append(tp)
        free_t.append(tf)
        plain_ok += rp.success
        plain_hits += rp.success and rk.in_collision(robot, rp.q, scene, margin=MARGIN)
        free_ok += rf.success
        false_free += rf.success and rk.in_collision(robot, rf.q, scene, margin=KEEP)
    n = len(Ts)
    row = {"targets": n, "repeats": repeats,
           "plain_median_us": 1e6 * statistics.median(plain_t),
           "plain_mean_us": 1e6 * statistics.fmean(plain_t),
           "free_median_us": 1e6 * statistics.median(free_t),
           "free_mean_us": 1e6 * statistics.fmean(free_t),
           "plain_success": plain_ok, "plain_success_in_collision": plain_hits,
           "free_success": free_ok, "free_success_in_collision": false_free}
    row["median_ratio"] = row["free_median_us"] / row["plain_median_us"]
    row["mean_ratio"] = row["free_mean_us"] / row["plain_mean_us"]
    return row


def batch(robot: rk.Robot, scene: Scene, Ts: np.ndarray, repeats: int) -> dict:
    """ik_batch throughput, collision-free and plain, on all Numba threads."""
    free = lambda: rk.ik_batch(robot, Ts, scene=scene, self_collision=True, margin=MARGIN)
    plain = lambda: rk.ik_batch(robot, Ts)
    rk.ik_batch(robot, Ts[:64], scene=scene, self_collision=True, margin=MARGIN)  # compile
    rk.ik_batch(robot, Ts[:64])
    tf, out = best_of(free, repeats)
    tp, out_plain = best_of(plain, repeats)
    ok = out.success
    d = rk.distance(robot, out.q[ok], scene, self_collision=True)
    false_free = int(np.count_nonzero(d < KEEP))
    return {"targets": len(Ts), "threads": numba.get_num_threads(),
            "free_solves_per_s": len(Ts) / tf, "free_success": float(ok.mean()),
            "free_success_in_collision": false_free,
            "free_success_overlapping": int(np.count_nonzero(d < 0.0)),
            "free_success_largest_margin_deficit_m": float(max(0.0, MARGIN - d.min(initial=MARGIN))),
            "plain_solves_per_s": len(Ts) / tp, "plain_success": float(out_plain.success.mean()),
            "free_vs_plain_time": tf / tp}


def queries(robot: rk.Robot, scene: Scene, n: int, repeats: int) -> dict:
    """rk.distance / rk.in_collision on n configurations (batch, all threads), and single q."""
    Q = robot.random_q(n, seed=5)
    rk.distance(robot, Q[:8], scene)
    rk.in_collision(robot, Q[:8], scene, margin=MARGIN)
    td, _ = best_of(lambda: rk.distance(robot, Q, scene, self_collision=True), repeats)
    ti, _ = best_of(lambda: rk.in_collision(robot, Q, scene, margin=MARGIN), repeats)
    q = Q[0]
    ts, _ = best_of(lambda: [rk.distance(robot, q, scene) for _ in range(1000)], repeats)
    return {"configurations": n, "distance_per_s": n / td, "in_collision_per_s": n / ti,
            "single_distance_us": ts * 1e3}


def report(res: dict) -> str:
    s, b, d = res["single"], res["batch"], res["queries"]
    lines = [
        f"reachkit collision-aware IK, Panda on the tabletop scene ({res['obstacles']} obstacles, "
        f"{res['shapes']} capsules, {res['self_pairs']} self pairs), margin {MARGIN} m, self-collision on",
        f"machine: {res['load_before']} before, {res['load_after']} after; "
        f"{b['threads']} Numba threads",
        f"single rk.ik, {s['targets']} targets (best of {s['repeats']} calls each):",
        f"  plain           median {s['plain_median_us']:8.1f} us  mean {s['plain_mean_us']:8.1f} us  "
        f"success {s['plain_success']}/{s['targets']}, {s['plain_success_in_collision']} of them colliding",
        f"  collision-free  median {s['free_median_us']:8.1f} us  mean {s['free_mean_us']:8.1f} us  "
        f"success {s['free_success']}/{s['targets']}, {s['free_success_in_collision']} of them colliding "
        "(within the margin - 1e-9 m)",
        f"  ratio collision-free / plain: median {s['median_ratio']:.2f}x, mean {s['mean_ratio']:.2f}x "
        f"(goal <= 3x: {'met' if s['median_ratio'] <= 3 else 'NOT met'})",
        f"ik_batch, {b['targets']} targets:",
        f"  collision-free  {b['free_solves_per_s']:10,.0f} solves/s  success {100 * b['free_success']:.1f} %, "
        f"{b['free_success_in_collision']} within the margin - 1e-9 m, {b['free_success_overlapping']} "
        f"overlapping (goal 100,000/s: {'met' if b['free_solves_per_s'] >= 1e5 else 'NOT met'})",
        f"  largest margin deficit among successes: {b['free_success_largest_margin_deficit_m']:.1e} m",
        f"  plain           {b['plain_solves_per_s']:10,.0f} solves/s  success {100 * b['plain_success']:.1f} %; "
        f"collision-free takes {b['free_vs_plain_time']:.2f}x the plain time",
        f"distance queries, {d['configurations']} configurations in one batch call "
        f"(obstacles + self pairs):",
        f"  rk.distance     {d['distance_per_s']:12,.0f} configurations/s "
        f"({1e6 / d['distance_per_s']:.2f} us each, {res['pairs']} pairs each)",
        f"  rk.in_collision {d['in_collision_per_s']:12,.0f} configurations/s",
        f"  rk.distance single q through the front door: {d['single_distance_us']:.1f} us",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", type=int, default=500, help="single-solve targets")
    parser.add_argument("--batch", type=int, default=20000, help="ik_batch targets")
    parser.add_argument("--queries", type=int, default=200000, help="distance configurations")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--save", action="store_true",
                        help="write results/ik_collision_<cpus>cores.{txt,json}")
    args = parser.parse_args()
    robot = rk.models.load("panda")
    scene = Scene.from_file(SCENE_FILE)
    model = robot.collision_model
    before = load()
    Ts = free_targets(robot, scene, max(args.targets, args.batch), seed=0)
    rk.ik(robot, Ts[0])
    rk.ik(robot, Ts[0], scene=scene, self_collision=True, margin=MARGIN)  # compile
    res = {"obstacles": len(scene.obstacles), "shapes": len(model.shapes),
           "self_pairs": len(model.pairs),
           "pairs": len(model.shapes) * len(scene.obstacles) + len(model.pairs),
           "load_before": before,
           "single": singles(robot, scene, Ts[:args.targets], args.repeats),
           "batch": batch(robot, scene, Ts[:args.batch], args.repeats),
           "queries": queries(robot, scene, args.queries, args.repeats)}
    res["load_after"] = load()
    text = report(res)
    print(text)
    if args.save:
        out = Path(__file__).parent / "results" / f"ik_collision_{os.cpu_count()}cores"
        out.with_suffix(".txt").write_text(text + "\n")
        out.with_suffix(".json").write_text(json.dumps(res, indent=1) + "\n")
        print(f"saved {out}.txt and .json")


if __name__ == "__main__":
    main()
