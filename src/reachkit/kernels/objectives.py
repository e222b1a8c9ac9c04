"""Secondary objectives for the null space of redundant arms: each kind is a cost h(q)
whose gradient the solvers descend inside the null space of the primary task.

Encoded as flat arrays so kernels can read them: kinds (K,) int64, weights (K,),
params (K, P) with P >= dof (each kind documents its row of params).
"""

import math

import numpy as np
from numba import njit

POSTURE = 0  # params[:dof] = q_rest; h = 0.5 |q - q_rest|^2
JOINT_LIMITS = 1  # h = 0.5 sum(((q - mid) / range)^2) over finitely limited joints
ORIENTATION = 2  # params[0] = phi_target; h = 0.5 (phi_target - phi)^2, phi = planar tool angle


@njit(cache=True)
def _wrap(angle: float) -> float:
    return math.atan2(math.sin(angle), math.cos(angle))


@njit(cache=True)
def objective_value(kind: int, params: np.ndarray, q: np.ndarray, lower: np.ndarray,
                    upper: np.ndarray, T_world_tool: np.ndarray) -> float:
    """h(q) of one objective (unweighted)."""
    h = 0.0
    if kind == POSTURE:
        for i in range(q.shape[0]):
            d = q[i] - params[i]
            h += 0.5 * d * d
    elif kind == JOINT_LIMITS:
        for i in range(q.shape[0]):
            if math.isfinite(lower[i]) and math.isfinite(upper[i]) and upper[i] > lower[i]:
                d = (q[i] - 0.5 * (lower[i] + upper[i])) / (upper[i] - lower[i])
                h += 0.5 * d * d
    elif kind == ORIENTATION:
        d = _wrap(params[0] - math.atan2(T_world_tool[1, 0], T_world_tool[0, 0]))
        h = 0.5 * d * d
    return h


@njit(cache=True)
def add_objective_gradient(kind: int, weight: float, params: np.ndarray, q: np.ndarray,
                           lower: np.ndarray, upper: np.ndarray, T_world_tool: np.ndarray,
                           J_world: np.ndarray, grad: np.ndarray) -> None:
    """grad += weight * dh/dq (n,) for one objective; J_world (6, n) at q."""
    n = q.shape[0]
    if kind == POSTURE:
        for i in range(n):
            grad[i] += weight * (q[i] - params[i])
    elif kind == JOINT_LIMITS:
        for i in range(n):
            if math.isfinite(lower[i]) and math.isfinite(upper[i]) and upper[i] > lower[i]:
                span = upper[i] - lower[i]
                grad[i] += weight * (q[i] - 0.5 * (lower[i] + upper[i])) / (span * span)
    elif kind == ORIENTATION:
        d = _wrap(params[0] - math.atan2(T_world_tool[1, 0], T_world_tool[0, 0]))
        for i in range(n):
            grad[i] -= weight * d * J_world[5, i]


@njit(cache=True)
def secondary_step(kinds: np.ndarray, weights: np.ndarray, params: np.ndarray, q: np.ndarray,
                   lower: np.ndarray, upper: np.ndarray, T_world_tool: np.ndarray,
                   J_world: np.ndarray, z: np.ndarray) -> None:
    """z = -sum_k weight_k grad h_k(q): the joint motion the secondary objectives want."""
    for i in range(z.shape[0]):
        z[i] = 0.0
    for k in range(kinds.shape[0]):
        add_objective_gradient(kinds[k], weights[k], params[k], q, lower, upper, T_world_tool,
                               J_world, z)
    for i in range(z.shape[0]):
        z[i] = -z[i]
