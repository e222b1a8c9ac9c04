"""The kernels `reachkit.ik` and `reachkit.ik_batch` call: check the inputs, run the
searches (`search.run_searches`) and check the answer by forward kinematics, in a single
dispatch.

`solve_plain` runs a plain solve, `solve_checked` one with secondary objectives or a
trace, `solve_batch` many targets in parallel. Each is compiled for the rule record it
is given (`records.LM`, ...): a method compiles only its own step. The checks here only
detect bad input (`Answer.code`); the Python side then repeats its own validation,
which raises the error that says what to change.
"""

import math
from typing import NamedTuple

import numpy as np
from numba import njit, typeof, types

from ..checks import (
    ROTATION_TOLERANCE,
    bottom_row_deviation,
    judge_solution,
    rotation_deviation,
)
from ..jit import allocating_kernel, kernel
from ..numba_internals import (
    carve,
    entry_point,
    read_only_strided_view,
    read_only_view,
    stack_array,
)
from ..so3 import pose_error_into
from .arm_kinematics import arm_fk_into
from .constraints import SLACK_TOLERANCE, NoRows, has_rows, row_slack
from .iterate import out_of_time
from .random import target_seed
from .records import Goal, Start
from .robot import arm_scratch_size, robot_sizes, unpack_robot_into
from .search import run_searches
from .task import project_to_limits
from .workspace import carve_workspace, workspace_size

INPUT_OK = 0
BAD_TARGET = 1  # not (4, 4), NaN / inf, a 3x3 block that is not a rotation, a bad bottom row
BAD_START = 2  # q0 of another length than the robot's dof, or holding NaN or inf
LIMIT_TOLERANCE = 1e-9  # how far outside the limits an answer may lie and count as inside
_OWN_FLOATS = 32  # the checked pose (16) and the answer's pose (16); then q0 (n)
_STACK_FLOATS = 4096  # scratch kept on the stack, 32 kB: a 6-joint arm needs 1,313 floats,
# a 22-joint chain 3,920 (the longest that fits; serial DH chains, measured)
_STACK_INTS = 64  # the joint kinds and the workspace's ints for a chain of up to 51 joints


class Answer(NamedTuple):
    """What a solve kernel reports. code: INPUT_OK or which input was bad (then nothing
    else counts); status, iterations, searches, trace_length, timed_out: see
    `records.Outcome`; position_error (m) and rotation_error (rad) of the answer by FK;
    met: within the tolerances; inside: inside the limits (when they apply); moved: q0
    was outside the limits and was moved inside; slack: the smallest slack of the
    inequality rows' constraints at the answer (`constraints.row_slack`; inf without)."""

    code: int
    status: int
    iterations: int
    searches: int
    trace_length: int
    timed_out: bool
    position_error: float
    rotation_error: float
    met: bool
    inside: bool
    moved: bool
    slack: float


# Position of each Answer field in the plain tuple the entry kernels return (see
# `answer_fields`).
CODE, STATUS, ITERATIONS, SEARCHES, TRACE_LENGTH, TIMED_OUT, POSITION_ERROR, \
    ROTATION_ERROR, MET, INSIDE, MOVED, SLACK = range(len(Answer._fields))


@kernel()
def answer_fields(answer: Answer) -> tuple:
    """The Answer's fields as a plain tuple, in `Answer._fields` order: Numba boxes a
    named tuple for Python by calling its class (~0.77 us for Answer), a plain tuple in
    ~0.14 us, so the entry kernels return this (`Answer._make` rebuilds the record)."""
    return (answer.code, answer.status, answer.iterations, answer.searches,
            answer.trace_length, answer.timed_out, answer.position_error,
            answer.rotation_error, answer.met, answer.inside, answer.moved, answer.slack)


@kernel()
def _refused(code: int) -> Answer:
    return Answer(code, 1, 0, 0, 0, False, math.inf, math.inf, False, False, False, math.inf)


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


@njit(cache=True, inline="always")
def _scratch(robot: np.ndarray) -> tuple:
    """The two buffers a solve carves all its scratch from (float64, int64): on the
    caller's stack when they fit (chains of up to 22 joints), else allocated. The work
    itself then runs without reference counting."""
    n, _, seed_scan = robot_sizes(robot)
    float_count, int_count = workspace_size(n, seed_scan)
    arm_floats, arm_ints = arm_scratch_size(robot)
    floats = _OWN_FLOATS + n + arm_floats + float_count
    ints = arm_ints + int_count
    work = stack_array(np.float64, _STACK_FLOATS) if floats <= _STACK_FLOATS else np.empty(floats)
    int_work = stack_array(np.int64, _STACK_INTS) if ints <= _STACK_INTS else \
        np.empty(ints, dtype=np.int64)
    return work, int_work


