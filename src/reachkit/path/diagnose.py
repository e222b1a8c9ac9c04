"""Why a numerical path stopped: unreachable, joint limit, singularity or jump.

Given the segment the tracker could not follow (`numeric.Blocked`), in this order:

1. joint limit: the same solve without limits (and without secondary objectives), from
   the same configuration, reaches the pose within the step bound, outside the limits; or
   a joint of that configuration sits at its limit.
2. unreachable: the solver found no configuration for the pose from there, and neither
   does a wide search (random restarts, limits ignored); or the same holds for the
   waypoint the segment led to. A pose reachable only outside the limits: joint limit.
3. singularity: the halves were followed continuously but the whole move exceeds the
   bound; or the scaled Jacobian's smallest singular value is below
   `conditioning.SINGULAR_SIGMA`, or its first-order move towards the pose already exceeds
   the bound: continuing needs joint speeds the bound forbids (the arm nears a
   singularity, or the waypoints are too far apart for the bound).
4. jump: anything else; the pose is reachable, but only on another branch.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .conditioning import SINGULAR_SIGMA, conditioning
from .joints import at_limit, largest_mover, normalized_step, unwrapped
from .numeric import Blocked, Tracker
from .result import JOINT_LIMIT, JUMP, SINGULARITY, UNREACHABLE

Array = NDArray[np.float64]

WIDE_RESTARTS = 20  # random restarts of the search that proves a pose unreachable


def diagnose(tracker: Tracker, blocked: Blocked, T_waypoint: Array) -> tuple[str, str]:
    """(failure kind, detail text) for a segment the tracker could not follow on its way to
    the waypoint T_waypoint (4, 4)."""
    task, robot = tracker.task, tracker.task.robot
    q_a, T_b = blocked.q_a, blocked.T_b
    names = robot.joint_names
    if task.joint_limits:
        free = tracker.solve(T_b, q_a, joint_limits=False, plain=True)
        q_free = unwrapped(robot, free.q, q_a)
        within = normalized_step(q_a, q_free, task.bound) <= 1.0
        if free.success and within and not robot.within_limits(q_free):
            j = _worst_limit(robot.limits, q_free)
            lower, upper = robot.limits[:, j]
            return JOINT_LIMIT, (f"joint {names[j]} would leave its limits [{lower:.4g}, {upper:.4g}] "
                                 f"(continuing needs {q_free[j]:.4g})")
        pinned = np.flatnonzero(at_limit(robot, q_a))
        if len(pinned):
            listed = ", ".join(f"{names[j]} = {q_a[j]:.4g}" for j in pinned)
            return JOINT_LIMIT, f"the arm cannot continue with {listed} at its limit"
    answer = blocked.answer
    if answer is not None and not answer.success:
        found = _reachability(tracker, T_b, q_a, "the pose")
        if found is not None:
            return found
    if T_b is not T_waypoint:  # the segment failed on the way: is the waypoint reachable?
        found = _reachability(tracker, T_waypoint, q_a, "the waypoint")
        if found is not None:
            return found
    cond = conditioning(robot, q_a, T_b, task.rows)
    if blocked.continuous:
        return SINGULARITY, (f"{_fastest_move(tracker, blocked, cond.step)} (smallest scaled "
                             f"singular value {cond.sigma_min:.2g}): the arm nears a singularity, or "
                             "the waypoints are too far apart for the bound")
    first_order = normalized_step(np.zeros(robot.dof), cond.step, task.bound)
    if cond.sigma_min < SINGULAR_SIGMA or first_order > 1.0:
        return SINGULARITY, (f"the arm is near a singularity (smallest scaled singular value "
                             f"{cond.sigma_min:.2g}): {_fastest_move(tracker, blocked, cond.step)}")
    if answer is not None and answer.success:
        q_b = tracker.nearest(answer.q, q_a)
        k = largest_mover(q_a, q_b, task.bound)
        if normalized_step(q_a, q_b, task.bound) > 1.0:
            return JUMP, (f"the pose is reached only on another branch: joint {names[k]} would move "
                          f"{abs(q_b[k] - q_a[k]):.3g} > max_joint_step {task.bound[k]:.3g}")
        return JUMP, ("a branch switch between two waypoints: the solution halfway is not "
                      "between the two configurations")
    return JUMP, "the pose is reachable, but not on the arm's branch (no continuous way there)"


def _fastest_move(tracker: Tracker, blocked: Blocked, first_order: Array) -> str:
    """Which joint would move how far to continue: the continuous move when the halves
    were followed, else the larger of the solver's answer and the first-order move J^+ e."""
    bound, names = tracker.task.bound, tracker.task.robot.joint_names
    zero = np.zeros_like(first_order)
    if blocked.continuous and blocked.q_b is not None:
        move = blocked.q_b - blocked.q_a
        j = largest_mover(zero, move, bound)
        return (f"following the line continuously moves joint {names[j]} by {abs(move[j]):.3g} "
                f"> max_joint_step {bound[j]:.3g} within one waypoint spacing")
    move = first_order
    answer = blocked.answer
    if answer is not None and answer.success:
        jump = tracker.nearest(answer.q, blocked.q_a) - blocked.q_a
        if normalized_step(zero, jump, bound) > normalized_step(zero, move, bound):
            move = jump
    j = largest_mover(zero, move, bound)
    relation = ">" if abs(move[j]) > bound[j] else "<="
    return (f"no solution continues the arm's branch; the nearest moves joint {names[j]} by "
            f"{abs(move[j]):.3g} ({relation} max_joint_step {bound[j]:.3g}) over "
            f"1/{2 ** tracker.task.max_depth} of the waypoint spacing")


def _reachability(tracker: Tracker, T_world_tool: Array, q_a: Array,
                  what: str) -> tuple[str, str] | None:
    """UNREACHABLE when a wide search (restarts, no limits) finds no configuration for the
    pose, JOINT_LIMIT when it finds one only outside the limits, else None."""
    wide = tracker.solve(T_world_tool, q_a, joint_limits=False, restarts=WIDE_RESTARTS)
    if not wide.success:
        return UNREACHABLE, (f"no configuration reaches {what} (closest found: "
                             f"{wide.position_error:.3g} m, {wide.rotation_error:.3g} rad off)")
    limited = tracker.task.joint_limits
    if limited and not tracker.solve(T_world_tool, q_a, restarts=WIDE_RESTARTS).success:
        return JOINT_LIMIT, f"{what} is reachable only outside the joint limits"
    return None


def _worst_limit(limits: Array, q: Array) -> int:
    """The joint farthest outside its limits (2, dof)."""
    return int(np.argmax(np.maximum(limits[0] - q, q - limits[1])))
