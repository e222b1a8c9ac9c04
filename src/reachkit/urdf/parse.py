"""URDF XML to plain link and joint records (no tree logic here).

Only the kinematic part of a URDF is read here: `<link name>` and, per `<joint>`, its
name, type, parent and child links, `<origin xyz rpy>`, `<axis xyz>`, `<limit lower
upper>` and `<mimic>`. Visual and collision shapes are read from the kept XML tree on
first use of `robot.geometry` (`urdf.shapes`); inertial, transmission and gazebo
elements are never looked at.

Spec defaults followed here (https://wiki.ros.org/urdf/XML/joint):
- a missing `<origin>` (or a missing xyz / rpy attribute) is zero;
- a missing `<axis>` element means the axis (1, 0, 0); an `<axis>` element without an
  `xyz` attribute, or with a zero vector, is an error (urdfdom would silently read a zero
  axis there); any other axis is normalised;
- in a `<limit>` element a missing `lower` or `upper` is 0; `continuous` joints ignore
  the limits. A revolute or prismatic joint without `<limit>` (which the spec requires)
  is read as unlimited rather than refused;
- a limit at or beyond +-1e300 is read as unlimited: `robot.to_urdf()` writes unlimited
  sides that way, because URDF has no "inf" that urdfdom-based tools accept.
"""

from __future__ import annotations

import math
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError
from ..joint import AXIS_EPSILON, unit_vector
from .origin import numbers, origin_numbers, origins_to_transforms

Array = NDArray[np.float64]

JOINT_TYPES = ("revolute", "continuous", "prismatic", "fixed", "floating", "planar")
UNLIMITED = 1.0e300
_XACRO_NAMESPACES = ("{http://www.ros.org/wiki/xacro}", "{http://ros.org/wiki/xacro}")


@dataclass(frozen=True, eq=False)
class UrdfJoint:
    """One `<joint>` of a URDF.

    T_parent_child (4, 4): the origin, pose of the joint frame in the parent link frame
    (the child link frame equals the joint frame at q = 0). axis (3,): unit vector in the
    joint frame, (1, 0, 0) when omitted; meaningless for fixed joints. lower, upper:
    radians or metres, -inf / inf where unlimited. mimic: name of the mimicked joint,
    which drives this one as q = multiplier * q_mimic + offset (URDF defaults 1 and 0).
    """

    name: str
    kind: str
    parent: str
    child: str
    T_parent_child: Array
    axis: Array
    lower: float
    upper: float
    mimic: str | None = None
    multiplier: float = 1.0
    offset: float = 0.0

    @property
    def movable(self) -> bool:
        """True for every type but "fixed"."""
        return self.kind != "fixed"


@dataclass(frozen=True, eq=False)
class UrdfModel:
    """The kinematic content of a URDF: the robot name, link names in file order and
    joints in file order; `root` keeps the XML for the shapes, read later if at all."""

    name: str
    links: tuple[str, ...]
    joints: tuple[UrdfJoint, ...]
    root: ET.Element | None = None  # the parsed XML, for shapes read on first use


