"""Signed distance of one robot shape to one obstacle or to another robot shape.

Each returns (d, t, nx, ny, nz, u): d the signed distance between the two solids (m,
radii included), t the witness parameter on the robot segment (point a + t (b - a)), n
the unit direction in which moving that witness increases d, and u the witness parameter
on the other shape's segment (self pairs) or the cloud point index (clouds), else 0.
A pair whose bounding spheres are already farther apart than `limit` returns d = inf.
"""

import math

import numpy as np

from ...kernels.jit import kernel
from .cloud import nearest_cloud_point
from .layout import BOX, CLOUD, HALF_SPACE, O_BC, O_BR, O_HALF, O_KIND, O_P0, O_P1, O_R, O_RADIUS
from .primitives import segment_box_local, segment_segment


@kernel(inline="always")
def _far() -> tuple:
    """The answer for a pair left out: d = inf."""
    return math.inf, 0.0, 0.0, 0.0, 1.0, 0.0


@kernel(inline="always")
def _normal(dx: float, dy: float, dz: float, ux: float, uy: float, uz: float) -> tuple:
    """(dx, dy, dz) normalised; when it vanishes (axes meet), a unit vector normal to u."""
    norm = math.sqrt(dx * dx + dy * dy + dz * dz)
    if norm > 1e-12:
        return dx / norm, dy / norm, dz / norm
    if abs(ux) < 0.9 * math.sqrt(ux * ux + uy * uy + uz * uz) or ux == 0.0:
        vx, vy, vz = 0.0, -uz, uy  # u x e_x
    else:
        vx, vy, vz = uz, 0.0, -ux  # u x e_y
    norm = math.sqrt(vx * vx + vy * vy + vz * vz)
    if norm == 0.0:
        return 0.0, 0.0, 1.0
    return vx / norm, vy / norm, vz / norm


@kernel(inline="always")
def bounding_sphere(seg: np.ndarray, radius: float) -> tuple:
    """(centre x, y, z, radius) of the sphere around a capsule (segment seg (6,))."""
    lx, ly, lz = seg[3] - seg[0], seg[4] - seg[1], seg[5] - seg[2]
    return (0.5 * (seg[0] + seg[3]), 0.5 * (seg[1] + seg[4]), 0.5 * (seg[2] + seg[5]),
            0.5 * math.sqrt(lx * lx + ly * ly + lz * lz) + radius)


@kernel()
def lower_bound(seg: np.ndarray, radius: float, obstacle: np.ndarray) -> float:
    """A lower bound of the distance of a robot capsule to an obstacle, from the capsule's
    bounding sphere (`sphere_lower_bound`)."""
    cx, cy, cz, reach = bounding_sphere(seg, radius)
    return sphere_lower_bound(cx, cy, cz, reach, obstacle)


@kernel(inline="always")
def sphere_lower_bound(cx: float, cy: float, cz: float, reach: float,
                       obstacle: np.ndarray) -> float:
    """A lower bound of the distance of a sphere (centre, radius `reach`) around a robot
    shape to an obstacle: the exact distance of its centre to a box, else to the
    obstacle's bounding sphere, minus the sphere's radius (a half-space: its centre's
    height)."""
    if int(obstacle[O_KIND]) == HALF_SPACE:
        return (obstacle[O_P0] * cx + obstacle[O_P0 + 1] * cy + obstacle[O_P0 + 2] * cz
                - obstacle[O_P1] - reach)
    wx, wy, wz = cx - obstacle[O_BC], cy - obstacle[O_BC + 1], cz - obstacle[O_BC + 2]
    if int(obstacle[O_KIND]) == BOX:  # box centre = bounding-sphere centre
        gap2 = 0.0
        for i in range(3):
            local = abs(obstacle[O_R + i] * wx + obstacle[O_R + 3 + i] * wy
                        + obstacle[O_R + 6 + i] * wz) - obstacle[O_HALF + i]
            if local > 0.0:
                gap2 += local * local
        return math.sqrt(gap2) - reach - obstacle[O_RADIUS]
    return math.sqrt(wx * wx + wy * wy + wz * wz) - reach - obstacle[O_BR]


