"""7R arms with a spherical shoulder and wrist (SRS: KUKA iiwa, Kinova Gen3-like, a Panda
without its offsets), solved at a given swivel (arm) angle.

Axes 1-3 meet at the shoulder S, axes 5-7 at the wrist W; the elbow point E is the point
of axis 4 nearest S (all at q = 0, world frame). For a tool pose T the wrist goes to
Wt = G W (G = T M^-1) and joint 4 alone sets |S - Wt| (SP3, 2 solutions). The elbow then
lies on a circle about the line S-Wt; the swivel angle psi says where:

    psi = atan2((E - S) . e2, (E - S) . e1),  u = (Wt - S) / |Wt - S|,
    e1 = the unit part of a across u,  e2 = u x e1,

with a = joint 1's axis (the base's "up"; joint 2's home axis when u is along it): psi = 0
puts the elbow in the plane of the shoulder-wrist line and the base axis, on the side the
base axis points to; psi grows turning about u (right-handed). Given psi and q4, the
shoulder's rotation R_S maps (W4 - S, E - S) onto (Wt - S, Et - S): joints 1-3 from R_S
and joints 5-7 from what is left (SP2 + SP1 each, 2 solutions): up to 8 per psi. When the
arm is straight (E on the line S-W) psi is undefined: every psi gives the same elbow and
the solutions returned are representatives of that circle.

params (m, 3): the packed geometry of `target` for n = 7, then the extra rows S, W, E and
the reference directions a, b (joint 1's and joint 2's home axes).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from ..kernels.jit import allocating_kernel
from .geometry import ScrewAxes, distance_to_line, meeting_point, parallel
from .kernels import INVALID_POSE, _finish, pose_is_valid
from .subproblems import sp1, sp2, sp3
from .target import extra_row, motion, place, turn
from .vec import add, cross, dot, norm, perpendicular, row, scale, spin_point, sub, unspin

Array = NDArray[np.float64]

SWIVEL = 32  # a code of its own (not a `solve_into` code): labels, family name
PER_VALUE = 8       # most solutions at one swivel angle
STRAIGHT = 1e-9     # |E - line S-W| / |W - S| below this: the arm is straight
ALONG_BASE = 1e-6   # |a x u| below this: the base axis is along S-W (use joint 2's axis)


def srs_points(s: ScrewAxes) -> Array | None:
    """(3, 3) rows S, W, E for a 7R arm with a spherical shoulder and wrist, else None."""
    if s.kinds.shape[0] != 7 or s.kinds.any():
        return None
    shoulder = meeting_point(s, (0, 1, 2))
    wrist = meeting_point(s, (4, 5, 6))
    if shoulder is None or wrist is None:
        return None
    if parallel(s, 0, 1) or parallel(s, 1, 2) or parallel(s, 4, 5) or parallel(s, 5, 6):
        return None  # a spherical joint needs consecutive axes that are not parallel
    w4, p4 = s.axes[3], s.points[3]
    elbow = p4 + w4 * np.dot(shoulder - p4, w4)
    for point in (shoulder, wrist):  # axis 4 through S or W: joint 4 cannot move |S - W|
        if distance_to_line(s, 3, point) < 1e-9 * s.size:
            return None
    return np.stack([shoulder, wrist, elbow])


def pack_srs(s: ScrewAxes, points: Array) -> Array:
    """The kernel's params (m, 3) for the screw axes and srs_points."""
    home = s.home
    return np.ascontiguousarray(np.vstack([s.axes, s.points, home[:3, :3], home[:3, 3][None, :],
                                           points, s.axes[0][None, :], s.axes[1][None, :]]))


@allocating_kernel()
def _circle_frame(params: np.ndarray, S, Wt):
    """(u, e1, e2) of the swivel angle's definition for the wrist at Wt."""
    d = sub(Wt, S)
    u = scale(d, 1.0 / norm(d))
    a = extra_row(params, 7, 3)
    if norm(cross(a, u)) < ALONG_BASE:
        a = extra_row(params, 7, 4)
    across = sub(a, scale(u, dot(a, u)))
    e1 = scale(across, 1.0 / norm(across))
    return u, e1, cross(u, e1)


