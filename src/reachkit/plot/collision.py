"""Collision capsules and scene obstacles drawn into a 3-D (or planar x-y) matplotlib axes:
capsules and spheres as wireframes (link shapes grey, obstacles red), boxes as edges,
half-spaces as a square patch of their plane, point clouds as dots."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
ROBOT_COLOUR = "0.55"
OBSTACLE_COLOUR = "tab:red"


def _circle(centre: Array, u: Array, v: Array, r: float, n: int = 24) -> Array:
    a = np.linspace(0, 2 * np.pi, n)
    return centre + r * (np.outer(np.cos(a), u) + np.outer(np.sin(a), v))


def _basis(axis: Array) -> tuple[Array, Array]:
    helper = np.array([1.0, 0, 0]) if abs(axis[0]) < 0.9 else np.array([0, 1.0, 0])
    u = np.cross(axis, helper)
    u /= np.linalg.norm(u)
    return u, np.cross(axis, u)


def _draw(ax: Any, points: Array, planar: bool, colour: str, **kw: Any) -> None:
    if planar:
        ax.plot(points[:, 0], points[:, 1], color=colour, **kw)
    else:
        ax.plot(points[:, 0], points[:, 1], points[:, 2], color=colour, **kw)


def draw_capsule(ax: Any, a: Array, b: Array, r: float, planar: bool, colour: str) -> None:
    """A capsule [a, b] of radius r (a sphere when a = b): rings and side lines."""
    axis = b - a
    length = float(np.linalg.norm(axis))
    z = axis / length if length > 1e-12 else np.array([0, 0, 1.0])
    u, v = _basis(z)
    for c in (a, b):
        for p, q in ((u, v), (u, z), (v, z)):
            _draw(ax, _circle(c, p, q, r), planar, colour, lw=0.6)
    for w in (u, -u, v, -v):
        _draw(ax, np.stack([a + r * w, b + r * w]), planar, colour, lw=0.6)


def draw_box(ax: Any, T: Array, size: Array, planar: bool) -> None:
    h = 0.5 * np.asarray(size)
    corners = np.array([[x, y, z] for x in (-1, 1) for y in (-1, 1) for z in (-1, 1)]) * h
    world = corners @ T[:3, :3].T + T[:3, 3]
    for i in range(8):
        for bit in (1, 2, 4):
            if not i & bit:
                _draw(ax, world[[i, i | bit]], planar, OBSTACLE_COLOUR, lw=1.0)


def draw_scene(ax: Any, scene: Any, planar: bool, extent: float) -> None:
    """Every obstacle of a reachkit.collision.Scene."""
    from ..collision import Box, Capsule, HalfSpace, PointCloud, Sphere

    for o in scene.obstacles:
        if isinstance(o, Sphere):
            draw_capsule(ax, o.center, o.center, o.radius, planar, OBSTACLE_COLOUR)
        elif isinstance(o, Capsule):
            draw_capsule(ax, o.p0, o.p1, o.radius, planar, OBSTACLE_COLOUR)
        elif isinstance(o, Box):
            draw_box(ax, o.T_world_box, o.size, planar)
        elif isinstance(o, HalfSpace):
            u, v = _basis(o.normal)
            c = o.normal * o.offset
            square = np.array([c + extent * (su * u + sv * v)
                               for su, sv in ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1))])
            _draw(ax, square, planar, OBSTACLE_COLOUR, lw=1.0, ls="--")
        elif isinstance(o, PointCloud):
            P = o.points[:: max(1, len(o.points) // 2000)]
            if planar:
                ax.plot(P[:, 0], P[:, 1], ".", color=OBSTACLE_COLOUR, ms=1)
            else:
                ax.plot(P[:, 0], P[:, 1], P[:, 2], ".", color=OBSTACLE_COLOUR, ms=1)


def draw_collision_model(ax: Any, robot: Any, T_frames: Array, planar: bool) -> None:
    """The robot's collision capsules at the frames T_frames = robot.frames(q)."""
    for frame, kind, p in robot.collision_model.shapes:
        a, b = (np.array(p[:3]), np.array(p[:3])) if kind == "sphere" else (np.array(p[:3]), np.array(p[3:6]))
        T = T_frames[frame]
        draw_capsule(ax, T[:3, :3] @ a + T[:3, 3], T[:3, :3] @ b + T[:3, 3], p[-1], planar, ROBOT_COLOUR)
