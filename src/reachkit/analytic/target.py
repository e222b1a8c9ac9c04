"""Reading the packed geometry and the target inside the kernels.

`params` (m, 3) packs, for n joints: rows [0, n) the joint directions, [n, 2n) a point on
each joint line, [2n, 2n + 3) the rows of the home rotation R_M, row 2n + 3 the home
position t_M, and from row 2n + 4 the solver's extra points (see `geometry.classify`).
"""

import numpy as np

from ..kernels.jit import allocating_kernel, kernel
from .vec import dot, row, sub

# A target that misses the plane of a planar arm (or turns out of it) by more than this
# (metres per metre of robot, radians) is out of reach.
CONSISTENCY_TOLERANCE = 1e-7


@kernel(forceinline=True)
def extra_row(params: np.ndarray, n: int, k: int):
    """Extra point k of the packed geometry."""
    return row(params, 2 * n + 4 + k)


@allocating_kernel()
def motion(params: np.ndarray, n: int, T: np.ndarray):
    """G = T M^-1, the motion of the joints: rows g0, g1, g2 of its rotation and its
    translation tG, so that G x = (g0 . x, g1 . x, g2 . x) + tG."""
    m0 = row(params, 2 * n)
    m1 = row(params, 2 * n + 1)
    m2 = row(params, 2 * n + 2)
    tm = row(params, 2 * n + 3)
    t0 = (T[0, 0], T[0, 1], T[0, 2])
    t1 = (T[1, 0], T[1, 1], T[1, 2])
    t2 = (T[2, 0], T[2, 1], T[2, 2])
    g0 = (dot(t0, m0), dot(t0, m1), dot(t0, m2))
    g1 = (dot(t1, m0), dot(t1, m1), dot(t1, m2))
    g2 = (dot(t2, m0), dot(t2, m1), dot(t2, m2))
    moved = (dot(g0, tm), dot(g1, tm), dot(g2, tm))
    tg = sub((T[0, 3], T[1, 3], T[2, 3]), moved)
    return g0, g1, g2, tg


@kernel(forceinline=True)
def turn(g0, g1, g2, v):
    """R_G v."""
    return (dot(g0, v), dot(g1, v), dot(g2, v))


@kernel(forceinline=True)
def turn_back(g0, g1, g2, v):
    """R_G^T v."""
    return (g0[0] * v[0] + g1[0] * v[1] + g2[0] * v[2],
            g0[1] * v[0] + g1[1] * v[1] + g2[1] * v[2],
            g0[2] * v[0] + g1[2] * v[1] + g2[2] * v[2])


@kernel(forceinline=True)
def place(g0, g1, g2, tg, x):
    """G x for a point x."""
    return (dot(g0, x) + tg[0], dot(g1, x) + tg[1], dot(g2, x) + tg[2])