@allocating_kernel()
def _frame_of(x, y):
    """Orthonormal frame (columns) from the direction x and the part of y across it (any
    direction across x when y is along it)."""
    fx = scale(x, 1.0 / norm(x))
    across = sub(y, scale(fx, dot(fx, y)))
    size = norm(across)
    fy = perpendicular(fx) if size <= STRAIGHT * norm(x) else scale(across, 1.0 / size)
    fz = cross(fx, fy)  # y nearly along x leaves fy off square by rounding / size: re-square
    fz = scale(fz, 1.0 / norm(fz))
    return fx, cross(fz, fx), fz


@allocating_kernel()
def _apply(A, B, v):
    """A B^T v for frames A, B given by their columns: the rotation taking B onto A."""
    c = (dot(B[0], v), dot(B[1], v), dot(B[2], v))
    return add(add(scale(A[0], c[0]), scale(A[1], c[1])), scale(A[2], c[2]))


@allocating_kernel()
def _triple(wa, wb, wc, v3, vx):
    """Angles of three axes (through one point) with R_a R_b R_c = R, given v3 = R wc and
    vx = R x, x = perpendicular(wc): SP2 for the first two, SP1 for the third. Returns
    (count, first solution (3,), second (3,), their SP2 signs)."""
    count, ta, tb, ta2, tb2, sa, sb = sp2(wc, v3, wa, wb)
    x = perpendicular(wc)
    tc = sp1(x, unspin(wb, tb, unspin(wa, ta, vx)), wc)
    tc2 = sp1(x, unspin(wb, tb2, unspin(wa, ta2, vx)), wc)
    return count, (ta[0], tb[0], tc[0]), (ta2[0], tb2[0], tc2[0]), sa, sb


@allocating_kernel()
def solve_swivel(params: np.ndarray, psi: float, T: np.ndarray, out_q: np.ndarray,
                 out_labels: np.ndarray) -> int:
    """Every solution (up to 8) at swivel angle psi (rad) for the tool pose T (4, 4) into
    out_q (8, 7); out_labels (8, 3): the SP2 branch signs of shoulder and wrist and the
    elbow's SP3 branch (+1 / -1). Returns the count."""
    g0, g1, g2, tg = motion(params, 7, T)
    S, W, E = extra_row(params, 7, 0), extra_row(params, 7, 1), extra_row(params, 7, 2)
    w1, w2, w3, w4 = row(params, 0), row(params, 1), row(params, 2), row(params, 3)
    w5, w6, w7, p4 = row(params, 4), row(params, 5), row(params, 6), row(params, 10)
    Wt = place(g0, g1, g2, tg, W)
    reach = norm(sub(Wt, S))
    if reach == 0.0:
        return 0
    u, e1, e2 = _circle_frame(params, S, Wt)
    swing = add(scale(e1, math.cos(psi)), scale(e2, math.sin(psi)))
    c4, t4a, t4b = sp3(sub(W, p4), sub(S, p4), w4, reach)
    x3, x7 = perpendicular(w3), perpendicular(w7)
    total = 0
    for i in range(c4):
        t4 = t4a if i == 0 else t4b
        arm = sub(spin_point(w4, p4, t4, W), S)
        upper = sub(E, S)
        along = dot(upper, arm) / reach
        radius = norm(sub(upper, scale(arm, along / reach)))
        source = _frame_of(arm, upper)
        if radius <= STRAIGHT * reach:  # straight arm: psi only turns the frame about u
            goal = (u, swing, cross(u, swing))
        else:
            goal = _frame_of(sub(Wt, S), add(scale(u, along), scale(swing, radius)))
        # shoulder: R_S = goal source^T; wrist: R_W = R4^T R_S^T R_G
        cs, sa, sb, sign_a, sign_b = _triple(w1, w2, w3, _apply(goal, source, w3),
                                             _apply(goal, source, x3))
        cw, wa, wb, wsign_a, wsign_b = _triple(
            w5, w6, w7, unspin(w4, t4, _apply(source, goal, turn(g0, g1, g2, w7))),
            unspin(w4, t4, _apply(source, goal, turn(g0, g1, g2, x7))))
        for m in range(cs):
            for k in range(cw):
                shoulder = sa if m == 0 else sb
                wrist = wa if k == 0 else wb
                for j in range(3):
                    out_q[total, j] = shoulder[j]
                    out_q[total, 4 + j] = wrist[j]
                out_q[total, 3] = t4[0]
                out_labels[total, 0] = 1 if (sign_a if m == 0 else sign_b) >= 0.0 else -1
                out_labels[total, 1] = 1 if i == 0 else -1
                out_labels[total, 2] = 1 if (wsign_a if k == 0 else wsign_b) >= 0.0 else -1
                total += 1
    return total


