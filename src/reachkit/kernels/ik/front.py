"""One kernel call per `reachkit.ik` solve: check the inputs, run the search loop
(`solver.solve_one`) and check the answer by forward kinematics, in a single dispatch.

The checks here only detect bad input (`INPUT_OK` or which input is bad); the Python
side then repeats its own validation, which raises the error that says what to change.
"""

import math

import numpy as np
from numba import njit

from ..checks import bottom_row_deviation, evaluate_solution, rotation_deviation
from .solver import solve_one
from .task import project_to_limits

INPUT_OK = 0
BAD_TARGET = 1  # NaN / inf, a 3x3 block that is not a rotation, or a bad bottom row
BAD_START = 2  # q0 holds NaN or inf
LIMIT_TOLERANCE = 1e-9  # how far outside the limits an answer may lie and count as inside


@njit(cache=True)
def pose_is_valid(T: np.ndarray, tolerance: float) -> bool:
    """The test of `checks.first_bad_pose` for one (4, 4) pose: finite, rigid to `tolerance`."""
    return rotation_deviation(T) <= tolerance and bottom_row_deviation(T) <= tolerance


@njit(cache=True)
def start_inside_limits(q: np.ndarray, kinds: np.ndarray, lower: np.ndarray,
                        upper: np.ndarray) -> bool:
    """Move q (n,) into [lower, upper] in place (as `task.project_to_limits` does); False
    when it had to move."""
    for j in range(q.shape[0]):
        if not lower[j] <= q[j] <= upper[j]:
            project_to_limits(q, kinds, lower, upper)
            return False
    return True


@njit(cache=True, nogil=True)
def solve_checked(robot: tuple, method: int, T_in: np.ndarray, task: np.ndarray,
                  settings: np.ndarray, q0_in: np.ndarray, has_q0: bool, seed: int,
                  objectives: tuple | None, trace: np.ndarray, q_best: np.ndarray,
                  pose_tolerance: float, tol_p: float, tol_r: float,
                  joint_limits: bool) -> tuple:
    """Check T_in (4, 4) and q0_in (n,), solve and evaluate one target.

    robot: (fixed, kinds, offsets, lower, upper, sample_lower, sample_upper, seed_table)
    as `solve_one` reads them. The pose and the start are copied first, so the solve reads exactly what
    was checked. q0 outside the limits is moved inside them when joint_limits is set.
    Returns (input code, status, iterations, searches, trace_length, position error m,
    rotation error rad, tolerances met, inside limits, q0 moved); after a bad input code
    nothing was solved and only that code counts.
    """
    fixed, kinds, offsets, lower, upper, sample_lower, sample_upper, seed_table = robot
    n = kinds.shape[0]
    T = T_in.copy()
    q0 = np.zeros(n)
    if not pose_is_valid(T, pose_tolerance):
        return BAD_TARGET, 1, 0, 0, 0, math.inf, math.inf, False, False, False
    moved = False
    if has_q0:
        for j in range(n):
            q0[j] = q0_in[j]
            if not math.isfinite(q0[j]):
                return BAD_START, 1, 0, 0, 0, math.inf, math.inf, False, False, False
        if joint_limits:
            moved = not start_inside_limits(q0, kinds, lower, upper)
    status, iterations, searches, trace_length = solve_one(
        method, fixed, kinds, offsets, lower, upper, sample_lower, sample_upper, seed_table, T,
        task, settings, q0, has_q0, seed, objectives, trace, q_best)
    p, r, met, inside = evaluate_solution(fixed, kinds, offsets, q_best, T, task, lower, upper,
                                          tol_p, tol_r, joint_limits, LIMIT_TOLERANCE)
    return INPUT_OK, status, iterations, searches, trace_length, p, r, met, inside, moved
