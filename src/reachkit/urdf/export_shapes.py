"""Visual and collision shapes written into the links of an exported URDF.

The exported links are the robot frames' own (see `urdf.export`): `link0` is frame 0,
`link<k>` is frame k before the joint's constant T_joint_link, `tool` is frame dof. A
shape placed in frame k is written with its pose in that link.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..geometry import Shape

if TYPE_CHECKING:
    from ..robot import Robot

OriginWriter = Callable[[ET.Element, np.ndarray, str], None]
NumberWriter = Callable[[Sequence[float]], str]


def _geometry_element(parent: ET.Element, shape: Shape, vector: NumberWriter) -> None:
    geometry = ET.SubElement(parent, "geometry")
    p = shape.params
    if shape.kind == "box":
        ET.SubElement(geometry, "box", size=vector(p))
    elif shape.kind in ("cylinder", "capsule"):
        ET.SubElement(geometry, shape.kind, radius=vector(p[:1]), length=vector(p[1:2]))
    elif shape.kind == "sphere":
        ET.SubElement(geometry, "sphere", radius=vector(p[:1]))
    else:
        ET.SubElement(geometry, "mesh", filename=shape.mesh or shape.uri or "", scale=vector(p))


def write_shapes(robot: Robot, frame_links: Sequence[ET.Element], origin: OriginWriter,
                 vector: NumberWriter) -> None:
    """Append every shape of `robot.geometry` to frame_links[k] (k = its frame): visual
    shapes first, then collision ones, each in the geometry's order."""
    placed = list(robot.geometry.placed())
    for role in ("visual", "collision"):
        for index, (shape, k, T_frame_shape) in enumerate(placed):
            if shape.role != role:
                continue
            T = T_frame_shape
            if 0 < k < len(robot.joints):  # link<k> is frame k before T_joint_link
                T = robot.joints[k - 1].T_joint_link @ T_frame_shape
            element = ET.SubElement(frame_links[k], role)
            if shape.name:
                element.set("name", shape.name)
            origin(element, T, f"{role} shape of link {shape.link!r}")
            _geometry_element(element, shape, vector)
            if role == "visual" and shape.rgba is not None:
                material = ET.SubElement(element, "material", name=shape.material or f"colour_{index}")
                ET.SubElement(material, "color", rgba=vector(shape.rgba))
