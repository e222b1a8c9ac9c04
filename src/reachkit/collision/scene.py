"""`Scene`: the obstacles around a robot (world frame), packed once for the kernels, and
read from a small JSON or YAML file.

File format (JSON always; YAML when PyYAML is installed), lengths in metres:

    {"obstacles": [
      {"type": "sphere", "center": [x, y, z], "radius": r},
      {"type": "capsule", "p0": [x, y, z], "p1": [x, y, z], "radius": r},
      {"type": "box", "size": [sx, sy, sz], "center": [x, y, z], "rpy": [r, p, y]},
      {"type": "box", "size": [sx, sy, sz], "pose": [[4 x 4]]},
      {"type": "halfspace", "normal": [nx, ny, nz], "offset": d},
      {"type": "pointcloud", "points": [[x, y, z], ...], "radius": r},
      {"type": "pointcloud", "file": "cloud.npy", "radius": r}]}

rpy: roll, pitch, yaw about fixed x, y, z (radians, URDF's convention); a point cloud
file is an .npy (N, 3) array, or text with three numbers a line, relative to the scene
file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .grid import build_grid
from .kernels import layout as L
from .shapes import OBSTACLE_TYPES, Box, Capsule, HalfSpace, Obstacle, PointCloud, SceneError, Sphere

Array = NDArray[np.float64]


class Scene:
    """Obstacles in the world frame: rk.Scene([rk.Sphere(...), rk.Box(...), ...])."""

    __slots__ = ("_obstacles", "_packed")

    def __init__(self, obstacles: Iterable[Obstacle] = ()) -> None:
        if isinstance(obstacles, OBSTACLE_TYPES):
            obstacles = [obstacles]
        try:
            items = tuple(obstacles)
        except TypeError as exc:
            raise SceneError(f"Scene takes a list of obstacles, got {type(obstacles).__name__}") from exc
        for i, o in enumerate(items):
            if not isinstance(o, OBSTACLE_TYPES):
                raise SceneError(f"obstacle {i} is a {type(o).__name__}; use rk.Sphere, rk.Capsule, "
                                 "rk.Box, rk.HalfSpace or rk.PointCloud")
        self._obstacles = items
        self._packed: tuple[Array, Array, Array, Array] | None = None

    @property
    def obstacles(self) -> tuple[Obstacle, ...]:
        return self._obstacles

    def __len__(self) -> int:
        return len(self._obstacles)

    def __repr__(self) -> str:
        kinds = [type(o).__name__ for o in self._obstacles]
        return f"Scene({len(kinds)} obstacles: {', '.join(kinds)})"

    def packed(self) -> tuple[Array, Array, Array, Array]:
        """(obstacles (M, 24), clouds (C, 8), points (Np, 3), cells (Nc,)), the scene part
        of the packed layout (`kernels.layout`), computed once."""
        if self._packed is None:
            self._packed = _pack(self._obstacles)
        return self._packed

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Scene:
        """A scene from a .json, .yaml or .yml file (format in the module docstring)."""
        from .scene_file import read_scene

        return read_scene(Path(path))


def _row(kind: int, radius: float, center: Array, bound: float) -> Array:
    row = np.zeros(L.OBSTACLE_FIELDS)
    row[L.O_KIND], row[L.O_RADIUS] = kind, radius
    row[L.O_BC:L.O_BC + 3], row[L.O_BR] = center, bound
    return row


def _pack(obstacles: tuple[Obstacle, ...]) -> tuple[Array, Array, Array, Array]:
    rows, clouds, points, cells = [], [], [], []
    n_points = n_cells = 0
    for o in obstacles:
        if isinstance(o, Sphere):
            row = _row(L.SEGMENT, o.radius, o.center, o.radius)
            row[L.O_P0:L.O_P0 + 3] = row[L.O_P1:L.O_P1 + 3] = o.center
        elif isinstance(o, Capsule):
            mid = 0.5 * (o.p0 + o.p1)
            row = _row(L.SEGMENT, o.radius, mid, 0.5 * float(np.linalg.norm(o.p1 - o.p0)) + o.radius)
            row[L.O_P0:L.O_P0 + 3], row[L.O_P1:L.O_P1 + 3] = o.p0, o.p1
        elif isinstance(o, Box):
            half = 0.5 * o.size
            row = _row(L.BOX, 0.0, o.T_world_box[:3, 3], float(np.linalg.norm(half)))
            row[L.O_P0:L.O_P0 + 3] = o.T_world_box[:3, 3]
            row[L.O_R:L.O_R + 9] = o.T_world_box[:3, :3].ravel()
            row[L.O_HALF:L.O_HALF + 3] = half
        elif isinstance(o, HalfSpace):
            row = _row(L.HALF_SPACE, 0.0, np.zeros(3), np.inf)
            row[L.O_P0:L.O_P0 + 3], row[L.O_P1] = o.normal, o.offset
        else:
            sorted_points, starts, counts, size, origin = build_grid(o.points, o.radius)
            low, high = o.points.min(axis=0), o.points.max(axis=0)
            row = _row(L.CLOUD, o.radius, 0.5 * (low + high),
                       0.5 * float(np.linalg.norm(high - low)) + o.radius)
            row[L.O_P0], row[L.O_P1:L.O_P1 + 3] = len(clouds), origin
            clouds.append([n_points, len(sorted_points), n_cells, *counts, size, 0.0])
            points.append(sorted_points)
            cells.append(starts)
            n_points += len(sorted_points)
            n_cells += len(starts)
        rows.append(row)
    out = (np.array(rows, dtype=float).reshape(-1, L.OBSTACLE_FIELDS),
           np.array(clouds, dtype=float).reshape(-1, L.CLOUD_FIELDS),
           np.concatenate(points) if points else np.zeros((0, 3)),
           np.concatenate(cells) if cells else np.zeros(0))
    for a in out:
        a.setflags(write=False)
    return out


def as_scene(scene: Any) -> Scene | None:
    """None, a Scene, one obstacle or a list of obstacles -> Scene or None."""
    if scene is None or isinstance(scene, Scene):
        return scene
    if isinstance(scene, (str, os.PathLike)):
        return Scene.from_file(scene)
    return Scene(scene)


__all__ = ["Box", "Capsule", "HalfSpace", "PointCloud", "Scene", "SceneError", "Sphere", "as_scene"]
