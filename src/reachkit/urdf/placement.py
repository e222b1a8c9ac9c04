"""Where each link of a URDF chain sits on the robot: link -> (frame, T_frame_link).

`frame` indexes `robot.frames(q)`: 0 is the base frame (the first movable joint's parent
link), i the child link of the i-th movable joint, dof that link with the tool applied.
Links fixed to a chain link (through fixed joints only, such as a camera on the flange)
sit in the same frame; links that move on joints outside the chain are left out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from ..spatial import inverse
from .parse import UrdfJoint
from .tree import Tree

Array = NDArray[np.float64]


def link_placements(tree: Tree, base_link: str, path: Sequence[UrdfJoint], base: Array,
                    tool: Array) -> dict[str, tuple[int, Array]]:
    """link -> (frame index, T_frame_link (4, 4)) for the chain `path` from `base_link`,
    whose robot has base transform `base` and tool transform `tool` (see module notes)."""
    on_path = {joint.name for joint in path}
    raw: dict[str, tuple[int, Array]] = {}  # frame 0 = base_link, frame dof = last link

    def attach(link: str, frame: int, T: Array) -> None:
        stack = [(link, T)]
        while stack:
            name, T_frame_link = stack.pop()
            raw[name] = (frame, T_frame_link)
            for joint in reversed(tree.child_joints[name]):
                if not joint.movable and joint.name not in on_path:
                    stack.append((joint.child, T_frame_link @ joint.T_parent_child))

    frame, T = 0, np.eye(4)
    attach(base_link, frame, T)
    for joint in path:
        if joint.movable:
            frame, T = frame + 1, np.eye(4)
        else:
            T = T @ joint.T_parent_child
        attach(joint.child, frame, T)
    dof = frame
    base_inverse, tool_inverse = inverse(base), inverse(tool)
    placements = {}
    for link, (k, T_raw) in raw.items():
        if k == 0:
            T_raw = base_inverse @ T_raw
        elif k == dof:
            T_raw = tool_inverse @ T_raw
        placements[link] = (k, T_raw)
    return placements
