"""The task side of every solver: weighted residual, errors, convergence test, cost by FK,
joint-limit projection and angle wrapping."""

import math

import numpy as np

from ..jit import kernel
from ..so3 import pose_error_into
from ..transform import REVOLUTE
from .arm_kinematics import arm_fk_into

TWO_PI = 2.0 * math.pi


@kernel()
def active_rows(task: np.ndarray, w: np.ndarray, sqrt_w: np.ndarray, rows: np.ndarray) -> int:
    """Effective weights w = mask * weights (6,), their square roots, and the indices of
    the m active components in rows[:m]; returns m. (A function, so that m is a plain
    integer to Numba rather than the literal 0, which would compile callees twice.)"""
    m = 0
    for i in range(6):
        w[i] = task[0, i] * task[1, i]
        sqrt_w[i] = math.sqrt(w[i])
        if w[i] > 0.0:
            rows[m] = i
            m += 1
    return m


@kernel(forceinline=True)
def weighted_residual(e6: np.ndarray, sqrt_w: np.ndarray, rows: np.ndarray, m: int,
                      r: np.ndarray) -> float:
    """r[a] = sqrt(w) * e over the m active rows; returns the cost E = 0.5 r.r."""
    cost = 0.0
    for a in range(m):
        v = sqrt_w[rows[a]] * e6[rows[a]]
        r[a] = v
        cost += v * v
    return 0.5 * cost


@kernel()
def compact_jacobian(J: np.ndarray, sqrt_w: np.ndarray, rows: np.ndarray, m: int,
                     Jw: np.ndarray) -> None:
    """Jw[a] = sqrt(w) * J[rows[a]] for the m active rows."""
    for a in range(m):
        s = sqrt_w[rows[a]]
        for j in range(J.shape[1]):
            Jw[a, j] = s * J[rows[a], j]


@kernel(forceinline=True)
def masked_errors(e6: np.ndarray, mask: np.ndarray) -> tuple:
    """(position error in metres, rotation error in radians) over the active components."""
    p = 0.0
    w = 0.0
    for i in range(3):
        p += mask[i] * e6[i] * e6[i]
        w += mask[i + 3] * e6[i + 3] * e6[i + 3]
    return math.sqrt(p), math.sqrt(w)


@kernel(forceinline=True)
def is_converged(e6: np.ndarray, mask: np.ndarray, axis_tol: np.ndarray, tol_p: float,
                 tol_r: float) -> bool:
    """True when the masked position and rotation errors and every masked axis meet
    their tolerances."""
    p, w = masked_errors(e6, mask)
    if not (p <= tol_p and w <= tol_r):  # written so that a NaN error never converges
        return False
    for i in range(6):
        if mask[i] > 0.0 and not abs(e6[i]) <= axis_tol[i]:
            return False
    return True


@kernel()
def cost_at(arm, q: np.ndarray, T_target: np.ndarray, sqrt_w: np.ndarray, rows: np.ndarray, m: int,
            T: np.ndarray, e6: np.ndarray, r: np.ndarray) -> float:
    """Cost E(q) = 0.5 |W^1/2 e(q)|^2 by forward kinematics of the arm (`records.Arm`) at
    q (d,); leaves T, e6, r filled."""
    arm_fk_into(arm, q, T)
    pose_error_into(T, T_target, e6)
    return weighted_residual(e6, sqrt_w, rows, m, r)


@kernel(forceinline=True)
def project_joint(value: float, kind: int, lower: float, upper: float) -> float:
    """The joint value inside [lower, upper]: an equivalent angle (value + 2 pi k) where a
    revolute joint has one, else the nearest limit (nearest around the circle)."""
    if lower <= value <= upper:
        return value
    if kind == REVOLUTE and math.isfinite(lower):
        shifted = lower + (value - lower) % TWO_PI
        if shifted <= upper:
            return shifted
        # Between upper and lower + 2 pi: go to whichever limit is closer on the circle.
        return lower if (lower + TWO_PI - shifted) < (shifted - upper) else upper
    return min(max(value, lower), upper)


@kernel(forceinline=True)
def project_to_limits(q: np.ndarray, kinds: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
    """Project every joint of q into its limits, in place."""
    for i in range(q.shape[0]):
        q[i] = project_joint(q[i], kinds[i], lower[i], upper[i])


@kernel()
def wrap_angle(value: float) -> float:
    """The equivalent angle in (-pi, pi]; values already there are returned unchanged."""
    if -math.pi < value <= math.pi:
        return value
    return math.pi - (math.pi - value) % TWO_PI


@kernel()
def tidy_solution(q: np.ndarray, kinds: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
    """Final form of a revolute angle: kept when inside finite limits, else moved to the
    equivalent angle inside the limits if one exists, else wrapped into (-pi, pi]."""
    for i in range(q.shape[0]):
        if kinds[i] != REVOLUTE:
            continue
        value = q[i]
        finite = math.isfinite(lower[i]) and math.isfinite(upper[i])
        if finite and lower[i] <= value <= upper[i]:
            continue
        if finite:
            shifted = lower[i] + (value - lower[i]) % TWO_PI
            if shifted <= upper[i]:
                q[i] = shifted
                continue
        q[i] = wrap_angle(value)


@kernel(forceinline=True)
def clip_step(dq: np.ndarray, max_step: float) -> None:
    """Scale dq so that no joint moves more than max_step (rad or m), keeping its direction."""
    largest = 0.0
    for j in range(dq.shape[0]):
        largest = max(largest, abs(dq[j]))
    if largest > max_step:
        scale = max_step / largest
        for j in range(dq.shape[0]):
            dq[j] *= scale
