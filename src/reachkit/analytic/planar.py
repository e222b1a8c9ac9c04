"""Planar arms: all joint axes parallel (2 or 3 revolute joints).

2R: the tool point reaches (x, y) in the plane, two solutions (elbow up / down); the
orientation of the target is not checked, it follows from the position. 3R: the tool
reaches (x, y) with the tool angle phi about the common axis, two solutions.
"""

import numpy as np
from numba import njit

from .subproblems import sp1, sp3
from .labels import bend_sign
from .target import CONSISTENCY_TOLERANCE, motion, place, turn
from .vec import dot, norm, perpendicular, row, spin_point, sub



@njit(cache=True)
def _two_link(w1, p1, w2, p2, x, t, size, out_q, out_labels) -> int:  # noqa: ANN001
    """Angles (q1, q2) that carry the point x (home position) to t; into out_q[:, :2]."""
    if abs(dot(w1, sub(t, x))) > CONSISTENCY_TOLERANCE * size:
        return 0  # the target is off the plane the point moves in
    count, ta, tb = sp3(sub(x, p2), sub(p1, p2), w2, norm(sub(t, p1)))
    for k in range(count):
        theta2 = ta if k == 0 else tb
        moved = spin_point(w2, p2, theta2, x)
        theta1 = sp1(sub(moved, p1), sub(t, p1), w1)
        elbow = spin_point(w1, p1, theta1, p2)
        out_q[k, 0] = theta1[0]
        out_q[k, 1] = theta2[0]
        out_labels[k, 0] = 0
        out_labels[k, 1] = bend_sign(w1, p1, elbow, t)
        out_labels[k, 2] = 0
    return count


@njit(cache=True)
def solve_planar(params: np.ndarray, n: int, size: float, T: np.ndarray, out_q: np.ndarray,
                 out_labels: np.ndarray) -> int:
    """Every solution for a planar 2R (n = 2) or 3R (n = 3) arm; returns the count."""
    w1 = row(params, 0)
    w2 = row(params, 1)
    p1 = row(params, n)
    p2 = row(params, n + 1)
    g0, g1, g2, tg = motion(params, n, T)
    if n == 2:
        return _two_link(w1, p1, w2, p2, row(params, 2 * n + 3), (T[0, 3], T[1, 3], T[2, 3]),
                         size, out_q, out_labels)
    w3 = row(params, 2)
    p3 = row(params, n + 2)
    if norm(sub(turn(g0, g1, g2, w1), w1)) > CONSISTENCY_TOLERANCE:
        return 0  # the target orientation tilts out of the plane
    e = perpendicular(w1)
    phi = sp1(e, turn(g0, g1, g2, e), w1)[0]
    count = _two_link(w1, p1, w2, p2, p3, place(g0, g1, g2, tg, p3), size, out_q, out_labels)
    s2 = dot(w2, w1)
    s3 = dot(w3, w1)
    for k in range(count):
        out_q[k, 2] = s3 * (phi - out_q[k, 0] - s2 * out_q[k, 1])
    return count
