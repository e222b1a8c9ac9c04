"""Paden-Kahan subproblems on tuples (see `vec`), the building blocks of every closed form.

All axes are unit directions through the origin: callers subtract a point on the axis
first. Every angle comes back as a triple (t, cos t, sin t), so the solvers can turn
vectors by it without calling cos and sin again. Each solver returns how many solutions
it found (0, 1 or 2); tangent cases (a double root) come back as one solution, so
singular poses give no duplicates, and a free angle (infinitely many solutions) comes
back as 0.
"""

import math

from ..kernels.jit import allocating_kernel, kernel
from .vec import cross, dot, norm, scale, sub

# Slack on cosines and squared lengths that rounding can push just past a boundary
# (a fully stretched arm, a wrist exactly at its singularity).
BOUNDARY_SLACK = 1e-10
# A sine below this (relative) is a singular pose: the two roots merge into one. Forcing
# it costs at most this much accuracy, and spares a pair of roots that differ by noise.
SINGULAR_SINE = 1e-12
ZERO_ANGLE = (0.0, 1.0, 0.0)


@kernel(forceinline=True)
def _in_plane(w, v):
    return sub(v, scale(w, dot(w, v)))


@kernel(forceinline=True)
def angle_of(y: float, x: float):
    """(t, cos t, sin t) of the direction (x, y); (0, 1, 0) when it has none."""
    r = math.sqrt(x * x + y * y)
    if r == 0.0:
        return ZERO_ANGLE
    return math.atan2(y, x), x / r, y / r


@kernel(forceinline=True)
def _two_roots(c0: float, s0: float, cos_phi: float, sin_phi: float = -1.0):
    """The angles t0 + phi and t0 - phi, phi = arccos(cos_phi) in [0, pi], as triples
    (sin_phi, if given >= 0, replaces sqrt(1 - cos_phi^2))."""
    if sin_phi < 0.0:
        sin_phi = math.sqrt(max(0.0, 1.0 - cos_phi * cos_phi))
    plus = angle_of(s0 * cos_phi + c0 * sin_phi, c0 * cos_phi - s0 * sin_phi)
    minus = angle_of(s0 * cos_phi - c0 * sin_phi, c0 * cos_phi + s0 * sin_phi)
    return plus, minus


@allocating_kernel()
def sp1(u, v, w):
    """Subproblem 1: the angle that turns u about w onto v (in the plane normal to w).

    Returns the zero angle when u or v lies along w (any angle works)."""
    up = _in_plane(w, u)
    vp = _in_plane(w, v)
    return angle_of(dot(w, cross(up, vp)), dot(up, vp))


@allocating_kernel()
def sp2(u, v, w1, w2):
    """Subproblem 2: rot(w1, t1) rot(w2, t2) u = v for non-parallel w1, w2.

    Returns (count, t1a, t2a, t1b, t2b, sign_a, sign_b): the sign says on which side of
    the w1-w2 plane the intermediate vector z = rot(w2, t2) u lies (+1 along w1 x w2)."""
    c = dot(w1, w2)
    s2 = 1.0 - c * c
    w1v = dot(w1, v)
    w2u = dot(w2, u)
    alpha = (w1v - c * w2u) / s2
    beta = (w2u - c * w1v) / s2
    uu = dot(u, u)
    # |z|^2 = |u|^2 gives gamma^2 s2 = |u|^2 - alpha^2 - beta^2 - 2 alpha beta c, which
    # equals |v across w1|^2 - beta^2 s2: that form keeps its digits near a singularity
    # (a wrist almost straight), where gamma is small and the first one cancels.
    v_across = sub(v, scale(w1, w1v))
    gamma2 = dot(v_across, v_across) / s2 - beta * beta
    if gamma2 < -BOUNDARY_SLACK * max(uu, 1.0):
        return 0, ZERO_ANGLE, ZERO_ANGLE, ZERO_ANGLE, ZERO_ANGLE, 0.0, 0.0
    n12 = cross(w1, w2)
    gamma = math.sqrt(max(gamma2, 0.0))
    if gamma <= SINGULAR_SINE * math.sqrt(uu):
        gamma = 0.0
    base = (alpha * w1[0] + beta * w2[0], alpha * w1[1] + beta * w2[1], alpha * w1[2] + beta * w2[2])
    za = (base[0] + gamma * n12[0], base[1] + gamma * n12[1], base[2] + gamma * n12[2])
    t1a = sp1(za, v, w1)
    t2a = sp1(u, za, w2)
    if gamma == 0.0:
        return 1, t1a, t2a, t1a, t2a, 0.0, 0.0
    zb = (base[0] - gamma * n12[0], base[1] - gamma * n12[1], base[2] - gamma * n12[2])
    return 2, t1a, t2a, sp1(zb, v, w1), sp1(u, zb, w2), 1.0, -1.0


