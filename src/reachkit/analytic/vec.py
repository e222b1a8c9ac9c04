"""3-vector helpers on plain float tuples, for the closed-form kernels.

Tuples stay in registers inside Numba, so the subproblem solvers allocate nothing.
These helpers, and the other small ones of the closed forms, are inlined by LLVM
(`kernel(forceinline=True)`: typed once per signature), not by Numba
(`inline="always"`, which copies and types a helper again at every call: the first
closed-form listing compiled in 7.9 s with it, 5.2 s without; same solve speed).
"""

import math

import numpy as np

from ..kernels.jit import kernel


@kernel(forceinline=True)
def row(A: np.ndarray, i: int) -> tuple[float, float, float]:
    """Row i of an (m, 3) array as a tuple."""
    return (A[i, 0], A[i, 1], A[i, 2])


@kernel(forceinline=True)
def add(a, b):
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


@kernel(forceinline=True)
def sub(a, b):
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


@kernel(forceinline=True)
def scale(a, s):
    return (a[0] * s, a[1] * s, a[2] * s)


@kernel(forceinline=True)
def dot(a, b):
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


@kernel(forceinline=True)
def cross(a, b):
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


@kernel(forceinline=True)
def norm(a):
    return math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2])


@kernel(forceinline=True)
def rotate(w, angle, v):
    """Rodrigues: v turned by `angle` radians about the unit direction w."""
    return rotate_cs(w, math.cos(angle), math.sin(angle), v)


@kernel(forceinline=True)
def rotate_point(w, p, angle, x):
    """Point x turned by `angle` about the line through p with unit direction w."""
    return add(p, rotate(w, angle, sub(x, p)))


@kernel(forceinline=True)
def mat_vec(T: np.ndarray, v):
    """R v for the rotation block of a (4, 4) or (3, 3) array."""
    return (T[0, 0] * v[0] + T[0, 1] * v[1] + T[0, 2] * v[2],
            T[1, 0] * v[0] + T[1, 1] * v[1] + T[1, 2] * v[2],
            T[2, 0] * v[0] + T[2, 1] * v[1] + T[2, 2] * v[2])


@kernel(forceinline=True)
def perpendicular(w):
    """A unit vector perpendicular to the unit vector w."""
    helper = (1.0, 0.0, 0.0) if abs(w[0]) < 0.9 else (0.0, 1.0, 0.0)
    x = cross(w, helper)
    return scale(x, 1.0 / norm(x))


@kernel(forceinline=True)
def rotate_cs(w, c, s, v):
    """`rotate` with the cosine c and sine s of the angle given."""
    k = dot(w, v) * (1.0 - c)
    wv = cross(w, v)
    return (v[0] * c + wv[0] * s + w[0] * k,
            v[1] * c + wv[1] * s + w[1] * k,
            v[2] * c + wv[2] * s + w[2] * k)


@kernel(forceinline=True)
def spin(w, a, v):
    """v turned about the unit direction w by the angle a = (t, cos t, sin t)."""
    return rotate_cs(w, a[1], a[2], v)


@kernel(forceinline=True)
def unspin(w, a, v):
    """v turned about w by minus the angle a = (t, cos t, sin t)."""
    return rotate_cs(w, a[1], -a[2], v)


@kernel(forceinline=True)
def spin_point(w, p, a, x):
    """Point x turned by the angle a about the line through p with direction w."""
    return add(p, rotate_cs(w, a[1], a[2], sub(x, p)))


@kernel(forceinline=True)
def unspin_point(w, p, a, x):
    """Point x turned by minus the angle a about the line through p with direction w."""
    return add(p, rotate_cs(w, a[1], -a[2], sub(x, p)))


@kernel(forceinline=True)
def negate(a):
    """The angle triple of -t."""
    return (-a[0], a[1], -a[2])