@allocating_kernel()
def swivel_at(params: np.ndarray, elbow_wrist: np.ndarray) -> float:
    """The swivel angle (rad) of a configuration given by its elbow and wrist points
    (rows of elbow_wrist (2, 3), world frame); NaN for a straight arm."""
    S = extra_row(params, 7, 0)
    E = row(elbow_wrist, 0)
    Wt = row(elbow_wrist, 1)
    reach = norm(sub(Wt, S))
    u, e1, e2 = _circle_frame(params, S, Wt)
    upper = sub(E, S)
    across = sub(upper, scale(u, dot(upper, u)))
    if norm(across) <= STRAIGHT * reach:
        return np.nan
    return math.atan2(dot(across, e2), dot(across, e1))


@allocating_kernel()
def _one_pose(params: np.ndarray, limits: np.ndarray, kinds: np.ndarray, T: np.ndarray,
              psis: np.ndarray, within: bool, out_q: np.ndarray, out_labels: np.ndarray,
              per_value: np.ndarray) -> int:
    """One pose T (4, 4) at the swivel angles psis (k,): out_q (8 k, 7) with the count's
    solutions first (wrapped into the limits, duplicates dropped, only those inside the
    limits when `within`), NaN after; per_value (k,) the count per angle. Returns the
    count, or INVALID_POSE when T is not a rigid transform."""
    if not pose_is_valid(T):
        out_q[:] = np.nan
        return INVALID_POSE
    total = 0
    block_q = np.empty((PER_VALUE, 7))
    block_labels = np.empty((PER_VALUE, 3), dtype=np.int64)
    for v in range(psis.shape[0]):
        found = solve_swivel(params, psis[v], T, block_q, block_labels)
        found = _finish(found, limits, kinds, within, block_q, block_labels)
        per_value[v] = found
        for k in range(found):  # copies in loops (see `dense`)
            for j in range(7):
                out_q[total + k, j] = block_q[k, j]
            for j in range(3):
                out_labels[total + k, j] = block_labels[k, j]
        total += found
    out_q[total:] = np.nan
    return total


@allocating_kernel(nogil=True)
def solve_swivel_lane(params: np.ndarray, limits: np.ndarray, kinds: np.ndarray,
                      Ts: np.ndarray, psis: np.ndarray, within: bool, out_q: np.ndarray,
                      out_labels: np.ndarray, counts: np.ndarray, per_value: np.ndarray,
                      lane: int, lanes: int) -> None:
    """The poses Ts[lane::lanes] of Ts (N, 4, 4) at swivel angles psis (N, k): one lane
    of `reachkit.ik.lanes.run_lanes` (the kernel releases the GIL). out_q (N, 8 k, 7),
    counts (N,), per_value (N, k) as in `_one_pose`."""
    for i in range(lane, Ts.shape[0], lanes):
        counts[i] = _one_pose(params, limits, kinds, Ts[i], psis[i], within, out_q[i],
                              out_labels[i], per_value[i])
