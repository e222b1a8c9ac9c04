"""Arms whose joint axes are all parallel: planar 2R / 3R, with at most one slide along
the common axis (SCARA: RRPR).

A slide along the common direction w commutes with every turn about an axis parallel to
w, so it is read off the height of the target first (d = w . t_G / w . w_slide), and
what is left is planar. 2R: the tool point reaches (x, y), two solutions (elbow up /
down); the orientation of the target is not checked, it follows from the position.
3R: the tool reaches (x, y) with the tool angle phi about w, two solutions.

Extra rows of the packed geometry: [0] the indices of the revolute joints (the third
-1 for 2R), [1] (index of the slide or -1, number of revolute joints, 0).
"""

import numpy as np

from ..kernels.jit import allocating_kernel
from .labels import bend_sign
from .subproblems import sp1, sp3
from .target import CONSISTENCY_TOLERANCE, extra_row, motion, place, turn
from .vec import dot, norm, perpendicular, row, scale, spin_point, sub


@allocating_kernel()
def _two_link(w1, p1, w2, p2, x, t, size, i1: int, i2: int, out_q, out_labels) -> int:
    """Angles of joints i1, i2 (axes w1, w2 through p1, p2) that carry the point x (home
    position) to t; into out_q[:, i1], out_q[:, i2]."""
    if abs(dot(w1, sub(t, x))) > CONSISTENCY_TOLERANCE * size:
        return 0  # the target is off the plane the point moves in
    count, ta, tb = sp3(sub(x, p2), sub(p1, p2), w2, norm(sub(t, p1)))
    for k in range(count):
        theta2 = ta if k == 0 else tb
        moved = spin_point(w2, p2, theta2, x)
        theta1 = sp1(sub(moved, p1), sub(t, p1), w1)
        elbow = spin_point(w1, p1, theta1, p2)
        out_q[k, i1] = theta1[0]
        out_q[k, i2] = theta2[0]
        out_labels[k, 0] = 0
        out_labels[k, 1] = bend_sign(w1, p1, elbow, t)
        out_labels[k, 2] = 0
    return count


@allocating_kernel()
def solve_planar(params: np.ndarray, n: int, size: float, T: np.ndarray, out_q: np.ndarray,
                 out_labels: np.ndarray) -> int:
    """Every solution for an arm with all axes parallel; returns the count."""
    joints = extra_row(params, n, 0)
    info = extra_row(params, n, 1)
    i1, i2, i3 = int(joints[0]), int(joints[1]), int(joints[2])
    slide = int(info[0])
    w1, w2 = row(params, i1), row(params, i2)
    p1, p2 = row(params, n + i1), row(params, n + i2)
    g0, g1, g2, tg = motion(params, n, T)
    d = 0.0
    if slide >= 0:  # take the slide out of G: G = slide(d) G'
        w_slide = row(params, slide)
        d = dot(w1, tg) / dot(w1, w_slide)
        tg = sub(tg, scale(w_slide, d))
    if i3 < 0:
        home = row(params, 2 * n + 3)
        count = _two_link(w1, p1, w2, p2, home, place(g0, g1, g2, tg, home), size, i1, i2,
                          out_q, out_labels)
    else:
        if norm(sub(turn(g0, g1, g2, w1), w1)) > CONSISTENCY_TOLERANCE:
            return 0  # the target orientation tilts out of the plane
        w3, p3 = row(params, i3), row(params, n + i3)
        e = perpendicular(w1)
        phi = sp1(e, turn(g0, g1, g2, e), w1)[0]
        count = _two_link(w1, p1, w2, p2, p3, place(g0, g1, g2, tg, p3), size, i1, i2,
                          out_q, out_labels)
        s2 = dot(w2, w1)
        s3 = dot(w3, w1)
        for k in range(count):
            out_q[k, i3] = s3 * (phi - out_q[k, i1] - s2 * out_q[k, i2])
    if slide >= 0:
        for k in range(count):
            out_q[k, slide] = d
    return count