@kernel()
def shape_obstacle(seg: np.ndarray, radius: float, obstacle: np.ndarray, clouds: np.ndarray,
                   points: np.ndarray, cells: np.ndarray, limit: float) -> tuple:
    """Robot capsule (world segment seg (6,), radius m) against one obstacle row."""
    kind = int(obstacle[O_KIND])
    r = radius + obstacle[O_RADIUS]
    if kind == HALF_SPACE:
        nx, ny, nz = obstacle[O_P0], obstacle[O_P0 + 1], obstacle[O_P0 + 2]
        da = nx * seg[0] + ny * seg[1] + nz * seg[2]
        db = nx * seg[3] + ny * seg[4] + nz * seg[5]
        off = obstacle[O_P1] + r
        if db < da:
            return db - off, 1.0, nx, ny, nz, 0.0
        return da - off, 0.0, nx, ny, nz, 0.0
    if lower_bound(seg, radius, obstacle) > limit:
        return _far()
    ux, uy, uz = seg[3] - seg[0], seg[4] - seg[1], seg[5] - seg[2]
    if kind == BOX:
        R = obstacle[O_R:O_R + 9]
        wx, wy, wz = seg[0] - obstacle[O_P0], seg[1] - obstacle[O_P0 + 1], seg[2] - obstacle[O_P0 + 2]
        c = (R[0] * wx + R[3] * wy + R[6] * wz, R[1] * wx + R[4] * wy + R[7] * wz,
             R[2] * wx + R[5] * wy + R[8] * wz)
        e = (R[0] * ux + R[3] * uy + R[6] * uz, R[1] * ux + R[4] * uy + R[7] * uz,
             R[2] * ux + R[5] * uy + R[8] * uz)
        h = (obstacle[O_HALF], obstacle[O_HALF + 1], obstacle[O_HALF + 2])
        d, t, lx, ly, lz = segment_box_local(c, e, h)
        return (d - r, t, R[0] * lx + R[1] * ly + R[2] * lz, R[3] * lx + R[4] * ly + R[5] * lz,
                R[6] * lx + R[7] * ly + R[8] * lz, 0.0)
    if kind == CLOUD:
        cloud = clouds[int(obstacle[O_P0])]
        d, t, p = nearest_cloud_point(seg, obstacle, cloud, points, cells, limit + r)
        if p < 0:
            return _far()
        nx, ny, nz = _normal(seg[0] + t * ux - points[p, 0], seg[1] + t * uy - points[p, 1],
                             seg[2] + t * uz - points[p, 2], ux, uy, uz)
        return d - r, t, nx, ny, nz, float(p)
    p0 = obstacle[O_P0:O_P0 + 3]
    p1 = obstacle[O_P1:O_P1 + 3]
    d, s, t = segment_segment(seg[0], seg[1], seg[2], seg[3], seg[4], seg[5],
                              p0[0], p0[1], p0[2], p1[0], p1[1], p1[2])
    nx, ny, nz = _normal(seg[0] + s * ux - (p0[0] + t * (p1[0] - p0[0])),
                         seg[1] + s * uy - (p0[1] + t * (p1[1] - p0[1])),
                         seg[2] + s * uz - (p0[2] + t * (p1[2] - p0[2])), ux, uy, uz)
    return d - r, s, nx, ny, nz, t


@kernel()
def shape_shape(seg_a: np.ndarray, radius_a: float, seg_b: np.ndarray, radius_b: float) -> tuple:
    """Two robot capsules: (d, s, n, t) with n pointing from shape b to shape a."""
    ux, uy, uz = seg_a[3] - seg_a[0], seg_a[4] - seg_a[1], seg_a[5] - seg_a[2]
    d, s, t = segment_segment(seg_a[0], seg_a[1], seg_a[2], seg_a[3], seg_a[4], seg_a[5],
                              seg_b[0], seg_b[1], seg_b[2], seg_b[3], seg_b[4], seg_b[5])
    nx, ny, nz = _normal(seg_a[0] + s * ux - (seg_b[0] + t * (seg_b[3] - seg_b[0])),
                         seg_a[1] + s * uy - (seg_b[1] + t * (seg_b[4] - seg_b[1])),
                         seg_a[2] + s * uz - (seg_b[2] + t * (seg_b[5] - seg_b[2])), ux, uy, uz)
    return d - radius_a - radius_b, s, nx, ny, nz, t
