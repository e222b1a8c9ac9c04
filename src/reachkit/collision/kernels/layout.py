"""The packed collision vector: a robot's collision model and a scene in one read-only
float64 array (one argument to unbox, like `reachkit.kernels.ik.robot`), and its views.

Layout (integers stored exactly as floats), for F walk frames (n joints: F = n + 1),
S robot shapes, P self-collision pairs, M obstacles, C point clouds, Np cloud points and
Nc cell entries:

    header (HEADER = 8): [F, S, P, M, C, Np, Nc, LAYOUT_VERSION]
    shapes  (S, SHAPE_FIELDS = 8): [walk frame k, radius, ax, ay, az, bx, by, bz]
        a capsule of that radius around segment [a, b] given in walk frame k (a sphere
        has a = b). Walk frame 0 is the world; walk frame k >= 1 is the motion frame of
        joint k - 1 after it moved (the pose the chain walk of `kernels.fk` holds after
        joint k - 1), so robot.frames(q)[k] = walk_k @ T_walk_frame (`model.segments`).
    pairs   (P, 2): shape indices checked against each other (self-collision)
    obstacles (M, OBSTACLE_FIELDS = 24), world frame:
        [kind, radius, p0 (3), p1 (3), R_world_box row-major (9), half sizes (3),
         bounding-sphere centre (3), bounding-sphere radius]
        kind SEGMENT (sphere: p0 = p1; capsule), BOX (p0 = centre), HALF_SPACE
        (p0 = unit normal n, p1[0] = offset: solid where n . x <= offset), CLOUD
        (p0[0] = cloud index; radius = every point's radius). Bounding radius inf for
        half-spaces.
    clouds  (C, CLOUD_FIELDS = 8): [first point, point count, first cell entry,
        nx, ny, nz, cell size, 0]; grid origin in the cloud's obstacle row p1 (3)
    points  (Np, 3): every cloud's points, sorted by grid cell (`grid.build_grid`)
    cells   (Nc,): per cloud nx*ny*nz + 1 offsets (relative to its first point): the
        points of cell (i, j, k) are [cells[c], cells[c + 1]), c = (i * ny + j) * nz + k
"""

import numpy as np
from numba import njit

from ...kernels.numba_internals import carve

HEADER = 8
SHAPE_FIELDS = 8
OBSTACLE_FIELDS = 24
CLOUD_FIELDS = 8
LAYOUT_VERSION = 1

SEGMENT = 0
BOX = 1
HALF_SPACE = 2
CLOUD = 3

# Offsets inside an obstacle row.
O_KIND, O_RADIUS, O_P0, O_P1, O_R, O_HALF, O_BC, O_BR = 0, 1, 2, 5, 8, 17, 20, 23


@njit(cache=True, inline="always")
def collision_sizes(packed: np.ndarray) -> tuple:
    """(F walk frames, S shapes, P pairs, M obstacles) of a packed vector."""
    return int(packed[0]), int(packed[1]), int(packed[2]), int(packed[3])


@njit(cache=True, inline="always")
def unpack_collision(packed: np.ndarray) -> tuple:
    """(shapes (S, 8), pairs (P, 2), obstacles (M, 24), clouds (C, 8), points (Np, 3),
    cells (Nc,)): views of the packed vector."""
    S, P, M = int(packed[1]), int(packed[2]), int(packed[3])
    C, Np, Nc = int(packed[4]), int(packed[5]), int(packed[6])
    at = HEADER
    shapes = carve(packed, at, (S, SHAPE_FIELDS))
    at += S * SHAPE_FIELDS
    pairs = carve(packed, at, (P, 2))
    at += 2 * P
    obstacles = carve(packed, at, (M, OBSTACLE_FIELDS))
    at += M * OBSTACLE_FIELDS
    clouds = carve(packed, at, (C, CLOUD_FIELDS))
    at += C * CLOUD_FIELDS
    points = carve(packed, at, (Np, 3))
    at += 3 * Np
    cells = packed[at:at + Nc]
    return shapes, pairs, obstacles, clouds, points, cells


def work_size(packed: np.ndarray) -> int:
    """Length of the float64 scratch vector the query kernels take: walk frames (F, 12),
    joint axes (F - 1, 6), world segments (S, 6), bounding spheres (S, 4), a lower bound
    per pair (S M + P), then the memo of `query.nearest_distance_memo` (2 + F - 1)."""
    F, S, P, M = collision_sizes(packed)
    return 12 * F + 6 * (F - 1) + 10 * S + S * M + P + 2 + F - 1
