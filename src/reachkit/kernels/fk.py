"""Forward kinematics kernels over the flat arrays of a compiled chain.

Chain arrays (n joints): `fixed` (n + 1, 4, 4), where fixed[i] is the constant transform
met before joint i moves and fixed[n] the one after the last joint (tool included);
`kinds` (n,) int64, 0 revolute / 1 prismatic; `offsets` (n,) added to q.
"""

import numpy as np
from numba import prange

from .jit import allocating_kernel, kernel
from .transform import (
    advance_rigid,
    compose_inplace,
    copy_transform,
    load_rigid,
    move_joint_inplace,
    store_rigid,
)
from .trig import sincos


# Forced inline, as it was by inheritance from the solver before `NO_INHERITANCE`: which
# multiply-adds LLVM fuses depends on where fk_into is inlined, and method "fd"'s central
# differences amplify those last bits (not inlined, 49 of the 3,527 corpus solves took
# other routes, fd's iterations +5 %); inlined, every solve is as recorded.
@kernel(fastmath={"contract"}, forceinline=True)
def fk_into(fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray, q: np.ndarray,
            T_world_tool: np.ndarray) -> None:
    """Tool pose (4, 4) in the world frame for one configuration q (n,)."""
    P = load_rigid(fixed, 0)
    for i in range(kinds.shape[0]):
        value = q[i] + offsets[i]
        s, c = sincos(value)
        P = advance_rigid(P, kinds[i], value, c, s, fixed, i + 1)
    store_rigid(P, T_world_tool)


@allocating_kernel(parallel=True)
def fk_batch_into(fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray, Q: np.ndarray,
                  T_world_tool: np.ndarray) -> None:
    """Tool poses (N, 4, 4) for configurations Q (N, n), in parallel over N."""
    for k in prange(Q.shape[0]):
        fk_into(fixed, kinds, offsets, Q[k], T_world_tool[k])


@kernel()
def frames_into(pre: np.ndarray, link_frames: np.ndarray, base: np.ndarray, tool: np.ndarray,
                kinds: np.ndarray, offsets: np.ndarray, q: np.ndarray, out: np.ndarray) -> None:
    """All link frames (n + 1, 4, 4) in the world frame: out[0] the base, out[i] link i,
    and out[n] link n with the tool transform applied (so out[n] equals the FK pose).

    pre[i] (n, 4, 4) maps link frame i - 1 (the base for i = 0) to the motion frame of
    joint i; link_frames[i] maps the moved motion frame of joint i to link frame i.
    """
    n = kinds.shape[0]
    copy_transform(base, out[0])
    for i in range(n):
        frame = out[i + 1]
        copy_transform(out[i], frame)
        compose_inplace(frame, pre[i])
        move_joint_inplace(frame, kinds[i], q[i] + offsets[i])
        compose_inplace(frame, link_frames[i])
    compose_inplace(out[n], tool)
