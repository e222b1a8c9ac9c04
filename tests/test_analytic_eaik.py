"""Never fewer distinct solutions (modulo 2 pi) than EAIK on any pose of the arms both
handle, and every EAIK solution among ours: spherical-wrist arms (Puma 560), three
parallel axes (UR5), a spherical shoulder (Pieper read from the tool), three parallel
axes then two intersecting (our general 6R solver), 7R arms with a joint locked (EAIK's
fixed axes): iiwa joint 3 and joint 1, Panda joint 7."""

from __future__ import annotations

import numpy as np
import pytest
from analytic_checks import angle_gap, eaik_inputs

import reachkit as rk

pytest.importorskip("eaik")


def spherical_shoulder() -> rk.Robot:
    return rk.Robot.from_dh([rk.DH(d=0.3, alpha=np.pi / 2, offset=0.2), rk.DH(alpha=-np.pi / 2),
                             rk.DH(d=0.4, a=0.05, alpha=np.pi / 2), rk.DH(a=0.3, d=0.1),
                             rk.DH(a=0.25, alpha=-np.pi / 2), rk.DH(d=0.1, offset=-0.4)],
                            name="spherical shoulder")


def first_three_parallel() -> rk.Robot:
    return rk.Robot.from_dh([rk.DH(a=0.4), rk.DH(a=0.3), rk.DH(d=0.1, alpha=np.pi / 2),
                             rk.DH(d=0.3, alpha=-np.pi / 2), rk.DH(d=0.2, alpha=np.pi / 2),
                             rk.DH(d=0.1)], name="three parallel, two intersecting")


CASES = [(rk.models.load("puma560"), None), (rk.models.load("ur5"), None),
         (spherical_shoulder(), None), (first_three_parallel(), None),
         (rk.models.load("iiwa14"), 2), (rk.models.load("iiwa14"), 0), (rk.models.load("panda"), 6)]


def distinct(Q: list[np.ndarray]) -> int:
    """Distinct rows modulo 2 pi, to 1e-6 rad."""
    kept: list[np.ndarray] = []
    for q in Q:
        if all(np.abs(np.angle(np.exp(1j * (q - k)))).max() > 1e-6 for k in kept):
            kept.append(q)
    return len(kept)


@pytest.mark.parametrize(("robot", "locked"), CASES,
                         ids=[f"{r.name}" + ("" if j is None else f" q{j + 1} locked") for r, j in CASES])
def test_never_fewer_distinct_solutions_than_eaik(robot: rk.Robot, locked: int | None) -> None:
    Q = robot.random_q(60, seed=3)
    if locked is not None:
        Q[:, locked] = 0.4
    Ts = robot.fk(Q)
    solver, Te = eaik_inputs(robot, Ts, None if locked is None else [(locked, 0.4)])
    assert solver.hasKnownDecomposition()
    for T, E in zip(Ts, Te):
        ours = rk.ik_analytic(robot, T) if locked is None else \
            rk.ik_analytic(robot, T, free=0.4, free_joint=locked)
        sol = solver.IK(E)
        theirs = [np.asarray(q) for q, ls in zip(sol.Q, sol.is_LS)
                  if not ls and np.abs(robot.fk(q) - T).max() < 1e-8]
        assert distinct(list(ours)) >= distinct(theirs)
        for q in theirs:
            assert angle_gap(ours, q, robot).min() < 1e-6
        assert np.abs(robot.fk(ours) - T).max(initial=0.0) < 1e-10