@kernel(own_code=True)
def _check_and_solve(robot: np.ndarray, T_in: np.ndarray, task: np.ndarray, budget, rule, rows,
                     q: np.ndarray, has_q0: int, seed: int, objectives, trace: np.ndarray,
                     work: np.ndarray, ints: np.ndarray) -> Answer:
    """Check T_in (4, 4) and the start, solve and evaluate one target, on scratch work
    (float64) and ints (int64) of `_scratch`'s sizes. q (n,): in, q0 when has_q0 is 1
    (0: no start; an int dispatches faster than a bool); out, the answer. The pose and
    the start are copied first, so the solve reads exactly what was checked. q0 outside
    the limits is moved inside them when budget.use_limits. Every caller passes T_in and
    task as read-only views, T_in strided (`_pose_and_task`), so that one version of this
    and the search below serves single solves, traces and batches alike. It has machine
    code of its own (`own_code`), which the three entries call: each entry no longer
    optimises the whole search again (first `ik_batch` after a first plain `rk.ik` in
    another process: 4.4 -> 1.8 s; empty-cache `pytest`: 3:18 -> 3:00)."""
    n, _, seed_scan = robot_sizes(robot)
    if T_in.shape[0] != 4 or T_in.shape[1] != 4:
        return _refused(BAD_TARGET)
    if q.shape[0] != n:
        return _refused(BAD_START)
    arm_floats, arm_ints = arm_scratch_size(robot)
    at = _OWN_FLOATS + n  # the arm's scratch, then the workspace
    arm, seeds = unpack_robot_into(robot, ints[:arm_ints], work[at:at + arm_floats])
    T = carve(work, 0, (4, 4))
    T_answer = carve(work, 16, (4, 4))
    q0 = work[_OWN_FLOATS:_OWN_FLOATS + n]
    for i in range(4):
        for j in range(4):
            T[i, j] = T_in[i, j]
    if not pose_is_valid(T, ROTATION_TOLERANCE):
        return _refused(BAD_TARGET)
    moved = False
    q0[:] = 0.0
    if has_q0:
        for j in range(n):
            q0[j] = q[j]
            if not math.isfinite(q0[j]):
                return _refused(BAD_START)
        if budget.use_limits:
            moved = not start_inside_limits(q0, arm.kinds, arm.lower, arm.upper)
    ws, _, _ = carve_workspace(work[at + arm_floats:], ints[arm_ints:], n, seed_scan)
    goal = Goal(T, task)
    start = Start(q0, has_q0 != 0, target_seed(seed, T, task))
    outcome = run_searches(rule, rows, arm, seeds, goal, start, budget, objectives, trace, q,
                           ws)
    if not outcome.error_known:  # else ws.e6 is the search's own FK of exactly this q
        arm_fk_into(arm, q, T_answer)
        pose_error_into(T_answer, T, ws.e6)
    p, r, met, inside = judge_solution(ws.e6, q, task, arm.lower, arm.upper,
                                       budget.tol_position, budget.tol_rotation,
                                       budget.use_limits, LIMIT_TOLERANCE)
    slack = math.inf
    if has_rows(rows):
        arm_fk_into(arm, q, T_answer)
        slack = row_slack(rows, arm, q, T_answer)
    return Answer(INPUT_OK, outcome.status, outcome.iterations, outcome.searches,
                  outcome.trace_length, outcome.timed_out, p, r, met, inside, moved, slack)


@njit(cache=True, inline="always")
def _pose_and_task(T_in: np.ndarray, task: np.ndarray) -> tuple:
    """T_in and task as `_check_and_solve` takes them: read-only, the pose of any layout
    (one compiled version of it for every entry; first `ik_batch` after a first plain
    `rk.ik` in another process: 8.1 -> 4.6 s; a first trace 5.0 -> 3.5 s)."""
    return read_only_strided_view(T_in), read_only_view(task)


