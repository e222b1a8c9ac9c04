"""Lazy rows: with a provider whose rows are costly (link distances), the searches of a
solve run without them, and only an answer that breaks them is searched again with them.

Most targets are met by a configuration that keeps every distance: a plain search finds
it at the plain cost, and one exact check (`constraints.row_slack`) confirms it. A
search that converges where a constraint breaks is followed, from that configuration,
by a search that keeps the rows at every step (it slides the arm off the obstacle while
holding the target, along the arm's self-motion when it has one). When that one does
not converge either, the target is a hard one: the solve's remaining searches and its
polishing pass keep the rows from their first step, as with cheap providers
(`constraints.lazy_rows`), and only configurations that keep them become the answer, so
a failed solve returns the closest configuration found that keeps every distance.
"""

import math

from numba.extending import overload

from ..numba_internals import OVERLOAD_OPTIONS
from .arm_kinematics import arm_fk_into
from .constraints import SLACK_TOLERANCE, engage_rows, lazy_rows, row_slack
from .iterate import SearchPlan, SearchResult, search_once


def rows_for_polishing(rows, ws, best_cost: float) -> float:
    """Before the polishing pass (from the best configuration so far): lazy rows are
    engaged; returns best_cost."""
    raise NotImplementedError("rows_for_polishing runs inside kernels only")


@overload(rows_for_polishing, jit_options=OVERLOAD_OPTIONS)
def _rows_for_polishing(rows, ws, best_cost):
    if not lazy_rows(rows):
        return lambda rows, ws, best_cost: best_cost

    def engaged(rows, ws, best_cost):
        engage_rows(ws.row_scratch, True)
        return best_cost
    return engaged


def keep_rows_after(rule, rows, arm, seeds, goal, budget, plan, objectives, trace, result,
                    q_best, ws, m: int, unit_task: bool, clamp_steps: bool) -> SearchResult:
    """After a search of `search.run_searches` (its plan and SearchResult `result`): when
    the rows are lazy and the search converged to a q_best that breaks them, a search
    with the rows engaged from there (its steps add to result's; q_best becomes its best
    configuration keeping them), which leaves them engaged when it fails. Else result as
    it is."""
    raise NotImplementedError("keep_rows_after runs inside kernels only")


@overload(keep_rows_after, jit_options=OVERLOAD_OPTIONS)
def _keep_rows_after(rule, rows, arm, seeds, goal, budget, plan, objectives, trace, result,
                     q_best, ws, m, unit_task, clamp_steps):
    if not lazy_rows(rows):
        return lambda rule, rows, arm, seeds, goal, budget, plan, objectives, trace, result, \
            q_best, ws, m, unit_task, clamp_steps: result

    def search_again_with_rows(rule, rows, arm, seeds, goal, budget, plan, objectives, trace,
                               result, q_best, ws, m, unit_task, clamp_steps):
        if not result.converged or ws.row_scratch.count[1] == 1:  # engaged: kept
            return result
        arm_fk_into(arm, q_best, ws.T)
        if row_slack(rows, arm, q_best, ws.T) >= -SLACK_TOLERANCE:
            return result  # the caller's check of this q reuses the distance (memo)
        for j in range(q_best.shape[0]):
            ws.q[j] = q_best[j]
        engage_rows(ws.row_scratch, True)
        again = search_once(rule, rows, arm, seeds, goal, budget,
                            SearchPlan(plan.iterations, plan.stall_window, plan.stall_ratio,
                                       plan.polishing, False),
                            objectives, trace, result.trace_length, q_best, math.inf,
                            ws, m, unit_task, clamp_steps)
        return SearchResult(again.converged, result.steps + again.steps, again.best_cost,
                            again.trace_length, again.timed_out, again.error_known)
    return search_again_with_rows