@allocating_kernel()
def sp3(u, v, w, delta):
    """Subproblem 3: angles t with |rot(w, t) u - v| = delta.

    Returns (count, ta, tb); ta takes the + branch of the arccos."""
    up = _in_plane(w, u)
    vp = _in_plane(w, v)
    h = dot(w, sub(u, v))
    delta_p2 = delta * delta - h * h
    nu = norm(up)
    nv = norm(vp)
    if nu * nv == 0.0:
        return 0, ZERO_ANGLE, ZERO_ANGLE
    _, c0, s0 = angle_of(dot(w, cross(up, vp)), dot(up, vp))
    cos_phi = (nu * nu + nv * nv - delta_p2) / (2.0 * nu * nv)
    if abs(cos_phi) > 1.0 + BOUNDARY_SLACK:
        return 0, ZERO_ANGLE, ZERO_ANGLE
    if abs(cos_phi) >= 1.0:
        plus, _ = _two_roots(c0, s0, 1.0 if cos_phi > 0.0 else -1.0)
        return 1, plus, plus
    plus, minus = _two_roots(c0, s0, cos_phi)
    return 2, plus, minus


@allocating_kernel()
def sp4(u, w, d, h, sin_hint=-1.0):
    """Subproblem 4: angles t with d . rot(w, t) u = h (d need not be a unit vector).

    Returns (count, ta, tb); ta takes the + branch. When d . rot(w, t) u does not depend
    on t the answer is every angle (count 1, t = 0) if it equals h, else none.
    sin_hint >= 0, when the caller knows it accurately, is sqrt(r^2 - c^2) / r for the
    arccos below (for unit u, d across w and h = d . a with a unit vector a, it is
    |a across d|): it keeps the digits of a near-double root."""
    along = dot(w, u)
    up = (u[0] - w[0] * along, u[1] - w[1] * along, u[2] - w[2] * along)
    a = dot(d, up)
    b = dot(d, cross(w, up))
    c = h - along * dot(d, w)
    r = math.sqrt(a * a + b * b)
    scale_ = max(norm(u) * norm(d), 1e-300)
    if r <= 1e-12 * scale_:
        if abs(c) <= 1e-9 * scale_:
            return 1, ZERO_ANGLE, ZERO_ANGLE
        return 0, ZERO_ANGLE, ZERO_ANGLE
    cos_t = c / r
    if abs(cos_t) > 1.0 + BOUNDARY_SLACK:
        return 0, ZERO_ANGLE, ZERO_ANGLE
    c0, s0 = a / r, b / r
    if 0.0 <= sin_hint <= SINGULAR_SINE:
        sin_hint = 0.0
    if sin_hint > 0.0:
        plus, minus = _two_roots(c0, s0, max(-1.0, min(1.0, cos_t)), sin_hint)
        return 2, plus, minus
    if abs(cos_t) >= 1.0 or sin_hint == 0.0:
        plus, _ = _two_roots(c0, s0, 1.0 if cos_t > 0.0 else -1.0)
        return 1, plus, plus
    plus, minus = _two_roots(c0, s0, cos_t)
    return 2, plus, minus
