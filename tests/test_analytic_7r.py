"""Completeness of the 7R joint-locking closed form on random arms: SRS arms (spherical shoulder and
wrist, random lengths and axis signs) and 7R chains with no special structure (random DH
tables, random joint frames and axes loaded from URDF). At the free value of the
configuration that produced a pose, that configuration is among the solutions (to 1e-9
rad modulo 2 pi); every solution reproduces the pose by FK to 1e-10; numerical IK from
200 random starts with the free joint held (`robot.lock`) finds no solution missing.
"""

from __future__ import annotations

import os
import tempfile

import numpy as np
import pytest
from analytic_checks import angle_gap, random_srs

import reachkit as rk
from reachkit.spatial import axis_angle_to_matrix, transform


def random_dh_7r(seed: int) -> rk.Robot:
    """A 7R arm with a random DH table (no special structure)."""
    rng = np.random.default_rng(seed)
    rows = [rk.DH(d=rng.uniform(-0.4, 0.4), a=rng.uniform(-0.4, 0.4), alpha=rng.uniform(-3, 3),
                  offset=rng.uniform(-1, 1)) for _ in range(7)]
    return rk.Robot.from_dh(rows, name=f"random DH 7R {seed}")


def random_urdf_7r(seed: int) -> rk.Robot:
    """A 7R arm with random joint frames and axes, written to a URDF file and loaded."""
    rng = np.random.default_rng(seed)
    joints = []
    for i in range(7):
        R = axis_angle_to_matrix(rng.standard_normal(3), rng.uniform(-np.pi, np.pi))
        T = transform(R, rng.uniform(-0.3, 0.3, 3))
        joints.append(rk.Joint(f"j{i + 1}", "R", T_parent_joint=T, axis=rng.standard_normal(3),
                               lower=-np.pi, upper=np.pi))
    made = rk.Robot(joints, name=f"random URDF 7R {seed}")
    path = os.path.join(tempfile.mkdtemp(), "arm.urdf")
    with open(path, "w") as f:
        f.write(made.to_urdf())
    robot = rk.Robot.from_urdf(path)
    Q = made.random_q(3, seed=0)
    assert np.abs(robot.fk(Q) - made.fk(Q)).max() < 1e-12  # the file holds the same arm
    return robot


ARMS = ([random_srs(s) for s in range(4)] + [random_dh_7r(s) for s in range(3)]
        + [random_urdf_7r(s) for s in range(2)])


def locked_family(robot: rk.Robot) -> rk.analytic.Family:
    """The joint-locking form (SRS arms take the swivel angle by default: lock joint 3)."""
    return rk.analytic.family(robot, free_joint=2 if robot.name.startswith("random SRS") else None)


def check_at_free_value(robot: rk.Robot, free_joint: int, n: int, seed: int) -> None:
    """The generating q among the solutions at q[free_joint], every solution on the pose."""
    for q in robot.random_q(n, seed=seed):
        T = robot.fk(q)
        sols = rk.ik_analytic(robot, T, free=q[free_joint], free_joint=free_joint)
        assert len(sols) and not np.isnan(sols).any(), (robot.name, q)
        smallest = np.linalg.svd(np.delete(robot.jacobian(q), free_joint, axis=1),
                                 compute_uv=False)[-1]
        assert angle_gap(sols, q, robot).min() < 1e-9 * max(1.0, 0.01 / smallest), (robot.name, q)
        assert np.allclose(sols[:, free_joint], q[free_joint], atol=1e-12)
        F = robot.fk(sols)
        assert np.abs(F[:, :3, 3] - T[:3, 3]).max() < 1e-10
        assert np.abs(F[:, :3, :3] - T[:3, :3]).max() < 1e-10


@pytest.mark.parametrize("robot", ARMS, ids=[a.name for a in ARMS])
def test_generating_configuration_is_among_the_solutions_at_its_free_value(robot: rk.Robot) -> None:
    fam = locked_family(robot)
    if robot.name.startswith("random SRS"):
        assert "spherical wrist" in fam.locked  # joint 3 locked leaves a Pieper arm
    check_at_free_value(robot, fam.free_joint, 15, 1)


