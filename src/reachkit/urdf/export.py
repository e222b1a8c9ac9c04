"""Write any `Robot` (DH models included) as URDF text that other tools can load.

Layout: links `base_link`, `link0` ... `link<dof>`, `tool`; a fixed joint `base_link` ->
`link0` carrying `robot.base`; one URDF joint per robot joint, keeping its name, type,
axis and limits; a fixed joint `link<dof>` -> `tool` carrying the tool transform. Link i
is the frame of joint i after it moves, so a joint's constant `T_joint_link` and the
next joint's `T_parent_joint` join in the next origin. Joint offsets are folded into the
origin: a revolute offset is a constant rotation about the axis, a prismatic one a
constant shift along it, and both commute with the joint's own motion. Reading the text
back with `Robot.from_urdf` gives the same FK, names and limits, and the same shapes
(`robot.geometry`) in the same places (`urdf.export_shapes`).

Mimic joints are written with `<mimic joint multiplier offset>` and their own limits,
their leader with the robot's (narrowed) limits; a leader off the chain becomes a joint
of its own from `base_link` to a link `<name>_link`, so the file names every leader.

Limits: an unlimited revolute joint is written "continuous"; any other unlimited side is
written as -1e300 / 1e300 (URDF requires finite limits and urdfdom rejects "inf"; the
reachkit reader maps these back to -inf / inf). Effort and velocity, required by the
spec, are written as 0: reachkit models no dynamics.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import numpy as np

from ..errors import ModelError
from ..joint import Joint
from ..spatial import (
    axis_angle_to_matrix,
    matrix_to_rpy,
    rotation_deviation,
    transform,
    translation,
)
from .export_shapes import write_shapes
from .parse import UNLIMITED

if TYPE_CHECKING:
    from ..robot import Robot

_SNAP = 1e-14  # numbers smaller than this are written as 0 (cos(pi/2) artefacts)


def _number(value: float) -> str:
    value = float(value)
    if abs(value) < _SNAP:
        return "0"
    if math.isinf(value):
        return _number(math.copysign(UNLIMITED, value))
    text = repr(value)
    return text.removesuffix(".0")


def _vector(values: np.ndarray) -> str:
    return " ".join(_number(v) for v in values)


def _offset_motion(joint: Joint) -> np.ndarray:
    """The constant motion (4, 4) of `joint` at q = 0: its offset about / along the axis."""
    if joint.offset == 0.0:
        return np.eye(4)
    if joint.kind == "R":
        return transform(axis_angle_to_matrix(joint.axis, joint.offset))
    return translation(*(joint.axis * joint.offset))


def _rpy(R: np.ndarray) -> np.ndarray:
    """URDF roll, pitch, yaw (3,) of R, exact to rounding even next to gimbal lock.

    `spatial.matrix_to_rpy` treats |cos(pitch)| < 1e-12 as exact gimbal lock, which
    costs up to 1e-12 in the rebuilt rotation; the general formula stays at ~1e-16 down
    to cos(pitch) = 0, so it is used whenever cos(pitch) is not exactly zero.
    """
    cos_pitch = math.hypot(R[0, 0], R[1, 0])
    if cos_pitch == 0.0:
        return matrix_to_rpy(R)
    return np.array([math.atan2(R[2, 1], R[2, 2]), math.atan2(-R[2, 0], cos_pitch),
                     math.atan2(R[1, 0], R[0, 0])])


def _origin(parent: ET.Element, T: np.ndarray, where: str) -> None:
    if rotation_deviation(T[:3, :3]) > 1e-9 or not np.allclose(T[3], (0.0, 0.0, 0.0, 1.0)):
        raise ModelError(f"{where}: the transform is not rigid, so URDF cannot express it")
    ET.SubElement(parent, "origin", xyz=_vector(T[:3, 3]), rpy=_vector(_rpy(T[:3, :3])))


def _unique(name: str, taken: set[str]) -> str:
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def _joint_element(root: ET.Element, name: str, kind: str, parent: str, child: str) -> ET.Element:
    element = ET.SubElement(root, "joint", name=name, type=kind)
    ET.SubElement(element, "parent", link=parent)
    ET.SubElement(element, "child", link=child)
    return element


def _moving_joint(root: ET.Element, name: str, kind: str, parent: str, child: str, axis: np.ndarray,
                  lower: float, upper: float) -> ET.Element:
    """A revolute / continuous / prismatic joint element with axis and limits (no origin)."""
    if kind == "P":
        urdf_kind = "prismatic"
    else:
        urdf_kind = "continuous" if np.isinf(lower) and np.isinf(upper) else "revolute"
    element = _joint_element(root, name, urdf_kind, parent, child)
    ET.SubElement(element, "axis", xyz=_vector(axis))
    if urdf_kind != "continuous":
        ET.SubElement(element, "limit", lower=_number(lower), upper=_number(upper),
                      effort="0", velocity="0")
    return element


def _write_outside_leaders(robot: Robot, root: ET.Element, base_name: str, taken: set[str]) -> None:
    """A joint for each mimic leader off the chain, on a link `leaders` fixed to the base
    link by a joint `base_aux`. Pinocchio wants a leader met before its followers, and
    urdfdom orders a link's child joints by name: "base_aux" comes before "base_fixed"."""
    chain_names = {joint.name for joint in robot.joints}
    outside = [c for c, name in enumerate(robot.joint_names) if name not in chain_names]
    if not outside:
        return
    hub = _unique("leaders", taken)
    ET.SubElement(root, "link", name=hub)
    _origin(_joint_element(root, _unique("base_aux", taken), "fixed", base_name, hub), np.eye(4), "leaders")
    for c in outside:
        name = robot.joint_names[c]
        leader_link = _unique(f"{name}_link", taken)
        ET.SubElement(root, "link", name=leader_link)
        _moving_joint(root, name, robot.joint_types[c], hub, leader_link,
                      np.array([0.0, 0.0, 1.0]), *robot.limits[:, c])


