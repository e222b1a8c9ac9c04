"""URDF export: Robot -> URDF -> Robot gives the same FK, Jacobian, names and limits, and
Pinocchio reads the written file to the same FK.
"""

from __future__ import annotations

import numpy as np
import pytest
from urdf_cases import (
    ARM7_XML,
    N_CONFIGS,
    PRISMATIC_XML,
    TOL,
    assert_matches_pinocchio,
    pin,
)

import reachkit as rk
from reachkit.joint import Joint
from reachkit.spatial import rpy_to_matrix, transform


def assert_same_robot(original: rk.Robot, copy: rk.Robot, seed: int = 0) -> float:
    """Largest |FK| and |J| difference over random q; names, types and limits equal."""
    assert copy.name == original.name
    assert copy.joint_names == original.joint_names
    assert copy.joint_types == original.joint_types
    np.testing.assert_array_equal(copy.limits, original.limits)
    q = original.random_q(N_CONFIGS, seed=seed)
    worst = max(np.abs(copy.fk(q) - original.fk(q)).max(),
                np.abs(copy.jacobian(q) - original.jacobian(q)).max())
    assert worst < TOL
    return worst


@pytest.mark.parametrize("name", rk.models.available())
def test_builtin_model_round_trips_through_urdf(name: str) -> None:
    robot = rk.models.load(name)
    xml = robot.to_urdf()
    assert_same_robot(robot, rk.Robot.from_urdf(xml))
    # Other tools read it too: Pinocchio gives the same FK and Jacobian.
    assert_matches_pinocchio(robot, xml, tip="tool", seed=10)


def test_urdf_robot_round_trips_through_urdf() -> None:
    robot = rk.Robot.from_urdf(PRISMATIC_XML)
    assert_same_robot(robot, rk.Robot.from_urdf(robot.to_urdf()), seed=11)
    robot = rk.Robot.from_urdf(ARM7_XML)
    assert_same_robot(robot, rk.Robot.from_urdf(robot.to_urdf()), seed=12)


def random_rigid(rng: np.random.Generator) -> np.ndarray:
    return transform(rpy_to_matrix(*rng.uniform(-np.pi, np.pi, 3)), rng.uniform(-0.5, 0.5, 3))


@pytest.mark.parametrize("seed", range(6))
def test_general_joints_with_offsets_round_trip(seed: int) -> None:
    """Tilted axes, both constant transforms, offsets, base and tool, one-sided limits."""
    rng = np.random.default_rng(seed)
    joints = []
    for i in range(int(rng.integers(1, 8))):
        kind = "P" if rng.random() < 0.3 else "R"
        lower, upper = np.sort(rng.uniform(-2.0, 2.0, 2))
        choice = rng.integers(4)
        if choice == 0:
            lower, upper = -np.inf, np.inf
        elif choice == 1:
            lower = -np.inf
        joints.append(Joint(f"joint {i}", kind, random_rigid(rng), rng.normal(size=3), random_rigid(rng),
                            offset=float(rng.uniform(-2, 2)), lower=lower, upper=upper))
    robot = rk.Robot(joints, name=f"general{seed}", base=random_rigid(rng), tool=random_rigid(rng))
    assert_same_robot(robot, rk.Robot.from_urdf(robot.to_urdf()), seed=seed)


def test_export_writes_offsets_limits_and_fixed_frames() -> None:
    robot = rk.Robot.from_dh([rk.DH(a=1.0, offset=np.pi / 2), rk.DH(a=0.5, qlim=(-1.0, 2.0)),
                              rk.DH(alpha=0.3, prismatic=True, offset=0.25)],
                             name="small", base=transform(p=(0, 0, 0.4)))
    xml = robot.to_urdf()
    model = pin.buildModelFromXML(xml)
    assert [model.names[i] for i in range(1, model.njoints)] == ["q1", "q2", "q3"]
    assert '<joint name="q1" type="continuous">' in xml
    assert '<limit lower="-1" upper="2"' in xml
    assert '<limit lower="-1e+300" upper="1e+300"' in xml  # unlimited prismatic
    assert '<joint name="base_fixed" type="fixed">' in xml and 'xyz="0 0 0.4"' in xml
    # q1's offset of 90 degrees is folded into its origin as a yaw.
    assert 'rpy="0 0 1.5707963267948966"' in xml
    copy = rk.Robot.from_urdf(xml)
    np.testing.assert_allclose(copy.fk(np.zeros(3))[:3, 3], robot.fk(np.zeros(3))[:3, 3], atol=1e-15)
    np.testing.assert_allclose(robot.fk(np.zeros(3))[:3, 3], [0.0, 1.5, 0.65], atol=1e-15)


def test_export_keeps_limits_given_to_the_robot_and_avoids_name_clashes() -> None:
    joints = [Joint("tool", "R"), Joint("link1", "R", transform(p=(1, 0, 0)))]
    robot = rk.Robot(joints, name="clash", limits=[[-1, -2], [1, 2]])
    xml = robot.to_urdf()
    copy = rk.Robot.from_urdf(xml)
    assert_same_robot(robot, copy)
    model = pin.buildModelFromXML(xml)
    link_names = {f.name for f in model.frames if f.type == pin.FrameType.BODY}
    assert not link_names & {"tool", "link1"}


@pytest.mark.parametrize("eps", [0.0, 1e-15, 1e-13, 1e-9])
def test_origins_next_to_gimbal_lock_survive_export(eps: float) -> None:
    """rpy cannot separate roll and yaw at pitch = +-pi/2; the written origin still
    rebuilds the rotation to rounding error."""
    from reachkit.spatial import rotx, roty, rotz

    rotations = [rotz(0.4) @ roty(sign * (np.pi / 2 - eps)) @ rotx(-1.1) for sign in (1, -1)]
    joints = [Joint(f"j{i}", "R", transform(R, (0.3, -0.2, 0.5))) for i, R in enumerate(rotations)]
    robot = rk.Robot(joints, name="gimbal", tool=transform(rotations[0]))
    copy = rk.Robot.from_urdf(robot.to_urdf())
    for original, read in zip(robot.joints, copy.joints):
        np.testing.assert_allclose(read.T_parent_joint, original.T_parent_joint, rtol=0, atol=1e-15)
    np.testing.assert_allclose(copy.tool, robot.tool, rtol=0, atol=1e-15)
