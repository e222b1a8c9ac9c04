"""rk.joint_velocity against np.linalg.pinv and finite differences of forward kinematics."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

import reachkit as rk


def fk_twist(robot: rk.Robot, q: np.ndarray, qdot: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """The tool twist [v, w] (world frame) that qdot produces, by central differences of FK."""
    T_plus, T_minus = robot.fk(q + h * qdot), robot.fk(q - h * qdot)
    v = (T_plus[:3, 3] - T_minus[:3, 3]) / (2 * h)
    w = Rotation.from_matrix(T_plus[:3, :3] @ T_minus[:3, :3].T).as_rotvec() / (2 * h)
    return np.concatenate([v, w])


ARMS = [("ur5", [0.3, -1.2, 1.4, -0.5, 1.0, 0.4]),
        ("puma560", [0.3, 0.5, -0.8, 0.4, 0.9, 0.4]),
        ("panda", [0.1, -0.4, 0.2, -2.2, 0.1, 1.9, 0.6])]


@pytest.mark.parametrize("name, q", ARMS)
def test_pinv_and_dls_make_the_twist_away_from_singularities(name: str, q: list, fd_jacobian) -> None:
    robot = rk.models.load(name)
    q = np.array(q)
    rng = np.random.default_rng(4)
    J_fd = fd_jacobian(robot, q)
    for _ in range(5):
        twist = rng.normal(size=6)
        expected = np.linalg.pinv(J_fd) @ twist
        for method in ("pinv", "dls"):
            qdot = rk.joint_velocity(robot, q, twist, method=method)
            np.testing.assert_allclose(qdot, expected, rtol=0, atol=1e-6 * np.abs(expected).max())
            np.testing.assert_allclose(robot.jacobian(q) @ qdot, twist, rtol=0, atol=1e-9)
            np.testing.assert_allclose(fk_twist(robot, q, qdot), twist, rtol=0, atol=1e-6)
        np.testing.assert_allclose(rk.joint_velocity(robot, q, twist, method="pinv"),
                                   np.linalg.pinv(robot.jacobian(q)) @ twist, rtol=0, atol=1e-10)


def test_tool_frame_twist_and_mask() -> None:
    robot = rk.models.load("ur5")
    q = np.array(ARMS[0][1])
    twist_tool = np.array([0.1, -0.2, 0.05, 0.3, 0.0, -0.1])
    qdot = rk.joint_velocity(robot, q, twist_tool, method="pinv", frame="tool")
    R = robot.fk(q)[:3, :3]
    world = np.concatenate([R @ twist_tool[:3], R @ twist_tool[3:]])
    np.testing.assert_allclose(fk_twist(robot, q, qdot), world, atol=1e-6)
    planar = rk.models.load("planar3r")  # x, y and the turn about z
    q3 = np.array([0.3, 0.6, -0.4])
    twist = np.array([0.2, -0.1, 0.0, 0.0, 0.0, 0.5])
    qdot = rk.joint_velocity(planar, q3, twist, method="pinv", mask=[1, 1, 0, 0, 0, 1])
    np.testing.assert_allclose(fk_twist(planar, q3, qdot), twist, atol=1e-6)


def test_dls_bounds_joint_speed_through_a_singularity_where_pinv_blows_up() -> None:
    robot = rk.models.load("puma560")
    twist = np.array([0.0, 0.0, 0.0, 0.3, 0.2, 0.1])
    damping = 0.05
    speeds = {"pinv": [], "dls": []}
    for q5 in np.r_[np.geomspace(0.3, 1e-7, 30), 0.0]:  # up to the wrist singularity q5 = 0
        q = np.array([0.3, 0.5, -0.8, 0.4, q5, 0.4])
        for method, values in speeds.items():
            values.append(np.linalg.norm(rk.joint_velocity(robot, q, twist, method=method,
                                                           damping=damping)))
    assert max(speeds["dls"]) <= np.linalg.norm(twist) / (2 * damping) * (1 + 1e-9)
    assert max(speeds["pinv"][:-1]) > 1e5 * np.linalg.norm(twist)  # 1 / sigma grows without bound
    assert max(speeds["pinv"]) / max(speeds["dls"]) > 1e4


@pytest.mark.parametrize("secondary", ["posture", "vector"])
def test_null_space_motion_leaves_the_twist_unchanged(secondary: str) -> None:
    robot = rk.models.load("panda")
    q = np.array(ARMS[2][1])
    twist = np.array([0.05, 0.1, -0.02, 0.0, 0.2, 0.1])
    rest = q + np.array([0.3, -0.2, 0.1, 0.2, -0.3, 0.1, 0.2])
    if secondary == "posture":
        objective = rk.objectives.Posture(rest)
        arg = [objective]
        q0dot = -objective.gradient(robot, q)
        np.testing.assert_allclose(q0dot, rest - q, atol=1e-12)  # h = 0.5 |q - rest|^2
    else:
        q0dot = arg = rest - q
    J = robot.jacobian(q)
    for method in ("pinv", "dls"):
        plain = rk.joint_velocity(robot, q, twist, method=method)
        moved = rk.joint_velocity(robot, q, twist, method=method, secondary=arg)
        np.testing.assert_allclose(J @ moved, J @ plain, rtol=0, atol=1e-9)
        null = np.eye(7) - np.linalg.pinv(J) @ J
        np.testing.assert_allclose(moved - plain, null @ q0dot, rtol=0, atol=1e-9)
        assert np.linalg.norm(moved - plain) > 0.05  # it did move


def test_jacobian_transpose_moves_towards_the_twist() -> None:
    robot = rk.models.load("ur5")
    q = np.array(ARMS[0][1])
    twist = np.array([0.1, 0.0, -0.1, 0.0, 0.1, 0.0])
    J = robot.jacobian(q)
    qdot = rk.joint_velocity(robot, q, twist, method="jt")
    np.testing.assert_allclose(qdot / np.linalg.norm(qdot), J.T @ twist / np.linalg.norm(J.T @ twist), atol=1e-12)
    made = J @ qdot
    assert made @ twist > 0 and np.linalg.norm(made - twist) < np.linalg.norm(twist)  # the best scale


def test_bad_inputs_are_refused() -> None:
    robot = rk.models.load("ur5")
    q = np.array(ARMS[0][1])
    with pytest.raises(rk.TargetError, match="twist"):
        rk.joint_velocity(robot, q, [0.0] * 5)
    with pytest.raises(rk.TargetError, match="NaN"):
        rk.joint_velocity(robot, q, [np.nan] + [0.0] * 5)
    with pytest.raises(rk.OptionsError, match="method"):
        rk.joint_velocity(robot, q, np.zeros(6), method="lm")
    with pytest.raises(rk.OptionsError, match="damping"):
        rk.joint_velocity(robot, q, np.zeros(6), damping=-1.0)
    with pytest.raises(rk.TargetError, match="q0dot"):
        rk.joint_velocity(robot, q, np.zeros(6), secondary=[0.0, 1.0])
    with pytest.raises(rk.TargetError, match="wrap"):
        rk.joint_velocity(robot, q, np.zeros(6), secondary=rk.objectives.Posture(q))
    with pytest.raises(rk.TargetError):
        rk.joint_velocity(robot, q[:5], np.zeros(6))