@pytest.mark.parametrize("robot", [ARMS[0], ARMS[4]], ids=[ARMS[0].name, ARMS[4].name])
def test_every_joint_can_be_the_free_one(robot: rk.Robot) -> None:
    for j in range(7):
        if j == 3 and robot.name.startswith("random SRS"):  # shoulder and wrist stay put:
            with pytest.raises(rk.NotSupportedError, match="continuous set"):  # |SW| is fixed
                rk.ik_analytic(robot, robot.fk(robot.random_q(seed=0)), free=0.3, free_joint=j)
            continue
        check_at_free_value(robot, j, 3, 10 + j)


@pytest.mark.parametrize("robot", [ARMS[1], ARMS[5], ARMS[7]], ids=[ARMS[i].name for i in (1, 5, 7)])
def test_numerical_ik_from_200_starts_with_the_free_joint_held_finds_nothing_missing(
        robot: rk.Robot) -> None:
    j = locked_family(robot).free_joint
    name = robot.joint_names[j]
    for seed in range(2):
        q = robot.random_q(seed=seed)
        T = robot.fk(q)
        ours = rk.ik_analytic(robot, T, free=q[j], free_joint=j)
        six = robot.lock({name: float(q[j])})
        found = 0
        for q0 in six.random_q(200, seed=seed + 10):
            res = rk.ik(six, T, q0=q0, joint_limits=False, seed=0, position_tolerance=1e-12,
                        rotation_tolerance=1e-12)
            if res.success and res.position_error < 1e-9:
                found += 1
                assert angle_gap(np.delete(ours, j, axis=1), res.q, six).min() < 1e-5, res.q
        assert found > 20  # the starts did converge


def test_stacked_samples_hold_the_generating_configuration_at_each_value() -> None:
    robot = ARMS[4]
    j = rk.analytic.family(robot).free_joint
    values = np.linspace(-np.pi, np.pi, 5, endpoint=False)
    q = robot.random_q(seed=3)
    q[j] = values[2]
    T = robot.fk(q)
    stacked = rk.ik_analytic(robot, T, free_samples=5)
    assert angle_gap(stacked, q, robot).min() < 1e-9
    assert np.abs(robot.fk(stacked) - T).max() < 1e-10
    assert set(np.round(stacked[:, j], 12)) <= set(np.round(values, 12))


@pytest.mark.parametrize("robot", [rk.models.load("iiwa14"), rk.models.load("panda"), ARMS[4]],
                         ids=["iiwa14", "panda", ARMS[4].name])
def test_singular_unreachable_and_random_poses_give_no_nan_and_no_foreign_error(
        robot: rk.Robot) -> None:
    """Both 7R forms (iiwa: swivel angle and joint 3 locked; Panda: joint 7 locked; random
    arm: general 6R after locking) on configurations with zero joints (singular), far
    poses and random rigid poses: reachkit errors only, no NaN, FK to 1e-10, a reason
    when nothing is found."""
    rng = np.random.default_rng(0)
    poses = []
    q = robot.random_q(seed=3)
    for j in range(7):
        s = q.copy()
        s[j] = 0.0
        poses.append(robot.fk(s))
    poses.append(robot.fk(np.zeros(7)))
    far = np.eye(4)
    far[:3, 3] = [5.0, -3.0, 2.0]
    poses.append(far)
    for _ in range(10):
        R = np.linalg.qr(rng.standard_normal((3, 3)))[0]
        T = np.eye(4)
        T[:3, :3] = R * np.sign(np.linalg.det(R))
        T[:3, 3] = rng.uniform(-0.8, 0.8, 3)
        poses.append(T)
    forms = [{"free_samples": 4}, {"free": 0.3}, {"free": 0.3, "free_joint": 2},
             {"free_samples": 3, "within_limits": True}]
    for T in poses:
        for options in forms:
            sols = rk.analytic.solve(robot, T, **options)
            assert not np.isnan(sols.q).any()
            if len(sols) == 0:
                assert sols.reason
            else:
                assert np.abs(robot.fk(sols.q) - T).max() < 1e-10, options
    assert len(rk.analytic.solve(robot, far, free=0.3)) == 0

