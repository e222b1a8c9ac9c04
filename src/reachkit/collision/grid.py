"""A uniform grid over a point cloud, so a distance query reads only nearby points.

Cell size: about two points per occupied cell on a cloud spread over its non-flat axes
(the edge of a cube, square or segment holding two points' share of the extent), at
least the points' diameter and 1 mm; grown until the grid has at most MAX_CELLS cells.
Cells are numbered c = (i * ny + j) * nz + k; points are sorted by cell.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
MAX_CELLS = 2_000_000


def cell_size(points: Array, radius: float) -> float:
    """Edge of a grid cell (m) for points (N, 3)."""
    extent = np.ptp(points, axis=0)
    spread = extent[extent > 1e-3 * max(float(extent.max()), 1e-9)]
    size = 1e-3
    if spread.size:
        size = max(size, float((np.prod(spread) * 2.0 / len(points)) ** (1.0 / spread.size)))
    size = max(size, 2.0 * radius)
    while np.prod(np.floor(extent / size) + 1) > MAX_CELLS:
        size *= 1.25
    return size


def build_grid(points: Array, radius: float) -> tuple[Array, Array, tuple[int, int, int], float, Array]:
    """(points sorted by cell (N, 3), cell starts (nx*ny*nz + 1,), (nx, ny, nz), cell size,
    origin (3,))."""
    size = cell_size(points, radius)
    origin = points.min(axis=0)
    counts = (np.floor(np.ptp(points, axis=0) / size) + 1).astype(np.int64)
    ijk = np.minimum(np.floor((points - origin) / size).astype(np.int64), counts - 1)
    cell = (ijk[:, 0] * counts[1] + ijk[:, 1]) * counts[2] + ijk[:, 2]
    order = np.argsort(cell, kind="stable")
    total = int(np.prod(counts))
    starts = np.zeros(total + 1, dtype=np.int64)
    np.cumsum(np.bincount(cell, minlength=total), out=starts[1:])
    nx, ny, nz = (int(c) for c in counts)
    return points[order], starts.astype(float), (nx, ny, nz), size, origin
