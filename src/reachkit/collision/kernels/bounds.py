"""Lower bounds of every pair's distance at one configuration, in one pass: each robot
shape's bounding sphere is computed once (S of them), and each robot shape x obstacle
pair and self pair reads two of them (`pairs.sphere_lower_bound`). The queries test
exactly only the pairs whose bound is small enough to matter.

Pairs are numbered as the queries number them: i < S M is robot shape i % S against
obstacle i // S, then self pair i - S M. On the tabletop scene (Panda's 13 capsules, 8
obstacles, 16 self pairs) the pass takes 0.8 us where bounding each pair on its own
(`pairs.lower_bound`, the segment's sphere recomputed per pair) took 3.1 us.
"""

import math

import numpy as np
from numba import njit

from ...kernels.jit import kernel
from ...kernels.numba_internals import carve
from .pairs import bounding_sphere, sphere_lower_bound


@njit(cache=True, inline="always")
def bounds_scratch(packed: np.ndarray, work: np.ndarray) -> tuple:
    """(spheres (S, 4), bounds (S M + P,)): views of work after `query.place`'s (see
    `layout.work_size`)."""
    F, S, P, M = int(packed[0]), int(packed[1]), int(packed[2]), int(packed[3])
    at = 12 * F + 6 * (F - 1) + 6 * S
    return carve(work, at, (S, 4)), work[at + 4 * S:at + 4 * S + S * M + P]


@kernel()
def pair_bounds_into(shapes: np.ndarray, pairs: np.ndarray, obstacles: np.ndarray,
                     segments: np.ndarray, self_collision: bool, spheres: np.ndarray,
                     bounds: np.ndarray) -> int:
    """bounds[i] <= the signed distance (m) of pair i for the S M obstacle pairs, then the
    P self pairs when self_collision, with the robot shapes (S, 8) placed at segments
    (S, 6); spheres (S, 4) receives each shape's bounding sphere. Returns the count of
    pairs bounded."""
    S, M = shapes.shape[0], obstacles.shape[0]
    for s in range(S):
        cx, cy, cz, reach = bounding_sphere(segments[s], shapes[s, 1])
        spheres[s, 0], spheres[s, 1], spheres[s, 2], spheres[s, 3] = cx, cy, cz, reach
    for o in range(M):
        obstacle = obstacles[o]
        for s in range(S):
            bounds[o * S + s] = sphere_lower_bound(spheres[s, 0], spheres[s, 1], spheres[s, 2],
                                                   spheres[s, 3], obstacle)
    if not self_collision:
        return S * M
    for p in range(pairs.shape[0]):
        a, b = int(pairs[p, 0]), int(pairs[p, 1])
        dx = spheres[a, 0] - spheres[b, 0]
        dy = spheres[a, 1] - spheres[b, 1]
        dz = spheres[a, 2] - spheres[b, 2]
        bounds[S * M + p] = (math.sqrt(dx * dx + dy * dy + dz * dz) - spheres[a, 3]
                             - spheres[b, 3])
    return S * M + pairs.shape[0]
