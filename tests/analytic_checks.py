"""Shared checks for the closed-form IK tests: FK round trips and "is q among them"."""

from __future__ import annotations

import numpy as np

import reachkit as rk


def angle_gap(A: np.ndarray, q: np.ndarray, robot: rk.Robot) -> np.ndarray:
    """Largest joint difference (..., ) between rows of A (..., dof) and q (dof,) or (..., dof),
    revolute joints compared modulo 2 pi."""
    d = A - q
    revolute = np.array(robot.joint_types) == "R"
    d[..., revolute] = np.angle(np.exp(1j * d[..., revolute]))
    return np.abs(d).max(axis=-1)


def random_srs(seed: int) -> rk.Robot:
    """A 7R arm with a spherical shoulder (axes 1-3 meet) and wrist (axes 5-7 meet):
    iiwa-like DH table with random link lengths and random signs of the twists."""
    rng = np.random.default_rng(seed)
    sign = rng.choice([-1.0, 1.0], 7)
    d = rng.uniform(0.15, 0.5, 4)
    rows = [rk.DH(d=d[0], alpha=sign[0] * np.pi / 2), rk.DH(alpha=sign[1] * np.pi / 2),
            rk.DH(d=d[1], alpha=sign[2] * np.pi / 2), rk.DH(alpha=sign[3] * np.pi / 2),
            rk.DH(d=d[2], alpha=sign[4] * np.pi / 2), rk.DH(alpha=sign[5] * np.pi / 2),
            rk.DH(d=d[3])]
    return rk.Robot.from_dh(rows, name=f"random SRS {seed}")


def round_trip(robot: rk.Robot, n: int, seed: int) -> dict[str, float | np.ndarray]:
    """Solve FK(q) for n random q with the batch API. Returns the worst FK error of any
    solution, the worst distance from q to its closest solution, and the counts."""
    Q = robot.random_q(n, seed=seed)
    Ts = robot.fk(Q)
    sols, counts = rk.ik_analytic_batch(robot, Ts)
    filled = ~np.isnan(sols[..., 0])
    assert np.array_equal(filled.sum(axis=1), counts)
    rows, cols = np.nonzero(filled)
    F = robot.fk(sols[rows, cols])
    if rk.analytic.family(robot).startswith("planar 2R"):  # position-only arms
        fk_error = np.abs(F[:, :3, 3] - Ts[rows, :3, 3]).max(initial=0.0)
    else:
        fk_error = np.abs(F - Ts[rows]).max(initial=0.0)
    gaps = angle_gap(sols, Q[:, None, :], robot)
    gaps = np.where(filled, gaps, np.inf).min(axis=1)
    return {"fk_error": float(fk_error), "worst_gap": float(gaps.max()), "counts": counts}


def eaik_inputs(robot: rk.Robot, Ts: np.ndarray, fixed_axes: list | None = None):
    """An EAIK HPRobot for this robot and the poses Ts (N, 4, 4) in its convention
    (EAIK's tool rotation at q = 0 is the identity); fixed_axes: EAIK's [(joint, value)]."""
    from eaik.IK_HP import HPRobot

    from reachkit.analytic.geometry import screw_axes

    chain = robot.chain
    s = screw_axes(chain.fixed, chain.kinds, chain.offsets)
    P = np.diff(np.vstack([np.zeros(3), s.points, s.home[:3, 3]]), axis=0)
    Te = Ts.copy()
    Te[..., :3, :3] = Ts[..., :3, :3] @ s.home[:3, :3].T
    return HPRobot(s.axes, P, fixed_axes), Te
