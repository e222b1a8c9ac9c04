"""URDF import and export, checked against Pinocchio on URDFs written here.

Every model is compared with Pinocchio (`pin`) at seeded random configurations: the tip
pose and the world Jacobian (Pinocchio's LOCAL_WORLD_ALIGNED frame Jacobian) to 1e-10.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import reachkit as rk
from reachkit.joint import Joint
from reachkit.spatial import rpy_to_matrix, transform

pin = pytest.importorskip("pinocchio")

TOL = 1e-10
N_CONFIGS = 25

# ---------------------------------------------------------------------------------------
# URDF writing helpers


def link(name: str, meshes: bool = False) -> str:
    if not meshes:
        return f'<link name="{name}"/>'
    return f"""<link name="{name}">
  <inertial><origin xyz="0 0 0.1"/><mass value="2.5"/>
    <inertia ixx="0.01" ixy="0" ixz="0" iyy="0.01" iyz="0" izz="0.01"/></inertial>
  <visual><origin xyz="0 0 0.05" rpy="0 0 0.3"/>
    <geometry><mesh filename="package://nowhere_description/meshes/{name}.dae" scale="0.001 0.001 0.001"/></geometry>
    <material name="grey"><color rgba="0.5 0.5 0.5 1"/></material></visual>
  <collision><geometry><mesh filename="package://nowhere_description/meshes/{name}.stl"/></geometry></collision>
