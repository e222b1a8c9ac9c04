"""Memory over a long run: one million IK solves (by default) through rk.ik_batch on the
Franka Panda, in chunks, printing the resident set size (VmRSS from /proc/self/status)
after every chunk. The resident size should stay flat once the first chunk has paid for
compilation and the allocator has warmed up; any steady growth is a leak.

Run:  PYTHONPATH=src python benchmarks/bench_memory.py [--solves 1000000] [--chunk 10000]
                                                        [--method lm] [--unreachable 0.1]

Each chunk draws fresh random targets (FK of random configurations; a fraction pushed
out of reach so the restart and polishing paths run too), solves them, and drops every
array before the next chunk, as a long-running service would. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numba
import numpy as np

import reachkit as rk


def status_kib(field: str) -> int:
    """A memory field of /proc/self/status (VmRSS, VmHWM ...) in KiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not found in /proc/self/status")


def chunk_targets(robot: rk.Robot, size: int, unreachable: float, rng: np.random.Generator) -> np.ndarray:
    """(size, 4, 4) target poses: reachable ones, and a fraction moved 2 m away."""
    poses = robot.fk(robot.random_q(size, seed=rng))
    far = rng.random(size) < unreachable
    poses[far, :3, 3] += 2.0
    return poses


def slope_per_solve(solves: list[int], rss_kib: list[int]) -> float:
    """Least-squares growth of RSS in bytes per solve."""
    if len(solves) < 2:
        return 0.0
    return float(np.polyfit(np.array(solves, dtype=float), np.array(rss_kib, dtype=float) * 1024.0, 1)[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--solves", type=int, default=1_000_000, help="total number of solves")
    parser.add_argument("--chunk", type=int, default=10_000, help="targets per ik_batch call")
    parser.add_argument("--method", default="lm", help="IK method (default lm)")
    parser.add_argument("--unreachable", type=float, default=0.1,
                        help="fraction of targets out of reach (default 0.1)")
    parser.add_argument("--max-restarts", type=int, default=5, help="restart budget per solve")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.solves < 1 or args.chunk < 1:
        parser.error("--solves and --chunk must be positive")

    robot = rk.models.load("panda")
    rng = np.random.default_rng(args.seed)
    print(f"reachkit {rk.__version__}, numpy {np.__version__}, numba {numba.__version__}, "
          f"Python {platform.python_version()}, {numba.get_num_threads()} numba threads, "
          f"{os.cpu_count()} CPUs")
    print(f"{args.solves:,} solves of {robot.name} with method={args.method!r}, chunks of "
          f"{args.chunk:,}, {args.unreachable:.0%} out of reach, max_restarts={args.max_restarts}")
    rss_start = status_kib("VmRSS")
    print(f"RSS before the first solve: {rss_start / 1024:.1f} MiB")
    print(f"{'chunk':>6} {'solves':>10} {'RSS MiB':>9} {'vs chunk 1':>11} {'solves/s':>10} {'success':>8}")

    solves_done = 0
    history_solves: list[int] = []
    history_rss: list[int] = []
    rss_first = 0
    total_time = 0.0
    successes = 0
    chunk_index = 0
    while solves_done < args.solves:
        size = min(args.chunk, args.solves - solves_done)
        targets = chunk_targets(robot, size, args.unreachable, rng)
        started = time.perf_counter()
        out = rk.ik_batch(robot, targets, method=args.method, seed=chunk_index,
                          max_restarts=args.max_restarts, progress=False)
        elapsed = time.perf_counter() - started
        total_time += elapsed
        successes += int(out.success.sum())
        rate = float(out.success.mean())
        del out, targets
        solves_done += size
        chunk_index += 1
        rss = status_kib("VmRSS")
        if chunk_index == 1:
            rss_first = rss
        history_solves.append(solves_done)
        history_rss.append(rss)
        print(f"{chunk_index:>6} {solves_done:>10,} {rss / 1024:>9.1f} {(rss - rss_first) / 1024:>+11.2f} "
              f"{size / elapsed:>10,.0f} {rate:>8.1%}", flush=True)

    rss_end = history_rss[-1]
    peak = status_kib("VmHWM")
    # Growth after the warm-up: the first chunk compiles and warms the allocator, and a
    # later chunk of a different size (the last one) is not comparable either.
    steady_solves = history_solves[1:]
    steady_rss = history_rss[1:]
    slope = slope_per_solve(steady_solves, steady_rss)
    growth = (rss_end - rss_first) / 1024
    print()
    print(f"solves: {solves_done:,} in {total_time:.1f} s of solving ({solves_done / total_time:,.0f} solves/s), "
          f"{successes / solves_done:.2%} reached")
    print(f"RSS: {rss_start / 1024:.1f} MiB before, {rss_first / 1024:.1f} MiB after chunk 1, "
          f"{rss_end / 1024:.1f} MiB at the end, peak {peak / 1024:.1f} MiB")
    print(f"growth after chunk 1: {growth:+.2f} MiB over {solves_done - history_solves[0]:,} solves; "
          f"min..max after chunk 1: {min(steady_rss or [rss_end]) / 1024:.1f}.."
          f"{max(steady_rss or [rss_end]) / 1024:.1f} MiB")
    print(f"least-squares trend after chunk 1: {slope:+.3f} bytes per solve "
          f"({slope * 1e6 / 2**20:+.2f} MiB per million solves)")
    flat = abs(slope) * 1e6 < 2 * 2**20 and growth < 8
    print("verdict: " + ("flat (no leak)" if flat else "GROWING: look for a leak"))


if __name__ == "__main__":
    main()
