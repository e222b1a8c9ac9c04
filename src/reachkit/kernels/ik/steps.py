"""One step of each method family from the iterate ws.q, whose FK (ws.T), Jacobian (ws.J),
pose error (ws.e6) and weighted residual (ws.r, m active rows, cost E) are evaluated.
Each returns False when it found no descent (the search has stalled), else True with
ws.q moved. `methods.method_step` picks the family of a rule record.

These are glue, inlined into the search (`inline="always"`): the arithmetic lives in the
kernels they call, each compiled once."""

from numba import njit

from ..numba_internals import NO_REFCOUNT
from .ccd import ccd_sweep
from .constraints import enforce_rows, has_rows
from .gradient import finite_difference_gradient, gradient_step_length, transpose_direction
from .limits import clamped_task_step
from .line_search import backtrack
from .task import clip_step, compact_jacobian, project_to_limits

glue = njit(inline="always", **NO_REFCOUNT)


@glue
def jacobian_step(rule, rows, arm, goal, budget, ws, m: int, E: float, unit_task: bool,
                  clamp_steps: bool, line_search: bool) -> bool:
    """dq = gain J# r (the rule's generalised inverse) with the joint limits as rows when
    a limit can block (`limits.clamped_task_step`), capped at budget.max_step; taken
    whole, or along a backtracking line search (Gauss-Newton, and every method's
    polishing pass). Other inequality rows (`constraints.py`) move the capped step to the
    nearest one that keeps them."""
    J_task = ws.J  # a full pose with unit weights takes J as it is
    if not unit_task:
        compact_jacobian(ws.J, ws.sqrt_w, ws.rows, m, ws.Jw)
        J_task = ws.Jw
    # without clamp_steps, the iterate is projected into the limits below, if they apply
    clamped_task_step(rule, J_task, ws.r, m, E, budget.gain, clamp_steps, ws.q, arm.kinds,
                      arm.lower, arm.upper, ws.A, ws.V, ws.eig, ws.b, ws.tmp, ws.J_free, ws.rr,
                      ws.held, ws.dq)
    clip_step(ws.dq, budget.max_step)
    if has_rows(rows):
        enforce_rows(rows, ws.row_scratch, J_task, m, ws.dq)  # rows filled at this iterate
    n = ws.q.shape[0]
    if line_search:  # descent guaranteed
        for j in range(n):
            g = 0.0
            for a in range(m):
                g += J_task[a, j] * ws.r[a]
            ws.neg_grad[j] = g
        return _backtrack(arm, goal, budget, ws, m, E)
    for j in range(n):
        ws.q[j] += ws.dq[j]
    if budget.use_limits:
        project_to_limits(ws.q, arm.kinds, arm.lower, arm.upper)
    return True


@glue
def transpose_step(arm, goal, budget, ws, m: int, E: float, first: bool) -> bool:
    """Jacobian transpose direction with Buss's step length, along a line search."""
    compact_jacobian(ws.J, ws.sqrt_w, ws.rows, m, ws.Jw)
    transpose_direction(ws.Jw, ws.r, m, ws.neg_grad, ws.dq)
    return _gradient_move(arm, goal, budget, ws, m, E)


@glue
def finite_difference_step(rule, arm, goal, budget, ws, m: int, E: float, first: bool) -> bool:
    """Gradient by central differences of FK, Barzilai-Borwein length after the first
    step of the search, along a line search."""
    finite_difference_gradient(arm, ws.q, goal.T_target,
                               ws.sqrt_w, ws.rows, m, rule.fd_step, ws.q_try, ws.T, ws.e6,
                               ws.r, ws.neg_grad)
    gradient_step_length(ws.neg_grad, ws.previous_neg_grad, ws.previous_step, not first, 0.1,
                         ws.dq)
    return _gradient_move(arm, goal, budget, ws, m, E)


@glue
def coordinate_step(arm, goal, budget, ws) -> bool:
    """One CCD sweep over all joints, tool to base."""
    ccd_sweep(arm.fixed, arm.chain_kinds, arm.offsets, arm.lower, arm.upper, budget.use_limits,
              goal.T_target, ws.w, ws.q, ws.T, ws.axes, ws.points, ws.axis)
    return True


@glue
def _gradient_move(arm, goal, budget, ws, m: int, E: float) -> bool:
    """Move along ws.dq (capped) by line search, remembering the step and gradient for
    the next Barzilai-Borwein length."""
    clip_step(ws.dq, budget.max_step)
    n = ws.q.shape[0]
    for j in range(n):
        ws.previous_step[j] = ws.q[j]
    if not _backtrack(arm, goal, budget, ws, m, E):
        return False
    for j in range(n):
        ws.previous_step[j] = ws.q[j] - ws.previous_step[j]
        ws.previous_neg_grad[j] = ws.neg_grad[j]
    return True


@glue
def _backtrack(arm, goal, budget, ws, m: int, E: float) -> bool:
    return backtrack(arm, budget.use_limits,
                     goal.T_target, ws.sqrt_w, ws.rows, m, ws.q, ws.dq, ws.neg_grad, E,
                     ws.q_try, ws.T, ws.e6, ws.r) >= 0.0

