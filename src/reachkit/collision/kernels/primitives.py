"""Exact distances between a segment (the axis of a robot capsule; a sphere is a segment
of zero length) and the obstacle primitives, in the world frame, metres.

Every function returns the signed distance between the *axis* of the robot shape and the
obstacle's solid (radii of the robot shape are subtracted by the caller), the parameter
t in [0, 1] of the witness point a + t (b - a) on the axis, and the unit normal n (the
direction in which moving the witness point increases the distance).

Methods:
- segment-segment: Ericson's clamped closest points (Real-Time Collision Detection 5.1.9);
  near-parallel segments (a e - b^2 <= 1e-14 a e) fix s = 0 and clamp, which leaves the
  distance exact because it is flat along the common direction.
- segment-box (oriented box, in its own frame): the squared distance from a + t d to the
  box is a convex piecewise quadratic in t whose pieces change only where a coordinate
  crosses a face plane (at most 6 breakpoints). The best of the breakpoints and t = 0, 1
  is found first; by convexity the minimum lies in one of its two neighbouring pieces,
  where the quadratic is minimised in closed form. Exact, no iteration, no allocation.
  When the segment meets the box, the signed distance is the depth of its deepest point,
  min_t max_i (|p_i(t)| - h_i) (a convex piecewise-linear function; its minimum lies at
  t = 0, 1 or where two of its six lines cross, all checked); its normal is then the
  face normal, or at a crossing the mix of both faces' normals that the minimum's
  gradient is (not a unit vector; zero where the segment crosses a slab through it). For a segment that crosses
  the box this is the depth of the segment's deepest point, which may be less than the
  translation that separates them (coal's penetration depth): same sign, same zero.
- segment-half-space: the lower end point; exact, signed.
"""

import math

from ...kernels.jit import kernel

PARALLEL = 1e-14  # relative size of a e - b^2 below which two segments count as parallel


@kernel(inline="always")
def clamp01(x: float) -> float:
    return 0.0 if x < 0.0 else (1.0 if x > 1.0 else x)


@kernel()
def segment_segment(ax: float, ay: float, az: float, bx: float, by: float, bz: float,
                    cx: float, cy: float, cz: float, dx: float, dy: float, dz: float) -> tuple:
    """Closest points of segments [a, b] and [c, d]: (distance, s, t), the points being
    a + s (b - a) and c + t (d - c)."""
    ux, uy, uz = bx - ax, by - ay, bz - az
    vx, vy, vz = dx - cx, dy - cy, dz - cz
    wx, wy, wz = ax - cx, ay - cy, az - cz
    a = ux * ux + uy * uy + uz * uz
    e = vx * vx + vy * vy + vz * vz
    f = vx * wx + vy * wy + vz * wz
    s = 0.0
    t = 0.0
    if a <= 1e-300 and e <= 1e-300:
        pass
    elif a <= 1e-300:
        t = clamp01(f / e)
    else:
        c = ux * wx + uy * wy + uz * wz
        if e <= 1e-300:
            s = clamp01(-c / a)
        else:
            b = ux * vx + uy * vy + uz * vz
            denom = a * e - b * b
            if denom > PARALLEL * a * e:
                s = clamp01((b * f - c * e) / denom)
            t = (b * s + f) / e
            if t < 0.0:
                t = 0.0
                s = clamp01(-c / a)
            elif t > 1.0:
                t = 1.0
                s = clamp01((b - c) / a)
    px = ax + s * ux - (cx + t * vx)
    py = ay + s * uy - (cy + t * vy)
    pz = az + s * uz - (cz + t * vz)
    return math.sqrt(px * px + py * py + pz * pz), s, t


@kernel(inline="always")
def _box_gap2(p: float, h: float) -> float:
    """Squared distance from coordinate p to the interval [-h, h]."""
    g = abs(p) - h
    return g * g if g > 0.0 else 0.0


@kernel()
def _box_dist2(c: tuple, e: tuple, h: tuple, t: float) -> float:
    return (_box_gap2(c[0] + t * e[0], h[0]) + _box_gap2(c[1] + t * e[1], h[1])
            + _box_gap2(c[2] + t * e[2], h[2]))


@kernel()
def _breakpoint(k: int, c: tuple, e: tuple, h: tuple) -> float:
    """Candidate k of 8: t = 0, t = 1, then where coordinate i meets the plane +-h_i
    (-1 when that is outside (0, 1) or the coordinate does not move)."""
    if k < 2:
        return float(k)
    i = (k - 2) // 2
    side = 1.0 if k % 2 == 0 else -1.0
    if e[i] == 0.0:
        return -1.0
    t = (side * h[i] - c[i]) / e[i]
    return t if 0.0 < t < 1.0 else -1.0


@kernel()
def _piece_minimum(c: tuple, e: tuple, h: tuple, t0: float, t1: float) -> float:
    """The minimiser of the squared box distance on the piece [t0, t1] (no breakpoint
    inside): the piece's quadratic sum over outside coordinates of (c_i + t e_i -+ h_i)^2."""
    tm = 0.5 * (t0 + t1)
    A = 0.0
    B = 0.0
    for i in range(3):
        x = c[i] + tm * e[i]
        if x > h[i]:
            off = c[i] - h[i]
        elif x < -h[i]:
            off = c[i] + h[i]
        else:
            continue
        A += e[i] * e[i]
        B += e[i] * off
    if A <= 0.0:
        return t0
    t = -B / A
    return t0 if t < t0 else (t1 if t > t1 else t)