def robot_to_urdf(robot: Robot) -> str:
    """URDF XML text (str) of `robot`: base link frame = world frame, `tool` link frame =
    the tool frame, so `Robot.from_urdf(text)` reproduces `robot.fk` (see module notes)."""
    n = len(robot.joints)  # more than dof when joints mimic others
    taken = set(robot.joint_names) | {joint.name for joint in robot.joints}
    base_name = _unique("base_link", taken)
    link_names = [_unique(f"link{i}", taken) for i in range(n + 1)]
    tool_name = _unique("tool", taken)
    root = ET.Element("robot", name=robot.name)
    root.append(ET.Comment(f" written by reachkit from the model {robot.name!r}; kinematics and shapes "))
    elements = {link: ET.SubElement(root, "link", name=link)
                for link in (base_name, *link_names, tool_name)}

    _write_outside_leaders(robot, root, base_name, taken)
    base_joint = _joint_element(root, _unique("base_fixed", taken), "fixed", base_name, link_names[0])
    _origin(base_joint, robot.base, "base")
    carry = np.eye(4)
    coupling = robot.coupling
    for i, joint in enumerate(robot.joints):
        c = int(coupling.index[i])
        follower = coupling.follows(i, joint.name)
        lower, upper = (joint.lower, joint.upper) if follower else robot.limits[:, c]
        element = _moving_joint(root, joint.name, joint.kind, link_names[i], link_names[i + 1],
                                joint.axis, lower, upper)
        _origin(element, carry @ joint.T_parent_joint @ _offset_motion(joint), f"joint {joint.name!r}")
        element.insert(2, element[-1])  # origin right after parent and child, as usual
        if follower:
            ET.SubElement(element, "mimic", joint=robot.joint_names[c],
                          multiplier=_number(coupling.multiplier[i]), offset=_number(coupling.offset[i]))
        carry = joint.T_joint_link
    tool_joint = _joint_element(root, _unique("tool_fixed", taken), "fixed", link_names[-1], tool_name)
    _origin(tool_joint, carry @ robot.tool, "tool")
    frame_links = [elements[name] for name in link_names[:n]] + [elements[tool_name]]
    write_shapes(robot, frame_links, _origin, _vector)

    ET.indent(root, space="  ")
    return '<?xml version="1.0"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
