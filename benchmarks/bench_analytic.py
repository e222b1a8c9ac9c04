"""Closed-form IK speed, all solutions per pose: reachkit's general 6R against ssik (if
installed), 7R arms at a swivel angle or a locked joint, a 5-axis arm against rk.ik's LM, and every form EAIK also
decomposes against EAIK (solution counts too), same poses, one process.

    python benchmarks/bench_analytic.py [--poses 200]

Prints microseconds per pose and solution counts; ratios are peer / reachkit (> 1: reachkit
faster). Poses are FK of random configurations (seeded), so every pose is reachable.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from typing import Any

import numpy as np

import reachkit as rk

UR5_DH = [rk.DH(d=0.089159, alpha=np.pi / 2), rk.DH(a=-0.425), rk.DH(a=-0.39225),
          rk.DH(d=0.10915, alpha=np.pi / 2), rk.DH(d=0.09465, alpha=-np.pi / 2), rk.DH(d=0.0823)]


def random_6r(seed: int) -> rk.Robot:
    rng = np.random.default_rng(seed)
    rows = [rk.DH(d=rng.uniform(-0.5, 0.5), a=rng.uniform(-0.5, 0.5), alpha=rng.uniform(-3, 3))
            for _ in range(6)]
    return rk.Robot.from_dh(rows, name=f"random 6R {seed}", limits=np.array([[-np.pi] * 6, [np.pi] * 6]))


def per_pose(fn, Ts: np.ndarray) -> tuple[float, list[int]]:
    """Median-of-3 microseconds per pose and the solution counts."""
    counts = [len(fn(T)) for T in Ts[:3]]  # warm
    best = np.inf
    for _ in range(3):
        t = time.perf_counter()
        counts = [len(fn(T)) for T in Ts]
        best = min(best, (time.perf_counter() - t) / len(Ts) * 1e6)
    return best, counts


def ssik_solver(robot: rk.Robot):
    """ssik's Manipulator for this robot (through URDF), or None with the reason printed."""
    try:
        import ssik
    except ImportError:
        print("  ssik: not installed (pip install ssik)")
        return None
    path = os.path.join(tempfile.mkdtemp(), "arm.urdf")
    with open(path, "w") as f:
        f.write(robot.to_urdf())
    try:
        arm = ssik.Manipulator.from_urdf(path, base="base_link", ee="tool")
    except Exception as exc:
        print(f"  ssik: cannot load this arm ({type(exc).__name__}: {str(exc)[:80]})")
        return None
    return lambda T: arm.solve(T, respect_limits=False)


def row(label: str, ours: float, n_ours: list[int], peer: float | None, n_peer: list[int] | None,
        peer_name: str) -> None:
    text = f"  {label:<40} reachkit {ours:9.1f} us  ({np.mean(n_ours):.2f} sol/pose)"
    if peer is not None:
        text += f" | {peer_name} {peer:9.1f} us ({np.mean(n_peer):.2f} sol/pose)  ratio {peer / ours:.2f}x"
        text += f"  poses where {peer_name} found more: {sum(b > a for a, b in zip(n_ours, n_peer))}"
    print(text)


def ssik_row(robot: Any, Ts: np.ndarray) -> None:
    """rk.ik_analytic against ssik (when installed) on the poses Ts (N, 4, 4)."""
    ours, n_ours = per_pose(lambda T: rk.ik_analytic(robot, T), Ts)
    peer = ssik_solver(robot)
    theirs, n_theirs = per_pose(peer, Ts) if peer else (None, None)
    row("rk.ik_analytic", ours, n_ours, theirs, n_theirs, "ssik")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--poses", type=int, default=200)
    n = parser.parse_args().poses
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores, {n} poses per row")

    print("general 6R (random DH table, no special structure):")
    robot = random_6r(3)
    Ts = robot.fk(robot.random_q(n, seed=1))
    ssik_row(robot, Ts)

    print("general 6R on a UR5 whose DH values are off by 1e-4 (nearly parallel axes):")
    rng = np.random.default_rng(0)
    ur5 = rk.models.load("ur5")
    rows = [rk.DH(d=j.d + 1e-4 * rng.standard_normal(), a=j.a + 1e-4 * rng.standard_normal(),
                  alpha=j.alpha + 1e-4 * rng.standard_normal()) for j in UR5_DH]
    near = rk.Robot.from_dh(rows, name="UR5 off by 1e-4")
    Ts = near.fk(ur5.random_q(n, seed=4))
    ssik_row(near, Ts)

    print("7R arms, per call and batch (all poses in parallel on the machine's cores):")
    iiwa = rk.models.load("iiwa14")
    Q = iiwa.random_q(n, seed=2)
    Ts7 = iiwa.fk(Q)
    ours, n_ours = per_pose(lambda T: rk.ik_analytic(iiwa, T, free=0.4), Ts7)
    row("iiwa14 SRS, swivel 0.4", ours, n_ours, None, None, "")
    batch_row("iiwa14 SRS batch, swivel 0.4", iiwa, Ts7, {"free": 0.4})
    batch_row("iiwa14 SRS batch, free_samples=8", iiwa, Ts7, {"free_samples": 8})
    panda = rk.models.load("panda")
    Q = panda.random_q(n, seed=2)
    Q[:, 2] = Q[:, 6] = 0.4
    Tp = panda.fk(Q)
    ours, n_ours = per_pose(lambda T: rk.ik_analytic(panda, T, free=0.4, free_joint=2), Tp)
    row("panda q3 locked (general 6R)", ours, n_ours, None, None, "")
    batch_row("panda q3 locked batch (general 6R)", panda, Tp, {"free": 0.4, "free_joint": 2})

    five_axis_row(n)

    print("against EAIK on the arms it decomposes (7R: EAIK's fixed axes = our free_joint):")
    shoulder = rk.Robot.from_dh([rk.DH(d=0.3, alpha=np.pi / 2, offset=0.2), rk.DH(alpha=-np.pi / 2),
                                 rk.DH(d=0.4, a=0.05, alpha=np.pi / 2), rk.DH(a=0.3, d=0.1),
                                 rk.DH(a=0.25, alpha=-np.pi / 2), rk.DH(d=0.1, offset=-0.4)],
                                name="spherical shoulder")
    parallel = rk.Robot.from_dh([rk.DH(a=0.4), rk.DH(a=0.3), rk.DH(d=0.1, alpha=np.pi / 2),
                                 rk.DH(d=0.3, alpha=-np.pi / 2), rk.DH(d=0.2, alpha=np.pi / 2),
                                 rk.DH(d=0.1)], name="3 parallel + 2 intersecting")
    for label, arm, locked in [("Puma 560 (Pieper)", rk.models.load("puma560"), None),
                               ("UR5 (Pieper)", rk.models.load("ur5"), None),
                               ("spherical shoulder (Pieper reversed)", shoulder, None),
                               ("3 parallel + 2 meet (general 6R)", parallel, None),
                               ("iiwa14 q3 locked (Pieper)", iiwa, 2),
                               ("panda q7 locked (Pieper reversed)", panda, 6)]:
        eaik_row(label, arm, locked, n)


