"""`ik_analytic_batch`: every closed-form solution of many poses, in parallel; 7R arms at
one free value (`free=`) or at several (`free_samples=`), their solutions stacked."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import validate
from ..errors import OptionsError
from ..ik.compile_note import note_if_compiling
from ..ik.lanes import run_lanes
from ..robot import Robot
from . import redundant
from .api import (
    Plan,
    default_free_joint,
    equivalent_shifts,
    five_axis_solutions,
    free_values,
    locked_plan,
    plan,
)
from .kernels import INVALID_POSE, MAX_GENERAL, SOLVES_PER_LANE, solve_lane_into
from .read_only import read_only
from .swivel_plan import sample_swivel, solve_at, swivel_plan

Array = NDArray[np.float64]

GENERAL_POSES_PER_LANE = 4  # a general 6R pose takes about 90 us (`SOLVES_PER_LANE`)


def _poses(Ts: ArrayLike) -> Array:
    """Ts as a C-contiguous (N, 4, 4) float array (raises TargetError on a wrong shape)."""
    try:
        poses = np.asarray(Ts, dtype=np.float64)
    except (TypeError, ValueError):
        poses = validate.pose(Ts, "Ts", batch=True)  # raises TargetError
    if poses.ndim == 2:
        poses = poses[None]
    if poses.ndim != 3 or poses.shape[1:] != (4, 4):
        validate.pose(Ts, "Ts", batch=True)  # raises TargetError naming the shape given
    return np.ascontiguousarray(poses)


def _run_batch(p: Plan, poses: Array, within_limits: bool) -> tuple[Array, NDArray[np.int64]]:
    """The kernel on every pose: q (N, w, dof) NaN-padded, counts (N,)."""
    N = poses.shape[0]
    poses = read_only(poses)
    q = np.empty((N, p.width, p.dof))
    labels = np.empty((N, p.width, 3), dtype=np.int64)
    counts = np.empty(N, dtype=np.int64)
    status = np.zeros(N, dtype=np.int64)
    note_if_compiling(solve_lane_into, p.solver)

    def solve_lane(lane: int, lanes: int) -> None:
        solve_lane_into(p.solver, p.params, p.size, p.limits, p.kinds, poses,
                        bool(within_limits), q, labels, counts, p.fixed, p.orders, p.offsets,
                        status, lane, lanes)

    run_lanes(solve_lane, N, GENERAL_POSES_PER_LANE if p.width == MAX_GENERAL else SOLVES_PER_LANE)
    if N and counts.min() == INVALID_POSE:
        validate.pose(poses, "Ts", batch=True)  # raises TargetError saying which and why
    return q, counts


def ik_analytic_batch(robot: Robot, Ts: ArrayLike, *, within_limits: bool = False,
                      free: float | None = None, free_samples: int | None = None,
                      free_joint: int | None = None,
                      equivalents: bool = False) -> tuple[Array, NDArray[np.int64]]:
    """Every solution for each of the poses Ts (N, 4, 4), in parallel.

    Returns q (N, w, dof), NaN-padded after the counts[i] solutions of pose i, and
    counts (N,) int64; w = 8 (Pieper and planar arms), 16 (general 6R arms) or 4 (5-axis arms).
    7R arms: give `free=v` (the swivel angle of SRS arms, else the free joint, at v rad
    for every pose) or `free_samples=k` (k values per pose, as in `ik_analytic`); then w
    is 8 (SRS) or the locked arm's width times the number of values, and each pose's
    solutions come first.
    `equivalents=True` adds every 2 pi shift of each revolute joint that stays inside the
    limits (as in `ik_analytic`); w grows to the largest count.
    """
    q, counts = _solutions(robot, _poses(Ts), within_limits, free, free_samples, free_joint)
    return with_equivalents(robot, q, counts) if equivalents else (q, counts)


def with_equivalents(robot: Robot, q: Array, counts: NDArray[np.int64]) -> tuple[Array, NDArray[np.int64]]:
    """q (N, w, dof) and counts (N,) with the 2 pi shifts inside the limits added to each
    pose's solutions (`equivalent_shifts`), NaN-padded to the largest count."""
    rows = [equivalent_shifts(q[i, :max(c, 0)], robot) for i, c in enumerate(counts)]
    width = max([q.shape[1]] + [len(r) for r in rows])
    out = np.full((q.shape[0], width, q.shape[2]), np.nan)
    for i, r in enumerate(rows):
        out[i, :len(r)] = r
    return out, np.array([len(r) for r in rows], dtype=np.int64)


def _five_axis_batch(robot: Robot, poses: Array,
                     within_limits: bool) -> tuple[Array, NDArray[np.int64]]:
    """5-axis arms (see `five_axis`), one pose after another: q (N, 4, 5) NaN-padded,
    counts (N,)."""
    q = np.full((poses.shape[0], 4, 5), np.nan)
    counts = np.zeros(poses.shape[0], dtype=np.int64)
    for i, pose in enumerate(poses):
        solutions = five_axis_solutions(robot, pose, within_limits)[0]
        q[i, :len(solutions)], counts[i] = solutions, len(solutions)
    return q, counts


def _solutions(robot: Robot, poses: Array, within_limits: bool, free: float | None,
               free_samples: int | None, free_joint: int | None) -> tuple[Array, NDArray[np.int64]]:
    """`ik_analytic_batch` without equivalents."""
    values = free_values(robot, free, free_samples)
    if values is None:
        if free_joint is not None:
            raise OptionsError("free_joint applies to 7R arms only")
        if robot.dof == 5:
            return _five_axis_batch(robot, poses, within_limits)
        return _run_batch(plan(robot), poses, within_limits)
    swivel = swivel_plan(robot) if free_joint is None else None
    if swivel is not None:
        psis = np.full((poses.shape[0], 1), values[0]) if free is not None else \
            sample_swivel(swivel, poses, int(free_samples), within_limits)
        q, counts, _ = solve_at(swivel, poses, psis, within_limits)
        if poses.shape[0] and counts.min() == INVALID_POSE:
            validate.pose(poses, "Ts", batch=True)  # raises TargetError saying which and why
        return q, counts
    c = robot.chain
    j = default_free_joint(robot) if free_joint is None else redundant.check_free_joint(c.kinds, free_joint)
    if free_samples is not None:
        values = redundant.sample_values(robot.limits, j, int(free_samples))
    lo, hi = robot.limits[0, j], robot.limits[1, j]
    if within_limits:
        values = values[(values >= lo - 1e-9) & (values <= hi + 1e-9)]
    N = poses.shape[0]
    blocks = [(_run_batch(locked_plan(robot, j, float(v)), poses, within_limits), v) for v in values]
    width = sum(q6.shape[1] for (q6, _), _ in blocks)
    q = np.full((N, width, 7), np.nan)
    counts = np.zeros(N, dtype=np.int64)
    for (q6, c6), v in blocks:
        rows, cols = np.nonzero(np.arange(q6.shape[1])[None, :] < c6[:, None])
        q[rows, counts[rows] + cols] = redundant.insert(q6[rows, cols], j, float(v))
        counts += c6
    return q, counts