@kernel(inline="always")
def _line(m: int, c: tuple, e: tuple, h: tuple, t: float) -> float:
    """Line m of six: s (c_i + t e_i) - h_i, i = m // 2, s = +1 for even m, -1 for odd."""
    i = m // 2
    sign = 1.0 if m % 2 == 0 else -1.0
    return sign * (c[i] + t * e[i]) - h[i]


@kernel()
def _deepest(c: tuple, e: tuple, h: tuple) -> tuple:
    """(min over t in [0, 1] of g(t) = max_i (|c_i + t e_i| - h_i), its t, and the lines
    (m, l) crossing there, l = -1 at an end point): at t = 0, 1 or where two of the six
    lines +-(c_i + t e_i) - h_i cross."""
    best = 1e300
    best_t = 0.0
    best_m = 0
    best_l = -1
    for k in range(-2, 36):
        m, l = k // 6, k % 6
        if k < 0:
            t = float(k + 2)
            m, l = 0, -1
        else:
            if l <= m:
                continue
            slope = _line(m, c, e, h, 1.0) - _line(m, c, e, h, 0.0) \
                - (_line(l, c, e, h, 1.0) - _line(l, c, e, h, 0.0))
            if slope == 0.0:
                continue
            t = (_line(l, c, e, h, 0.0) - _line(m, c, e, h, 0.0)) / slope
            if not 0.0 < t < 1.0:
                continue
        g = max(abs(c[0] + t * e[0]) - h[0], abs(c[1] + t * e[1]) - h[1],
                abs(c[2] + t * e[2]) - h[2])
        if g < best:
            best, best_t, best_m, best_l = g, t, m, l
    return best, best_t, best_m, best_l


@kernel(inline="always")
def _face(m: int) -> tuple:
    """Outward normal (box coordinates) of the face of line m."""
    sign = 1.0 if m % 2 == 0 else -1.0
    i = m // 2
    return (sign if i == 0 else 0.0), (sign if i == 1 else 0.0), (sign if i == 2 else 0.0)


@kernel()
def segment_box_local(c: tuple, e: tuple, h: tuple) -> tuple:
    """Segment p(t) = c + t e (t in [0, 1]) against the box [-h, h] (box coordinates):
    (signed distance, t, nx, ny, nz) with n the outward normal in box coordinates."""
    best2 = 1e300
    tb = 0.0
    for k in range(8):
        t = _breakpoint(k, c, e, h)
        if t >= 0.0:
            d2 = _box_dist2(c, e, h, t)
            if d2 < best2:
                best2 = d2
                tb = t
    lo = 0.0
    hi = 1.0
    for k in range(8):
        t = _breakpoint(k, c, e, h)
        if t >= 0.0:
            if lo < t < tb:
                lo = t
            if tb < t < hi:
                hi = t
    for t0, t1 in ((lo, tb), (tb, hi)):
        if t1 > t0:
            t = _piece_minimum(c, e, h, t0, t1)
            d2 = _box_dist2(c, e, h, t)
            if d2 < best2:
                best2 = d2
                tb = t
    if best2 > 0.0:
        d = math.sqrt(best2)
        px = c[0] + tb * e[0]
        py = c[1] + tb * e[1]
        pz = c[2] + tb * e[2]
        nx = px - min(max(px, -h[0]), h[0])
        ny = py - min(max(py, -h[1]), h[1])
        nz = pz - min(max(pz, -h[2]), h[2])
        return d, tb, nx / d, ny / d, nz / d
    g, tg, m, l = _deepest(c, e, h)
    if l >= 0:  # a kink where lines m and l cross: the gradient mixes both faces so that
        # moving along the segment changes nothing (envelope of the minimum)
        a = _line(m, c, e, h, 1.0) - _line(m, c, e, h, 0.0)
        b = _line(l, c, e, h, 1.0) - _line(l, c, e, h, 0.0)
        w = b / (b - a)
        fm, fl = _face(m), _face(l)
        return (g, tg, w * fm[0] + (1 - w) * fl[0], w * fm[1] + (1 - w) * fl[1],
                w * fm[2] + (1 - w) * fl[2])
    top = 0
    for m in range(6):
        if _line(m, c, e, h, tg) > _line(top, c, e, h, tg):
            top = m
    f = _face(top)
    return g, tg, f[0], f[1], f[2]


@kernel()
def point_segment(px: float, py: float, pz: float, ax: float, ay: float, az: float,
                  bx: float, by: float, bz: float) -> tuple:
    """(distance, t) from point p to segment [a, b], the closest point a + t (b - a)."""
    ux, uy, uz = bx - ax, by - ay, bz - az
    wx, wy, wz = px - ax, py - ay, pz - az
    a = ux * ux + uy * uy + uz * uz
    t = 0.0 if a <= 1e-300 else clamp01((ux * wx + uy * wy + uz * wz) / a)
    dx = wx - t * ux
    dy = wy - t * uy
    dz = wz - t * uz
    return math.sqrt(dx * dx + dy * dy + dz * dz), t
