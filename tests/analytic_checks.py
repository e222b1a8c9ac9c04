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
    if robot.dof == 2:  # position-only arms
        fk_error = np.abs(F[:, :3, 3] - Ts[rows, :3, 3]).max(initial=0.0)
    else:
        fk_error = np.abs(F - Ts[rows]).max(initial=0.0)
    gaps = angle_gap(sols, Q[:, None, :], robot)
    gaps = np.where(filled, gaps, np.inf).min(axis=1)
    return {"fk_error": float(fk_error), "worst_gap": float(gaps.max()), "counts": counts}
