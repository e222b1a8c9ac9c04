"""Closed-form IK speed, all solutions per pose: reachkit's general 6R and 7R-at-a-free-value
against ssik (if installed) and EAIK (on the arm it decomposes), same poses, one process.

    python benchmarks/bench_analytic.py [--poses 200]

Prints microseconds per pose and solution counts; ratios are peer / reachkit (> 1: reachkit
faster). Poses are FK of random configurations (seeded), so every pose is reachable.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

import numpy as np

import reachkit as rk


UR5_DH = [rk.DH(d=0.089159, alpha=np.pi / 2), rk.DH(a=-0.425), rk.DH(a=-0.39225),
          rk.DH(d=0.10915, alpha=np.pi / 2), rk.DH(d=0.09465, alpha=-np.pi / 2), rk.DH(d=0.0823)]


def random_6r(seed: int) -> rk.Robot:
    rng = np.random.default_rng(seed)
    rows = [rk.DH(d=rng.uniform(-0.5, 0.5), a=rng.uniform(-0.5, 0.5), alpha=rng.uniform(-3, 3))
            for _ in range(6)]
    return rk.Robot.from_dh(rows, name=f"random 6R {seed}", limits=np.array([[-np.pi] * 6, [np.pi] * 6]))


def per_pose(fn, Ts: np.ndarray) -> tuple[float, list[int]]:  # noqa: ANN001
    """Median-of-3 microseconds per pose and the solution counts."""
    counts = [len(fn(T)) for T in Ts[:3]]  # warm
    best = np.inf
    for _ in range(3):
        t = time.perf_counter()
        counts = [len(fn(T)) for T in Ts]
        best = min(best, (time.perf_counter() - t) / len(Ts) * 1e6)
    return best, counts


def ssik_solver(robot: rk.Robot):  # noqa: ANN201
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
    except Exception as exc:  # noqa: BLE001
        print(f"  ssik: cannot load this arm ({type(exc).__name__}: {str(exc)[:80]})")
        return None
    return lambda T: arm.solve(T, respect_limits=False)


def row(label: str, ours: float, n_ours: list[int], peer: float | None, n_peer: list[int] | None,
        peer_name: str) -> None:
    text = f"  {label:<34} reachkit {ours:9.1f} us  ({np.mean(n_ours):.2f} sol/pose)"
    if peer is not None:
        text += f" | {peer_name} {peer:9.1f} us ({np.mean(n_peer):.2f} sol/pose)  ratio {peer / ours:.2f}x"
        text += f"  poses where {peer_name} found more: {sum(b > a for a, b in zip(n_ours, n_peer))}"
    print(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--poses", type=int, default=200)
    n = parser.parse_args().poses
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores, {n} poses per row")

    print("general 6R (random DH table, no special structure):")
    robot = random_6r(3)
    Ts = robot.fk(robot.random_q(n, seed=1))
    ours, n_ours = per_pose(lambda T: rk.ik_analytic(robot, T), Ts)
    peer = ssik_solver(robot)
    theirs, n_theirs = per_pose(peer, Ts) if peer else (None, None)
    row("rk.ik_analytic", ours, n_ours, theirs, n_theirs, "ssik")

    print("general 6R on a UR5 whose DH values are off by 1e-4 (nearly parallel axes):")
    rng = np.random.default_rng(0)
    ur5 = rk.models.load("ur5")
    rows = [rk.DH(d=j.d + 1e-4 * rng.standard_normal(), a=j.a + 1e-4 * rng.standard_normal(),
                  alpha=j.alpha + 1e-4 * rng.standard_normal()) for j in UR5_DH]
    near = rk.Robot.from_dh(rows, name="UR5 off by 1e-4")
    Ts = near.fk(ur5.random_q(n, seed=4))
    ours, n_ours = per_pose(lambda T: rk.ik_analytic(near, T), Ts)
    peer = ssik_solver(near)
    theirs, n_theirs = per_pose(peer, Ts) if peer else (None, None)
    row("rk.ik_analytic", ours, n_ours, theirs, n_theirs, "ssik")

    print("7R at one free value (Panda: joint 3 locked -> general 6R; iiwa14: -> Pieper);"
          " batch: all poses in parallel on the machine's cores:")
    for name in ("panda", "iiwa14"):
        arm = rk.models.load(name)
        j = rk.analytic.family(arm).free_joint
        Q = arm.random_q(n, seed=2)
        Ts7 = arm.fk(Q)
        values = iter(np.tile(Q[:, j], 10))
        ours, n_ours = per_pose(lambda T: rk.ik_analytic(arm, T, free=next(values)), Ts7)
        row(f"{name} free=q{j + 1}", ours, n_ours, None, None, "")
        rk.ik_analytic_batch(arm, Ts7[:2], free=0.4)  # warm
        t = time.perf_counter()
        _, counts = rk.ik_analytic_batch(arm, Ts7, free=0.4)
        batch = (time.perf_counter() - t) / n * 1e6
        row(f"{name} ik_analytic_batch free=0.4", batch, list(counts), None, None, "")

    print("Pieper arm (Puma 560): dispatch vs EAIK:")
    puma = rk.models.load("puma560")
    Ts = puma.fk(puma.random_q(n, seed=3))
    ours, n_ours = per_pose(lambda T: rk.ik_analytic(puma, T), Ts)
    try:
        import sys

        sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))
        from analytic_checks import eaik_inputs

        solver, Te = eaik_inputs(puma, Ts)
        def exact(E: np.ndarray) -> list:
            sol = solver.IK(E)  # E: the same pose in EAIK's convention (converted beforehand)
            return [q for q, ls in zip(sol.Q, sol.is_LS) if not ls]

        theirs, n_theirs = per_pose(exact, Te)
        row("rk.ik_analytic (Pieper)", ours, n_ours, theirs, n_theirs, "EAIK")
    except ImportError:
        row("rk.ik_analytic (Pieper)", ours, n_ours, None, None, "")


if __name__ == "__main__":
    main()
