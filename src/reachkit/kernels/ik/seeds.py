"""Restart seeds from a table of configurations whose tool poses are known: a search
that starts from the configuration whose pose is nearest the target's begins close to a
solution, so it converges in fewer iterations and fails less often than one from a
random start.

`seed_candidates` computes the distances of a target's candidates once per solve;
`next_seed` then hands them out nearest first, one per table start. Most solves need
one start, so there is no sorting: each start costs a pass over a few dozen numbers
(an insertion sort's data-dependent branches cost more than the distances themselves).
"""

import math

import numpy as np

from ..jit import kernel
from ..linalg import FAST_SUMS

# Up to this many searches start from table entries nearest the target (alternating with
# random starts; the first search is one when no q0 is given).
TABLE_STARTS = 4
# Weight of the rotation term, 1 - cos(angle) in [0, 2], against the position term,
# the squared distance in units of the table's spread (its RMS distance from its centroid).
# With unit quaternions, 1 - cos(angle) = 2 (1 - <q_a, q_b>^2), whatever their signs.
ROTATION_WEIGHT = 0.15


@kernel(fastmath=FAST_SUMS)
def _distances(table_poses: np.ndarray, start: int, stop: int, position_scale: float,
               T_target: np.ndarray, mask: np.ndarray, out: np.ndarray, at: int) -> None:
    """Distance of the table poses (columns [p / scale, quaternion]) start..stop-1 to the
    target, into out[at:at + stop - start]. One pass over contiguous columns with no
    branch, so it runs in SIMD lanes."""
    px = T_target[0, 3] / position_scale
    py = T_target[1, 3] / position_scale
    pz = T_target[2, 3] / position_scale
    wx, wy, wz = mask[0], mask[1], mask[2]
    rotation_weight = 2.0 * ROTATION_WEIGHT * (mask[3] + mask[4] + mask[5]) / 3.0
    tw, tx, ty, tz = quaternion_of(T_target)
    P = table_poses
    for k in range(start, stop):
        dx = P[0, k] - px
        dy = P[1, k] - py
        dz = P[2, k] - pz
        dot = P[3, k] * tw + P[4, k] * tx + P[5, k] * ty + P[6, k] * tz
        out[at + k - start] = (wx * dx * dx + wy * dy * dy + wz * dz * dz
                               + rotation_weight * (1.0 - dot * dot))


@kernel()
def quaternion_of(T: np.ndarray) -> tuple:
    """Unit quaternion (w, x, y, z) of the rotation T[:3, :3], up to sign. Row k of the
    symmetric matrix 4 q q^T is formed from T; the row of the largest diagonal entry,
    normalised, is q without cancellation (Shepperd), as in
    `reachkit.spatial.matrix_to_quaternion`."""
    r00, r11, r22 = T[0, 0], T[1, 1], T[2, 2]
    a, b, c = T[2, 1] - T[1, 2], T[0, 2] - T[2, 0], T[1, 0] - T[0, 1]
    xy, xz, yz = T[0, 1] + T[1, 0], T[0, 2] + T[2, 0], T[1, 2] + T[2, 1]
    ww = 1.0 + r00 + r11 + r22
    xx = 1.0 + r00 - r11 - r22
    yy = 1.0 - r00 + r11 - r22
    zz = 1.0 - r00 - r11 + r22
    if ww >= xx and ww >= yy and ww >= zz:
        w, x, y, z = ww, a, b, c
    elif xx >= yy and xx >= zz:
        w, x, y, z = a, xx, xy, xz
    elif yy >= zz:
        w, x, y, z = b, xy, yy, yz
    else:
        w, x, y, z = c, xz, yz, zz
    norm = math.sqrt(w * w + x * x + y * y + z * z)
    return w / norm, x / norm, y / norm, z / norm


@kernel()
def _grid_cell(T_target: np.ndarray, grid: np.ndarray) -> int:
    """The seed-grid cell (`reachkit.ik.seeds.SeedTable`) holding the target position;
    positions outside the grid go to the nearest cell."""
    cells = grid[1]
    index = 0
    for axis in range(3):
        x = (T_target[axis, 3] - grid[2 + axis]) * grid[5 + axis]
        index = index * int(cells) + int(min(max(x, 0.0), cells - 1.0))
    return index


