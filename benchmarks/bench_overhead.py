"""Python overhead of one `reachkit.ik` call: the front door against the bare kernel.

Times `rk.ik(robot, T, q0=q0)` (and `robot.ik`, method variants) and `solve_one` called
directly with pre-packed arrays (`reachkit.bench.peers.ReachkitKernel`) on the same
targets and starts. Each figure is the min over repetitions of the median over blocks of
the mean time per call, in microseconds; the overhead is front door minus kernel.

    PYTHONPATH=src python benchmarks/bench_overhead.py [--robots panda ur5] [--reps 7]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

import reachkit as rk
from reachkit.bench.peers import ReachkitKernel


def per_call_us(calls: dict[str, Callable[[int], object]], n: int, reps: int,
                blocks: int = 5) -> dict[str, float]:
    """For each call: min over reps of the median over blocks of the mean µs per call of
    call(i), i < n. The calls take turns block by block, so drift hits them alike."""
    best = {key: np.inf for key in calls}
    for _ in range(reps):
        times: dict[str, list[float]] = {key: [] for key in calls}
        for _ in range(blocks):
            for key, call in calls.items():
                start = time.perf_counter()
                for i in range(n):
                    call(i)
                times[key].append((time.perf_counter() - start) / n * 1e6)
        for key in calls:
            best[key] = min(best[key], statistics.median(times[key]))
    return best


def cases(robot: rk.Robot, method: str, T: np.ndarray, q0: np.ndarray) -> dict[str, Callable[[int], object]]:
    """The calls to time, by label: bare kernel, rk.ik, robot.ik."""
    kernel = ReachkitKernel(method)
    kernel.setup(robot)
    return {
        "kernel": lambda i: kernel.solve(T[i], q0[i]),
        "rk.ik": lambda i: rk.ik(robot, T[i], method=method, q0=q0[i]),
        "robot.ik": lambda i: robot.ik(T[i], method=method, q0=q0[i]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--robots", nargs="+", default=["panda", "ur5"])
    parser.add_argument("--methods", nargs="+", default=["lm"])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    for name in args.robots:
        robot = rk.models.load(name)
        q = robot.random_q(args.n, seed=1)
        T = robot.fk(q)
        starts = {"random q0": robot.random_q(args.n, seed=2), "q0 = answer": q}
        for method in args.methods:
            for label, q0 in starts.items():
                calls = cases(robot, method, T, q0)
                for call in calls.values():  # compile and warm up
                    call(0)
                us = per_call_us(calls, args.n, args.reps)
                over = "  ".join(f"{key} {us[key]:6.2f} (+{us[key] - us['kernel']:5.2f})"
                                 for key in us if key != "kernel")
                print(f"{name:6s} {method:4s} {label:12s} kernel {us['kernel']:6.2f} us  {over}")


if __name__ == "__main__":
    main()
