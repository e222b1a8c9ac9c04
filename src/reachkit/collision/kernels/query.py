"""Distance queries over a packed model and scene (`layout`): the nearest pair at one
configuration, and batches in parallel.

`nearest_into` walks the chain once (`walk`), places every robot segment in the world
and scans shape x obstacle pairs, then the self-collision pairs; a pair whose bounding
spheres are farther apart than the best distance so far is skipped without its exact
test. It stops early once a distance below `stop` is found (in_collision); pass
stop = -inf for the exact minimum.
"""

import math

import numpy as np
from numba import get_num_threads, njit, prange

from ...kernels.jit import allocating_kernel, kernel
from ...kernels.numba_internals import carve
from .layout import unpack_collision
from .pairs import shape_obstacle, shape_shape
from .walk import segments_into, walk_into


@njit(cache=True, inline="always")
def place(packed: np.ndarray, fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray,
          q: np.ndarray, work: np.ndarray) -> tuple:
    """Walk the chain at q and place the segments: (frames (F, 12), axes (n, 6),
    segments (S, 6)), views of work (`layout.work_size`)."""
    F, S = int(packed[0]), int(packed[1])
    frames = carve(work, 0, (F, 12))
    axes = carve(work, 12 * F, (F - 1, 6))
    segments = carve(work, 12 * F + 6 * (F - 1), (S, 6))
    shapes = unpack_collision(packed)[0]
    walk_into(fixed, kinds, offsets, q, frames, axes)
    segments_into(shapes, frames, segments)
    return frames, axes, segments


@kernel()
def nearest_into(packed: np.ndarray, fixed: np.ndarray, kinds: np.ndarray,
                 offsets: np.ndarray, q: np.ndarray, self_collision: bool, stop: float,
                 work: np.ndarray) -> tuple:
    """(d, shape, other, is_self) of the nearest pair at q (n,): d the signed distance (m,
    inf when there is nothing to check), `shape` the robot shape index, `other` the
    obstacle index (is_self False) or the other robot shape (is_self True)."""
    shapes, pairs, obstacles, clouds, points, cells = unpack_collision(packed)
    segments = place(packed, fixed, kinds, offsets, q, work)[2]
    best = math.inf
    best_shape, best_other, is_self = -1, -1, False
    for o in range(obstacles.shape[0]):
        for s in range(shapes.shape[0]):
            d = shape_obstacle(segments[s], shapes[s, 1], obstacles[o], clouds, points, cells,
                               best)[0]
            if d < best:
                best, best_shape, best_other = d, s, o
                if best < stop:
                    return best, best_shape, best_other, False
    if self_collision:
        for p in range(pairs.shape[0]):
            a, b = int(pairs[p, 0]), int(pairs[p, 1])
            d = shape_shape(segments[a], shapes[a, 1], segments[b], shapes[b, 1])[0]
            if d < best:
                best, best_shape, best_other, is_self = d, a, b, True
                if best < stop:
                    break
    return best, best_shape, best_other, is_self


@allocating_kernel(parallel=True)
def nearest_batch_into(packed: np.ndarray, fixed: np.ndarray, kinds: np.ndarray,
                       offsets: np.ndarray, Q: np.ndarray, self_collision: bool, stop: float,
                       width: int, d: np.ndarray, which: np.ndarray) -> None:
    """nearest_into for every row of Q (N, n): d (N,) and which (N, 3) = (shape, other,
    is_self); `width` = layout.work_size. Contiguous chunks, one scratch row per thread."""
    N = Q.shape[0]
    chunks = min(get_num_threads(), max(N, 1))
    work = np.empty((chunks, width))
    for c in prange(chunks):
        for k in range(c * N // chunks, (c + 1) * N // chunks):
            best, s, o, is_self = nearest_into(packed, fixed, kinds, offsets, Q[k],
                                               self_collision, stop, work[c])
            d[k] = best
            which[k, 0] = s
            which[k, 1] = o
            which[k, 2] = 1 if is_self else 0
