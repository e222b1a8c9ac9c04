"""Geometric Jacobian kernels. Rows are [vx vy vz wx wy wz]: the linear velocity of the
tool point and the angular velocity, both per unit joint speed."""


import numpy as np
from numba import prange

from .jit import allocating_kernel, kernel
from .transform import REVOLUTE, advance_rigid, load_rigid, store_rigid
from .trig import sincos


@kernel(fastmath={"contract"}, forceinline=True)
def fk_jacobian_into(fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray, q: np.ndarray,
                     T_world_tool: np.ndarray, J_world: np.ndarray) -> None:
    """Tool pose (4, 4) and world-frame geometric Jacobian (6, n) in one chain walk."""
    n = kinds.shape[0]
    # All cosines and sines first (rows 0 and 1 of J as scratch): independent
    # evaluations pipeline, where inside the walk each would wait on the previous joint.
    for i in range(n):
        J_world[1, i], J_world[0, i] = sincos(q[i] + offsets[i])
    P = load_rigid(fixed, 0)
    for i in range(n):
        c = J_world[0, i]
        s = J_world[1, i]
        # Stash the joint's world origin and axis (z of its motion frame) in column i.
        J_world[0, i] = P[3]
        J_world[1, i] = P[7]
        J_world[2, i] = P[11]
        J_world[3, i] = P[2]
        J_world[4, i] = P[6]
        J_world[5, i] = P[10]
        P = advance_rigid(P, kinds[i], q[i] + offsets[i], c, s, fixed, i + 1)
    store_rigid(P, T_world_tool)
    px = P[3]
    py = P[7]
    pz = P[11]
    for i in range(n):
        zx = J_world[3, i]
        zy = J_world[4, i]
        zz = J_world[5, i]
        if kinds[i] == REVOLUTE:
            dx = px - J_world[0, i]
            dy = py - J_world[1, i]
            dz = pz - J_world[2, i]
            J_world[0, i] = zy * dz - zz * dy
            J_world[1, i] = zz * dx - zx * dz
            J_world[2, i] = zx * dy - zy * dx
        else:
            J_world[0, i] = zx
            J_world[1, i] = zy
            J_world[2, i] = zz
            J_world[3, i] = 0.0
            J_world[4, i] = 0.0
            J_world[5, i] = 0.0


@kernel()
def world_to_tool_jacobian_inplace(T_world_tool: np.ndarray, J: np.ndarray) -> None:
    """Re-express a world-frame Jacobian (6, n) in the tool frame: both blocks by R^T."""
    for i in range(J.shape[1]):
        for block in range(0, 6, 3):
            x = J[block, i]
            y = J[block + 1, i]
            z = J[block + 2, i]
            for r in range(3):
                J[block + r, i] = T_world_tool[0, r] * x + T_world_tool[1, r] * y + T_world_tool[2, r] * z


@kernel()
def jacobian_into(fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray, q: np.ndarray,
                  in_tool_frame: bool, T_scratch: np.ndarray, J: np.ndarray) -> None:
    """Geometric Jacobian (6, n) in the world frame, or the tool frame when asked."""
    fk_jacobian_into(fixed, kinds, offsets, q, T_scratch, J)
    if in_tool_frame:
        world_to_tool_jacobian_inplace(T_scratch, J)


@allocating_kernel(parallel=True)
def jacobian_batch_into(fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray, Q: np.ndarray,
                        in_tool_frame: bool, T_scratch: np.ndarray, J: np.ndarray) -> None:
    """Jacobians (N, 6, n) for configurations Q (N, n); T_scratch (N, 4, 4) gets the poses."""
    for k in prange(Q.shape[0]):
        jacobian_into(fixed, kinds, offsets, Q[k], in_tool_frame, T_scratch[k], J[k])
