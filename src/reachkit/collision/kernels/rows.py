"""Distance constraint rows for the solver: one row per pair nearer than the activation
distance, read as the linearised constraint g . dq >= margin - d.

For a pair with signed distance d, witness point p on the robot shape (axis point; the
same gradient as the surface point, since a rigid motion moves both alike along n) and
unit normal n (moving p along n increases d),

    dd/dq_j = n . (z_j x (p - o_j))    revolute joint j before the shape's link,
            = n . z_j                  prismatic joint j before it, 0 after it,

with o_j, z_j joint j's origin and axis in the world frame. A self pair subtracts the
same term at the other shape's witness point (n points from it to the first shape).
The gradient is that of the exact distance wherever the closest points are unique.
"""

import numpy as np

from ...kernels.jit import kernel
from ...kernels.transform import REVOLUTE
from .bounds import bounds_scratch, pair_bounds_into
from .layout import unpack_collision
from .pairs import shape_obstacle, shape_shape
from .query import place


@kernel(inline="always")
def _add_gradient(axes: np.ndarray, kinds: np.ndarray, frame: int, p: tuple, n: tuple,
                  sign: float, row: np.ndarray) -> None:
    """row[j] += sign * n . dp/dq_j for the joints j < frame that move point p."""
    for j in range(frame):
        zx, zy, zz = axes[j, 3], axes[j, 4], axes[j, 5]
        if kinds[j] == REVOLUTE:
            rx, ry, rz = p[0] - axes[j, 0], p[1] - axes[j, 1], p[2] - axes[j, 2]
            row[j] += sign * (n[0] * (zy * rz - zz * ry) + n[1] * (zz * rx - zx * rz)
                              + n[2] * (zx * ry - zy * rx))
        else:
            row[j] += sign * (n[0] * zx + n[1] * zy + n[2] * zz)


@kernel(inline="always")
def _witness(segment: np.ndarray, t: float) -> tuple:
    return (segment[0] + t * (segment[3] - segment[0]), segment[1] + t * (segment[4] - segment[1]),
            segment[2] + t * (segment[5] - segment[2]))


@kernel()
def _slot(h: np.ndarray, k: int, kmax: int, value: float) -> int:
    """Where a row with h = value goes: the next free row, else the row with the smallest
    h when value is larger (nearer pairs win), else -1."""
    if k < kmax:
        return k
    low = 0
    for i in range(1, kmax):
        if h[i] < h[low]:
            low = i
    return low if value > h[low] else -1


@kernel()
def _sort_rows(G: np.ndarray, h: np.ndarray, k: int) -> None:
    """Rows by decreasing h (nearest pair first), insertion sort."""
    for i in range(1, k):
        j = i
        while j > 0 and h[j] > h[j - 1]:
            h[j], h[j - 1] = h[j - 1], h[j]
            for c in range(G.shape[1]):
                G[j, c], G[j - 1, c] = G[j - 1, c], G[j, c]
            j -= 1


@kernel()
def collision_rows_into(packed: np.ndarray, fixed: np.ndarray, kinds: np.ndarray,
                        offsets: np.ndarray, q: np.ndarray, margin: float, activation: float,
                        self_collision: bool, work: np.ndarray, G: np.ndarray,
                        h: np.ndarray) -> int:
    """Fill G[:k] (k, n) with dd/dq and h[:k] with margin - d for every pair (robot shape x
    obstacle, then self pairs if asked) whose distance d < activation (m), at q (n,);
    returns k <= kmax = G.shape[0] (beyond kmax, the nearest pairs are kept). Rows come
    nearest first. work: scratch of `layout.work_size(packed)`."""
    shapes, pairs, obstacles, clouds, points, cells = unpack_collision(packed)
    _, axes, segments = place(packed, fixed, kinds, offsets, q, work)
    spheres, bounds = bounds_scratch(packed, work)
    pair_bounds_into(shapes, pairs, obstacles, segments, self_collision, spheres, bounds)
    S = shapes.shape[0]
    kmax = G.shape[0]
    k = 0
    for o in range(obstacles.shape[0]):
        for s in range(S):
            if bounds[o * S + s] >= activation:
                continue
            d, t, nx, ny, nz, _ = shape_obstacle(segments[s], shapes[s, 1], obstacles[o], clouds,
                                                 points, cells, activation)
            if d < activation:
                at = _slot(h, k, kmax, margin - d)
                if at >= 0:
                    h[at] = margin - d
                    G[at, :] = 0.0
                    _add_gradient(axes, kinds, int(shapes[s, 0]), _witness(segments[s], t),
                                  (nx, ny, nz), 1.0, G[at])
                    k = min(k + 1, kmax)
    if self_collision:
        for p in range(pairs.shape[0]):
            if bounds[S * obstacles.shape[0] + p] >= activation:
                continue
            a, b = int(pairs[p, 0]), int(pairs[p, 1])
            d, s, nx, ny, nz, t = shape_shape(segments[a], shapes[a, 1], segments[b], shapes[b, 1])
            if d < activation:
                at = _slot(h, k, kmax, margin - d)
                if at >= 0:
                    h[at] = margin - d
                    G[at, :] = 0.0
                    n = (nx, ny, nz)
                    _add_gradient(axes, kinds, int(shapes[a, 0]), _witness(segments[a], s), n,
                                  1.0, G[at])
                    _add_gradient(axes, kinds, int(shapes[b, 0]), _witness(segments[b], t), n,
                                  -1.0, G[at])
                    k = min(k + 1, kmax)
    _sort_rows(G, h, k)
    return k
