"""`joint_velocity`: resolved-rate control, the velocity form of inverse kinematics.

For a tool twist xdot = [v, w] (6,) (m/s, rad/s) and the geometric Jacobian J (6, n) at q:

    qdot = J# xdot + (I - J+ J) q0dot

J# is the task inverse of the method: the pseudoinverse J+ ("pinv"), the damped least
squares inverse J^T (J J^T + lambda^2 I)^-1 ("dls") or a scaled transpose alpha J^T ("jt").
The second term moves the arm in the null space of J (self-motion of a redundant arm) and
leaves the tool twist unchanged: J (I - J+ J) = 0. q0dot comes from secondary objectives
(qdot0 = -gain * sum_k weight_k grad h_k(q)) or is given directly.

Damping (Nakamura, Chiaverini): with J = U S V^T and sigma_min the smallest singular value,
lambda^2 = 0 while sigma_min >= sigma_threshold, else
lambda^2 = damping^2 (1 - (sigma_min / sigma_threshold)^2). J# = V diag(s / (s^2 + lambda^2)) U^T,
so away from singularities dls equals pinv exactly, and at one every gain s / (s^2 + lambda^2)
is at most 1 / (2 lambda): |qdot| <= |xdot| / (2 damping) at the singularity itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import validate
from ..errors import ModelError, OptionsError, TargetError
from ..objectives import Objective
from ..robot import Robot

Array = NDArray[np.float64]
METHODS = ("dls", "pinv", "jt")


def joint_velocity(robot: Robot, q: ArrayLike, twist: ArrayLike, method: str = "dls",
                   secondary: Sequence[Objective] | ArrayLike | None = None, *,
                   frame: str = "world", mask: ArrayLike | None = None, damping: float = 0.05,
                   sigma_threshold: float = 0.05, rcond: float = 1e-10,
                   gain: float = 1.0) -> Array:
    """Joint velocities qdot (dof,) (rad/s, m/s) that move the tool with `twist`.

    q: (dof,) configuration. twist: (6,) [vx vy vz wx wy wz] of the tool point (m/s, rad/s),
        in the world frame (frame="world") or the tool frame (frame="tool").
    method: "dls" (default), "pinv" or "jt" (see the module docstring).
    secondary: null-space motion: a list of `reachkit.objectives` (their gradients,
        times -gain), or q0dot itself as a (dof,) vector; None for none.
    mask: (6,) 0/1 over the twist components that count (e.g. a planar arm: x, y, wz);
        the others are free. damping, sigma_threshold: the largest damping lambda and the
        singular value below which it starts (dls). rcond: singular values below rcond x
        the largest count as zero in J+ and the null-space projector.
    Raises ModelError, TargetError (q, twist, mask, secondary) and OptionsError.
    """
    if not isinstance(robot, Robot):
        raise ModelError(f"expected a reachkit.Robot, got {type(robot).__name__}")
    q = validate.joint_vector(q, robot.dof)
    xdot = _vector(twist, 6, "twist")
    rows = _rows(mask)
    _check_options(method, frame, damping, sigma_threshold, rcond, gain)
    J = robot.jacobian(q, frame=frame)[rows]
    U, s, Vt = np.linalg.svd(J, full_matrices=False)
    rank = int(np.sum(s > rcond * max(float(s[0]) if s.size else 0.0, 1e-300)))
    qdot = _task_velocity(method, J, U, s, Vt, rank, xdot[rows], damping, sigma_threshold)
    q0dot = _secondary_velocity(robot, q, secondary, gain)
    if q0dot is not None:
        V = Vt[:rank].T
        qdot = qdot + q0dot - V @ (V.T @ q0dot)  # (I - J+ J) q0dot
    return qdot


def _task_velocity(method: str, J: Array, U: Array, s: Array, Vt: Array, rank: int, xdot: Array,
                   damping: float, sigma_threshold: float) -> Array:
    """J# xdot for the method, from the SVD J = U diag(s) Vt."""
    if method == "jt":
        u = J @ (J.T @ xdot)
        alpha = float(xdot @ u) / float(u @ u) if float(u @ u) > 0.0 else 0.0
        return alpha * (J.T @ xdot)  # the step along J^T xdot that best matches the twist
    gains = np.zeros_like(s)
    if method == "pinv":
        gains[:rank] = 1.0 / s[:rank]
    else:
        lam2 = damping_squared(float(s[-1]) if s.size else 0.0, damping, sigma_threshold)
        if lam2 == 0.0:
            gains[:rank] = 1.0 / s[:rank]
        else:
            gains = s / (s * s + lam2)
    return Vt.T @ (gains * (U.T @ xdot))


