"""Lazy rows: with a provider whose rows are costly (link distances), the searches of a
solve run without them, and an answer that breaks them is set aside or repaired.

Most targets are met by a configuration that keeps every distance: a plain search finds
it at the plain cost, and one exact check (`constraints.row_slack`) confirms it. An
answer that breaks a constraint is set aside, and the next search starts elsewhere,
still without the rows, up to PLAIN_RETRIES times. The answer after those (or, when
the searches run out first, the last one set aside) is repaired:
from it, one step with the rows engaged pushes the arm off the obstacle along the
motion that disturbs the tool least (`constraints.enforce_rows`), and a search keeping
the rows at every step follows. When that does not converge either, the target is a
hard one: the solve's remaining searches and its polishing pass keep the rows from
their first step, as with cheap providers (`constraints.lazy_rows`), and only
configurations that keep them become the answer.

Why plain searches first: on the tabletop scene (Panda, 4,000 targets with a
collision-free solution, 1 thread) a repair converges for ~55 % of the answers that
collide and costs ~10 steps with the rows (each ~1.2 us of distances more than a plain
step), while a plain search from another start costs about one plain solve and keeps
the margin for ~20 % of them. Setting aside 6 answers before the repair, the targets
whose first answer collides cost 3.6x a plain solve (repairing the first answer: 4.5x;
never repairing: 3.8x), and the whole batch 1.9x.
"""

import math

from numba.extending import overload

from ..numba_internals import OVERLOAD_OPTIONS
from .arm_kinematics import arm_fk_into
from .constraints import (SLACK_TOLERANCE, answers_set_aside, engage_rows, lazy_rows,
                          row_slack, rows_engaged, set_answer_aside)
from .iterate import SearchPlan, SearchResult, search_once

PLAIN_RETRIES = 6  # answers that break the rows set aside before one is repaired


def rows_for_polishing(rows, ws, best_cost: float) -> float:
    """Before the polishing pass (from the best configuration so far): lazy rows are
    engaged, unless that configuration is an answer set aside (the pass meets it at once
    and `keep_rows_after` repairs it); returns best_cost."""
    raise NotImplementedError("rows_for_polishing runs inside kernels only")


@overload(rows_for_polishing, jit_options=OVERLOAD_OPTIONS)
def _rows_for_polishing(rows, ws, best_cost):
    if not lazy_rows(rows):
        return lambda rows, ws, best_cost: best_cost

    def engaged(rows, ws, best_cost):
        if answers_set_aside(ws.row_scratch) == 0:
            engage_rows(ws.row_scratch, True)
        return best_cost
    return engaged


def keep_rows_after(rule, rows, arm, seeds, goal, budget, plan, objectives, trace, result,
                    q_best, ws, m: int, unit_task: bool, clamp_steps: bool) -> SearchResult:
    """After a search of `search.run_searches` (its plan and SearchResult `result`): when
    the rows are lazy and the search converged to a q_best that breaks them, the answer
    is set aside (a result that did not converge: the next search starts elsewhere) or,
    after PLAIN_RETRIES of them or in the polishing pass (which starts from the last one
    set aside), repaired: a push and a search with the rows engaged
    from there (their steps add to result's; q_best becomes the best configuration
    keeping them), which leave the rows engaged when they fail. Else result as it is."""
    raise NotImplementedError("keep_rows_after runs inside kernels only")


@overload(keep_rows_after, jit_options=OVERLOAD_OPTIONS)
def _keep_rows_after(rule, rows, arm, seeds, goal, budget, plan, objectives, trace, result,
                     q_best, ws, m, unit_task, clamp_steps):
    if not lazy_rows(rows):
        return lambda rule, rows, arm, seeds, goal, budget, plan, objectives, trace, result, \
            q_best, ws, m, unit_task, clamp_steps: result

    def set_aside_or_repair(rule, rows, arm, seeds, goal, budget, plan, objectives, trace,
                            result, q_best, ws, m, unit_task, clamp_steps):
        if not result.converged or rows_engaged(ws.row_scratch):  # engaged: kept
            return result
        arm_fk_into(arm, q_best, ws.T)
        if row_slack(rows, arm, q_best, ws.T) >= -SLACK_TOLERANCE:
            return result  # the caller's check of this q reuses the distance (memo)
        if answers_set_aside(ws.row_scratch) < PLAIN_RETRIES and not plan.polishing:
            set_answer_aside(ws.row_scratch)
            return SearchResult(False, result.steps, result.best_cost, result.trace_length,
                                result.timed_out, False)
        for j in range(q_best.shape[0]):
            ws.q[j] = q_best[j]
        engage_rows(ws.row_scratch, True)
        # Two searches from one call site (each site inlines the whole search loop): a
        # push of one step, then, unless it converged, full steps, also when polishing;
        # the stall rule counts from the push.
        phase = SearchPlan(1, 1, 1.0, False, False)
        again, steps, trace_length, best_cost = result, 0, result.trace_length, math.inf
        for _ in range(2):
            again = search_once(rule, rows, arm, seeds, goal, budget, phase, objectives, trace,
                                trace_length, q_best, best_cost, ws, m, unit_task, clamp_steps)
            steps += again.steps
            if again.converged or again.timed_out:
                break
            trace_length, best_cost = again.trace_length, again.best_cost
            phase = SearchPlan(plan.iterations, plan.stall_window, plan.stall_ratio, False, False)
        return SearchResult(again.converged, result.steps + steps, again.best_cost,
                            again.trace_length, again.timed_out, again.error_known)
    return set_aside_or_repair
