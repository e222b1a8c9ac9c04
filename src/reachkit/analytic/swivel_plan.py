"""The swivel-angle form from Python (kernels in `swivel`): which robots it takes, the
swivel angles to solve at (one value, or k spread over the feasible range), the solutions
of many poses, and the swivel angle of a configuration."""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..ik.lanes import run_lanes
from ..robot import Robot
from . import geometry
from .kernels import SOLVES_PER_LANE
from .read_only import read_only
from .swivel import (
    PER_VALUE,
    pack_srs,
    solve_swivel_lane,
    srs_points,
    swivel_at,
)

Array = NDArray[np.float64]

FEASIBLE_GRID = 360  # swivel angles tried when looking for the feasible range (1 degree)


@dataclass(frozen=True, eq=False)
class SwivelPlan:
    """Packed geometry (m, 3) for the kernels, limits (2, 7), kinds (7,), and the joint
    lines at q = 0 with the elbow and wrist points (3,) (world frame, metres)."""

    params: Array
    limits: Array
    kinds: NDArray[np.int64]
    axes: Array    # (7, 3)
    points: Array  # (7, 3)
    elbow: Array
    wrist: Array
    every_angle: bool  # shoulder and wrist axes square: a pose in reach has every swivel angle


_PLANS: weakref.WeakKeyDictionary[Robot, SwivelPlan | None] = weakref.WeakKeyDictionary()


def swivel_plan(robot: Robot) -> SwivelPlan | None:
    """The plan for a 7R arm with a spherical shoulder and wrist, None for other robots
    (cached per robot)."""
    if robot in _PLANS:
        return _PLANS[robot]
    c = robot.chain
    result = None
    if robot.dof == 7 and c.kinds.shape[0] == 7 and not c.kinds.any():
        screws = geometry.screw_axes(c.fixed, c.kinds, c.offsets)
        points = srs_points(screws)
        if points is not None:
            result = SwivelPlan(read_only(pack_srs(screws, points)),
                                read_only(np.ascontiguousarray(robot.limits, dtype=float)),
                                read_only(np.ascontiguousarray(c.kinds)), screws.axes,
                                screws.points, points[2], points[1], _square_joints(screws.axes))
    _PLANS[robot] = result
    return result


def _square_joints(axes: Array) -> bool:
    """Consecutive axes of the shoulder (1-3) and the wrist (5-7) at right angles: each
    reaches every rotation, so the pose decides reach, not the swivel angle."""
    return all(abs(float(np.dot(axes[i], axes[i + 1]))) < 1e-9 for i in (0, 1, 4, 5))


def solve_at(p: SwivelPlan, poses: Array, psis: Array,
             within: bool) -> tuple[Array, NDArray[np.int64], NDArray[np.int64]]:
    """Solutions of poses (N, 4, 4) at swivel angles psis (N, k): q (N, 8 k, 7) NaN after
    counts (N,) rows (INVALID_POSE for a bad pose), and the count per angle (N, k)."""
    N, k = psis.shape
    q = np.empty((N, PER_VALUE * k, 7))
    labels = np.empty((N, PER_VALUE * k, 3), dtype=np.int64)
    counts = np.empty(N, dtype=np.int64)
    per_value = np.zeros((N, k), dtype=np.int64)
    psis = np.ascontiguousarray(psis, dtype=float)
    poses, psis = read_only(poses), read_only(psis)

    def solve_lane(lane: int, lanes: int) -> None:
        solve_swivel_lane(p.params, p.limits, p.kinds, poses, psis, bool(within), q, labels,
                          counts, per_value, lane, lanes)

    run_lanes(solve_lane, N, max(1, SOLVES_PER_LANE // max(k, 1)))  # whole poses, k solves each
    return q, counts, per_value


def sample_swivel(p: SwivelPlan, poses: Array, k: int, within: bool) -> Array:
    """k swivel angles (N, k) per pose, evenly spread over the angles of a grid (1 degree,
    finer when k > 360) at which the pose has solutions (inside the limits when `within`;
    evenly over [-pi, pi) for a pose with none). Arms whose shoulder and wrist axes are
    square without `within`: evenly over [-pi, pi) (every angle has solutions)."""
    if not within and p.every_angle:
        return np.broadcast_to(-np.pi + 2 * np.pi * np.arange(k) / k, (poses.shape[0], k))
    size = max(FEASIBLE_GRID, k)
    grid = -np.pi + 2 * np.pi * np.arange(size) / size
    _, _, per_value = solve_at(p, poses, np.broadcast_to(grid, (poses.shape[0], size)), within)
    out = np.empty((poses.shape[0], k))
    for i, feasible in enumerate(per_value > 0):
        index = np.flatnonzero(feasible) if feasible.any() else np.arange(size)
        out[i] = grid[index[(np.arange(k) * index.size) // k]]
    return out


def _turn(axis: Array, point: Array, angle: float, x: Array) -> Array:
    """Point x turned by angle (rad) about the line through point along the unit axis."""
    v = x - point
    c, s = np.cos(angle), np.sin(angle)
    return point + v * c + np.cross(axis, v) * s + axis * np.dot(axis, v) * (1 - c)


def swivel_angle(p: SwivelPlan, q: Array) -> float:
    """The swivel angle (rad) of configuration q (7,); NaN when the arm is straight."""
    elbow, wrist = p.elbow, p.wrist
    for j in (3, 2, 1, 0):  # product of exponentials: the last joint acts first
        if j < 3:
            elbow = _turn(p.axes[j], p.points[j], q[j], elbow)
        wrist = _turn(p.axes[j], p.points[j], q[j], wrist)
    return float(swivel_at(p.params, np.ascontiguousarray(np.stack([elbow, wrist]))))