def five_axis_row(n: int) -> None:
    """A WidowX-type 5R arm (tool point + tool axis, joint 5 from the x column) against
    rk.ik's LM (one solution per call) on the same reachable poses."""
    print("5-axis arm (yaw, three parallel pitch axes, roll about the tool axis), vs rk.ik LM:")
    arm = rk.Robot.from_dh([rk.DH(d=0.125, a=0.01, alpha=np.pi / 2), rk.DH(a=0.142, d=0.02),
                            rk.DH(a=0.158, d=-0.01), rk.DH(alpha=np.pi / 2, offset=np.pi / 2),
                            rk.DH(d=0.11)], name="5-axis")
    Ts = arm.fk(np.random.default_rng(6).uniform(-np.pi, np.pi, (n, 5)))
    ours, n_ours = per_pose(lambda T: rk.ik_analytic(arm, T), Ts)
    theirs, n_theirs = per_pose(lambda T: [0] if rk.ik(arm, T, seed=0, joint_limits=False).success
                                else [], Ts)
    row("rk.ik_analytic, 5-axis", ours, n_ours, theirs, n_theirs, "rk.ik lm")


def batch_row(label: str, robot: rk.Robot, Ts: np.ndarray, options: dict) -> None:
    """ik_analytic_batch on all poses: microseconds per pose (best of 3) and counts."""
    rk.ik_analytic_batch(robot, Ts[:2], **options)  # warm
    best = np.inf
    for _ in range(3):
        t = time.perf_counter()
        _, counts = rk.ik_analytic_batch(robot, Ts, **options)
        best = min(best, (time.perf_counter() - t) / len(Ts) * 1e6)
    row(label, best, list(counts), None, None, "")


def eaik_row(label: str, robot: rk.Robot, locked: int | None, n: int) -> None:
    """rk.ik_analytic against EAIK on the same poses (EAIK's own pose convention,
    converted beforehand); `locked`: the 7R joint both hold at 0.4."""
    Q = robot.random_q(n, seed=3)
    if locked is not None:
        Q[:, locked] = 0.4
    Ts = robot.fk(Q)
    if locked is None:
        ours, n_ours = per_pose(lambda T: rk.ik_analytic(robot, T), Ts)
    else:
        ours, n_ours = per_pose(lambda T: rk.ik_analytic(robot, T, free=0.4, free_joint=locked), Ts)
    try:
        sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))
        from analytic_checks import eaik_inputs

        solver, Te = eaik_inputs(robot, Ts, None if locked is None else [(locked, 0.4)])
    except ImportError:
        row(label, ours, n_ours, None, None, "")
        return

    def exact(E: np.ndarray) -> list:
        sol = solver.IK(E)
        return [q for q, ls in zip(sol.Q, sol.is_LS) if not ls]

    theirs, _ = per_pose(exact, Te)
    n_theirs = [distinct(exact(E)) for E in Te]  # EAIK can list a solution twice
    row(label, ours, n_ours, theirs, n_theirs, "EAIK")


def distinct(Q: list) -> int:
    """Distinct rows modulo 2 pi (to 1e-6 rad)."""
    kept: list = []
    for q in Q:
        if all(np.abs(np.angle(np.exp(1j * (np.asarray(q) - k)))).max() > 1e-6 for k in kept):
            kept.append(np.asarray(q))
    return len(kept)


if __name__ == "__main__":
    main()
