"""Null-space refinement: once the primary task is met, keep moving along the self-motion
manifold to lower the secondary cost H(q) = sum_k w_k h_k(q), never giving up the task.

Each refinement iteration is a predictor-corrector step:
  predictor  dq = J# (r - Jw z) + z, z = -alpha grad H   (J# r + (I - J# Jw) z: the task
             error is corrected while the secondary motion is projected into the null space;
             the move is capped at min(max_step, NULL_SPACE_MAX_STEP));
  corrector  up to CORRECTOR_ITERATIONS full primary-only steps (gain 1) back onto the
             manifold, which the first-order predictor leaves by O(|dq|^2);
  accept     only if the task is met again, at a tenth of the tolerances (so the FK check
             after the solve has margin), and H fell; then alpha doubles. Otherwise alpha
             shrinks by 4 and the step is retried.
It stops after `secondary_iterations` steps, when alpha falls below ALPHA_MIN x gain (no
step lowers H: a constrained minimum, where the primary and the secondary conflict), or
after three accepted steps in a row that lower H by less than tolerance x (1 + |H|).
Every accepted iterate meets the task, so the primary always wins.
"""

import numpy as np

from ..jit import kernel
from ..objectives import secondary_cost, secondary_step
from ..so3 import pose_error_into
from .arm_kinematics import arm_fk_jacobian_into
from .least_squares import solve_task, subtract_task_motion
from .task import clip_step, compact_jacobian, is_converged, project_to_limits, weighted_residual

CORRECTOR_ITERATIONS = 10
NULL_SPACE_MAX_STEP = 0.5  # rad or m per null-space step
ALPHA_MIN = 1e-7
ALPHA_MAX = 1e6
TIGHTEN = 0.1


@kernel()
def _correct(rule, arm, use_limits: bool, T_target: np.ndarray,
             mask: np.ndarray, tight_axis: np.ndarray, tight_p: float, tight_r: float,
             sqrt_w: np.ndarray, rows: np.ndarray, m: int, max_step: float,
             q: np.ndarray, T: np.ndarray, J: np.ndarray, Jw: np.ndarray, e6: np.ndarray,
             r: np.ndarray, A: np.ndarray, V: np.ndarray, eig: np.ndarray, b: np.ndarray,
             tmp: np.ndarray, dq: np.ndarray) -> bool:
    """Primary-only steps from q (in place) until the task is met at the tight tolerances.
    Leaves T and J evaluated at the final q. Returns whether it got there."""
    for it in range(CORRECTOR_ITERATIONS + 1):
        arm_fk_jacobian_into(arm, q, T, J)
        pose_error_into(T, T_target, e6)
        E = weighted_residual(e6, sqrt_w, rows, m, r)
        if is_converged(e6, mask, tight_axis, tight_p, tight_r):
            return True
        if it == CORRECTOR_ITERATIONS:
            break
        compact_jacobian(J, sqrt_w, rows, m, Jw)
        solve_task(rule, Jw, r, m, E, A, V, eig, b, tmp, dq)
        clip_step(dq, max_step)
        for j in range(q.shape[0]):
            q[j] += dq[j]
        if use_limits:
            project_to_limits(q, arm.kinds, arm.lower, arm.upper)
    return False


@kernel()
def refine_in_null_space(rule, budget, arm, use_limits: bool,
                         T_target: np.ndarray, task: np.ndarray, sqrt_w: np.ndarray,
                         rows: np.ndarray, m: int,
                         obj_kinds: np.ndarray, obj_weights: np.ndarray, obj_params: np.ndarray,
                         q: np.ndarray, q_try: np.ndarray, T: np.ndarray, J: np.ndarray,
                         Jw: np.ndarray, e6: np.ndarray, r: np.ndarray, rr: np.ndarray,
                         A: np.ndarray, V: np.ndarray, eig: np.ndarray, b: np.ndarray,
                         tmp: np.ndarray, dq: np.ndarray, z: np.ndarray, work: np.ndarray,
                         tight_axis: np.ndarray, trace: np.ndarray, trace_length: int) -> tuple:
    """Lower H(q) along the self-motion manifold of the task; q (n,) meets the task on
    entry and, on return, holds the accepted iterate with the lowest H (still meeting it).
    tight_axis (6,) is scratch. Returns (iterations, trace_length, H)."""
    n = q.shape[0]
    mask = task[0]
    kinds, lower, upper = arm.kinds, arm.lower, arm.upper
    for i in range(6):
        tight_axis[i] = TIGHTEN * task[2, i]
    tight_p = TIGHTEN * budget.tol_position
    tight_r = TIGHTEN * budget.tol_rotation
    gain = budget.gain
    step_cap = min(budget.max_step, NULL_SPACE_MAX_STEP)
    tolerance = budget.secondary_tolerance

    arm_fk_jacobian_into(arm, q, T, J)
    H = secondary_cost(obj_kinds, obj_weights, obj_params, q, lower, upper, T, J, work)
    alpha = gain
    small_steps = 0
    iterations = 0
    for _ in range(budget.secondary_iterations):
        iterations += 1
        # predictor at q (T, J hold FK and the Jacobian at q here)
        pose_error_into(T, T_target, e6)
        E = weighted_residual(e6, sqrt_w, rows, m, r)
        secondary_step(obj_kinds, obj_weights, obj_params, q, lower, upper, kinds, T, J, work, z)
        for j in range(n):
            z[j] *= alpha
            if use_limits and ((q[j] <= lower[j] and z[j] < 0.0) or (q[j] >= upper[j] and z[j] > 0.0)):
                z[j] = 0.0  # a joint pinned at a limit cannot follow the secondary outward
        compact_jacobian(J, sqrt_w, rows, m, Jw)
        subtract_task_motion(Jw, r, m, z, rr)
        solve_task(rule, Jw, rr, m, E, A, V, eig, b, tmp, dq)
        for j in range(n):
            dq[j] += z[j]
        clip_step(dq, step_cap)
        for j in range(n):
            q_try[j] = q[j] + dq[j]
        if use_limits:
            project_to_limits(q_try, kinds, lower, upper)
        accepted = False
        if _correct(rule, arm, use_limits, T_target, mask,
                    tight_axis, tight_p, tight_r, sqrt_w, rows, m, budget.max_step, q_try, T, J, Jw,
                    e6, r, A, V, eig, b, tmp, dq):
            H_try = secondary_cost(obj_kinds, obj_weights, obj_params, q_try, lower, upper, T,
                                   J, work)
            if H_try < H:
                accepted = True
                gained = H - H_try
                H = H_try
                for j in range(n):
                    q[j] = q_try[j]
                if trace_length < trace.shape[0]:
                    for j in range(n):
                        trace[trace_length, j] = q[j]
                    trace_length += 1
                alpha = min(2.0 * alpha, ALPHA_MAX * gain)
                if gained <= tolerance * (1.0 + abs(H)):
                    small_steps += 1
                    if small_steps >= 3:
                        break
                else:
                    small_steps = 0
        if not accepted:
            alpha *= 0.25
            if alpha < ALPHA_MIN * gain:
                break
            arm_fk_jacobian_into(arm, q, T, J)  # back to q for the next predictor
    return iterations, trace_length, H


__all__ = ["refine_in_null_space"]
