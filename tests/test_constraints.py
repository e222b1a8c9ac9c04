"""Inequality rows kept by the step (`reachkit.constraints`, kernels/ik/constraints.py):
the row's gradient against finite differences, the step's projection against the
quadratic program solved by enumeration, and solves that keep a tool half-space."""

from __future__ import annotations

import numpy as np
import pytest
from numba import njit

import reachkit as rk
from reachkit.ik import solve
from reachkit.kernels.ik.constraints import (
    ROW_CAPACITY,
    JointLinear,
    RowScratch,
    enforce_rows,
    evaluate_rows,
    fill_rows,
    row_slack,
)
from reachkit.kernels.ik.robot import unpack_robot

PANDA = rk.models.load("panda")
PLANE = rk.constraints.ToolHalfSpace([0, 0, 1], 0.3)  # tool at least 0.3 m above z = 0


ARM, _ = unpack_robot(solve._packed(PANDA).robot)  # the kernels' view of the arm


@njit
def _rows_at(rows, arm, q, T, J):
    G = np.zeros((ROW_CAPACITY, q.shape[0]))
    h = np.zeros(ROW_CAPACITY)
    k = fill_rows(rows, arm, q, T, J, G, h)
    return G[:k].copy(), h[:k].copy(), row_slack(rows, arm, q, T)


@njit
def _project_given(A, b, dq, arm, J):
    """enforce_rows at q = 0 for rows A dq >= b (a JointLinear provider), in the metric of
    the task Jacobian J (m, n)."""
    n = dq.shape[0]
    s = RowScratch(np.zeros((ROW_CAPACITY, n)), np.zeros(ROW_CAPACITY), np.zeros(ROW_CAPACITY),
                   np.zeros((ROW_CAPACITY, ROW_CAPACITY)), np.zeros(n), np.zeros(ROW_CAPACITY),
                   np.zeros(3, dtype=np.int64), np.zeros((n, n)), np.zeros((ROW_CAPACITY, n)))
    rows = JointLinear(A, b)
    evaluate_rows(rows, s, arm, np.zeros(n), np.eye(4), np.zeros((6, n)))
    enforce_rows(rows, s, J, J.shape[0], dq)
    return dq


def test_half_space_row_is_the_slack_and_its_gradient() -> None:
    rows = PLANE.record()
    rng = np.random.default_rng(0)
    for q in PANDA.random_q(5, seed=1):
        G, h, slack = _rows_at(rows, ARM, q, PANDA.fk(q), PANDA.jacobian(q))
        assert G.shape == (1, PANDA.dof)
        assert slack == pytest.approx(PANDA.fk(q)[2, 3] - 0.3, abs=1e-12)
        assert h[0] == pytest.approx(-slack, abs=1e-12)
        step = 1e-6
        fd = [(PANDA.fk(q + step * e)[2, 3] - PANDA.fk(q - step * e)[2, 3]) / (2 * step)
              for e in np.eye(PANDA.dof)]
        np.testing.assert_allclose(G[0], fd, atol=1e-8)
        direction = rng.normal(size=PANDA.dof)
        assert G[0] @ direction == pytest.approx(np.dot(fd, direction), abs=1e-7)


def _nearest_by_enumeration(G: np.ndarray, h: np.ndarray, dq0: np.ndarray,
                            M: np.ndarray) -> np.ndarray:
    """argmin (x - dq0)^T M (x - dq0) subject to G x >= h, by trying every set of rows
    held as equalities (the optimum is the best feasible one of them): a reference
    independent of the active set's order of rounds."""
    from itertools import combinations

    best, best_value = None, np.inf
    M_inv = np.linalg.inv(M)
    for size in range(G.shape[0] + 1):
        for held in combinations(range(G.shape[0]), size):
            A = G[list(held)]
            x = dq0.copy()
            if size:
                x = dq0 + M_inv @ A.T @ np.linalg.solve(A @ M_inv @ A.T, h[list(held)] - A @ dq0)
            value = (x - dq0) @ M @ (x - dq0)
            if np.all(G @ x >= h - 1e-9) and value < best_value:
                best, best_value = x, value
    return best


