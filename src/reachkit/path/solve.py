"""`ik_path`: joint configurations along a list of tool poses, without jumps."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import ModelError, NotSupportedError, OptionsError, TargetError
from ..ik.options import IKOptions
from ..objectives import Objective, Posture
from ..robot import Robot
from .diagnose import diagnose
from .joints import start_configuration, step_bound
from .kernels import largest_move, reached_errors_into
from .numeric import Tracker
from .result import COLLISION, UNREACHABLE, PathResult
from .segment import as_pose_list
from .task import PathTask

Array = NDArray[np.float64]

ANALYTIC = "analytic"
MAX_DEPTH = 10
_NO_SECONDARY = ("nr", "gn", "jt", "fd", "ccd")  # methods without a null space


def ik_path(robot: Robot, poses: ArrayLike, q0: ArrayLike, max_joint_step: float | ArrayLike = 0.05,
            method: str = "lm", secondary: Sequence[Objective] | None = None, scene: Any = None, *,
            mask: ArrayLike | None = None, joint_limits: bool = True, check_midpoint: bool = True,
            max_depth: int = 4, **options: Any) -> PathResult:
    """Follow the tool poses (N, 4, 4) (T_world_tool, e.g. from `reachkit.path.line`) from
    the configuration q0 (dof,), waypoint by waypoint, and stop at the first waypoint the
    arm cannot reach without a jump.

    max_joint_step: the largest move of any joint between successive waypoints (and from
        q0 to the first one): rad for revolute joints (at most pi / 2), m for prismatic
        ones; one number or one per joint. q0 should sit at (or near) poses[0]: the move
        to it is checked like any other.
    method: a numerical method of `rk.ik` ("lm", "dls", ...): each waypoint is solved from
        the previous answer with no random restart; a segment where the joints would move
        more than the bound, or whose midpoint check fails, is halved (up to `max_depth`
        times) and followed half by half. "analytic": every closed-form solution of every
        waypoint, then the sequence from q0 that minimises the largest joint move (see
        `reachkit.path.closed_form`); needs an arm with a closed form (6R, planar).
    secondary: null-space objectives for the numerical solves. None means a
        `Posture(q0)` for a redundant arm (more joints than pose components that count),
        so it does not drift along its self-motion, and nothing otherwise; [] means none.
    scene: obstacles; reached configurations must be collision-free. Collision checking
        is not part of this version of reachkit yet: any scene raises NotSupportedError.
    mask: (6,) 0/1 over (x y z rx ry rz): the pose components that count (None: all).
    joint_limits: keep every configuration inside `robot.limits` (q0 must be inside).
    check_midpoint: also check the pose halfway between waypoints (catches a branch
        switch that a small step hides); about doubles the solves.
    options: `rk.ik` options (tolerances, iteration budget, damping ...); restarts are
        always off, so `max_restarts` is refused.
    Returns a `PathResult`; it never reports a jump as success. Raises ModelError,
    TargetError (poses, q0, mask), OptionsError (bound, method, options) and
    NotSupportedError (scene; analytic on an arm without a closed form).
    """
    task, poses, q_start = _checked(robot, poses, q0, max_joint_step, method, secondary, mask,
                                    joint_limits, check_midpoint, max_depth, options)
    collides = _collision_test(robot, scene)
    if task.method == ANALYTIC:
        from .closed_form import follow_closed_form

        track = follow_closed_form(task, poses, q_start)
        q_reached, failure, solves, subdivisions = track.q, track.failure, track.solves, 0
    else:
        q_reached, failure, solves, subdivisions = _follow_numeric(task, poses, q_start)
    return _result(task, poses, q_start, q_reached, failure, collides, solves, subdivisions)


def _follow_numeric(task: PathTask, poses: Array,
                    q0: Array) -> tuple[Array, tuple[str, str] | None, int, int]:
    """(q (n_reached, dof), failure (kind, detail) of waypoint n_reached or None, solves,
    subdivisions) of the numerical tracker: runs of waypoints the quick way
    (`Tracker.run`), and each waypoint a run does not accept the careful way
    (`Tracker.advance`: midpoint check, subdivision)."""
    tracker = Tracker(task)
    n_total = len(poses)
    q = np.empty((n_total, task.robot.dof))
    q_prev, T_prev = q0, task.robot.fk(q0)
    failure, n = None, 0
    while n < n_total:  # each pass reaches at least one more waypoint, or stops
        accepted, refused = tracker.run(poses, q, n, q_prev, T_prev)
        n += accepted
        if n > 0:
            q_prev, T_prev = q[n - 1], poses[n - 1]
        if not refused:
            continue
        blocked = tracker.advance(q_prev, T_prev, poses[n], q[n])
        if blocked is not None:
            failure = diagnose(tracker, blocked, poses[n])
            break
        q_prev, T_prev, n = q[n], poses[n], n + 1
    return q[:n], failure, tracker.solves, tracker.subdivisions


def _result(task: PathTask, poses: Array, q0: Array, q_reached: Array,
            failure: tuple[str, str] | None, collides: Callable[[Array], bool] | None,
            solves: int, subdivisions: int) -> PathResult:
    """The PathResult, after re-checking every reached waypoint by FK (tolerance) and,
    with a scene, for collisions: the reported run ends before the first that fails."""
    n_total, dof = len(poses), task.robot.dof
    errors = np.full((n_total, 2), np.nan)  # (position m, rotation rad) per waypoint
    n = _within_tolerance(task, q_reached, poses, errors)
    if n < len(q_reached):
        failure = (UNREACHABLE, (f"the solution misses the pose by {errors[n, 0]:.3g} m and "
                                 f"{errors[n, 1]:.3g} rad, beyond the tolerance"))
    if collides is not None:
        k = next((k for k in range(n) if collides(q_reached[k])), n)
        if k < n:
            failure = (COLLISION, "the configuration that reaches the pose collides")
            n = k
    errors[n:] = np.nan
    q = np.full((n_total, dof), np.nan)
    q[:n] = q_reached[:n]
    reached = np.zeros(n_total, dtype=bool)
    reached[:n] = True
    success = n == n_total and failure is None
    if success:
        reason, failed, kind = f"reached all {n_total} waypoints", None, None
    else:
        kind, detail = failure if failure is not None else (UNREACHABLE, "not reached")
        failed = n
        reason = f"stopped at waypoint {n} of {n_total} (counting from 0): {kind}: {detail}"
    fraction = 1.0 if success else (0.0 if n == 0 else (n - 1) / max(n_total - 1, 1))
    return PathResult(q=q, reached=reached, fraction=fraction, success=success, reason=reason,
                      failed_index=failed, failure=kind, max_joint_step=largest_move(q0, q[:n]),
                      position_error=errors[:, 0].copy(), rotation_error=errors[:, 1].copy(),
                      method=task.method, solves=solves, subdivisions=subdivisions)


def _within_tolerance(task: PathTask, Q: Array, poses: Array, errors: Array) -> int:
    """How many leading configurations of Q (n, dof) reach their poses (N, 4, 4) within the
    solves' tolerances, by FK over the components that count; their errors (position m,
    rotation rad), and those of the first that does not, go to the rows of errors (N, 2)."""
    chain = task.robot.chain
    mask = np.ones(6) if task.mask is None else task.mask.astype(float)
    tolerances = np.array(task.tolerances) * (1 + 1e-9)  # a hair of rounding
    return reached_errors_into(chain.fixed, chain.kinds, chain.offsets, np.ascontiguousarray(Q),
                               poses, mask, tolerances, np.empty((4, 4)), np.empty(6), errors)


def _collision_test(robot: Robot, scene: Any) -> Callable[[Array], bool] | None:
    """q -> in collision with the scene, or None without a scene. Raises NotSupportedError
    while reachkit has no collision checking (`reachkit.in_collision`)."""
    if scene is None:
        return None
    import reachkit

    in_collision = getattr(reachkit, "in_collision", None)
    if in_collision is None:
        raise NotSupportedError("ik_path(scene=...) needs collision checking (reachkit.in_collision), "
                                "which this version of reachkit does not have yet; pass scene=None")
    return lambda q: bool(in_collision(robot, q, scene=scene))


def _checked(robot: Any, poses: Any, q0: Any, max_joint_step: Any, method: Any, secondary: Any,
             mask: Any, joint_limits: Any, check_midpoint: Any, max_depth: Any,
             options: dict[str, Any]) -> tuple[PathTask, Array, Array]:
    """The PathTask, the poses (N, 4, 4) and q0 (dof,), every input checked."""
    if not isinstance(robot, Robot):
        raise ModelError(f"expected a reachkit.Robot, got {type(robot).__name__}; load one with "
                         "reachkit.models.load(name)")
    for name, flag in (("joint_limits", joint_limits), ("check_midpoint", check_midpoint)):
        if not isinstance(flag, (bool, np.bool_)):
            raise OptionsError(f"{name} must be True or False, got {flag!r}")
    if isinstance(max_depth, (bool, np.bool_)) or not isinstance(max_depth, (int, np.integer)) \
            or not 0 <= max_depth <= MAX_DEPTH:
        raise OptionsError(f"max_depth must be an integer in [0, {MAX_DEPTH}], got {max_depth!r}")
    if not isinstance(method, str):
        raise OptionsError(f"method must be a string such as 'lm' or 'analytic', got {method!r}")
    if "max_restarts" in options:
        raise OptionsError("ik_path takes no max_restarts: a restart could land on another branch, "
                           "so every waypoint is solved from the previous one only")
    if options:
        IKOptions.from_kwargs(options)  # names the unknown or bad option
    method = method.lower()
    poses_array = np.asarray(poses, dtype=float) if not isinstance(poses, np.ndarray) else poses
    if poses_array.shape == (4, 4):
        poses = [poses_array]
    poses = as_pose_list(poses)
    if len(poses) == 0:
        raise TargetError("poses is empty: give at least one (4, 4) tool pose, e.g. from "
                          "reachkit.path.line")
    q_start = start_configuration(robot, q0, bool(joint_limits))
    bound = step_bound(robot, max_joint_step)
    if bound.max() > np.pi / 2 and (bound[robot.chain.kinds == 0] > np.pi / 2).any():
        raise OptionsError(f"max_joint_step must be at most pi/2 for revolute joints, got "
                           f"{max_joint_step!r}: "
                           "a larger move between waypoints cannot be told from a branch switch")
    mask_array = _mask(mask)
    rows = 6 if mask_array is None else int(mask_array.sum())
    objectives = _secondary(robot, secondary, q_start, method, rows)
    if method == ANALYTIC and (mask_array is not None and rows < 6):
        raise NotSupportedError("method 'analytic' follows full poses; use method='lm' with a mask")
    task = PathTask(robot=robot, bound=bound, mask=mask_array, joint_limits=bool(joint_limits),
                    method=method, secondary=objectives, options=dict(options),
                    check_midpoint=bool(check_midpoint), max_depth=int(max_depth))
    return task, poses, q_start


def _mask(mask: Any) -> Array | None:
    """(6,) 0/1 floats, or None for the full pose."""
    if mask is None:
        return None
    try:
        array = np.array(mask, dtype=float).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise TargetError(f"mask must be six 0/1 flags over (x y z rx ry rz), got {mask!r}") from exc
    if array.shape != (6,) or not np.all((array == 0) | (array == 1)) or not array.any():
        raise TargetError(f"mask must be six 0/1 flags over (x y z rx ry rz) with at least one 1, "
                          f"got {mask!r}")
    return None if array.all() else array


def _secondary(robot: Robot, secondary: Any, q0: Array, method: str,
               rows: int) -> list[Objective] | None:
    """The objectives for every solve: as given, or Posture(q0) for a redundant arm."""
    if secondary is None:
        redundant = robot.dof > rows and method not in _NO_SECONDARY and method != ANALYTIC
        return [Posture(q0)] if redundant else None
    if isinstance(secondary, Objective) or not isinstance(secondary, (list, tuple)):
        raise TargetError(f"secondary must be a list of reachkit.objectives.* objects or None, got "
                          f"{secondary!r}; wrap a single one as secondary=[objective]")
    if secondary and method == ANALYTIC:
        raise NotSupportedError("method 'analytic' takes no secondary objectives (it lists every "
                                "solution); use method='lm'")
    return list(secondary) or None
