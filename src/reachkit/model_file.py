"""`load_model_file`: a robot from any model file reachkit reads, chosen by content.

For the command line and other callers that get a path without its format: a root
element <mujoco> is MJCF; a .xacro name or a xacro namespace in a <robot> file is xacro;
any other <robot> file is URDF. `base` and `tip` name links (URDF, xacro) or bodies
(MJCF).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import ModelError
from .robot import Robot

_ROOT = re.compile(rb"<\s*([A-Za-z_][\w:.-]*)")


def model_format(path: str | os.PathLike[str]) -> str:
    """"urdf", "xacro" or "mjcf" for the file at `path` (ModelError when it is neither)."""
    file = Path(path)
    if not file.is_file():
        raise ModelError(f"no model file at {str(file)!r}")
    head = file.read_bytes()[:65536]
    for match in _ROOT.finditer(head):
        tag = match.group(1).decode()
        if tag.startswith(("?", "!")):
            continue
        if tag == "mujoco":
            return "mjcf"
        if tag == "robot":
            is_xacro = file.name.endswith(".xacro") or b"ros.org/wiki/xacro" in head
            return "xacro" if is_xacro else "urdf"
        break
    raise ModelError(f"{str(file)!r} is neither URDF, xacro nor MJCF (its root element must be "
                     "<robot> or <mujoco>)")


def load_model_file(path: str | os.PathLike[str], base: str | None = None,
                    tip: str | None = None) -> Robot:
    """Robot.from_urdf / from_xacro / from_mjcf, by the file's content (see module notes)."""
    kind = model_format(path)
    if kind == "mjcf":
        return Robot.from_mjcf(str(path), base_body=base, tip_body=tip)
    if kind == "xacro":
        return Robot.from_xacro(str(path), base_link=base, tip_link=tip)
    return Robot.from_urdf(str(path), base_link=base, tip_link=tip)