def damping_squared(sigma_min: float, damping: float, sigma_threshold: float) -> float:
    """lambda^2 of damped least squares for the smallest singular value sigma_min: 0 at or
    above sigma_threshold, rising smoothly to damping^2 at sigma_min = 0."""
    if sigma_min >= sigma_threshold:
        return 0.0
    return damping * damping * (1.0 - (sigma_min / sigma_threshold) ** 2)


def _secondary_velocity(robot: Robot, q: Array, secondary: Any, gain: float) -> Array | None:
    """q0dot (dof,) from objectives (-gain * weighted gradient) or as given; None for none."""
    if secondary is None:
        return None
    if isinstance(secondary, Objective):
        raise TargetError("secondary must be a list of objectives or a q0dot vector; wrap a single "
                          "objective as secondary=[objective]")
    if isinstance(secondary, (list, tuple)) and secondary and \
            all(isinstance(o, Objective) for o in secondary):
        gradient = sum((o.weight * o.gradient(robot, q) for o in secondary), np.zeros(robot.dof))
        return -gain * gradient
    if isinstance(secondary, (list, tuple)) and any(isinstance(o, Objective) for o in secondary):
        raise TargetError("secondary mixes objectives and numbers; give a list of objectives or "
                          "one q0dot vector")
    return _vector(secondary, robot.dof, "secondary (q0dot)")


def _vector(value: ArrayLike, size: int, label: str) -> Array:
    """A finite float vector of exactly `size` entries."""
    try:
        array = np.array(value, dtype=float).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise TargetError(f"{label} must be {size} numbers, got {value!r}") from exc
    if array.shape != (size,):
        raise TargetError(f"{label} must have {size} entries, got {array.size}")
    if not np.all(np.isfinite(array)):
        raise TargetError(f"{label} contains NaN or inf: {array}")
    return array


def _rows(mask: ArrayLike | None) -> NDArray[np.bool_]:
    if mask is None:
        return np.ones(6, dtype=bool)
    array = _vector(mask, 6, "mask")
    if not np.all((array == 0) | (array == 1)) or not array.any():
        raise TargetError(f"mask must be six 0/1 flags with at least one 1, got {mask!r}")
    return array.astype(bool)


def _check_options(method: Any, frame: Any, damping: Any, sigma_threshold: Any, rcond: Any,
                   gain: Any) -> None:
    if not isinstance(method, str) or method not in METHODS:
        raise OptionsError(f"joint_velocity method must be one of {', '.join(METHODS)}, got {method!r}")
    if frame not in ("world", "tool"):
        raise OptionsError(f"frame must be 'world' or 'tool', got {frame!r}")
    for name, value, low_ok in (("damping", damping, True), ("sigma_threshold", sigma_threshold, False),
                                ("gain", gain, True)):
        bad_zero = value == 0 and not low_ok
        if not validate.is_real(value) or not np.isfinite(value) or value < 0 or bad_zero:
            kind = "non-negative" if low_ok else "positive"
            raise OptionsError(f"{name} must be a {kind} finite number, "
                               f"got {value!r}")
    if not validate.is_real(rcond) or not 0 < rcond < 1:
        raise OptionsError(f"rcond must be a number in (0, 1), got {rcond!r}")
