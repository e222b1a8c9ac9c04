"""Nearest cloud point to a segment through the cloud's uniform grid.

The cells overlapping the segment's bounding box grown by s are scanned; a point outside
them is farther than s from the box, so farther than s from the segment. s starts at one
cell and doubles until the nearest point found lies within s, or s reaches `limit` (no
point nearer than `limit` counts), or the scan covers the whole grid.
"""

import math

import numpy as np

from ...kernels.jit import kernel
from .layout import O_P1
from .primitives import point_segment


@kernel(inline="always")
def _cell_range(low: float, high: float, origin: float, size: float, count: int) -> tuple:
    """(first, last) index of the cells of one axis that [low, high] overlaps; first >
    last when it misses the grid. Clamped before the cast to int, so a far segment or an
    unbounded search stays within the grid."""
    first = min(max(np.floor((low - origin) / size), 0.0), float(count))
    last = max(min(np.floor((high - origin) / size), count - 1.0), -1.0)
    return int(first), int(last)


@kernel()
def nearest_cloud_point(seg: np.ndarray, obstacle: np.ndarray, cloud: np.ndarray,
                        points: np.ndarray, cells: np.ndarray, limit: float) -> tuple:
    """(distance from the segment seg (6,) = [a, b] to the nearest point's centre, t on
    the segment, point index into `points`), or (inf, 0, -1) when no point lies within
    `limit` (m) of the segment."""
    first, count, cell0 = int(cloud[0]), int(cloud[1]), int(cloud[2])
    nx, ny, nz, size = int(cloud[3]), int(cloud[4]), int(cloud[5]), cloud[6]
    ox, oy, oz = obstacle[O_P1], obstacle[O_P1 + 1], obstacle[O_P1 + 2]
    lo_x, hi_x = min(seg[0], seg[3]), max(seg[0], seg[3])
    lo_y, hi_y = min(seg[1], seg[4]), max(seg[1], seg[4])
    lo_z, hi_z = min(seg[2], seg[5]), max(seg[2], seg[5])
    best = math.inf
    best_t = 0.0
    best_p = -1
    if count == 0:
        return best, best_t, best_p
    s = size
    while True:
        s = min(s, limit)
        i0, i1 = _cell_range(lo_x - s, hi_x + s, ox, size, nx)
        j0, j1 = _cell_range(lo_y - s, hi_y + s, oy, size, ny)
        k0, k1 = _cell_range(lo_z - s, hi_z + s, oz, size, nz)
        for i in range(i0, i1 + 1):
            for j in range(j0, j1 + 1):
                if k0 > k1:  # the box misses the grid in z: no cell of this column to read
                    break
                base = cell0 + (i * ny + j) * nz
                for p in range(first + int(cells[base + k0]), first + int(cells[base + k1 + 1])):
                    d, t = point_segment(points[p, 0], points[p, 1], points[p, 2],
                                         seg[0], seg[1], seg[2], seg[3], seg[4], seg[5])
                    if d < best:
                        best = d
                        best_t = t
                        best_p = p
        whole = i0 == 0 and j0 == 0 and k0 == 0 and i1 == nx - 1 and j1 == ny - 1 and k1 == nz - 1
        if best <= s or s >= limit or whole:
            break
        s *= 2.0
    if best > limit:
        return math.inf, 0.0, -1
    return best, best_t, best_p
