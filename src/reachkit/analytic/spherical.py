"""6-joint arms whose last three axes meet in a point (a spherical wrist).

The wrist centre c (home position) is left in place by joints 4-6, so the first three
joints alone must carry it to G c, G = T M^-1 (position subproblem, up to 4 solutions),
and joints 4-6 then supply the remaining rotation (orientation subproblem, 2 solutions).
The position part depends on the arm:
  WRIST_PARALLEL_ARM (axes 2, 3 parallel; Puma 560, KUKA KR, ABB IRB, offsets allowed):
      q1 keeps the wrist centre at its height along axis 2 (SP4), q3 sets the
      shoulder-wrist distance (SP3), q2 turns the arm onto it (SP1).
  WRIST_INTERSECT_ARM (axes 1, 2 meet at o): q3 sets |c - o| (SP3), then q1, q2 (SP2).
  WRIST_PRISMATIC_ARM (axes 1, 2 meet at o, joint 3 slides; Stanford arm): the slide
      from |c + d w3 - o| = |G c - o| (a quadratic), then q1, q2 (SP2).
"""

import math

import numpy as np

from ..kernels.jit import allocating_kernel
from .geometry import WRIST_INTERSECT_ARM, WRIST_PARALLEL_ARM
from .labels import elbow_sign, shoulder_sign
from .subproblems import BOUNDARY_SLACK, sp1, sp2, sp3, sp4
from .target import extra_row, motion, place, turn
from .vec import (
    add,
    dot,
    negate,
    norm,
    perpendicular,
    row,
    scale,
    spin_point,
    sub,
    unspin,
    unspin_point,
)


@allocating_kernel()
def _wrist(params: np.ndarray, g0, g1, g2, theta1, theta2, theta3, slide3: bool,
           shoulder: int, elbow: int, out_q: np.ndarray, out_labels: np.ndarray, start: int) -> int:
    """Joints 4-6 for the arm angles given (triples, see `subproblems`; theta3 the slide
    in metres when slide3); writes rows start, start + 1; returns how many."""
    w1, w2, w3 = row(params, 0), row(params, 1), row(params, 2)
    w4, w5, w6 = row(params, 3), row(params, 4), row(params, 5)
    # (R1 R2 R3)^T R_G applied to w6 and to e, a direction across axis 6
    v6 = unspin(w2, theta2, unspin(w1, theta1, turn(g0, g1, g2, w6)))
    e = perpendicular(w6)
    ve = unspin(w2, theta2, unspin(w1, theta1, turn(g0, g1, g2, e)))
    if not slide3:
        v6 = unspin(w3, theta3, v6)
        ve = unspin(w3, theta3, ve)
    count, t4a, t5a, t4b, t5b, sa, sb = sp2(w6, v6, w4, w5)
    for k in range(count):
        t4 = t4a if k == 0 else t4b
        t5 = t5a if k == 0 else t5b
        t6 = sp1(e, unspin(w5, t5, unspin(w4, t4, ve)), w6)
        r = start + k
        out_q[r, 0] = theta1[0]
        out_q[r, 1] = theta2[0]
        out_q[r, 2] = theta3[0]
        out_q[r, 3] = t4[0]
        out_q[r, 4] = t5[0]
        out_q[r, 5] = t6[0]
        out_labels[r, 0] = shoulder
        out_labels[r, 1] = elbow
        out_labels[r, 2] = 1 if (sa if k == 0 else sb) >= 0.0 else -1
    return count


@allocating_kernel()
def _parallel_arm(params, g0, g1, g2, pw, out_q, out_labels) -> int:
    n = 6
    w1, w2, w3 = row(params, 0), row(params, 1), row(params, 2)
    p1, p2, p3 = row(params, n), row(params, n + 1), row(params, n + 2)
    c = extra_row(params, n, 0)
    total = 0
    c1, psi_a, psi_b = sp4(sub(pw, p1), w1, w2, dot(w2, sub(c, p1)))
    for i in range(c1):
        theta1 = negate(psi_a if i == 0 else psi_b)
        v = unspin_point(w1, p1, theta1, pw)
        shoulder = shoulder_sign(w1, w2, sub(v, p1))
        c3, t3a, t3b = sp3(sub(c, p3), sub(p2, p3), w3, norm(sub(v, p2)))
        for j in range(c3):
            theta3 = t3a if j == 0 else t3b
            moved = spin_point(w3, p3, theta3, c)
            theta2 = sp1(sub(moved, p2), sub(v, p2), w2)
            elbow = elbow_sign(w1, w2, p2, spin_point(w2, p2, theta2, p3), v)
            total += _wrist(params, g0, g1, g2, theta1, theta2, theta3, False, shoulder, elbow,
                            out_q, out_labels, total)
    return total


@allocating_kernel()
def _intersecting_arm(params, code, g0, g1, g2, pw, out_q, out_labels) -> int:
    n = 6
    w1, w2, w3 = row(params, 0), row(params, 1), row(params, 2)
    p3 = row(params, n + 2)
    c = extra_row(params, n, 0)
    o = extra_row(params, n, 1)
    reach = sub(pw, o)
    r = norm(reach)
    total = 0
    if code == WRIST_INTERSECT_ARM:
        c3, t3a, t3b = sp3(sub(c, p3), sub(o, p3), w3, r)
    else:  # |c + d w3 - o|^2 = r^2; a slide is a triple (d, 1, 0)
        b = dot(w3, sub(c, o))
        disc = b * b - (dot(sub(c, o), sub(c, o)) - r * r)
        if disc < -BOUNDARY_SLACK * max(r * r, 1.0):
            return 0
        root = math.sqrt(max(disc, 0.0))
        c3, t3a, t3b = (1 if root == 0.0 else 2), (-b + root, 1.0, 0.0), (-b - root, 1.0, 0.0)
    for j in range(c3):
        theta3 = t3a if j == 0 else t3b
        if code == WRIST_INTERSECT_ARM:
            moved = spin_point(w3, p3, theta3, c)
        else:
            moved = add(c, scale(w3, theta3[0]))
        c12, t1a, t2a, t1b, t2b, _, _ = sp2(sub(moved, o), reach, w1, w2)
        for i in range(c12):
            theta1 = t1a if i == 0 else t1b
            theta2 = t2a if i == 0 else t2b
            v = unspin(w1, theta1, reach)
            shoulder = shoulder_sign(w1, w2, v)
            if code == WRIST_INTERSECT_ARM:
                elbow = elbow_sign(w1, w2, o, spin_point(w2, o, theta2, p3), add(o, v))
            else:
                elbow = 1 if j == 0 else -1
            total += _wrist(params, g0, g1, g2, theta1, theta2, theta3,
                            code != WRIST_INTERSECT_ARM, shoulder, elbow, out_q, out_labels, total)
    return total


@allocating_kernel()
def solve_spherical(params: np.ndarray, code: int, T: np.ndarray, out_q: np.ndarray,
                    out_labels: np.ndarray) -> int:
    """Every solution (up to 8) for a spherical-wrist arm; returns the count."""
    g0, g1, g2, tg = motion(params, 6, T)
    pw = place(g0, g1, g2, tg, extra_row(params, 6, 0))
    if code == WRIST_PARALLEL_ARM:
        return _parallel_arm(params, g0, g1, g2, pw, out_q, out_labels)
    return _intersecting_arm(params, code, g0, g1, g2, pw, out_q, out_labels)
