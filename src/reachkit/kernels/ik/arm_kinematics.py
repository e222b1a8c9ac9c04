"""Forward kinematics and Jacobian of the solver's arm (`records.Arm`) at its joint values
q (d,), whether or not joints are coupled (mimic joints, `reachkit.coupling`).

An arm whose chain joint i is value i (`arm.coupled` False) runs the chain kernels on q
directly. A coupled arm first expands q to its n chain joints,
q_chain[i] = multiplier[i] q[leader[i]] + shift[i], and folds the chain's Jacobian
(6, n) into the joint values' (6, d): J[:, k] = sum over i with leader[i] = k of
multiplier[i] J_chain[:, i]. Each kernel calls the chain kernel once, on q or on the
expanded values, so the uncoupled path compiles no second copy of the chain walk.
"""

import numpy as np

from ..fk import fk_into
from ..jacobian import fk_jacobian_into
from ..jit import kernel


@kernel(forceinline=True)
def expand_into(arm, q: np.ndarray, q_chain: np.ndarray) -> None:
    """q_chain (n,) = the chain joints' values at joint values q (d,)."""
    for i in range(q_chain.shape[0]):
        q_chain[i] = arm.multiplier[i] * q[arm.leader[i]] + arm.shift[i]


@kernel(forceinline=True)
def fold_into(arm, J_chain: np.ndarray, rows: int, J: np.ndarray) -> None:
    """J[:rows] (rows, d) = J_chain[:rows] (rows, n) C: each chain column added, times its
    multiplier, to its leader's column (a Jacobian, or the gradient rows of constraints)."""
    for r in range(rows):
        for k in range(J.shape[1]):
            J[r, k] = 0.0
    for i in range(J_chain.shape[1]):
        k = arm.leader[i]
        m = arm.multiplier[i]
        for r in range(rows):
            J[r, k] += m * J_chain[r, i]


@kernel(forceinline=True)
def arm_fk_into(arm, q: np.ndarray, T_world_tool: np.ndarray) -> None:
    """Tool pose (4, 4) in the world frame at joint values q (d,)."""
    q_chain = q
    if arm.coupled:
        expand_into(arm, q, arm.chain_q)
        q_chain = arm.chain_q
    fk_into(arm.fixed, arm.chain_kinds, arm.offsets, q_chain, T_world_tool)


@kernel(forceinline=True)
def arm_fk_jacobian_into(arm, q: np.ndarray, T_world_tool: np.ndarray, J_world: np.ndarray) -> None:
    """Tool pose (4, 4) and world-frame geometric Jacobian (6, d) at joint values q (d,)."""
    q_chain = q
    J_chain = J_world
    if arm.coupled:
        expand_into(arm, q, arm.chain_q)
        q_chain = arm.chain_q
        J_chain = arm.chain_J
    fk_jacobian_into(arm.fixed, arm.chain_kinds, arm.offsets, q_chain, T_world_tool, J_chain)
    if arm.coupled:
        fold_into(arm, J_chain, 6, J_world)