@kernel()
def seed_candidates(seed_table: tuple, T_target: np.ndarray, mask: np.ndarray,
                    distances: np.ndarray) -> tuple:
    """The table entries a target's starts are drawn from, with their distances to it.

    seed_table: (q, pose columns, scale, grid, cell starts) of a
    `reachkit.ik.seeds.SeedTable`. A target with all three position axes masked in takes
    the entries of its grid cell, and the coarse part as well when the cell holds fewer
    than TABLE_STARTS; any other target the coarse part alone. The distance counts the
    masked position axes, and the rotation only as far as rotation axes are masked in.
    distances receives one per candidate: at least `seed_scan_size` floats. Returns
    (candidates, first table row of the cell's part, its length): candidate i is table
    row cell_first + i for i < cell_count, else coarse row i - cell_count.
    """
    _, table_poses, scale, grid, cell_start = seed_table
    coarse = min(int(grid[0]), table_poses.shape[1])
    cell_first = 0
    cell_count = 0
    if mask[0] > 0.0 and mask[1] > 0.0 and mask[2] > 0.0 and cell_start.shape[0] > 1:
        cell = _grid_cell(T_target, grid)
        cell_first = int(cell_start[cell])
        cell_count = int(cell_start[cell + 1]) - cell_first
        _distances(table_poses, cell_first, cell_first + cell_count, scale, T_target, mask,
                   distances, 0)
    if cell_count >= TABLE_STARTS:
        return cell_count, cell_first, cell_count
    _distances(table_poses, 0, coarse, scale, T_target, mask, distances, cell_count)
    return cell_count + coarse, cell_first, cell_count


@kernel()
def next_seed(distances: np.ndarray, candidates: int, cell_first: int, cell_count: int) -> int:
    """The table row of the nearest candidate of `seed_candidates` not taken yet, which
    is then marked taken (its distance set to inf); -1 when none is left (or every
    distance left is NaN)."""
    i = _nearest_candidate(distances, candidates)
    if i < 0:
        return -1
    distances[i] = math.inf
    return table_row(i, cell_first, cell_count)


@kernel()
def _nearest_candidate(distances: np.ndarray, candidates: int) -> int:
    """Index of the smallest of distances[:candidates], -1 if none is finite. Two
    branch-free passes: the smallest value, then where it is."""
    smallest = math.inf
    for i in range(candidates):
        d = distances[i]
        smallest = d if d < smallest else smallest
    if not smallest < math.inf:
        return -1
    i = 0
    while distances[i] != smallest:
        i += 1
    return i


@kernel()
def table_row(candidate: int, cell_first: int, cell_count: int) -> int:
    """The table row of candidate i of `seed_candidates` (-1 stays -1)."""
    if candidate < 0:
        return -1
    return cell_first + candidate if candidate < cell_count else candidate - cell_count


@kernel()
def nearest_seed(distances: np.ndarray, candidates: int, cell_first: int, cell_count: int) -> int:
    """The table row `next_seed` would give next, without taking it."""
    return table_row(_nearest_candidate(distances, candidates), cell_first, cell_count)


@kernel()
def seed_scan_size(largest_cell: int, coarse: int) -> int:
    """The most candidates `seed_candidates` can return for a table whose largest grid
    cell holds largest_cell entries and whose coarse part holds `coarse`."""
    return max(largest_cell, TABLE_STARTS - 1 + coarse)


@kernel()
def table_scan_size(seed_table: tuple) -> int:
    """`seed_scan_size` of a seed table (q, pose columns, scale, grid, cell starts)."""
    grid = seed_table[3]
    return seed_scan_size(int(grid[8]), min(int(grid[0]), seed_table[1].shape[1]))


@kernel()
def seed_cost(seed_table: tuple, row: int, T_target: np.ndarray) -> float:
    """0.5 (|dp|^2 + angle^2) of table row's pose against the target: the solver's cost
    of a full-pose, unit-weight task at that start."""
    poses, scale = seed_table[1], seed_table[2]
    dx = poses[0, row] * scale - T_target[0, 3]
    dy = poses[1, row] * scale - T_target[1, 3]
    dz = poses[2, row] * scale - T_target[2, 3]
    tw, tx, ty, tz = quaternion_of(T_target)
    dot = abs(poses[3, row] * tw + poses[4, row] * tx
              + poses[5, row] * ty + poses[6, row] * tz)
    angle = 2.0 * math.acos(min(dot, 1.0))
    return 0.5 * (dx * dx + dy * dy + dz * dz + angle * angle)
