"""Closed-form IK: reachkit.ik_analytic against EAIK on the same poses.

For each arm: random configurations inside the limits, their FK poses, then
  * solutions per pose (EAIK: exact ones, its least-squares approximations left out);
  * time per pose for all solutions, one call per pose (Python loop);
  * time per pose in batch (reachkit.ik_analytic_batch vs EAIK IK_batched, same threads).
Times are the best of several repeats (the machine may be shared).

    PYTHONPATH=src python benchmarks/bench_analytic.py [--poses 5000] [--threads 2]
"""

from __future__ import annotations

import argparse
import time
from typing import Callable

import numba
import numpy as np

import reachkit as rk
from reachkit.analytic.geometry import screw_axes

HALF_PI = np.pi / 2


def irb140() -> rk.Robot:
    """ABB IRB 140 (shoulder offset 70 mm), standard DH."""
    rows = [rk.DH(d=0.352, a=0.07, alpha=-HALF_PI), rk.DH(a=0.36), rk.DH(alpha=-HALF_PI),
            rk.DH(d=0.38, alpha=HALF_PI), rk.DH(alpha=-HALF_PI), rk.DH(d=0.065)]
    return rk.Robot.from_dh(rows, name="irb140")


def eaik_robot(robot: rk.Robot, Ts: np.ndarray):  # noqa: ANN201
    """EAIK HPRobot with the same joint lines, and Ts in its convention (tool rotation at
    q = 0 taken out)."""
    from eaik.IK_HP import HPRobot

    s = screw_axes(robot.chain.fixed, robot.chain.kinds, robot.chain.offsets)
    P = np.diff(np.vstack([np.zeros(3), s.points, s.home[:3, 3]]), axis=0)
    Te = Ts.copy()
    Te[:, :3, :3] = Ts[:, :3, :3] @ s.home[:3, :3].T
    return HPRobot(s.axes, P), Te


def best_time(run: Callable[[], object], repeats: int) -> float:
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def bench(robot: rk.Robot, poses: int, threads: int, repeats: int) -> None:
    Ts = robot.fk(robot.random_q(poses, seed=0))
    rk.ik_analytic(robot, Ts[0])  # compile / load the kernels
    rk.ik_analytic_batch(robot, Ts[:2])
    ours_counts = np.array([len(rk.ik_analytic(robot, T)) for T in Ts])
    t_ours = best_time(lambda: [rk.ik_analytic(robot, T) for T in Ts], repeats) / poses
    t_ours_batch = best_time(lambda: rk.ik_analytic_batch(robot, Ts), repeats) / poses
    line = f"{robot.name:10s} {rk.analytic.family(robot)[:34]:34s} ours {ours_counts.mean():4.2f} sol/pose"
    if any(k == "P" for k in robot.joint_types):
        print(f"{line}; {t_ours * 1e6:5.2f} us/pose, batch {t_ours_batch * 1e6:5.2f} us/pose; EAIK: no prismatic joints")
        return
    model, Te = eaik_robot(robot, Ts)
    exact = np.array([sum(not ls for ls in model.IK(T).is_LS) for T in Te])
    fewer = int((ours_counts < exact).sum())
    t_eaik = best_time(lambda: [model.IK(T) for T in Te], repeats) / poses
    t_eaik_batch = best_time(lambda: model.IK_batched(Te, threads), repeats) / poses
    print(f"{line}, EAIK {exact.mean():4.2f} (poses where ours has fewer: {fewer})")
    print(f"{'':10s} per pose: ours {t_ours * 1e6:5.2f} us, EAIK {t_eaik * 1e6:5.2f} us, "
          f"EAIK/ours {t_eaik / t_ours:4.2f}x | batch: ours {t_ours_batch * 1e6:5.2f} us, "
          f"EAIK {t_eaik_batch * 1e6:5.2f} us, EAIK/ours {t_eaik_batch / t_ours_batch:4.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--poses", type=int, default=5000)
    parser.add_argument("--threads", type=int, default=2, help="threads for both batch solvers")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    numba.set_num_threads(min(args.threads, numba.config.NUMBA_NUM_THREADS))
    print(f"{args.poses} random poses per arm, batch on {args.threads} threads, best of {args.repeats}")
    robots = [rk.models.load(n) for n in ("puma560", "ur5", "planar2r", "planar3r", "stanford")]
    robots.insert(2, irb140())
    for robot in robots:
        bench(robot, args.poses, args.threads, args.repeats)


if __name__ == "__main__":
    main()
