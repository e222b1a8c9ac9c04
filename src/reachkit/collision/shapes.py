"""Scene obstacles: spheres, capsules, oriented boxes, half-spaces and point clouds, in
the world frame, metres. Each checks its input once and is immutable."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import ReachkitError
from ..validate import is_real

Array = NDArray[np.float64]


class SceneError(ReachkitError, ValueError):
    """An obstacle or scene description makes no sense: NaN, a negative radius, an empty
    point cloud, an unreadable scene file."""


def _vector(value: ArrayLike, size: int, label: str) -> Array:
    try:
        v = np.array(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise SceneError(f"{label} must be {size} finite numbers (m), got {value!r}") from exc
    if v.shape != (size,) or not np.all(np.isfinite(v)):
        raise SceneError(f"{label} must be {size} finite numbers (m), got {value!r}")
    v.setflags(write=False)
    return v


def _length(value: Any, label: str, positive: bool = False) -> float:
    if not is_real(value) or not math.isfinite(value) or value < 0 or (positive and value == 0):
        need = "a positive" if positive else "a non-negative"
        raise SceneError(f"{label} must be {need} finite number of metres, got {value!r}")
    return float(value)


@dataclass(frozen=True, eq=False)
class Sphere:
    """A ball: centre (3,) and radius (m), world frame."""

    center: Any
    radius: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "center", _vector(self.center, 3, "Sphere center"))
        object.__setattr__(self, "radius", _length(self.radius, "Sphere radius"))


@dataclass(frozen=True, eq=False)
class Capsule:
    """All points within `radius` (m) of the segment [p0, p1] (each (3,), world frame)."""

    p0: Any
    p1: Any
    radius: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "p0", _vector(self.p0, 3, "Capsule p0"))
        object.__setattr__(self, "p1", _vector(self.p1, 3, "Capsule p1"))
        object.__setattr__(self, "radius", _length(self.radius, "Capsule radius"))


@dataclass(frozen=True, eq=False)
class Box:
    """An oriented box: T_world_box (4, 4) places its centre and axes, size (3,) its full
    edge lengths (m) along the box's x, y, z."""

    T_world_box: Any
    size: Any

    def __post_init__(self) -> None:
        from ..errors import TargetError
        from ..validate import rigid

        try:
            T = rigid(self.T_world_box, "Box T_world_box")
        except TargetError as exc:
            raise SceneError(str(exc)) from exc
        T.setflags(write=False)
        size = _vector(self.size, 3, "Box size")
        if np.any(size < 0):
            raise SceneError(f"Box size must be non-negative edge lengths (m), got {self.size!r}")
        object.__setattr__(self, "T_world_box", T)
        object.__setattr__(self, "size", size)


@dataclass(frozen=True, eq=False)
class HalfSpace:
    """Everything on the far side of a plane: solid where normal . x <= offset, with normal
    (3,) (normalised here) pointing into free space. HalfSpace([0, 0, 1], 0.0) is a floor
    (or table top) at z = 0."""

    normal: Any
    offset: float

    def __post_init__(self) -> None:
        n = _vector(self.normal, 3, "HalfSpace normal")
        norm = float(np.linalg.norm(n))
        if norm == 0.0:
            raise SceneError("HalfSpace normal must not be zero")
        n = n / norm
        n.setflags(write=False)
        if not is_real(self.offset) or not math.isfinite(self.offset):
            raise SceneError(f"HalfSpace offset must be a finite number (m), got {self.offset!r}")
        object.__setattr__(self, "normal", n)
        object.__setattr__(self, "offset", float(self.offset))


@dataclass(frozen=True, eq=False)
class PointCloud:
    """Points (N, 3) (world frame, m), each a ball of `radius` (m; 0 for bare points).
    Indexed by a uniform grid when the scene is packed, so a query reads only nearby
    points."""

    points: Any
    radius: float = 0.0

    def __post_init__(self) -> None:
        try:
            P = np.array(self.points, dtype=float)
        except (TypeError, ValueError) as exc:
            raise SceneError("PointCloud points must be an (N, 3) array of numbers (m)") from exc
        if P.ndim != 2 or P.shape[1] != 3:
            raise SceneError(f"PointCloud points must be an (N, 3) array, got shape {P.shape}")
        if P.shape[0] == 0:
            raise SceneError("PointCloud is empty: give at least one point (or leave it out)")
        if not np.all(np.isfinite(P)):
            raise SceneError("PointCloud points must be finite (found NaN or inf)")
        P.setflags(write=False)
        object.__setattr__(self, "points", P)
        object.__setattr__(self, "radius", _length(self.radius, "PointCloud radius"))


Obstacle = Sphere | Capsule | Box | HalfSpace | PointCloud
OBSTACLE_TYPES = (Sphere, Capsule, Box, HalfSpace, PointCloud)
