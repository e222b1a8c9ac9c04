"""Gradient-following step rules on the cost E = 0.5 |W^1/2 e|^2:
Jacobian transpose (analytic gradient -J^T W e) and finite differences of FK (no Jacobian:
each joint is nudged both ways). Both take a step that provably lowers E (line search)."""

import math

import numpy as np

from ..jit import kernel
from .task import cost_at


@kernel()
def transpose_direction(Jw: np.ndarray, r: np.ndarray, m: int, neg_grad: np.ndarray,
                        dq: np.ndarray) -> None:
    """neg_grad = Jw^T r; dq = alpha neg_grad with alpha = (r . Jw g) / |Jw g|^2, the step
    that is exact for the linearised task (Buss's choice)."""
    n = Jw.shape[1]
    for j in range(n):
        s = 0.0
        for a in range(m):
            s += Jw[a, j] * r[a]
        neg_grad[j] = s
    numerator = 0.0
    denominator = 0.0
    for a in range(m):
        jg = 0.0
        for j in range(n):
            jg += Jw[a, j] * neg_grad[j]
        numerator += r[a] * jg
        denominator += jg * jg
    alpha = numerator / denominator if denominator > 1e-300 else 0.0
    for j in range(n):
        dq[j] = alpha * neg_grad[j]


@kernel()
def finite_difference_gradient(arm, q: np.ndarray, T_target: np.ndarray, sqrt_w: np.ndarray,
                               rows: np.ndarray, m: int, h: float, q_try: np.ndarray,
                               T: np.ndarray, e6: np.ndarray, r: np.ndarray,
                               neg_grad: np.ndarray) -> None:
    """neg_grad_j = -(E(q + h e_j) - E(q - h e_j)) / 2h, from forward kinematics alone."""
    n = q.shape[0]
    for j in range(n):
        q_try[j] = q[j]
    for j in range(n):
        q_try[j] = q[j] + h
        e_plus = cost_at(arm, q_try, T_target, sqrt_w, rows, m, T, e6, r)
        q_try[j] = q[j] - h
        e_minus = cost_at(arm, q_try, T_target, sqrt_w, rows, m, T, e6, r)
        q_try[j] = q[j]
        neg_grad[j] = -(e_plus - e_minus) / (2.0 * h)


@kernel()
def gradient_step_length(neg_grad: np.ndarray, previous_neg_grad: np.ndarray,
                         previous_step: np.ndarray, have_previous: bool, first_step: float,
                         dq: np.ndarray) -> None:
    """dq = alpha neg_grad, alpha from Barzilai-Borwein (s.s / s.y) after the first step,
    where the largest joint move is `first_step`."""
    n = neg_grad.shape[0]
    alpha = 0.0
    if have_previous:
        ss = 0.0
        sy = 0.0
        for j in range(n):
            ss += previous_step[j] * previous_step[j]
            sy += previous_step[j] * (previous_neg_grad[j] - neg_grad[j])
        if sy > 1e-300:
            alpha = ss / sy
    if not alpha > 0.0 or not math.isfinite(alpha):
        largest = 0.0
        for j in range(n):
            largest = max(largest, abs(neg_grad[j]))
        alpha = first_step / largest if largest > 1e-300 else 0.0
    for j in range(n):
        dq[j] = alpha * neg_grad[j]