@allocating_kernel(nogil=True)
def solve_plain(robot: np.ndarray, T_in: np.ndarray, task: np.ndarray, budget, rule,
                q: np.ndarray, has_q0: int, seed: int) -> tuple:
    """One target without secondary objectives or trace, the common `reachkit.ik` call;
    returns the `Answer`'s fields (`answer_fields`).
    robot: a `robot.pack_robot` vector; T_in (4, 4) tool pose in the world frame (any
    layout); task (3, 6); budget a `records.Budget`, rule a method's rule record; q, has_q0
    and seed as in `_check_and_solve` (seed: the user's; each target's stream mixes it
    with the target, `random.target_seed`)."""
    work, ints = _scratch(robot)
    no_trace = carve(work, 0, (0, q.shape[0]))
    T_view, task_view = _pose_and_task(T_in, task)
    return answer_fields(_check_and_solve(robot, T_view, task_view, budget, rule, NoRows(), q,
                                          has_q0, seed, None, no_trace, work, ints))


@allocating_kernel(nogil=True)
def solve_checked(robot: np.ndarray, T_in: np.ndarray, task: np.ndarray, budget, rule, rows,
                  q: np.ndarray, has_q0: int, seed: int, objectives, trace: np.ndarray) -> tuple:
    """`solve_plain` with secondary objectives (None, or (kinds (K,), weights (K,), params
    (K, P)) of `reachkit.objectives.pack`) and a trace (rows, n) that receives the iterates
    (0 rows: none), and an inequality-row provider `rows` (`constraints.NoRows()`: none)."""
    work, ints = _scratch(robot)
    T_view, task_view = _pose_and_task(T_in, task)
    return answer_fields(_check_and_solve(robot, T_view, task_view, budget, rule, rows, q, has_q0,
                                          seed, objectives, trace, work, ints))


@allocating_kernel(nogil=True)
def solve_batch(robot: np.ndarray, T_targets: np.ndarray, tasks: np.ndarray, budget, rule,
                rows, q0: np.ndarray, has_q0: int, seed: int, objectives, q_out: np.ndarray,
                codes: np.ndarray, iterations: np.ndarray, searches: np.ndarray, first: int,
                stride: int) -> None:
    """`solve_checked` for targets first, first + stride, ... of T_targets (N, 4, 4) with
    tasks (N, 3, 6): one lane of `reachkit.ik.lanes.run_lanes`, which runs the lanes on
    Python threads (the kernel releases the GIL); q0 (N, n) warm starts when has_q0.
    Each target's answer is the one `ik` gives it alone (its random stream depends on the
    seed and the target, not on its place in the batch or its lane). Results go to q_out
    (N, n), codes (N,) (0: converged, 1: not converged, 2: bad input, 3: not started before
    the deadline, 4: a constraint of `rows` not kept), iterations and searches (N,)."""
    n = robot_sizes(robot)[0]
    for k in range(first, T_targets.shape[0], stride):
        if out_of_time(budget.deadline):  # not started before the deadline: left unsolved
            codes[k] = 3
            iterations[k] = 0
            searches[k] = 0
            continue
        q = q_out[k]
        for j in range(n):
            q[j] = q0[k, j]
        work, ints = _scratch(robot)
        T_view, task_view = _pose_and_task(T_targets[k], tasks[k])
        answer = _check_and_solve(robot, T_view, task_view, budget, rule, rows, q, has_q0, seed,
                                  objectives, carve(work, 0, (0, n)), work, ints)
        codes[k] = answer.status if answer.code == INPUT_OK else 2
        if answer.code == INPUT_OK and answer.slack < -SLACK_TOLERANCE:
            codes[k] = 4  # a constraint is not kept
        iterations[k] = answer.iterations
        searches[k] = answer.searches


_VECTOR = types.Array(types.float64, 1, "C", readonly=True)


def plain_signature(budget: tuple, rule: tuple) -> tuple:
    """The one signature `reachkit.ik` compiles solve_plain for, per rule record type:
    (robot, T_in of any layout, task, budget, rule, q, has_q0, seed), C-contiguous float64
    arrays except the pose, which may have any strides (it is read once, into the
    checked copy), read-only or not; has_q0 and seed Python ints."""
    return (_VECTOR, types.Array(types.float64, 2, "A", readonly=True),
            types.Array(types.float64, 2, "C", readonly=True), typeof(budget), typeof(rule),
            types.Array(types.float64, 1, "C"), types.int64, types.int64)


def plain_entry(budget: tuple, rule: tuple) -> object:
    """solve_plain's entry point for `plain_signature` (compiled, or loaded from the cache,
    first): it skips the dispatcher's typing of every argument (~0.3 us a call) and checks
    no type, so its caller passes exactly those types."""
    return entry_point(solve_plain, plain_signature(budget, rule))
