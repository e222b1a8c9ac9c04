"""Shared by the URDF tests: URDF-writing helpers, the test robots, and a Pinocchio reference.

Every model is compared with Pinocchio (`pin`) at seeded random configurations: the tip
pose and the world Jacobian (Pinocchio's LOCAL_WORLD_ALIGNED frame Jacobian) to 1e-10.
"""

from __future__ import annotations

import numpy as np
import pytest

import reachkit as rk

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

# The two-finger tree with the right finger mimicking the left one.
MIMIC_XML = FINGERS_XML.replace(
    '<child link="right_finger"/>', '<child link="right_finger"/><mimic joint="left" multiplier="1"/>')
