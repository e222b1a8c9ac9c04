"""One kernel call per `reachkit.ik` solve: check the inputs, run the search loop
(`solver.solve_one`) and check the answer by forward kinematics, in a single dispatch.

`solve_plain` runs a plain solve, `solve_checked` one with secondary objectives or a
trace. The checks here only detect bad input (`INPUT_OK` or which input is bad); the
Python side then repeats its own validation, which raises the error that says what to
change.
"""

import math

import numpy as np
from numba import njit, types

from ..checks import (
    ROTATION_TOLERANCE,
    bottom_row_deviation,
    evaluate_solution_into,
    judge_solution,
    rotation_deviation,
)
from ..jit import kernel
from ..views import carve, stack_array
from . import settings as S
from .robot import robot_sizes, unpack_robot_into
from .solver import SEARCH_INTS, search, search_scratch_size
from .task import project_to_limits

INPUT_OK = 0
BAD_TARGET = 1  # not (4, 4), NaN / inf, a 3x3 block that is not a rotation, a bad bottom row
BAD_START = 2  # q0 of another length than the robot's dof, or holding NaN or inf
LIMIT_TOLERANCE = 1e-9  # how far outside the limits an answer may lie and count as inside
_OWN_FLOATS = 38  # the checked pose (16), the answer's pose (16) and error (6); then q0 (n)
_STACK_FLOATS = 4096  # scratch kept on the stack: 32 kB (the solve of a 6-joint arm needs 6)
_STACK_INTS = 64  # the joint kinds and the active task rows of a chain of up to 58 joints


@kernel()
def pose_is_valid(T: np.ndarray, tolerance: float) -> bool:
    """The test of `checks.first_bad_pose` for one (4, 4) pose: finite, rigid to `tolerance`."""
    return rotation_deviation(T) <= tolerance and bottom_row_deviation(T) <= tolerance


@kernel()
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
def solve_checked(robot: np.ndarray, T_in: np.ndarray, task: np.ndarray, settings: np.ndarray,
                  q: np.ndarray, has_q0: int, seed: int, objectives: tuple | None,
                  trace: np.ndarray) -> tuple:
    """Check T_in (4, 4) and the start, solve and evaluate one target.

    robot: a `robot.pack_robot` vector. q (n,): in, the start q0 when has_q0 is 1 (0: no
    start; an int, which dispatches faster than a bool); out, the answer. The pose and
    the start are copied first, so the solve reads exactly what was checked. q0 outside
    the limits is moved inside them when settings[USE_LIMITS] is set. The tolerances and
    the method are those of settings. Returns (input code, status, iterations, searches,
    trace_length, position error m, rotation error rad, tolerances met, inside limits,
    q0 moved); after a bad input code nothing was solved and only that code counts.
    """
    work, ints = _scratch(robot)
    return _check_and_solve(robot, T_in, task, settings, q, has_q0, seed, objectives, trace,
                            work, ints)


@njit(cache=True, inline="always")
def _scratch(robot: np.ndarray) -> tuple:
    """The two buffers `_check_and_solve` carves all its scratch from (float64, int64):
    on the caller's stack when they fit (chains of up to ~40 joints), else allocated.
    The work itself then runs without reference counting."""
    n, _, seed_scan = robot_sizes(robot)
    floats = _OWN_FLOATS + n + search_scratch_size(n, seed_scan)
    ints = n + SEARCH_INTS
    work = stack_array(np.float64, _STACK_FLOATS) if floats <= _STACK_FLOATS else np.empty(floats)
    int_work = stack_array(np.int64, _STACK_INTS) if ints <= _STACK_INTS else \
        np.empty(ints, dtype=np.int64)
    return work, int_work