@pytest.mark.parametrize("task_rows", [0, 6])
def test_the_step_is_projected_onto_the_rows_like_a_qp_solver_does(task_rows: int) -> None:
    """enforce_rows gives the nearest step with G dq >= h in the metric
    M = J^T J + ROW_METRIC_DAMPING I (no task rows: the joint-space norm, scaled): checked
    against every active set on random rows and random Jacobians."""
    from reachkit.kernels.ik import constraints as kc

    rng = np.random.default_rng(3)
    for trial in range(40):
        n, k = 7, int(rng.integers(1, 5))
        G = rng.normal(size=(k, n))
        h = rng.normal(size=k)
        dq0 = rng.normal(size=n)
        J = rng.normal(size=(task_rows, n))
        M = J.T @ J + kc.ROW_METRIC_DAMPING * np.eye(n)
        dq = _project_given(G, h, dq0.copy(), ARM, J)
        assert np.all(G @ dq >= h - 1e-9)
        np.testing.assert_allclose(dq, _nearest_by_enumeration(G, h, dq0, M), atol=1e-7)
        assert kc.MAX_ROW_ROUNDS >= k


def test_solves_keep_the_tool_above_a_plane() -> None:
    Ts = PANDA.fk(PANDA.random_q(60, seed=4))
    above = Ts[Ts[:, 2, 3] > 0.32]
    for T in above:
        res = rk.ik(PANDA, T, constraints=[PLANE])
        assert res.success, res.reason
        assert PANDA.fk(res.q)[2, 3] >= 0.3 - 1e-9
    below = Ts[Ts[:, 2, 3] < 0.25][:5]
    for T in below:
        assert rk.ik(PANDA, T, max_restarts=3).success  # reachable without the plane
        res = rk.ik(PANDA, T, constraints=[PLANE], max_restarts=3)
        assert not res.success
        assert PANDA.fk(res.q)[2, 3] >= 0.3 - 1e-9  # the closest configuration keeps it


def test_a_batch_keeps_constraints_as_single_solves_do() -> None:
    Ts = PANDA.fk(PANDA.random_q(30, seed=5))
    out = rk.ik_batch(PANDA, Ts, constraints=[PLANE], seed=2)
    for k, T in enumerate(Ts):
        res = rk.ik(PANDA, T, constraints=[PLANE], seed=2)
        assert res.success == out.success[k]
        np.testing.assert_array_equal(res.q, out.q[k])
    assert np.all(PANDA.fk(out.q[out.success])[:, 2, 3] >= 0.3 - 1e-9)


def test_bad_constraints_raise_reachkit_errors() -> None:
    T = PANDA.fk(PANDA.random_q(seed=1))
    with pytest.raises(rk.NotSupportedError):
        rk.ik(PANDA, T, method="jt", constraints=[PLANE])
    with pytest.raises(rk.NotSupportedError):
        rk.ik(PANDA, T, method="analytic", constraints=[PLANE])
    with pytest.raises(rk.TargetError):
        rk.constraints.ToolHalfSpace([0, 0, 0], 0.1)
    with pytest.raises(rk.TargetError):
        rk.constraints.ToolHalfSpace([0, np.nan, 1], 0.1)
    with pytest.raises(rk.TargetError):
        rk.constraints.ToolHalfSpace([0, 0, 1], "low")
    with pytest.raises(rk.TargetError):
        rk.ik(PANDA, T, constraints=PLANE)  # not a list
    with pytest.raises(rk.TargetError):
        rk.ik(PANDA, T, constraints=["plane"])


def test_coupled_joint_limits_are_kept() -> None:
    """q2 + q4 >= -1.5 on Panda (joints 2 and 4 of 1..7): every answer keeps it."""
    A = np.zeros((1, PANDA.dof))
    A[0, 1] = A[0, 3] = 1.0
    coupled = rk.constraints.JointInequality(A, [-1.5])
    Qs = PANDA.random_q(40, seed=8)
    kept = Qs[Qs[:, 1] + Qs[:, 3] >= -1.4]
    for T in PANDA.fk(kept[:15]):
        res = rk.ik(PANDA, T, constraints=[coupled], max_restarts=20)
        assert res.q[1] + res.q[3] >= -1.5 - 1e-9
        assert res.success, res.reason
    with pytest.raises(rk.TargetError):
        rk.ik(PANDA, PANDA.fk(kept[0]), constraints=[rk.constraints.JointInequality(A[:, :6], [0.0])])
