"""A `Robot` from an MJCF file: the chain of hinge and slide joints between two bodies."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import numpy as np

from ..errors import ModelError, NotSupportedError
from ..geometry import LazyGeometry
from .chain import chain_mimics, fold_bodies, select_bodies
from .compile import compile_mjcf
from .shapes import mjcf_geometry

if TYPE_CHECKING:
    from ..robot import Robot


def robot_from_mjcf(source: str | os.PathLike[str], base_body: str | None = None,
                    tip_body: str | None = None) -> Robot:
    """A Robot from an MJCF file path (or its XML text): the chain from `base_body`
    (default: the world body) to `tip_body` (default: the single leaf body reached
    through the most hinge and slide joints).

    The robot's world frame is the base body frame and `robot.fk(q)` the pose of the
    tip body frame in it; q holds the joints' qpos values (radians for hinges, metres
    for slides, whatever the file's angle unit), limits are their ranges. Raises
    ModelError for a file MuJoCo cannot compile or a bad chain choice,
    NotSupportedError for ball and free joints on the chain or a missing mujoco package.
    `robot.geometry` holds the geoms of the chain's bodies (see `mjcf.shapes`). An active
    linear joint equality (<equality><joint joint1 joint2 polycoef>) on a chain joint
    makes it a mimic joint of joint2 (see `reachkit.coupling`).
    """
    from ..robot import Robot

    label = None if isinstance(source, str) and source.lstrip().startswith("<") else str(source)
    try:
        model = compile_mjcf(source)
        path = select_bodies(model, base_body=base_body, tip_body=tip_body)
        joints, base, tool = fold_bodies(model, path)
        mimic = chain_mimics(model, joints)
        plain = Robot(joints, name=model.name, base=base, tool=tool)  # frames for the geometry
        base_index = model.bodies[path[0]].parent
        q_ref = np.array([-j.offset for j in joints])  # qpos0: the bodies as modelled
        geometry = LazyGeometry(lambda: mjcf_geometry(model, base_index, path, plain.frames(q_ref), q_ref))
        return Robot(joints, name=model.name, base=base, tool=tool, geometry=geometry, mimic=mimic)
    except (ModelError, NotSupportedError) as exc:
        if label is None or label in str(exc):
            raise
        raise type(exc)(f"{label}: {exc}") from exc
