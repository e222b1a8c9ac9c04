"""Joint-space bookkeeping for paths: step bounds, step sizes and 2 pi equivalents."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import validate
from ..errors import OptionsError
from ..robot import Robot

Array = NDArray[np.float64]
TWO_PI = 2.0 * np.pi


def step_bound(robot: Robot, max_joint_step: float | ArrayLike) -> Array:
    """The largest move per joint between waypoints, (dof,) rad (revolute) or m (prismatic),
    from one positive number for every joint or one per joint."""
    if type(max_joint_step) is float and 0.0 < max_joint_step < np.inf:  # the common call
        return np.full(robot.dof, max_joint_step)
    try:
        bound = np.array(max_joint_step, dtype=float).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise OptionsError(f"max_joint_step must be a positive number or {robot.dof} of them, "
                           f"got {max_joint_step!r}") from exc
    if bound.size == 1:
        bound = np.full(robot.dof, bound[0])
    if bound.shape != (robot.dof,) or not (bound > 0).all() or not np.isfinite(bound).all():
        raise OptionsError(f"max_joint_step must be a positive finite number or {robot.dof} of them "
                           f"(rad for revolute, m for prismatic joints), got {max_joint_step!r}")
    return bound


def normalized_step(q_a: Array, q_b: Array, bound: Array) -> float:
    """max_j |q_b[j] - q_a[j]| / bound[j]: at most 1 when the move respects the bound."""
    return float(np.max(np.abs(q_b - q_a) / bound))


def largest_mover(q_a: Array, q_b: Array, bound: Array) -> int:
    """Index of the joint whose move from q_a to q_b is largest relative to its bound."""
    return int(np.argmax(np.abs(q_b - q_a) / bound))


def nearest_equivalents(robot: Robot, Q: Array, q_ref: Array) -> Array:
    """Q (k, dof) with every revolute angle replaced by the equivalent (modulo 2 pi) nearest
    q_ref (dof,) that lies inside the joint's limits; an angle with no such equivalent stays
    as it is. Prismatic joints are untouched. The result is the same arm configuration,
    written so that the motion from q_ref is as short as the limits allow."""
    Q = np.array(Q, dtype=float, ndmin=2)
    revolute = robot.chain.kinds == 0
    lower, upper = robot.limits
    near = q_ref + np.remainder(Q - q_ref + np.pi, TWO_PI) - np.pi
    best = Q.copy()
    best_distance = np.where(_inside(Q, lower, upper), np.abs(Q - q_ref), np.inf)
    for shift in (0.0, TWO_PI, -TWO_PI):
        candidate = near + shift
        distance = np.where(_inside(candidate, lower, upper), np.abs(candidate - q_ref), np.inf)
        better = revolute & (distance < best_distance)
        best = np.where(better, candidate, best)
        best_distance = np.where(better, distance, best_distance)
    return best


def unwrapped(robot: Robot, Q: Array, q_ref: Array) -> Array:
    """Q (k, dof) or (dof,) with every revolute angle written within pi of q_ref (dof,),
    limits ignored: where the joint goes when it moves continuously from q_ref."""
    revolute = robot.chain.kinds == 0
    near = q_ref + np.remainder(np.asarray(Q, dtype=float) - q_ref + np.pi, TWO_PI) - np.pi
    return np.where(revolute, near, Q)


def at_limit(robot: Robot, q: Array, tolerance: float = 1e-6) -> NDArray[np.bool_]:
    """(dof,) True for the joints of q (dof,) within `tolerance` of a finite limit."""
    lower, upper = robot.limits
    return (np.abs(q - lower) <= tolerance) | (np.abs(q - upper) <= tolerance)


def _inside(Q: Array, lower: Array, upper: Array) -> NDArray[np.bool_]:
    return (Q >= lower - 1e-9) & (Q <= upper + 1e-9)


def start_configuration(robot: Robot, q0: ArrayLike, joint_limits: bool) -> Array:
    """q0 (dof,) checked: finite, right length and, when the limits apply, inside them."""
    from ..errors import TargetError

    q = validate.joint_vector(q0, robot.dof, "q0")
    lower, upper = robot.limits
    if joint_limits and not _inside(q, lower, upper).all():
        j = int(np.argmax(np.maximum(lower - q, q - upper)))
        raise TargetError(f"q0 is outside the joint limits: {robot.joint_names[j]} = {q[j]:.6g} not in "
                          f"[{lower[j]:.6g}, {upper[j]:.6g}]; start the path from a configuration "
                          "inside them (or pass joint_limits=False)")
    return q
