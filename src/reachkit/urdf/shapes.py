"""`<visual>` and `<collision>` elements of URDF links, read into `geometry.Shape`s.

Read on first use of `robot.geometry`, never during kinematic loading. Each element
needs exactly one `<geometry>` child holding one of box, cylinder, sphere, capsule or
mesh; bad sizes raise a ModelError that names the link and the element.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..errors import ModelError
from ..geometry import Shape
from .origin import numbers, origin_numbers, origins_to_transforms
from .packages import resolve_mesh

_SIZES = {"box": ("size",), "cylinder": ("radius", "length"), "sphere": ("radius",),
          "capsule": ("radius", "length")}


def _primitive(node: ET.Element, where: str) -> tuple[float, ...]:
    values: list[float] = []
    for key in _SIZES[node.tag]:
        count = 3 if key == "size" else 1
        text = node.get(key)
        if text is None:
            raise ModelError(f"{where}: <{node.tag}> needs a {key} attribute")
        values += numbers(text, count, f"{where}: <{node.tag}> {key}")
    if any(v < 0.0 for v in values):
        raise ModelError(f"{where}: <{node.tag}> sizes must not be negative, got {values}")
    return tuple(values)


def _material(element: ET.Element, where: str, colours: dict[str, tuple[float, ...]]
              ) -> tuple[str | None, tuple[float, float, float, float] | None]:
    material = element.find("material")
    if material is None:
        return None, None
    name = material.get("name")
    colour = material.find("color")
    if colour is not None and colour.get("rgba") is not None:
        r, g, b, a = numbers(colour.get("rgba"), 4, f"{where}: <color> rgba")
        return name, (r, g, b, a)
    rgba = colours.get(name) if name else None
    return name, None if rgba is None else (rgba[0], rgba[1], rgba[2], rgba[3])


def _shape(element: ET.Element, link: str, index: int, package_dirs: list[Path],
           folder: Path | None, colours: dict[str, tuple[float, ...]]) -> Shape:
    role = element.tag
    where = f"link {link!r}: <{role}> number {index + 1}"
    holder = element.find("geometry")
    kinds = [] if holder is None else [c for c in holder if isinstance(c.tag, str)]
    if len(kinds) != 1:
        raise ModelError(f"{where}: needs one <geometry> holding one of box, cylinder, sphere, "
                         f"capsule or mesh, got {[c.tag for c in kinds] or 'none'}")
    node = kinds[0]
    T = origins_to_transforms([origin_numbers(element, where)])[0]
    material, rgba = _material(element, where, colours) if role == "visual" else (None, None)
    common = {"link": link, "role": role, "T_link_shape": T, "name": element.get("name"),
              "material": material, "rgba": rgba}
    if node.tag in _SIZES:
        return Shape(kind=node.tag, params=_primitive(node, where), **common)
    if node.tag != "mesh":
        raise ModelError(f"{where}: unknown geometry <{node.tag}>; use box, cylinder, sphere, "
                         "capsule or mesh")
    uri = node.get("filename")
    if not uri:
        raise ModelError(f"{where}: <mesh> needs a filename attribute")
    scale = tuple(numbers(node.get("scale"), 3, f"{where}: <mesh> scale", default=1.0))
    path = resolve_mesh(uri, package_dirs, folder)
    if path is None and package_dirs:
        raise ModelError(f"{where}: mesh {uri!r} is in no package directory given "
                         f"(package_dirs: {', '.join(map(str, package_dirs))})")
    return Shape(kind="mesh", params=scale, mesh=path, uri=uri, **common)


def link_shapes(element: ET.Element, package_dirs: list[Path], folder: Path | None,
                colours: dict[str, tuple[float, ...]]) -> list[Shape]:
    """Visual then collision shapes of one `<link>` element, each in file order."""
    link = element.get("name") or "?"
    shapes = []
    for role in ("visual", "collision"):
        for i, child in enumerate(element.findall(role)):
            shapes.append(_shape(child, link, i, package_dirs, folder, colours))
    return shapes


def material_colours(root: ET.Element) -> dict[str, tuple[float, ...]]:
    """Colours of the top-level `<material name><color rgba/></material>` elements."""
    colours = {}
    for material in root.findall("material"):
        colour = material.find("color")
        name = material.get("name")
        if name and colour is not None and colour.get("rgba") is not None:
            colours[name] = tuple(numbers(colour.get("rgba"), 4, f"material {name!r}: <color> rgba"))
    return colours
