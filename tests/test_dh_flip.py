"""`rk.DH(..., flip=True)`: theta = -q + offset (prismatic: d = -q + offset).

FK and Jacobians against the Robotics Toolbox's DH links with the same flip (Kinova
Jaco and Mico tables, both conventions, prismatic rows) to 1e-10 and against finite
differences; the table shows -q; export keeps it; rk.ik and rk.ik_analytic solve a
flipped arm (answers checked by FK).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import reachkit as rk

rtb = pytest.importorskip("roboticstoolbox")

TOL = 1e-10


def _rows_from_toolbox(model) -> list[rk.DH]:
    """reachkit rows with the toolbox links' d, a, alpha, offset and flip."""
    rows = []
    for L in model.links:
        assert L.isrevolute
        rows.append(rk.DH(d=L.d, a=L.a, alpha=L.alpha, offset=L.offset, flip=bool(L.isflip)))
    return rows


def _assert_matches_toolbox(robot: rk.Robot, model, seed: int, n: int = 20) -> None:
    rng = np.random.default_rng(seed)
    for q in rng.uniform(-np.pi, np.pi, size=(n, robot.dof)):
        np.testing.assert_allclose(robot.fk(q), model.fkine(q).A, rtol=0, atol=TOL)
        np.testing.assert_allclose(robot.jacobian(q), model.jacob0(q), rtol=0, atol=TOL)


@pytest.mark.parametrize("name", ["Jaco", "Mico"])
def test_kinova_tables_with_a_flipped_joint_match_the_toolbox(name: str) -> None:
    model = getattr(rtb.models.DH, name)()
    rows = _rows_from_toolbox(model)
    assert [r.flip for r in rows] == [True, False, False, False, False, False]
    robot = rk.Robot.from_dh(rows, name=name)
    _assert_matches_toolbox(robot, model, seed=11)


def test_flipping_a_joint_negates_its_variable() -> None:
    model = rtb.models.DH.Jaco()
    rows = _rows_from_toolbox(model)
    plain = rk.Robot.from_dh([dataclasses.replace(r, flip=False) for r in rows])
    flipped = rk.Robot.from_dh(rows)
    q = np.random.default_rng(2).uniform(-3, 3, 6)
    mirrored = q.copy()
    mirrored[0] = -q[0]
    np.testing.assert_allclose(flipped.fk(q), plain.fk(mirrored), rtol=0, atol=1e-14)
    J_flipped, J_plain = flipped.jacobian(q), plain.jacobian(mirrored)
    np.testing.assert_allclose(J_flipped[:, 0], -J_plain[:, 0], rtol=0, atol=1e-14)
    np.testing.assert_allclose(J_flipped[:, 1:], J_plain[:, 1:], rtol=0, atol=1e-14)


@pytest.mark.parametrize("convention", ["standard", "modified"])
def test_flipped_prismatic_and_revolute_rows_match_the_toolbox(convention: str) -> None:
    standard = convention == "standard"
    R, P = (rtb.RevoluteDH, rtb.PrismaticDH) if standard else (rtb.RevoluteMDH, rtb.PrismaticMDH)
    model = rtb.DHRobot([
        R(d=0.3, a=0.05, alpha=np.pi / 2, offset=0.2, flip=True),
        P(theta=0.4, a=0.1, alpha=-np.pi / 2, offset=0.15, flip=True, qlim=[-1, 1]),
        R(d=0.02, a=0.3, alpha=0.3, offset=-0.5),
        P(theta=-0.2, a=0.0, alpha=np.pi / 2, offset=0.05, qlim=[-1, 1]),
        R(d=0.1, a=0.02, alpha=-0.7, flip=True),
    ])
    rows = [rk.DH(d=0.3, a=0.05, alpha=np.pi / 2, offset=0.2, flip=True),
            rk.DH(theta=0.4, a=0.1, alpha=-np.pi / 2, offset=0.15, prismatic=True, flip=True),
            rk.DH(d=0.02, a=0.3, alpha=0.3, offset=-0.5),
            rk.DH(theta=-0.2, a=0.0, alpha=np.pi / 2, offset=0.05, prismatic=True),
            rk.DH(d=0.1, a=0.02, alpha=-0.7, flip=True)]
    robot = rk.Robot.from_dh(rows, convention=convention)
    _assert_matches_toolbox(robot, model, seed=5)


