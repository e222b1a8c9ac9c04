"""In-place rigid-transform primitives for the chain walk. Every joint moves along or
about the local z axis of its motion frame (the compiler rotates other axes onto z)."""

import math

import numpy as np
from numba import njit

REVOLUTE = 0
PRISMATIC = 1


@njit(cache=True)
def copy_transform(src: np.ndarray, dst: np.ndarray) -> None:
    """dst[:, :] = src for 4x4 arrays."""
    for r in range(4):
        for c in range(4):
            dst[r, c] = src[r, c]


@njit(cache=True)
def compose_inplace(T: np.ndarray, F: np.ndarray) -> None:
    """T <- T @ F for rigid 4x4 transforms (bottom rows [0 0 0 1], left untouched)."""
    for r in range(3):
        t0 = T[r, 0]
        t1 = T[r, 1]
        t2 = T[r, 2]
        t3 = T[r, 3]
        T[r, 0] = t0 * F[0, 0] + t1 * F[1, 0] + t2 * F[2, 0]
        T[r, 1] = t0 * F[0, 1] + t1 * F[1, 1] + t2 * F[2, 1]
        T[r, 2] = t0 * F[0, 2] + t1 * F[1, 2] + t2 * F[2, 2]
        T[r, 3] = t0 * F[0, 3] + t1 * F[1, 3] + t2 * F[2, 3] + t3


@njit(cache=True)
def move_joint_inplace(T: np.ndarray, kind: int, value: float) -> None:
    """T <- T @ Rz(value) for a revolute joint, T @ Tz(value) for a prismatic one."""
    if kind == REVOLUTE:
        c = math.cos(value)
        s = math.sin(value)
        for r in range(3):
            a = T[r, 0]
            b = T[r, 1]
            T[r, 0] = c * a + s * b
            T[r, 1] = c * b - s * a
    else:
        for r in range(3):
            T[r, 3] += T[r, 2] * value