@kernel(nogil=True)
def _check_and_solve(robot: np.ndarray, T_in: np.ndarray, task: np.ndarray,
                     settings: np.ndarray, q: np.ndarray, has_q0: int, seed: int,
                     objectives: tuple | None, trace: np.ndarray, work: np.ndarray,
                     ints: np.ndarray) -> tuple:
    """`solve_checked` on scratch work (float64, _OWN_FLOATS + n + `search_scratch_size`)
    and ints (int64, n + SEARCH_INTS)."""
    n = robot_sizes(robot)[0]
    if T_in.shape[0] != 4 or T_in.shape[1] != 4:
        return BAD_TARGET, 1, 0, 0, 0, math.inf, math.inf, False, False, False
    if q.shape[0] != n:
        return BAD_START, 1, 0, 0, 0, math.inf, math.inf, False, False, False
    kinds = ints[:n]
    fixed, offsets, lower, upper, sample_lower, sample_upper, seed_table = \
        unpack_robot_into(robot, kinds)
    T = carve(work, 0, (4, 4))
    T_answer = carve(work, 16, (4, 4))
    e = work[32:38]
    q0 = work[_OWN_FLOATS:_OWN_FLOATS + n]
    for i in range(4):
        for j in range(4):
            T[i, j] = T_in[i, j]
    if not pose_is_valid(T, ROTATION_TOLERANCE):
        return BAD_TARGET, 1, 0, 0, 0, math.inf, math.inf, False, False, False
    joint_limits = settings[S.USE_LIMITS] > 0.0
    moved = False
    q0[:] = 0.0
    if has_q0:
        for j in range(n):
            q0[j] = q[j]
            if not math.isfinite(q0[j]):
                return BAD_START, 1, 0, 0, 0, math.inf, math.inf, False, False, False
        if joint_limits:
            moved = not start_inside_limits(q0, kinds, lower, upper)
    status, iterations, searches, trace_length, error_known = search(
        fixed, kinds, offsets, lower, upper, sample_lower, sample_upper, seed_table, T, task,
        settings, q0, has_q0 != 0, seed, objectives, trace, q, work[_OWN_FLOATS + n:],
        ints[n:], e)
    tol_p, tol_r = settings[S.TOL_POSITION], settings[S.TOL_ROTATION]
    if error_known:  # the search's own FK of exactly this q
        p, r, met, inside = judge_solution(e, q, task, lower, upper, tol_p, tol_r, joint_limits,
                                           LIMIT_TOLERANCE)
    else:
        p, r, met, inside = evaluate_solution_into(
            fixed, kinds, offsets, q, T, task, lower, upper, tol_p, tol_r, joint_limits,
            LIMIT_TOLERANCE, T_answer, e)
    return INPUT_OK, status, iterations, searches, trace_length, p, r, met, inside, moved


_VECTOR = types.Array(types.float64, 1, "C", readonly=True)
# The one signature `reachkit.ik` compiles solve_plain for and calls its entry point with:
# (robot, T_in of any layout, task, settings, q, has_q0, seed). The entry point checks no
# type, so the caller passes exactly these: C-contiguous float64 arrays, except the pose,
# which may have any strides (it is read once, into the checked copy), read-only or not.
PLAIN_SIGNATURE = (_VECTOR, types.Array(types.float64, 2, "A", readonly=True),
                   types.Array(types.float64, 2, "C", readonly=True), _VECTOR,
                   types.Array(types.float64, 1, "C"), types.int64, types.int64)


@njit(cache=True, nogil=True)
def solve_plain(robot: np.ndarray, T_in: np.ndarray, task: np.ndarray, settings: np.ndarray,
                q: np.ndarray, has_q0: int, seed: int) -> tuple:
    """`solve_checked` without secondary objectives or trace, the common `reachkit.ik`
    call: two arguments fewer for Numba to dispatch."""
    work, ints = _scratch(robot)
    no_trace = carve(work, 0, (0, q.shape[0]))
    return _check_and_solve(robot, T_in, task, settings, q, has_q0, seed, None, no_trace, work,
                            ints)