</link>"""


def joint(name: str, kind: str, parent: str, child: str, xyz=(0, 0, 0), rpy=(0, 0, 0),
          axis=(0, 0, 1), limit=None, extra: str = "") -> str:
    axis_xml = "" if axis is None else f'<axis xyz="{" ".join(map(str, axis))}"/>'
    limit_xml = ""
    if limit is not None:
        limit_xml = f'<limit lower="{limit[0]!r}" upper="{limit[1]!r}" effort="10" velocity="1"/>'
    return (f'<joint name="{name}" type="{kind}"><parent link="{parent}"/><child link="{child}"/>'
            f'<origin xyz="{" ".join(map(str, xyz))}" rpy="{" ".join(map(str, rpy))}"/>'
            f"{axis_xml}{limit_xml}{extra}</joint>")


def robot_xml(name: str, *parts: str) -> str:
    return f'<?xml version="1.0"?>\n<robot name="{name}">\n' + "\n".join(parts) + "\n</robot>\n"


# A 7-axis arm with tilted, non-unit axes, rpy origins, a fixed mount and meshes.
ARM7_AXES = [(0, 0, 1), (0.3, -0.5, 0.8), (0, 1, 0), (1, 1, 0), (0, 0, -2), (0.2, 0.9, -0.4), (-1, 0, 0.001)]
ARM7_LIMITS = [(-2.9, 2.9), (-2.0, 1.5), (-3.0, 3.0), (-2.5, -0.1), (-2.9, 2.9), (-0.5, 3.7), (-3.05, 3.05)]
ARM7_ORIGINS = [((0, 0, 0.15), (0, 0, 0)), ((0.02, -0.01, 0.2), (0.1, -0.2, 0.3)),
                ((0, 0.05, 0.31), (-1.2, 0.4, 0.0)), ((0.08, 0, 0.0), (0.5, 1.1, -0.7)),
                ((-0.08, 0.02, 0.38), (3.0, -0.3, 2.2)), ((0, 0, 0.01), (0, 1.5707963267948966, 0)),
                ((0.088, -0.03, 0.0), (-0.4, 0.2, -3.1))]
ARM7_XML = robot_xml(
    "arm7",
    '<material name="grey"><color rgba="0.5 0.5 0.5 1"/></material>',
    link("world"), *[link(f"link{i}", meshes=True) for i in range(8)], link("flange"),
    joint("mount", "fixed", "world", "link0", xyz=(0.1, -0.2, 0.05), rpy=(0, 0, 0.7)),
    *[joint(f"joint{i + 1}", "revolute", f"link{i}", f"link{i + 1}", xyz=ARM7_ORIGINS[i][0],
            rpy=ARM7_ORIGINS[i][1], axis=ARM7_AXES[i], limit=ARM7_LIMITS[i]) for i in range(7)],
    joint("flange_joint", "fixed", "link7", "flange", xyz=(0, 0, 0.107), rpy=(0, 0, -0.785)),
    '<transmission name="t1"><type>transmission_interface/SimpleTransmission</type></transmission>',
    '<gazebo reference="link1"><material>Gazebo/Grey</material></gazebo>',
)

# An arm with a prismatic joint (tilted axis), a fixed joint mid-chain and a fixed tool.
PRISMATIC_LIMITS = [(-3.0, 3.0), (0.05, 0.6), (-2.0, 2.0), (-1.0, 1.0)]
PRISMATIC_XML = robot_xml(
    "slider",
    *[link(n) for n in ("base", "l1", "l2", "l2b", "l3", "l4", "tool_mount", "tcp")],
    joint("j1", "revolute", "base", "l1", xyz=(0, 0, 0.3), axis=(0, 0, 1), limit=PRISMATIC_LIMITS[0]),
    joint("slide", "prismatic", "l1", "l2", xyz=(0.1, 0, 0.2), rpy=(0.2, 0, 0), axis=(1, 0, 1),
          limit=PRISMATIC_LIMITS[1]),
    joint("bracket", "fixed", "l2", "l2b", xyz=(0.05, 0.01, 0), rpy=(0.3, -0.4, 0.5)),
    joint("j3", "revolute", "l2b", "l3", xyz=(0, 0.1, 0), axis=(0, 1, 0), limit=PRISMATIC_LIMITS[2]),
    joint("j4", "revolute", "l3", "l4", xyz=(0.2, 0, 0), rpy=(0, 0.3, 0), axis=(1, 0, 0),
          limit=PRISMATIC_LIMITS[3]),
    joint("tool_joint", "fixed", "l4", "tool_mount", xyz=(0.05, 0, 0), rpy=(0, 1.5707963267948966, 0)),
    joint("tcp_joint", "fixed", "tool_mount", "tcp", xyz=(0, 0, 0.12), rpy=(0.1, 0.2, 0.3)),
)

# A 3-axis arm with a palm carrying two prismatic fingers and a fixed camera.
FINGERS_XML = robot_xml(
    "gripper_arm",
    *[link(n) for n in ("base", "a1", "a2", "a3", "palm", "left_finger", "right_finger", "camera")],
    joint("s1", "revolute", "base", "a1", xyz=(0, 0, 0.2), axis=(0, 0, 1), limit=(-3, 3)),
    joint("s2", "revolute", "a1", "a2", xyz=(0, 0, 0.1), rpy=(1.5707963267948966, 0, 0), axis=(0, 0, 1),
          limit=(-2, 2)),
    joint("s3", "revolute", "a2", "a3", xyz=(0.4, 0, 0), axis=(0, 0, 1), limit=(-2, 2)),
    joint("camera_mount", "fixed", "a2", "camera", xyz=(0.1, 0.05, 0), rpy=(0, 0, 1.0)),
    joint("wrist", "fixed", "a3", "palm", xyz=(0.1, 0, 0), rpy=(0, 1.5707963267948966, 0)),
    joint("left", "prismatic", "palm", "left_finger", xyz=(0, 0.02, 0.05), axis=(0, 1, 0), limit=(0, 0.04)),
    joint("right", "prismatic", "palm", "right_finger", xyz=(0, -0.02, 0.05), axis=(0, -1, 0),
          limit=(0, 0.04)),
)

# A chain of continuous (unlimited) joints.
CONTINUOUS_XML = robot_xml(
    "spinner",
    *[link(f"c{i}") for i in range(5)],
    joint("r1", "continuous", "c0", "c1", xyz=(0, 0, 0.1), axis=(0, 0, 1)),
    joint("r2", "continuous", "c1", "c2", xyz=(0.3, 0, 0), rpy=(0.5, 0, 0), axis=(0, 1, 1)),
    joint("r3", "revolute", "c2", "c3", xyz=(0.25, 0.1, 0), axis=(1, 0, 0), limit=(-1.0, 1.0)),
    joint("r4", "continuous", "c3", "c4", xyz=(0, 0, 0.2), rpy=(0, 0, 2.0), axis=(0.5, -0.5, 0.7)),
)

# A 5-axis arm (too few joints for a full 6-D pose).
ARM5_LIMITS = [(-3.0, 3.0), (-1.8, 1.8), (-2.4, 2.4), (-1.9, 1.9), (-3.0, 3.0)]
ARM5_XML = robot_xml(
    "arm5",
    *[link(f"b{i}") for i in range(6)], link("gripper"),
    joint("base_yaw", "revolute", "b0", "b1", xyz=(0, 0, 0.07), axis=(0, 0, 1), limit=ARM5_LIMITS[0]),
    joint("shoulder", "revolute", "b1", "b2", xyz=(0.03, 0, 0.05), axis=(0, 1, 0), limit=ARM5_LIMITS[1]),
    joint("elbow", "revolute", "b2", "b3", xyz=(0, 0, 0.2), axis=(0, 1, 0), limit=ARM5_LIMITS[2]),
    joint("wrist_pitch", "revolute", "b3", "b4", xyz=(0.2, 0, 0), axis=(0, 1, 0), limit=ARM5_LIMITS[3]),
    joint("wrist_roll", "revolute", "b4", "b5", xyz=(0.06, 0, 0), axis=(1, 0, 0), limit=ARM5_LIMITS[4]),
    joint("gripper_fixed", "fixed", "b5", "gripper", xyz=(0.1, 0, 0)),
)

# ---------------------------------------------------------------------------------------
# Pinocchio reference


class PinReference:
    """Pinocchio's FK and world-aligned Jacobian of a URDF frame, for reachkit joint names."""

    def __init__(self, xml: str, joint_names: list[str], tip: str, base: str | None = None) -> None:
        self.model = pin.buildModelFromXML(xml)
        self.data = self.model.createData()
        self.joint_ids = [self.model.getJointId(name) for name in joint_names]
        assert all(j < self.model.njoints for j in self.joint_ids), "joint missing in Pinocchio"
        self.tip = self.model.getFrameId(tip, pin.FrameType.BODY)
        self.base = None if base is None else self.model.getFrameId(base, pin.FrameType.BODY)

    def _q(self, q: np.ndarray) -> np.ndarray:
        q_pin = pin.neutral(self.model)
        for jid, value in zip(self.joint_ids, q):
            start, nq = self.model.idx_qs[jid], self.model.nqs[jid]
            if nq == 2:  # continuous joint: (cos, sin)
                q_pin[start:start + 2] = np.cos(value), np.sin(value)
            else:
                q_pin[start] = value
        return q_pin

    def fk_jacobian(self, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        q_pin = self._q(q)
        pin.forwardKinematics(self.model, self.data, q_pin)
        pin.updateFramePlacements(self.model, self.data)
        J_all = pin.computeFrameJacobian(self.model, self.data, q_pin, self.tip, pin.LOCAL_WORLD_ALIGNED)
        J = J_all[:, [self.model.idx_vs[jid] for jid in self.joint_ids]]
        T = self.data.oMf[self.tip].homogeneous
        if self.base is not None:
            T_world_base = self.data.oMf[self.base].homogeneous
            T = np.linalg.inv(T_world_base) @ T
            R = T_world_base[:3, :3].T
            J = np.vstack([R @ J[:3], R @ J[3:]])
        return T, J


def assert_matches_pinocchio(robot: rk.Robot, xml: str, tip: str, base: str | None = None,
                             seed: int = 0) -> float:
    """Largest |FK| and |J| difference to Pinocchio over N_CONFIGS random q; asserts < TOL."""
    reference = PinReference(xml, robot.joint_names, tip, base)
    worst = 0.0
    for q in robot.random_q(N_CONFIGS, seed=seed):
        T_pin, J_pin = reference.fk_jacobian(q)
        worst = max(worst, np.abs(robot.fk(q) - T_pin).max(), np.abs(robot.jacobian(q) - J_pin).max())
    assert worst < TOL
    return worst


# ---------------------------------------------------------------------------------------
# Import, checked against Pinocchio


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


# ---------------------------------------------------------------------------------------
# Unsupported joints


MIMIC_XML = FINGERS_XML.replace(
    '<child link="right_finger"/>', '<child link="right_finger"/><mimic joint="left" multiplier="1"/>')


@pytest.mark.parametrize("xml, tip, words", [
    (FINGERS_XML.replace('name="s2" type="revolute"', 'name="s2" type="floating"'), "left_finger",
     ["'s2'", "floating", "base_link='a2'"]),
    (FINGERS_XML.replace('name="s3" type="revolute"', 'name="s3" type="planar"'), "left_finger",
     ["'s3'", "planar"]),
    (MIMIC_XML, "right_finger", ["'right'", "mimics", "'left'"]),
], ids=["floating", "planar", "mimic"])
def test_unsupported_joints_on_the_chain_raise(xml: str, tip: str, words: list[str]) -> None:
    with pytest.raises(rk.NotSupportedError) as info:
        rk.Robot.from_urdf(xml, tip_link=tip)
    for word in words:
        assert word in str(info.value)


def test_unsupported_joints_off_the_chain_are_ignored() -> None:
    robot = rk.Robot.from_urdf(MIMIC_XML, tip_link="left_finger")
    assert_matches_pinocchio(robot, MIMIC_XML, tip="left_finger", seed=9)
    floating = robot_xml("floating_base", link("world"), link("pelvis"), link("thigh"),
                         joint("root", "floating", "world", "pelvis"),
                         joint("hip", "revolute", "pelvis", "thigh", xyz=(0, 0.1, 0), limit=(-1, 1)))
    robot = rk.Robot.from_urdf(floating, base_link="pelvis")
    assert robot.joint_names == ["hip"]


# ---------------------------------------------------------------------------------------
# Broken files: ModelError naming the element at fault

TWO_LINKS = link("a") + link("b")
GOOD_JOINT = joint("j1", "revolute", "a", "b", limit=(-1, 1))

BROKEN = {
    "malformed XML": ('<robot name="x"><link name="a"></robot>', ["malformed URDF XML", "line 1"]),
    "not XML at all": ("<robot", ["malformed URDF XML"]),
    "root is not robot": ('<model name="x"><link name="a"/></model>', ["<robot>", "<model>"]),
    "no links": (robot_xml("x"), ["no <link>"]),
    "link without name": (robot_xml("x", "<link/>"), ["<link> number 1", "no name"]),
    "duplicate link": (robot_xml("x", link("a"), link("a")), ["link 'a'", "twice"]),
    "joint without name": (robot_xml("x", TWO_LINKS, '<joint type="fixed"><parent link="a"/>'
                                     '<child link="b"/></joint>'), ["<joint> number 1", "no name"]),
    "duplicate joint": (robot_xml("x", TWO_LINKS, link("c"), GOOD_JOINT,
                                  joint("j1", "fixed", "b", "c")), ["joint 'j1'", "twice"]),
    "unknown joint type": (robot_xml("x", TWO_LINKS, joint("j1", "hinge", "a", "b")),
                           ["joint 'j1'", "'hinge'", "revolute"]),
    "missing joint type": (robot_xml("x", TWO_LINKS, GOOD_JOINT.replace(' type="revolute"', "")),
                           ["joint 'j1'", "no type attribute"]),
    "missing parent link": (robot_xml("x", TWO_LINKS, joint("j1", "revolute", "ghost", "b", limit=(-1, 1))),
                            ["joint 'j1'", "parent link 'ghost'", "not declared"]),
    "missing child link": (robot_xml("x", TWO_LINKS, joint("j1", "revolute", "a", "phantom", limit=(-1, 1))),
                           ["joint 'j1'", "child link 'phantom'", "not declared"]),
    "no parent element": (robot_xml("x", TWO_LINKS, GOOD_JOINT.replace('<parent link="a"/>', "")),
                          ["joint 'j1'", "<parent"]),
    "cycle of two joints": (robot_xml("x", TWO_LINKS, joint("j1", "revolute", "a", "b", limit=(-1, 1)),
                                      joint("j2", "revolute", "b", "a", limit=(-1, 1))),
                            ["'j1' -> 'j2' form a cycle"]),
    "cycle of three joints below a root": (
        robot_xml("x", link("r"), link("a"), link("b"), link("c"),
                  joint("j1", "revolute", "a", "b"), joint("j2", "revolute", "b", "c"),
                  joint("j3", "revolute", "c", "a")),
        ["'j1' -> 'j2' -> 'j3' form a cycle"]),
    "self loop": (robot_xml("x", TWO_LINKS, joint("j1", "revolute", "a", "a", limit=(-1, 1))),
                  ["joint 'j1'", "cycle"]),
    "closed loop": (robot_xml("x", TWO_LINKS, link("c"), joint("j1", "revolute", "a", "b"),
                              joint("j2", "revolute", "a", "c"), joint("j3", "revolute", "c", "b")),
                    ["link 'b'", "'j1'", "'j3'", "closed"]),
    "axis without xyz": (robot_xml("x", TWO_LINKS, GOOD_JOINT.replace('<axis xyz="0 0 1"/>', "<axis/>")),
                         ["joint 'j1'", "<axis> has no xyz"]),
    "zero axis": (robot_xml("x", TWO_LINKS, joint("j1", "revolute", "a", "b", axis=(0, 0, 0), limit=(-1, 1))),
                  ["joint 'j1'", "zero vector"]),
    "axis with two numbers": (robot_xml("x", TWO_LINKS, joint("j1", "prismatic", "a", "b", axis=(0, 1),
                                                               limit=(-1, 1))),
                              ["joint 'j1'", "<axis> xyz", "3 finite numbers"]),
    "origin not numbers": (robot_xml("x", TWO_LINKS, joint("j1", "revolute", "a", "b", xyz=("0", "0", "${h}"),
                                                            limit=(-1, 1))),
                           ["joint 'j1'", "<origin> xyz", "${h}"]),
    "origin rpy nan": (robot_xml("x", TWO_LINKS, joint("j1", "revolute", "a", "b", rpy=(0, "nan", 0),
                                                        limit=(-1, 1))),
                       ["joint 'j1'", "<origin> rpy"]),
    "limit not a number": (robot_xml("x", TWO_LINKS, GOOD_JOINT.replace('lower="-1"', 'lower="low"')),
                           ["joint 'j1'", "<limit> lower", "'low'"]),
    "lower above upper": (robot_xml("x", TWO_LINKS, joint("j1", "revolute", "a", "b", limit=(1.0, -1.0))),
                          ["joint 'j1'", "lower 1.0 is above upper -1.0"]),
    "two roots": (robot_xml("x", TWO_LINKS, link("stray"), GOOD_JOINT), ["2 root links", "'stray'", "base_link="]),
    "only fixed joints": (robot_xml("x", TWO_LINKS, joint("j1", "fixed", "a", "b")),
                          ["no movable joint", "j1"]),
    "no joints": (robot_xml("x", link("a")), ["no joints below base link 'a'"]),
    "xacro macro": (robot_xml("x", '<xacro:property xmlns:xacro="http://www.ros.org/wiki/xacro" '
                                   'name="h" value="1"/>', TWO_LINKS, GOOD_JOINT),
                    ["xacro:property", "expand"]),
    "undeclared xacro prefix": (robot_xml("x", '<xacro:include filename="arm.xacro"/>', TWO_LINKS),
                                ["malformed URDF XML", "xacro"]),
}


@pytest.mark.parametrize("xml, words", list(BROKEN.values()), ids=list(BROKEN))
def test_broken_urdf_raises_model_error_naming_the_fault(xml: str, words: list[str]) -> None:
    with pytest.raises(rk.ModelError) as info:
        rk.Robot.from_urdf(xml)
    for word in words:
        assert word in str(info.value), f"{word!r} not in {str(info.value)!r}"


@pytest.mark.parametrize("kwargs, words", [
    (dict(tip_link="nowhere"), ["tip_link 'nowhere'", "not a link"]),
    (dict(base_link="nowhere"), ["base_link 'nowhere'", "not a link"]),
    (dict(base_link="left_finger", tip_link="a3"), ["'a3' is not below base link 'left_finger'"]),
    (dict(base_link="a2", tip_link="camera"), ["from 'a2' to 'camera' has no movable joint"]),
], ids=["unknown tip", "unknown base", "tip above base", "fixed-only chain"])
def test_bad_chain_choice_raises_model_error(kwargs: dict, words: list[str]) -> None:
    with pytest.raises(rk.ModelError) as info:
        rk.Robot.from_urdf(FINGERS_XML, **kwargs)
    for word in words:
        assert word in str(info.value)


def test_missing_file_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(rk.ModelError, match="no URDF file at"):
        rk.Robot.from_urdf(str(tmp_path / "missing.urdf"))


def test_errors_from_a_file_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.urdf"
    path.write_text(robot_xml("x", TWO_LINKS, joint("j1", "revolute", "a", "b", axis=(0, 0, 0))))
    with pytest.raises(rk.ModelError, match=r"broken\.urdf: joint 'j1': <axis> xyz is the zero vector"):
        rk.Robot.from_urdf(path)
    path.write_text(MIMIC_XML)
    with pytest.raises(rk.NotSupportedError, match=r"broken\.urdf: joint 'right' mimics"):
        rk.Robot.from_urdf(str(path), tip_link="right_finger")


def test_model_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        rk.Robot.from_urdf("<robot")


# ---------------------------------------------------------------------------------------
# Export: Robot -> URDF -> Robot


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
