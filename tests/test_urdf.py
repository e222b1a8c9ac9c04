"""URDF import: FK and Jacobian of URDFs written here, checked against Pinocchio to 1e-10;
chain choice in trees, spec defaults, unsupported joints.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from urdf_cases import (
    ARM5_LIMITS,
    ARM5_XML,
    ARM7_AXES,
    ARM7_LIMITS,
    ARM7_XML,
    CONTINUOUS_XML,
    FINGERS_XML,
    MIMIC_XML,
    PRISMATIC_LIMITS,
    PRISMATIC_XML,
    PinReference,
    TOL,
    assert_matches_pinocchio,
    joint,
    link,
    robot_xml,
)

import reachkit as rk
from reachkit.spatial import rpy_to_matrix, transform


def test_arm7_tilted_axes_matches_pinocchio() -> None:
    robot = rk.Robot.from_urdf(ARM7_XML)
    assert robot.name == "arm7"
    assert robot.dof == 7
    assert robot.joint_names == [f"joint{i}" for i in range(1, 8)]
    assert robot.joint_types == ["R"] * 7
    np.testing.assert_array_equal(robot.limits, np.array(ARM7_LIMITS).T)
    for j, axis in zip(robot.joints, ARM7_AXES):
        np.testing.assert_allclose(j.axis, np.array(axis) / np.linalg.norm(axis), atol=1e-15)
    assert_matches_pinocchio(robot, ARM7_XML, tip="flange")


def test_arm7_fixed_mount_folds_into_base_and_flange_into_tool() -> None:
    robot = rk.Robot.from_urdf(ARM7_XML)
    np.testing.assert_allclose(robot.base, transform(rpy_to_matrix(0, 0, 0.7), (0.1, -0.2, 0.05)), atol=1e-15)
    np.testing.assert_allclose(robot.tool, transform(rpy_to_matrix(0, 0, -0.785), (0, 0, 0.107)), atol=1e-15)


def test_arm7_sub_chain_between_inner_links_matches_pinocchio() -> None:
    robot = rk.Robot.from_urdf(ARM7_XML, base_link="link2", tip_link="link6")
    assert robot.joint_names == ["joint3", "joint4", "joint5", "joint6"]
    assert_matches_pinocchio(robot, ARM7_XML, tip="link6", base="link2", seed=1)


def test_prismatic_arm_with_fixed_tool_matches_pinocchio() -> None:
    robot = rk.Robot.from_urdf(PRISMATIC_XML)
    assert robot.joint_names == ["j1", "slide", "j3", "j4"]
    assert robot.joint_types == ["R", "P", "R", "R"]
    np.testing.assert_array_equal(robot.limits, np.array(PRISMATIC_LIMITS).T)
    np.testing.assert_allclose(robot.joints[1].axis, np.array([1, 0, 1]) / np.sqrt(2), atol=1e-15)
    tool = (transform(rpy_to_matrix(0, np.pi / 2, 0), (0.05, 0, 0))
            @ transform(rpy_to_matrix(0.1, 0.2, 0.3), (0, 0, 0.12)))
    np.testing.assert_allclose(robot.tool, tool, atol=1e-15)
    np.testing.assert_array_equal(robot.base, np.eye(4))
    assert_matches_pinocchio(robot, PRISMATIC_XML, tip="tcp", seed=2)


def test_prismatic_arm_mid_chain_fixed_joint_folds_into_next_origin() -> None:
    robot = rk.Robot.from_urdf(PRISMATIC_XML)
    expected = transform(rpy_to_matrix(0.3, -0.4, 0.5), (0.05, 0.01, 0)) @ transform(p=(0, 0.1, 0))
    np.testing.assert_allclose(robot.joints[2].T_parent_joint, expected, atol=1e-15)


@pytest.mark.parametrize("finger", ["left_finger", "right_finger"])
def test_tree_two_fingers_chain_by_tip_matches_pinocchio(finger: str) -> None:
    robot = rk.Robot.from_urdf(FINGERS_XML, tip_link=finger)
    assert robot.joint_names == ["s1", "s2", "s3", finger.split("_")[0]]
    assert robot.joint_types == ["R", "R", "R", "P"]
    np.testing.assert_array_equal(robot.limits[:, 3], [0.0, 0.04])
    assert_matches_pinocchio(robot, FINGERS_XML, tip=finger, seed=3)


def test_tree_two_fingers_without_tip_lists_candidates() -> None:
    with pytest.raises(rk.ModelError, match="several tips") as info:
        rk.Robot.from_urdf(FINGERS_XML)
    message = str(info.value)
    assert "'left_finger'" in message and "'right_finger'" in message and "tip_link" in message


def test_tree_picks_the_leaf_with_most_movable_joints() -> None:
    # Only the left finger moves here: its leaf has 4 movable joints, the others 3 and 2.
    xml = FINGERS_XML.replace('name="right" type="prismatic"', 'name="right" type="fixed"')
    robot = rk.Robot.from_urdf(xml)
    assert robot.joint_names == ["s1", "s2", "s3", "left"]
    assert_matches_pinocchio(robot, xml, tip="left_finger", seed=4)
    camera = rk.Robot.from_urdf(xml, tip_link="camera")
    assert camera.joint_names == ["s1", "s2"]
    assert_matches_pinocchio(camera, xml, tip="camera", seed=5)


def test_continuous_chain_matches_pinocchio() -> None:
    robot = rk.Robot.from_urdf(CONTINUOUS_XML)
    assert robot.joint_types == ["R"] * 4
    expected = np.array([[-np.inf, -np.inf, -1.0, -np.inf], [np.inf, np.inf, 1.0, np.inf]])
    np.testing.assert_array_equal(robot.limits, expected)
    assert_matches_pinocchio(robot, CONTINUOUS_XML, tip="c4", seed=6)
    # Angles beyond one turn are fine for continuous joints.
    reference = PinReference(CONTINUOUS_XML, robot.joint_names, "c4")
    q = np.array([7.5, -9.0, 0.5, 13.0])
    T_pin, J_pin = reference.fk_jacobian(q)
    np.testing.assert_allclose(robot.fk(q), T_pin, atol=TOL)
    np.testing.assert_allclose(robot.jacobian(q), J_pin, atol=TOL)


def test_five_axis_arm_fk_and_jacobian() -> None:
    robot = rk.Robot.from_urdf(ARM5_XML)
    assert robot.dof == 5
    assert robot.joint_names == ["base_yaw", "shoulder", "elbow", "wrist_pitch", "wrist_roll"]
    np.testing.assert_array_equal(robot.limits, np.array(ARM5_LIMITS).T)
    assert robot.jacobian(np.zeros(5)).shape == (6, 5)
    # Stretched out along x: base 0.07 + 0.05 + 0.2 high, 0.03 + 0.2 + 0.06 + 0.1 forward.
    np.testing.assert_allclose(robot.fk(np.zeros(5))[:3, 3], [0.39, 0.0, 0.32], atol=1e-15)
    assert_matches_pinocchio(robot, ARM5_XML, tip="gripper", seed=7)


def test_omitted_axis_is_x_as_in_the_spec() -> None:
    xml = robot_xml("x_axis", link("a"), link("b"), link("c"),
                    joint("j1", "revolute", "a", "b", xyz=(0, 0, 0.2), axis=None, limit=(-1, 1)),
                    joint("j2", "prismatic", "b", "c", xyz=(0.1, 0, 0), rpy=(0, 0, 0.5), axis=None,
                          limit=(0, 1)))
    robot = rk.Robot.from_urdf(xml)
    for j in robot.joints:
        np.testing.assert_array_equal(j.axis, [1.0, 0.0, 0.0])
    assert_matches_pinocchio(robot, xml, tip="c", seed=8)


def test_limit_defaults_follow_the_spec() -> None:
    xml = robot_xml("limits", link("a"), link("b"), link("c"), link("d"),
                    joint("zero", "revolute", "a", "b", extra='<limit effort="1" velocity="1"/>'),
                    joint("none", "revolute", "b", "c"),
                    joint("huge", "prismatic", "c", "d", limit=(-1e300, 0.5)))
    robot = rk.Robot.from_urdf(xml)
    np.testing.assert_array_equal(robot.limits, [[0.0, -np.inf, -np.inf], [0.0, np.inf, 0.5]])


def test_file_path_text_and_pathlib_give_the_same_robot(tmp_path: Path) -> None:
    path = tmp_path / "arm7.urdf"
    path.write_text(ARM7_XML)
    q = np.linspace(-1.0, 1.0, 7)
    reference = rk.Robot.from_urdf(ARM7_XML).fk(q)
    for source in (str(path), path, ARM7_XML.encode()):
        np.testing.assert_array_equal(rk.Robot.from_urdf(source).fk(q), reference)


def test_printing_a_urdf_robot_lists_its_joints() -> None:
    text = str(rk.Robot.from_urdf(PRISMATIC_XML))
    assert "slider: 4 joints (RPRR)" in text and "slide" in text and "tool:" in text


# ---- unsupported joints ---------------------------------------------------------------


@pytest.mark.parametrize("xml, tip, words", [
    (FINGERS_XML.replace('name="s2" type="revolute"', 'name="s2" type="floating"'), "left_finger",
     ["'s2'", "floating", "base_link='a2'"]),
    (FINGERS_XML.replace('name="s3" type="revolute"', 'name="s3" type="planar"'), "left_finger",
     ["'s3'", "planar"]),
], ids=["floating", "planar"])
def test_unsupported_joints_on_the_chain_raise(xml: str, tip: str, words: list[str]) -> None:
    with pytest.raises(rk.NotSupportedError) as info:
        rk.Robot.from_urdf(xml, tip_link=tip)
    for word in words:
        assert word in str(info.value)


def test_mimic_joints_on_the_chain_follow_their_leader() -> None:
    # Pinocchio comparisons of mimic joints: tests/test_mimic.py
    robot = rk.Robot.from_urdf(MIMIC_XML, tip_link="right_finger")
    assert robot.joint_names == ["s1", "s2", "s3", "left"]
    assert robot.mimic[0].joint == "right" and robot.mimic[0].leader == "left"


def test_unsupported_joints_off_the_chain_are_ignored() -> None:
    robot = rk.Robot.from_urdf(MIMIC_XML, tip_link="left_finger")
    assert_matches_pinocchio(robot, MIMIC_XML, tip="left_finger", seed=9)
    floating = robot_xml("floating_base", link("world"), link("pelvis"), link("thigh"),
                         joint("root", "floating", "world", "pelvis"),
                         joint("hip", "revolute", "pelvis", "thigh", xyz=(0, 0.1, 0), limit=(-1, 1)))
    robot = rk.Robot.from_urdf(floating, base_link="pelvis")
    assert robot.joint_names == ["hip"]


# ---- real robot descriptions ------------------------------------------------------------


def _shipped_urdf_files() -> list[Path]:
    """Plain .urdf files shipped with the Robotics Toolbox data package (rtb-data), if any."""
    try:
        import rtbdata
    except ImportError:
        return []
    return sorted((Path(rtbdata.__file__).parent / "xacro").glob("**/urdf/*.urdf"))


@pytest.mark.parametrize("path", _shipped_urdf_files(), ids=lambda p: p.name)
def test_shipped_urdf_files_match_pinocchio(path: Path) -> None:
    """ABB, KUKA, Lynxmotion and Puma descriptions with meshes, package:// paths and tool
    frames: the default chain (root to the deepest leaf) agrees with Pinocchio."""
    from reachkit.urdf import parse_urdf, select_chain

    robot = rk.Robot.from_urdf(path)
    _, tip, _ = select_chain(parse_urdf(path))
    assert robot.dof >= 4
    assert_matches_pinocchio(robot, path.read_text(), tip=tip, seed=13)
