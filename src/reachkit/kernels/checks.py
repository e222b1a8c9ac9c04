"""Fast numerical checks for input validation and result evaluation."""

import math

import numpy as np
from numba import prange

from .fk import fk_into
from .jit import allocating_kernel, kernel
from .so3 import pose_error_into

# How far a pose's 3x3 block may be from a rotation, and its bottom row from [0 0 0 1].
ROTATION_TOLERANCE = 1e-6


@allocating_kernel()
def all_finite(values: np.ndarray) -> bool:
    """True when every entry of the 1-D array is finite (a few times cheaper than
    np.isfinite(values).all() for short vectors, and it stops at the first bad entry)."""
    for i in range(values.shape[0]):
        if not math.isfinite(values[i]):
            return False
    return True


@kernel()
def rotation_deviation(T: np.ndarray) -> float:
    """max |R^T R - I| + |det R - 1| of the 3x3 block of T (inf if any entry is not finite)."""
    for i in range(T.shape[0]):
        for j in range(T.shape[1]):
            if not math.isfinite(T[i, j]):
                return math.inf
    worst = 0.0
    for i in range(3):
        for j in range(3):
            s = T[0, i] * T[0, j] + T[1, i] * T[1, j] + T[2, i] * T[2, j]
            worst = max(worst, abs(s - (1.0 if i == j else 0.0)))
    det = (T[0, 0] * (T[1, 1] * T[2, 2] - T[1, 2] * T[2, 1])
           - T[0, 1] * (T[1, 0] * T[2, 2] - T[1, 2] * T[2, 0])
           + T[0, 2] * (T[1, 0] * T[2, 1] - T[1, 1] * T[2, 0]))
    return worst + abs(det - 1.0)


@kernel()
def bottom_row_deviation(T: np.ndarray) -> float:
    """max |T[3] - [0 0 0 1]|."""
    return max(abs(T[3, 0]), abs(T[3, 1]), abs(T[3, 2]), abs(T[3, 3] - 1.0))


@allocating_kernel()
def first_bad_pose(stack: np.ndarray, tolerance: float) -> tuple:
    """(index, rotation deviation, bottom-row deviation) of the first pose in stack (N, 4, 4)
    that fails either check, or (-1, 0, 0)."""
    for k in range(stack.shape[0]):
        rot = rotation_deviation(stack[k])
        bottom = bottom_row_deviation(stack[k])
        if not rot <= tolerance or not bottom <= tolerance:
            return k, rot, bottom
    return -1, 0.0, 0.0


@allocating_kernel()
def evaluate_solution(fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray, q: np.ndarray,
                      T_target: np.ndarray, task: np.ndarray, lower: np.ndarray,
                      upper: np.ndarray, tol_p: float, tol_r: float, check_limits: bool,
                      limit_tol: float) -> tuple:
    """FK check of an answer: (position error m, rotation error rad, met tolerances,
    inside limits) over the masked components of task (3, 6) = [mask; weights; axis tol]."""
    return evaluate_solution_into(fixed, kinds, offsets, q, T_target, task, lower, upper, tol_p,
                                  tol_r, check_limits, limit_tol, np.empty((4, 4)), np.empty(6))


@kernel()
def evaluate_solution_into(fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray,
                           q: np.ndarray, T_target: np.ndarray, task: np.ndarray,
                           lower: np.ndarray, upper: np.ndarray, tol_p: float, tol_r: float,
                           check_limits: bool, limit_tol: float, T: np.ndarray,
                           e: np.ndarray) -> tuple:
    """`evaluate_solution` with scratch T (4, 4) and e (6,) from the caller."""
    fk_into(fixed, kinds, offsets, q, T)
    pose_error_into(T, T_target, e)
    return judge_solution(e, q, task, lower, upper, tol_p, tol_r, check_limits, limit_tol)


@kernel()
def judge_solution(e: np.ndarray, q: np.ndarray, task: np.ndarray, lower: np.ndarray,
                   upper: np.ndarray, tol_p: float, tol_r: float, check_limits: bool,
                   limit_tol: float) -> tuple:
    """The verdict of `evaluate_solution` on q (n,) whose pose error e (6,) is known."""
    p = 0.0
    r = 0.0
    axes_ok = True
    for i in range(6):
        if task[0, i] > 0.0:
            if i < 3:
                p += e[i] * e[i]
            else:
                r += e[i] * e[i]
            if abs(e[i]) > task[2, i]:
                axes_ok = False
    p = math.sqrt(p)
    r = math.sqrt(r)
    inside = True
    if check_limits:
        for j in range(q.shape[0]):
            if q[j] < lower[j] - limit_tol or q[j] > upper[j] + limit_tol:
                inside = False
    return p, r, (p <= tol_p and r <= tol_r and axes_ok), inside


@allocating_kernel(parallel=True)
def evaluate_batch(fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray, Q: np.ndarray,
                   T_targets: np.ndarray, tasks: np.ndarray, lower: np.ndarray,
                   upper: np.ndarray, tol_p: float, tol_r: float, check_limits: bool,
                   limit_tol: float, position_error: np.ndarray, rotation_error: np.ndarray,
                   success: np.ndarray) -> None:
    """evaluate_solution for every row of Q (N, n) against T_targets (N, 4, 4)."""
    for k in prange(Q.shape[0]):
        p, r, met, inside = evaluate_solution(fixed, kinds, offsets, Q[k], T_targets[k], tasks[k],
                                              lower, upper, tol_p, tol_r, check_limits, limit_tol)
        position_error[k] = p
        rotation_error[k] = r
        success[k] = met and inside


@allocating_kernel()
def inside_limits(q: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> bool:
    """True when every row of q (N, n) lies inside [lower, upper] (n,)."""
    for k in range(q.shape[0]):
        for j in range(q.shape[1]):
            if not lower[j] <= q[k, j] <= upper[j]:
                return False
    return True
