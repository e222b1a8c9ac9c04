"""What the viewer draws of an arm, and where: the file's visual shapes on their frames,
or, without them, sticks between consecutive frame origins and a ball at each joint.

Poses come from `robot.frames(q)` (dof + 1, 4, 4); a part's world pose is
frames[part.frame] @ part.T_frame_part. Sticks are a unit cylinder along z scaled to the
distance between two frame origins, so prismatic joints stretch them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..robot import Robot
from ..spatial import matrix_to_quaternion
from .meshes import Mesh, cylinder, shape_mesh, sphere

Array = NDArray[np.float64]
MIN_STICK = 1e-6  # m: frame origins closer than this get no stick


@dataclass(frozen=True)
class Part:
    """A rigid mesh on frame `frame` of robot.frames(q) at T_frame_part (4, 4)."""

    frame: int
    T_frame_part: Array
    mesh: Mesh
    colour: tuple[int, int, int] | None = None


def arm_scale(robot: Robot) -> float:
    """A length (m) that sizes sticks, balls and the target gizmo: the arm's reach."""
    from ..ik.reach import reach_bound

    _, radius = reach_bound(robot)
    if not np.isfinite(radius) or radius <= 0:
        radius = float(np.ptp(robot.frames(np.zeros(robot.dof))[:, :3, 3], axis=0).max()) or 1.0
    return float(radius)


def file_parts(robot: Robot) -> list[Part]:
    """The visual shapes of a model file that can be meshed; [] when it has none."""
    geometry = robot.geometry
    if geometry is None:
        return []
    parts = []
    for shape, frame, T_frame_shape in geometry.placed("visual"):
        mesh = shape_mesh(shape)
        if mesh is not None:
            colour = None if shape.rgba is None else tuple(int(255 * c) for c in shape.rgba[:3])
            parts.append(Part(frame, T_frame_shape, mesh, colour))  # type: ignore[arg-type]
    return parts


def stick_mesh(radius: float) -> Mesh:
    """The unit stick: a cylinder of `radius` from z = 0 to z = 1 (scaled along z)."""
    return cylinder(radius, 1.0, centred=False)


def ball_mesh(radius: float) -> Mesh:
    return sphere(radius)


def stick_poses(frames: Array) -> tuple[Array, Array, Array]:
    """(positions (k, 3), wxyz (k, 4), lengths (k,)) of the sticks between consecutive frame
    origins of frames (n, 4, 4); a zero-length stick gets length 0 (hidden by the caller)."""
    start, end = frames[:-1, :3, 3], frames[1:, :3, 3]
    delta = end - start
    lengths = np.linalg.norm(delta, axis=1)
    direction = delta / np.maximum(lengths, MIN_STICK)[:, None]
    return start, z_to(direction), np.where(lengths < MIN_STICK, 0.0, lengths)


def z_to(direction: Array) -> Array:
    """wxyz (k, 4) of the shortest rotation taking the z axis to unit vectors (k, 3)."""
    x, y, z = direction.T
    q = np.stack([1.0 + z, -y, x, np.zeros_like(z)], axis=1)
    flipped = z < -1 + 1e-9  # pointing down -z: half a turn about x
    q[flipped] = (0.0, 1.0, 0.0, 0.0)
    return q / np.linalg.norm(q, axis=1, keepdims=True)


def world_poses(parts: list[Part], frames: Array) -> tuple[Array, Array]:
    """(positions (k, 3), wxyz (k, 4)) of parts for frames (n, 4, 4)."""
    if not parts:
        return np.empty((0, 3)), np.empty((0, 4))
    T = np.stack([frames[p.frame] @ p.T_frame_part for p in parts])
    return T[:, :3, 3], matrix_to_quaternion(T[:, :3, :3])
