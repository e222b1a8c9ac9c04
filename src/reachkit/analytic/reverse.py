"""An arm read from the tool back to the base: a 6R arm whose first three axes meet (a
spherical shoulder: a 7R SRS arm with joint 5, 6 or 7 locked, a Puma built upside down)
is a spherical-wrist arm when read backwards, solved by the Pieper forms.

T = F0 Rz(u1) F1 ... Rz(u6) F6 (u = q + offset) gives
T^-1 = F6^-1 Rz(-u6) F5^-1 ... Rz(-u1) F0^-1: the reversed chain has the fixed transforms
F6^-1 ... F0^-1, joint values q' = -q reversed, offsets -offset reversed and limits
[-upper, -lower] reversed. Its solver codes are the forward codes plus `REVERSED`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ..kernels.jit import allocating_kernel

Array = NDArray[np.float64]

REVERSED = 16  # added to a solver code: solve T^-1 for the reversed chain


def reverse_chain(fixed: Array, kinds: NDArray[np.int64], offsets: Array,
                  limits: Array) -> tuple[Array, NDArray[np.int64], Array, Array]:
    """The reversed chain: fixed (n + 1, 4, 4), kinds (n,), offsets (n,), limits (2, n)."""
    inverse = np.linalg.inv(fixed[::-1])
    return (np.ascontiguousarray(inverse), np.ascontiguousarray(kinds[::-1]),
            np.ascontiguousarray(-offsets[::-1]), np.ascontiguousarray(-limits[::-1, ::-1]))


@allocating_kernel()
def inverse_pose(T: np.ndarray) -> np.ndarray:
    """T^-1 (4, 4) of a rigid transform."""
    out = np.zeros((4, 4))
    for i in range(3):
        for j in range(3):
            out[i, j] = T[j, i]
        out[i, 3] = -(T[0, i] * T[0, 3] + T[1, i] * T[1, 3] + T[2, i] * T[2, 3])
    out[3, 3] = 1.0
    return out


@allocating_kernel()
def unreverse(out_q: np.ndarray, count: int) -> None:
    """Rows q' of the reversed chain -> q = -q' reversed, in place (the first count rows)."""
    n = out_q.shape[1]
    for k in range(count):
        for j in range(n // 2):
            a, b = out_q[k, j], out_q[k, n - 1 - j]
            out_q[k, j], out_q[k, n - 1 - j] = -b, -a
        if n % 2:
            out_q[k, n // 2] = -out_q[k, n // 2]
