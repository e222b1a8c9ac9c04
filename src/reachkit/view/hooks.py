"""What the viewer draws besides the arm, from objects other parts of reachkit build:
a collision scene, a reachability map and a path. Each is read by duck typing (the
attributes the API contract names), so the viewer works before and after those parts
exist; None draws nothing.

- scene: an iterable of shapes (or an object with `.shapes` / `.objects`): `Sphere`
  (center, radius), `Capsule` (p0, p1, radius), `Box` (T or T_world_box, size),
  `HalfSpace` (normal, offset), `PointCloud` (points, radius).
- reachability: `.index` (nx, ny, nz) in [0, 1] and `.centers` (nx, ny, nz, 3).
- path: `.q` (N, dof) (a `PathResult`) or an (N, dof) array.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import ReachkitError
from ..spatial import matrix_to_quaternion
from .meshes import box, capsule, sphere
from .parts import z_to

SCENE_COLOUR = (150, 150, 160)


def _field(obj: Any, *names: str) -> Any:
    for name in names:
        if hasattr(obj, name):
            return getattr(obj, name)
    raise ReachkitError(f"the viewer cannot draw a {type(obj).__name__}: it has none of {names}")


def scene_shapes(scene: Any) -> list[Any]:
    """The shapes of a scene: its .shapes or .objects, or the scene itself if iterable."""
    for name in ("shapes", "objects", "obstacles"):
        if hasattr(scene, name):
            return list(getattr(scene, name))
    try:
        return list(scene)
    except TypeError:
        raise ReachkitError(f"scene must be a reachkit Scene or a list of shapes, got "
                            f"{type(scene).__name__}") from None


def draw_scene(scene_api: Any, scene: Any, scale: float) -> list[Any]:
    """Add every shape of `scene` under /scene; returns the handles."""
    handles = []
    for k, shape in enumerate(scene_shapes(scene)):
        handles.append(_draw_shape(scene_api, f"/scene/{k}", shape, scale))
    return handles


def _draw_shape(api: Any, name: str, shape: Any, scale: float) -> Any:
    kind = type(shape).__name__.lower()
    if kind == "sphere":
        v, f = sphere(float(_field(shape, "radius")))
        return api.add_mesh_simple(name, v, f, color=SCENE_COLOUR, position=_vec(_field(shape, "center", "centre")))
    if kind == "capsule":
        p0, p1 = _vec(_field(shape, "p0", "a")), _vec(_field(shape, "p1", "b"))
        length = float(np.linalg.norm(p1 - p0))
        v, f = capsule(float(_field(shape, "radius")), length)
        direction = (p1 - p0) / max(length, 1e-12)
        return api.add_mesh_simple(name, v, f, color=SCENE_COLOUR, position=(p0 + p1) / 2,
                                   wxyz=z_to(direction[None])[0])
    if kind == "box":
        T = np.asarray(_field(shape, "T_world_box", "T", "pose"), float)
        v, f = box(tuple(np.asarray(_field(shape, "size"), float)))
        return api.add_mesh_simple(name, v, f, color=SCENE_COLOUR, position=T[:3, 3],
                                   wxyz=matrix_to_quaternion(T[:3, :3]))
    if kind == "halfspace":
        normal = _vec(_field(shape, "normal"))
        normal /= np.linalg.norm(normal)
        offset = float(_field(shape, "offset"))
        v, f = box((4 * scale, 4 * scale, 0.002 * scale))
        return api.add_mesh_simple(name, v, f, color=SCENE_COLOUR, opacity=0.4,
                                   position=normal * offset, wxyz=z_to(normal[None])[0])
    if kind == "pointcloud":
        points = np.asarray(_field(shape, "points"), np.float32).reshape(-1, 3)
        radius = float(getattr(shape, "radius", 0.005 * scale))
        return api.add_point_cloud(name, points, colors=SCENE_COLOUR, point_size=2 * radius)
    raise ReachkitError(f"the viewer cannot draw a {type(shape).__name__} (sphere, capsule, box, "
                        "half-space and point cloud are drawn)")


def _vec(value: Any) -> NDArray[np.float64]:
    return np.asarray(value, dtype=float).reshape(3).copy()


def draw_reachability(api: Any, rmap: Any, scale: float) -> Any:
    """The cells of a reachability map with index > 0 as points, blue (low) to red (high)."""
    index = np.asarray(_field(rmap, "index"), float)
    centers = np.asarray(_field(rmap, "centers"), float).reshape(-1, 3)
    values = index.reshape(-1)
    keep = values > 0
    colours = reach_colours(values[keep])
    size = float(getattr(rmap, "resolution", 0.02 * scale))
    return api.add_point_cloud("/reachability", centers[keep].astype(np.float32), colors=colours,
                               point_size=0.5 * size)


def reach_colours(values: NDArray[np.float64]) -> NDArray[np.uint8]:
    """(n, 3) colours from blue (0) through green to red (1)."""
    v = np.clip(values, 0.0, 1.0)[:, None]
    low, mid, high = np.array([40, 80, 220]), np.array([60, 200, 90]), np.array([230, 50, 40])
    colour = np.where(v < 0.5, low + (mid - low) * (2 * v), mid + (high - mid) * (2 * v - 1))
    return colour.astype(np.uint8)


def path_configurations(path: Any, dof: int) -> NDArray[np.float64]:
    """(N, dof) configurations of a path: its .q, or the array itself."""
    q = np.asarray(getattr(path, "q", path), dtype=float)
    if q.ndim != 2 or q.shape[1] != dof or len(q) == 0 or not np.all(np.isfinite(q)):
        raise ReachkitError(f"path must be a PathResult or an (N, {dof}) array of finite joint "
                            f"values, got shape {q.shape}")
    if hasattr(path, "reached"):  # stop where the path stopped
        reached = np.asarray(path.reached, bool)
        if not reached.all():
            q = q[: max(int(np.argmin(reached)), 1)]
    return q
