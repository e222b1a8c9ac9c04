"""One search: from ws.q, evaluate FK and the Jacobian, test convergence and stall, and
take the method's step, until the target is met, the search stalls, its budget or the
time runs out."""

import math
from typing import NamedTuple

import numpy as np

from ..jit import kernel
from ..numba_internals import monotonic_seconds
from ..so3 import pose_error_into
from .arm_kinematics import arm_fk_jacobian_into
from .constraints import SLACK_TOLERANCE, evaluate_rows, has_rows
from .methods import has_null_space, method_step
from .null_space import refine_in_null_space
from .starts import nearest_table_cost
from .task import is_converged, weighted_residual

# An LM search from a given q0 (full pose, unit weights) races the nearest table start:
# if q0's cost is above RACE_MARGIN x that start's cost, it gives way to it before any
# step. From random starts on UR5 / Puma 560 / Panda / iiwa14 the median iterations fall
# from 8 / 8 / 9 / 8 (no race) to 5 / 5 / 5 / 5, as without a q0 (0 failures in 4000
# solves); a q0 near a solution is mostly cheaper than the table start and keeps its search.
RACE_MARGIN = 1.0
CLOCK_EVERY = 8  # iterations between looks at the clock when a time limit is set


class SearchPlan(NamedTuple):
    """How one search runs: at most `iterations` steps; it stalls when its cost has not
    fallen below stall_ratio x its best for stall_window steps; polishing: the final
    line-search pass; racing: give way to the nearest table start before any step."""

    iterations: int
    stall_window: int
    stall_ratio: float
    polishing: bool
    racing: bool


class SearchResult(NamedTuple):
    """converged; steps taken; the lowest cost seen in the solve (q_best holds its
    configuration); trace rows written so far; timed_out; error_known: converged, and
    ws.e6 is the pose error at exactly q_best."""

    converged: bool
    steps: int
    best_cost: float
    trace_length: int
    timed_out: bool
    error_known: bool


@kernel(forceinline=True)
def out_of_time(deadline: float) -> bool:
    """Whether the `monotonic_seconds` deadline has passed (never for inf)."""
    return deadline < math.inf and monotonic_seconds() > deadline


@kernel(forceinline=True)
def _record(trace: np.ndarray, trace_length: int, q: np.ndarray) -> int:
    """Append q to the trace while it has room; returns the new length."""
    if trace_length < trace.shape[0]:
        for j in range(q.shape[0]):
            trace[trace_length, j] = q[j]
        trace_length += 1
    return trace_length


@kernel(forceinline=True)
def search_once(rule, rows, arm, seeds, goal, budget, plan, objectives, trace: np.ndarray,
                trace_length: int, q_best: np.ndarray, best_cost: float, ws, m: int,
                unit_task: bool, clamp_steps: bool) -> SearchResult:
    """Run one search from ws.q. q_best (n,) and best_cost are the solve's best so far
    and are updated; converged, ws.q (= q_best) meets the target, refined in the task's
    null space first when objectives are given (pinv, dls, lm). It converges only where
    the rows' constraints hold (`constraints.evaluate_rows`, one pass a step)."""
    mask, axis_tol = goal.task[0], goal.task[2]
    n = ws.q.shape[0]
    search_best = math.inf
    since_progress = 0
    steps = 0
    for it in range(plan.iterations + 1):
        if it % CLOCK_EVERY == CLOCK_EVERY - 1 and out_of_time(budget.deadline):
            return SearchResult(False, steps, best_cost, trace_length, True, False)
        arm_fk_jacobian_into(arm, ws.q, ws.T, ws.J)
        pose_error_into(ws.T, goal.T_target, ws.e6)
        E = weighted_residual(ws.e6, ws.sqrt_w, ws.rows, m, ws.r)
        trace_length = _record(trace, trace_length, ws.q)
        kept = True  # whether q keeps the rows' constraints (rows filled for the step)
        if has_rows(rows):
            kept = evaluate_rows(rows, ws.row_scratch, arm, ws.q, ws.T, ws.J) >= -SLACK_TOLERANCE
        if kept and is_converged(ws.e6, mask, axis_tol, budget.tol_position, budget.tol_rotation):
            error_known = True
            if objectives is not None and has_null_space(rule) \
                    and objectives[0].shape[0] > 0 and budget.secondary_iterations > 0:
                error_known = False
                extra, trace_length, _ = refine_in_null_space(
                    rule, budget, arm, budget.use_limits, goal.T_target, goal.task, ws.sqrt_w, ws.rows, m,
                    objectives[0], objectives[1], objectives[2], ws.q, ws.q_try, ws.T, ws.J,
                    ws.Jw, ws.e6, ws.r, ws.rr, ws.A, ws.V, ws.eig, ws.b, ws.tmp, ws.dq, ws.z,
                    ws.objective_work, ws.tight_axis, trace, trace_length)
                steps += extra
            for j in range(n):
                q_best[j] = ws.q[j]
            return SearchResult(True, steps, E, trace_length, False, error_known)
        if E < best_cost and kept:
            best_cost = E  # the best configuration keeps the rows' constraints
            for j in range(n):
                q_best[j] = ws.q[j]
        if it == plan.iterations:
            break
        if plan.racing and it == 0 and E > RACE_MARGIN * nearest_table_cost(seeds, goal, ws):
            break  # q0 is farther from the target than the nearest table start
        if E < plan.stall_ratio * search_best:
            search_best = E
            since_progress = 0
        else:
            since_progress += 1
            if since_progress >= plan.stall_window:
                break
        steps += 1
        if not method_step(rule, rows, arm, goal, budget, ws, m, E, unit_task, clamp_steps,
                           plan.polishing, it == 0):
            break
    return SearchResult(False, steps, best_cost, trace_length, False, False)
