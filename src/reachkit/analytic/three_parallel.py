"""6R arms with three parallel middle axes (2, 3, 4) and axes 5, 6 meeting (UR family).

With w the common direction of axes 2-4 and G = T M^-1:
  q1: joints 2-5 keep the point c where axes 5 and 6 meet at its height along w, so
      w . exp(-xi1 q1) G c = w . c (SP4, shoulder left / right);
  q5: rotations about w keep w . x, so w . rot(w5, q5) w6 = w . R1^T R_G w6 (SP4, wrist);
  q6: rot(w6, q6) R_G^T R1 w = rot(w5, -q5) w (SP1);
  q2, q3: the planar 2R problem for a point on axis 4 (SP3 + SP1, elbow up / down);
  q4: what is left of the turn about w.
A free q6 (axis 6 parallel to w: infinitely many solutions) comes back as q6 = 0 when
the elbow can follow, else as a q6 that puts the elbow mid-way in its reach.
"""

import math

import numpy as np

from ..kernels.jit import allocating_kernel, kernel
from .labels import elbow_sign, shoulder_sign
from .subproblems import ZERO_ANGLE, sp1, sp3, sp4
from .target import extra_row, motion, place, turn, turn_back
from .vec import (
    cross,
    dot,
    negate,
    norm,
    perpendicular,
    row,
    scale,
    spin,
    spin_point,
    sub,
    unspin,
    unspin_point,
)

FREE_Q6 = 1e-12  # |w across axis 6| below this: axis 6 lies along w, q6 is free


@allocating_kernel()
def _free_q6(params: np.ndarray, g0, g1, g2, tg, theta1, y0):
    """A q6 for a pose where axis 6 lies along w (infinitely many solutions): 0 if the
    elbow reaches, else one that puts the point on axis 4 mid-way in the elbow's
    reach. y0 is that point with joint 5 undone. Returns (found, angle triple)."""
    w, w1, w6 = row(params, 1), row(params, 0), row(params, 5)
    p1, p2, p3, p4, p6 = row(params, 6), row(params, 7), row(params, 8), row(params, 9), row(params, 11)
    upper = _across(w, sub(p4, p3))
    lower = _across(w, sub(p3, p2))
    inner, outer = abs(upper - lower), upper + lower
    hp = unspin_point(w1, p1, theta1, place(g0, g1, g2, tg, y0))
    if inner <= _across(w, sub(hp, p2)) <= outer:
        return True, ZERO_ANGLE
    # |rot(w6, -q6) (y0 - p6) - (q2 - p6)| = rho with q2 the shoulder point seen through G^-1
    q2 = turn_back(g0, g1, g2, sub(spin_point(w1, p1, theta1, p2), tg))
    u, v = sub(y0, p6), sub(q2, p6)
    centre, radius = _across(w6, v), _across(w6, u)
    lo, hi = max(inner, abs(centre - radius)), min(outer, centre + radius)
    if lo > hi:
        return False, ZERO_ANGLE
    rho = min(max(0.5 * (inner + outer), lo), hi)
    height = dot(w6, sub(u, v))
    count, psi, _ = sp3(u, v, w6, math.sqrt(rho * rho + height * height))
    return count > 0, negate(psi)


@kernel(forceinline=True)
def _across(w, v) -> float:
    """|v across the unit direction w|."""
    return norm(sub(v, scale(w, dot(w, v))))


@allocating_kernel()
def solve_three_parallel(params: np.ndarray, T: np.ndarray, out_q: np.ndarray,
                         out_labels: np.ndarray) -> int:
    """Every solution (up to 8) for a UR-type arm; returns the count."""
    n = 6
    w1, w2, w3, w4, w5, w6 = (row(params, 0), row(params, 1), row(params, 2),
                              row(params, 3), row(params, 4), row(params, 5))
    p1, p2, p3, p4, p5, p6 = (row(params, 6), row(params, 7), row(params, 8),
                              row(params, 9), row(params, 10), row(params, 11))
    c = extra_row(params, n, 0)
    w = w2
    s3 = dot(w3, w)
    s4 = dot(w4, w)
    g0, g1, g2, tg = motion(params, n, T)
    pc = place(g0, g1, g2, tg, c)
    flip_normal = cross(w4, w5)
    e = perpendicular(w)
    # axis 5 across w and axis 6: then w6 turns in a plane holding w (see sp4's sin_hint)
    orthogonal_wrist = abs(dot(w5, w)) < 1e-12 and abs(dot(w5, w6)) < 1e-12
    total = 0
    c1, psi_a, psi_b = sp4(sub(pc, p1), w1, w, dot(w, sub(c, p1)))
    for i in range(c1):
        theta1 = negate(psi_a if i == 0 else psi_b)
        shoulder = shoulder_sign(w1, w, sub(unspin_point(w1, p1, theta1, pc), p1))
        a = unspin(w1, theta1, turn(g0, g1, g2, w6))
        b = turn_back(g0, g1, g2, spin(w1, theta1, w))
        a_across = sub(a, scale(w, dot(w, a)))
        c5, t5a, t5b = sp4(w6, w5, w, dot(w, a), norm(a_across) if orthogonal_wrist else -1.0)
        for j in range(c5):
            theta5 = t5a if j == 0 else t5b
            wrist = dot(flip_normal, spin(w5, theta5, w6))
            x = unspin(w5, theta5, w)
            y0 = unspin_point(w5, p5, theta5, p4)
            if norm(sub(x, scale(w6, dot(w6, x)))) > FREE_Q6:
                theta6 = sp1(b, x, w6)
            else:  # axis 6 along w: q6 is free, pick one the elbow can follow
                ok, theta6 = _free_q6(params, g0, g1, g2, tg, theta1, y0)
                if not ok:
                    continue
            # H = exp(-xi1 q1) G exp(-xi6 q6) exp(-xi5 q5) = exp(xi2 q2) exp(xi3 q3) exp(xi4 q4)
            y = unspin_point(w6, p6, theta6, y0)
            hp = unspin_point(w1, p1, theta1, place(g0, g1, g2, tg, y))
            he = unspin(w1, theta1, turn(g0, g1, g2, unspin(w6, theta6, unspin(w5, theta5, e))))
            turn_about_w = sp1(e, he, w)[0]
            c3, t3a, t3b = sp3(sub(p4, p3), sub(p2, p3), w3, norm(sub(hp, p2)))
            for k in range(c3):
                theta3 = t3a if k == 0 else t3b
                moved = spin_point(w3, p3, theta3, p4)
                theta2 = sp1(sub(moved, p2), sub(hp, p2), w2)
                r = total
                out_q[r, 0] = theta1[0]
                out_q[r, 1] = theta2[0]
                out_q[r, 2] = theta3[0]
                out_q[r, 3] = s4 * (turn_about_w - theta2[0] - s3 * theta3[0])
                out_q[r, 4] = theta5[0]
                out_q[r, 5] = theta6[0]
                out_labels[r, 0] = shoulder
                out_labels[r, 1] = elbow_sign(w1, w, p2, spin_point(w2, p2, theta2, p3), hp)
                out_labels[r, 2] = 1 if wrist >= 0.0 else -1
                total += 1
    return total
