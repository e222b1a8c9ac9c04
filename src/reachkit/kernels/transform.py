"""Rigid-transform primitives for the chain walk. Every joint moves along or about the
local z axis of its motion frame (the compiler rotates other axes onto z).

Two forms: in place on (4, 4) arrays, and on a `Rigid` tuple of the 12 top-row entries
(r00 r01 r02 px r10 r11 r12 py r20 r21 r22 pz) that the hot FK walks keep in registers
(arrays written in a loop must be re-read after every store, tuples need not be)."""

import math

import numpy as np

from .jit import kernel

REVOLUTE = 0
PRISMATIC = 1


@kernel()
def copy_transform(src: np.ndarray, dst: np.ndarray) -> None:
    """dst[:, :] = src for 4x4 arrays."""
    for r in range(4):
        for c in range(4):
            dst[r, c] = src[r, c]


@kernel()
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


@kernel()
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


@kernel(inline="always")
def load_rigid(F: np.ndarray, k: int) -> tuple:
    """The top three rows of F[k] (a stack of 4x4 transforms) as a 12-tuple, row-major."""
    return (F[k, 0, 0], F[k, 0, 1], F[k, 0, 2], F[k, 0, 3],
            F[k, 1, 0], F[k, 1, 1], F[k, 1, 2], F[k, 1, 3],
            F[k, 2, 0], F[k, 2, 1], F[k, 2, 2], F[k, 2, 3])


@kernel(inline="always")
def store_rigid(P: tuple, T: np.ndarray) -> None:
    """T (4, 4) <- the 12-tuple P with the bottom row [0 0 0 1]."""
    for r in range(3):
        for c in range(4):
            T[r, c] = P[4 * r + c]
    T[3, 0] = 0.0
    T[3, 1] = 0.0
    T[3, 2] = 0.0
    T[3, 3] = 1.0


@kernel(inline="always")
def advance_rigid(P: tuple, kind: int, value: float, c: float, s: float, F: np.ndarray,
                  k: int) -> tuple:
    """P @ (Rz(value) or Tz(value)) @ F[k] for a 12-tuple P; c, s = cos, sin of value
    (read for revolute joints only)."""
    r00, r01, r02, px, r10, r11, r12, py, r20, r21, r22, pz = P
    if kind == REVOLUTE:
        r00, r01 = c * r00 + s * r01, c * r01 - s * r00
        r10, r11 = c * r10 + s * r11, c * r11 - s * r10
        r20, r21 = c * r20 + s * r21, c * r21 - s * r20
    else:
        px += r02 * value
        py += r12 * value
        pz += r22 * value
    f00, f01, f02, f03, f10, f11, f12, f13, f20, f21, f22, f23 = load_rigid(F, k)
    return (r00 * f00 + r01 * f10 + r02 * f20, r00 * f01 + r01 * f11 + r02 * f21,
            r00 * f02 + r01 * f12 + r02 * f22, r00 * f03 + r01 * f13 + r02 * f23 + px,
            r10 * f00 + r11 * f10 + r12 * f20, r10 * f01 + r11 * f11 + r12 * f21,
            r10 * f02 + r11 * f12 + r12 * f22, r10 * f03 + r11 * f13 + r12 * f23 + py,
            r20 * f00 + r21 * f10 + r22 * f20, r20 * f01 + r21 * f11 + r22 * f21,
            r20 * f02 + r21 * f12 + r22 * f22, r20 * f03 + r21 * f13 + r22 * f23 + pz)
