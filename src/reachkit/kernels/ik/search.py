"""A whole solve: searches from q0, seed-table and random starts until one converges,
then (if none did) a polishing pass from the best configuration, within the search,
iteration and time budgets."""

import math

import numpy as np

from ..jit import kernel
from .constraints import engage_rows
from .iterate import SearchPlan, out_of_time, search_once
from .limits import has_hard_limits
from .methods import races_table_start
from .plain_first import keep_rows_after, rows_for_polishing
from .records import CONVERGED, NOT_CONVERGED, Outcome
from .starts import choose_start, reset_picks
from .task import active_rows, project_to_limits, tidy_solution

POLISH_MIN_ITERATIONS = 100
# From search PATIENT_AFTER on (every table start and as many random ones spent), a search
# stalls only when its cost falls by less than 1 % in 3 steps. A method's quick stall rule
# (LM: 0.4x in 2 steps) suits the common target, but searches toward a few run into
# joint limits, where clamped steps creep: from a given start, 1 Panda target in 200
# failed all 101 quick searches, and converges from the first patient ones.
PATIENT_AFTER = 9  # 2 x seeds.TABLE_STARTS + 1
PATIENT_WINDOW = 3
PATIENT_RATIO = 0.99


@kernel(forceinline=True)
def _unit_weights(m: int, sqrt_w: np.ndarray) -> bool:
    """A full pose with unit weights: the Jacobian serves as it is."""
    unit = m == 6
    for i in range(6):
        unit = unit and sqrt_w[i] == 1.0
    return unit


@kernel(forceinline=True)
def _copy(source: np.ndarray, destination: np.ndarray) -> None:
    for j in range(source.shape[0]):
        destination[j] = source[j]


@kernel()
def run_searches(rule, rows, arm, seeds, goal, start, budget, objectives, trace: np.ndarray,
                 q_best: np.ndarray, ws) -> Outcome:
    """Solve one target (records in `records.py`; rows an inequality-row provider,
    `constraints.py`; ws a `workspace.Workspace`); q_best (n,)
    receives the converged or lowest-cost configuration, inside the limits when they
    apply, revolute angles tidied (`task.tidy_solution`). With max_searches 0 only the
    polishing pass runs, from q0."""
    m = active_rows(goal.task, ws.w, ws.sqrt_w, ws.rows)
    unit_task = _unit_weights(m, ws.sqrt_w)
    clamp_steps = budget.use_limits and has_hard_limits(arm.kinds, arm.lower, arm.upper)
    reset_picks(ws.picks)
    engage_rows(ws.row_scratch, False)  # lazy rows wait for a search's answer
    ws.z[:] = 0.0
    rng = start.seed
    stall_window, stall_ratio = budget.stall_window, budget.stall_ratio
    best_cost = math.inf
    iterations = searches = trace_length = 0
    status = NOT_CONVERGED
    error_known = timed_out = False
    for search in range(budget.max_searches + 1):
        if search > 0 and out_of_time(budget.deadline):
            timed_out = True
            break
        polishing = search == budget.max_searches
        racing = False
        if polishing:
            if not budget.polish:
                break
            if best_cost == math.inf:  # no finite cost seen (or no search run)
                if budget.max_searches > 0 or not start.has_q0:
                    break
                _copy(start.q0, ws.q)
            else:
                _copy(q_best, ws.q)
            best_cost = rows_for_polishing(rows, ws, best_cost)
            stall_ratio = 1.0 - 1e-12
        else:
            searches += 1
            index = budget.first_search + search
            racing = index == 0 and start.has_q0 and unit_task and races_table_start(rule)
            if index >= PATIENT_AFTER:  # a hard target: let searches creep
                stall_window = max(stall_window, PATIENT_WINDOW)
                stall_ratio = max(stall_ratio, PATIENT_RATIO)
            rng = choose_start(index, rows, arm, seeds, goal, start, ws, rng)
        if budget.use_limits:
            project_to_limits(ws.q, arm.kinds, arm.lower, arm.upper)
        if search == 0:  # q_best always holds a finite configuration
            _copy(ws.q, q_best)
        steps = max(budget.max_iterations, POLISH_MIN_ITERATIONS) if polishing \
            else budget.max_iterations
        plan = SearchPlan(steps, stall_window, stall_ratio, polishing, racing)
        result = search_once(rule, rows, arm, seeds, goal, budget, plan, objectives, trace,
                             trace_length, q_best, best_cost, ws, m, unit_task, clamp_steps)
        result = keep_rows_after(rule, rows, arm, seeds, goal, budget, plan, objectives, trace,
                                 result, q_best, ws, m, unit_task, clamp_steps)
        iterations += result.steps
        trace_length = result.trace_length
        best_cost = result.best_cost
        timed_out = result.timed_out
        if result.converged:
            status = CONVERGED
            error_known = result.error_known
        if result.converged or timed_out:
            break
    if budget.use_limits:
        project_to_limits(q_best, arm.kinds, arm.lower, arm.upper)
    tidy_solution(q_best, arm.kinds, arm.lower, arm.upper)
    for j in range(q_best.shape[0]):  # wrapped or moved: the caller evaluates q_best itself
        error_known = error_known and q_best[j] == ws.q[j]
    return Outcome(status, iterations, searches, trace_length, timed_out, error_known)
