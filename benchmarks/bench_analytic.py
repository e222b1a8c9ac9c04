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


def per_pose(runs: list[Callable[[np.ndarray], object]], poses: list[np.ndarray],
             repeats: int) -> list[float]:
    """Seconds per pose of each run(chunk): for every chunk of poses the runs take turns,
    the fastest of `repeats` tries counts (so other load on the machine drops out)."""
    totals = [0.0] * len(runs)
    for chunk in np.array_split(np.asarray(poses), max(1, len(poses) // 250)):
        best = [np.inf] * len(runs)
        for _ in range(repeats):
            for k, run in enumerate(runs):
                start = time.perf_counter()
                run(chunk)
                best[k] = min(best[k], time.perf_counter() - start)
        totals = [t + b for t, b in zip(totals, best)]
    return [t / len(poses) for t in totals]


def batch_per_pose(run: Callable[[np.ndarray], object], poses: np.ndarray, repeats: int) -> float:
    """Seconds per pose of run(all poses), the fastest of `repeats` tries. Batch solvers
    run one after the other, not in turns: their thread pools would fight otherwise."""
    run(poses[:2])
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        run(poses)
        best = min(best, time.perf_counter() - start)
    return best / len(poses)


def bench(robot: rk.Robot, poses: int, threads: int, repeats: int) -> None:
    Ts = robot.fk(robot.random_q(poses, seed=0))
    rk.ik_analytic(robot, Ts[0])  # compile / load the kernels
    rk.ik_analytic_batch(robot, Ts[:2])
    ours_counts = np.array([len(rk.ik_analytic(robot, T)) for T in Ts])
    loop = lambda chunk: [rk.ik_analytic(robot, T) for T in chunk]  # noqa: E731
    batch = lambda chunk: rk.ik_analytic_batch(robot, chunk)  # noqa: E731
    line = f"{robot.name:10s} {rk.analytic.family(robot)[:34]:34s} ours {ours_counts.mean():4.2f} sol/pose"
    if any(k == "P" for k in robot.joint_types):
        (t_ours,) = per_pose([loop], Ts, repeats)
        t_ours_batch = batch_per_pose(batch, Ts, repeats)
        print(f"{line}; {t_ours * 1e6:5.2f} us/pose, batch {t_ours_batch * 1e6:5.2f} us/pose; "
              "EAIK: no prismatic joints")
        return
    model, Te = eaik_robot(robot, Ts)
    exact = np.array([sum(not ls for ls in model.IK(T).is_LS) for T in Te])
    fewer = int((ours_counts < exact).sum())
    both = np.concatenate([Ts, Te], axis=1)  # (N, 8, 4): ours on top, EAIK's convention below
    t_ours, t_eaik = per_pose([lambda c: loop(c[:, :4]), lambda c: [model.IK(T) for T in c[:, 4:]]],
                              both, repeats)
    t_ours_batch = batch_per_pose(batch, Ts, repeats)
    t_eaik_batch = batch_per_pose(lambda c: model.IK_batched(c, threads), Te, repeats)
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
    robots = [rk.models.load(n) for n in ("puma560", "ur5", "planar2r", "planar3r", "stanford", "scara")]
    robots.insert(2, irb140())
    for robot in robots:
        bench(robot, args.poses, args.threads, args.repeats)


if __name__ == "__main__":
    main()
