"""Inequality rows kept by the step (`reachkit.constraints`, kernels/ik/constraints.py):
the row's gradient against finite differences, the step's projection against an
independent QP solver, and solves that keep a tool half-space."""

from __future__ import annotations

import numpy as np
import pytest
from numba import njit
from scipy.optimize import minimize

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
def _project_given(A, b, dq, arm):
    """enforce_rows at q = 0 for rows A dq >= b (a JointLinear provider)."""
    n = dq.shape[0]
    s = RowScratch(np.zeros((ROW_CAPACITY, n)), np.zeros(ROW_CAPACITY), np.zeros(ROW_CAPACITY),
                   np.zeros((ROW_CAPACITY, ROW_CAPACITY)), np.zeros(n), np.zeros(ROW_CAPACITY),
                   np.zeros(1, dtype=np.int64))
    rows = JointLinear(A, b)
    evaluate_rows(rows, s, arm, np.zeros(n), np.eye(4), np.zeros((6, n)))
    enforce_rows(rows, s, dq)
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


def test_the_step_is_projected_onto_the_rows_like_a_qp_solver_does() -> None:
    """enforce_rows gives the nearest step (joint-space norm) with G dq >= h: checked
    against SLSQP on random rows."""
    from reachkit.kernels.ik import constraints as kc

    rng = np.random.default_rng(3)
    for trial in range(40):
        n, k = 7, int(rng.integers(1, 5))
        G = rng.normal(size=(k, n))
        h = rng.normal(size=k)
        dq0 = rng.normal(size=n)
        dq = _project_given(G, h, dq0.copy(), ARM)
        assert np.all(G @ dq >= h - 1e-9)
        reference = minimize(lambda x, d=dq0: 0.5 * np.sum((x - d) ** 2), dq0,
                             jac=lambda x, d=dq0: x - d,
                             constraints=[{"type": "ineq", "fun": lambda x, G=G, h=h: G @ x - h,
                                           "jac": lambda x, G=G: G}],
                             method="SLSQP", options={"ftol": 1e-14, "maxiter": 500})
        assert reference.success
        np.testing.assert_allclose(dq, reference.x, atol=1e-6)
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
