"""Backtracking (Armijo) line search on the true cost, evaluated by forward kinematics."""

import numpy as np

from ..jit import kernel
from .task import cost_at, project_to_limits

MAX_HALVINGS = 30
ARMIJO = 1e-4


@kernel()
def backtrack(arm, use_limits: bool, T_target: np.ndarray, sqrt_w: np.ndarray,
              rows: np.ndarray, m: int, q: np.ndarray, dq: np.ndarray, neg_grad: np.ndarray,
              E0: float, q_try: np.ndarray, T: np.ndarray, e6: np.ndarray, r: np.ndarray) -> float:
    """Find alpha in {1, 1/2, 1/4, ...} with E(q + alpha dq) <= E0 - c neg_grad.(q_new - q)
    (the move projected into the limits when asked); on success q becomes q_new and the
    new cost is returned, else q is unchanged and -1 is returned."""
    n = q.shape[0]
    alpha = 1.0
    for _ in range(MAX_HALVINGS):
        for j in range(n):
            q_try[j] = q[j] + alpha * dq[j]
        if use_limits:
            project_to_limits(q_try, arm.kinds, arm.lower, arm.upper)
        predicted = 0.0
        for j in range(n):
            predicted += neg_grad[j] * (q_try[j] - q[j])
        if predicted > 0.0:
            E = cost_at(arm, q_try, T_target, sqrt_w, rows, m, T, e6, r)
            if E <= E0 - ARMIJO * predicted:
                for j in range(n):
                    q[j] = q_try[j]
                return E
        alpha *= 0.5
    return -1.0