def test_flipped_jacobian_matches_finite_differences(fd_jacobian, close) -> None:
    rows = _rows_from_toolbox(rtb.models.DH.Mico())
    rows[3] = dataclasses.replace(rows[3], flip=True)
    rows.append(rk.DH(a=0.05, prismatic=True, flip=True, offset=0.1))
    robot = rk.Robot.from_dh(rows)
    for q in robot.random_q(5, seed=4):
        for frame in ("world", "tool"):
            close(robot.jacobian(q, frame=frame), fd_jacobian(robot, q, frame=frame), atol=1e-6)


def test_table_shows_minus_q_for_flipped_rows() -> None:
    robot = rk.Robot.from_dh([rk.DH(d=0.2, alpha=np.pi / 2, flip=True), rk.DH(a=0.4),
                              rk.DH(prismatic=True, flip=True, offset=0.1)])
    lines = str(robot).splitlines()
    header = lines[1].split()
    theta, d = header.index("theta"), header.index("d[m]")
    cells = [line.split() for line in lines[3:6]]
    assert cells[0][theta] == "-q" and cells[1][theta] == "q"
    assert cells[2][d] == "-q"


def test_flip_must_be_a_bool() -> None:
    with pytest.raises(rk.ModelError, match=r"DH row 0: flip must be True or False"):
        rk.Robot.from_dh([rk.DH(a=1.0, flip="yes")])


def test_export_keeps_the_flip() -> None:
    robot = rk.Robot.from_dh(_rows_from_toolbox(rtb.models.DH.Jaco()))
    back = rk.Robot.from_urdf(robot.to_urdf())
    for q in robot.random_q(10, seed=6):
        np.testing.assert_allclose(back.fk(q), robot.fk(q), rtol=0, atol=1e-12)


def test_ik_solves_the_flipped_jaco() -> None:
    robot = rk.Robot.from_dh(_rows_from_toolbox(rtb.models.DH.Jaco()), name="jaco")
    for q in robot.random_q(5, seed=8):
        T = robot.fk(q)
        res = rk.ik(robot, T, seed=0)
        assert res.success, res.reason
        np.testing.assert_allclose(robot.fk(res.q), T, rtol=0, atol=1e-5)


def test_closed_form_solves_a_puma_with_flipped_joints() -> None:
    puma = rk.models.load("puma560")
    rows = [dataclasses.replace(r, flip=i in (0, 2, 4)) for i, r in enumerate(puma.dh_rows)]
    robot = rk.Robot.from_dh(rows, convention=puma.convention, limits=puma.limits,
                             base=puma.base, tool=puma.tool)
    q = np.array([0.4, -0.6, 0.3, 0.9, -0.7, 1.1])
    T = robot.fk(q)
    solutions = rk.ik_analytic(robot, T)
    assert len(solutions) >= 1
    assert np.any(np.abs(solutions - q).max(axis=1) < 1e-8)
    for s in solutions:
        np.testing.assert_allclose(robot.fk(s), T, rtol=0, atol=1e-9)


@pytest.mark.parametrize("method", ["lm", "nr", "gn", "dls", "pinv", "jt", "fd", "ccd"])
def test_every_method_solves_a_flipped_puma(method: str) -> None:
    # The Puma with joints 1, 3, 5 flipped and their limits mirrored is the same arm with
    # those joint values negated: the same targets, the success rates tests/test_ik.py asks.
    puma = rk.models.load("puma560")
    flipped = (0, 2, 4)
    rows = [dataclasses.replace(r, flip=i in flipped) for i, r in enumerate(puma.dh_rows)]
    limits = puma.limits.copy()
    limits[:, flipped] = -puma.limits[::-1, flipped]
    robot = rk.Robot.from_dh(rows, limits=limits, base=puma.base, tool=puma.tool)
    q = puma.random_q(30, seed=9)
    poses = puma.fk(q)
    q[:, flipped] *= -1
    np.testing.assert_allclose(robot.fk(q), poses, rtol=0, atol=1e-14)
    out = rk.ik_batch(robot, poses, method=method, seed=2)
    assert out.success.mean() >= (0.7 if method == "jt" else 0.8)
    for k in np.flatnonzero(out.success):
        np.testing.assert_allclose(robot.fk(out.q[k]), poses[k], rtol=0, atol=1e-5)