def read_source(source: str | os.PathLike[str] | bytes) -> str | bytes:
    """The XML of `source`: a file path (str or path-like), or the XML text itself (a str
    or bytes whose first non-blank character is '<')."""
    if isinstance(source, bytes):
        return source
    if isinstance(source, str) and source.lstrip("\ufeff \t\r\n").startswith("<"):
        return source
    if not isinstance(source, (str, os.PathLike)):
        raise ModelError(f"a URDF source must be a file path or XML text, got {type(source).__name__}")
    path = Path(source)
    if not path.is_file():
        raise ModelError(f"no URDF file at {str(path)!r} (pass a path to a .urdf file or the XML text)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ModelError(f"cannot read the URDF file {str(path)!r}: {exc}") from exc


def strip_leading_blank(text: str | bytes) -> str | bytes:
    """`text` without a byte-order mark and blank lines before its first '<': an XML
    declaration must open the document, but inline triple-quoted URDF strings usually
    start with a newline (Pinocchio and urdfdom accept that, so reachkit does too)."""
    if isinstance(text, bytes):
        return text.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    return text.lstrip("\ufeff \t\r\n")


def _parse_xml(text: str | bytes) -> ET.Element:
    try:
        root = ET.fromstring(strip_leading_blank(text))
    except ET.ParseError as exc:
        hint = ""
        if "unbound prefix" in str(exc):
            hint = " (an undeclared namespace prefix such as 'xacro:'; expand xacro files first)"
        raise ModelError(f"malformed URDF XML: {exc}{hint}") from exc
    if root.tag != "robot":
        raise ModelError(f"a URDF's root element must be <robot>, got <{root.tag}>")
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith(_XACRO_NAMESPACES):
            tag = element.tag.split("}", 1)[1]
            raise ModelError(
                f"the URDF contains the xacro element <xacro:{tag}>; expand it first "
                "(for example `xacro robot.urdf.xacro > robot.urdf`)"
            )
    return root


def _axis(element: ET.Element, where: str) -> Array:
    axis = element.find("axis")
    if axis is None:
        return np.array([1.0, 0.0, 0.0])
    text = axis.get("xyz")
    if text is None:
        raise ModelError(
            f"{where}: <axis> has no xyz attribute; write for example <axis xyz=\"0 0 1\"/> "
            "(or leave out the <axis> element for the URDF default 1 0 0)"
        )
    vector = unit_vector(np.array(numbers(text, 3, f"{where}: <axis> xyz")))
    if vector is None:
        raise ModelError(f"{where}: <axis> xyz is the zero vector {text!r} (no component reaches "
                         f"{AXIS_EPSILON:g}); a joint axis needs a direction")
    return vector


def _limit_value(limit: ET.Element, key: str, where: str) -> float:
    text = limit.get(key)
    if text is None:
        return 0.0
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if math.isnan(value):
        raise ModelError(f"{where}: <limit> {key} must be a number, got {text!r}")
    if value >= UNLIMITED:
        return math.inf
    if value <= -UNLIMITED:
        return -math.inf
    return value


def _limits(element: ET.Element, kind: str, where: str) -> tuple[float, float]:
    limit = element.find("limit")
    if kind not in ("revolute", "prismatic") or limit is None:
        return -math.inf, math.inf
    lower = _limit_value(limit, "lower", where)
    upper = _limit_value(limit, "upper", where)
    if lower > upper:
        raise ModelError(f"{where}: <limit> lower {lower} is above upper {upper}")
    return lower, upper


def _link_of(element: ET.Element, tag: str, where: str, links: set[str]) -> str:
    node = element.find(tag)
    name = None if node is None else node.get("link")
    if not name:
        raise ModelError(f"{where}: needs a <{tag} link=\"...\"/> element")
    if name not in links:
        raise ModelError(
            f"{where}: {tag} link {name!r} is not declared; add <link name=\"{name}\"/> "
            f"or fix the name (declared links: {', '.join(sorted(links))})"
        )
    return name


def _joint(element: ET.Element, index: int, links: set[str], T_parent_child: Array) -> UrdfJoint:
    name = element.get("name")
    if not name:
        raise ModelError(f"<joint> number {index + 1} in the file has no name attribute")
    kind = element.get("type")
    where = f"joint {name!r}"
    if kind is None:
        raise ModelError(f"{where}: has no type attribute (one of {', '.join(JOINT_TYPES)})")
    if kind not in JOINT_TYPES:
        raise ModelError(f"{where}: type must be one of {', '.join(JOINT_TYPES)}, got {kind!r}")
    parent = _link_of(element, "parent", where, links)
    child = _link_of(element, "child", where, links)
    if parent == child:
        raise ModelError(f"{where}: parent and child are the same link {parent!r} (a cycle)")
    needs_axis = kind in ("revolute", "continuous", "prismatic", "planar")
    axis = _axis(element, where) if needs_axis else np.array([1.0, 0.0, 0.0])
    mimic = element.find("mimic")
    mimic_name, multiplier, offset = None, 1.0, 0.0
    if mimic is not None:
        mimic_name = mimic.get("joint")
        if not mimic_name:
            raise ModelError(f"{where}: <mimic> needs a joint attribute naming the joint it follows")
        multiplier = numbers(mimic.get("multiplier"), 1, f"{where}: <mimic> multiplier", default=1.0)[0]
        offset = numbers(mimic.get("offset"), 1, f"{where}: <mimic> offset")[0]
    lower, upper = _limits(element, kind, where)
    return UrdfJoint(name=name, kind=kind, parent=parent, child=child,
                     T_parent_child=T_parent_child, axis=axis, lower=lower, upper=upper,
                     mimic=mimic_name, multiplier=multiplier, offset=offset)


def parse_urdf(source: str | os.PathLike[str] | bytes) -> UrdfModel:
    """Read the links and joints of a URDF (file path or XML text).

    Raises ModelError, naming the element at fault, for malformed XML, a root that is
    not <robot>, unnamed or duplicate links and joints, a joint naming an undeclared
    link, an unknown joint type, bad numbers, a zero or attribute-less axis and
    inverted limits. Tree structure (cycles, roots) is checked by `urdf.tree`.
    """
    root = _parse_xml(read_source(source))
    links: list[str] = []
    link_set: set[str] = set()
    for i, link in enumerate(root.findall("link")):
        name = link.get("name")
        if not name:
            raise ModelError(f"<link> number {i + 1} in the file has no name attribute")
        if name in link_set:
            raise ModelError(f"link {name!r} is declared twice")
        links.append(name)
        link_set.add(name)
    if not links:
        raise ModelError("the URDF declares no <link> elements")
    elements = root.findall("joint")
    origins = origins_to_transforms(np.array([
        origin_numbers(e, f"joint {e.get('name')!r}" if e.get("name") else f"<joint> number {i + 1}")
        for i, e in enumerate(elements)]))
    joints: list[UrdfJoint] = []
    seen: set[str] = set()
    for i, element in enumerate(elements):
        joint = _joint(element, i, link_set, origins[i])
        if joint.name in seen:
            raise ModelError(f"joint {joint.name!r} is declared twice")
        seen.add(joint.name)
        joints.append(joint)
    return UrdfModel(name=root.get("name") or "robot", links=tuple(links), joints=tuple(joints),
                     root=root)
