"""Restart seeds from a table of configurations whose tool poses are known: a search
that starts from the configuration whose pose is nearest the target's begins close to a
solution, so it converges in fewer iterations and fails less often than one from a
random start."""

import math

import numpy as np

from ..jit import kernel
from ..linalg import FAST_SUMS

# Weight of the rotation term, 1 - cos(angle) in [0, 2], against the position term,
# the squared distance in units of the table's spread (its RMS distance from its centroid).
# With unit quaternions, 1 - cos(angle) = 2 (1 - <q_a, q_b>^2), whatever their signs.
ROTATION_WEIGHT = 0.15


# Distances are computed this many table entries at a time (the scratch they need).
RANK_CHUNK = 64


@kernel(fastmath=FAST_SUMS)
def _distances(table_poses: np.ndarray, start: int, stop: int, position_scale: float,
               T_target: np.ndarray, mask: np.ndarray, out: np.ndarray) -> None:
    """Distance of the table poses (columns [p / scale, quaternion]) start..stop-1 to the
    target, into out[:stop - start]. One pass over contiguous columns with no branch, so
    it runs in SIMD lanes."""
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
        out[k - start] = (wx * dx * dx + wy * dy * dy + wz * dz * dz
                          + rotation_weight * (1.0 - dot * dot))


@kernel()
def quaternion_of(T: np.ndarray) -> tuple:
    """Unit quaternion (w, x, y, z) of the rotation T[:3, :3], up to sign (Shepperd: the
    largest of the four squares picks the stable formula)."""
    r00, r11, r22 = T[0, 0], T[1, 1], T[2, 2]
    trace = r00 + r11 + r22
    if trace >= r00 and trace >= r11 and trace >= r22:
        s = 2.0 * math.sqrt(max(1.0 + trace, 0.0))
        w, x, y, z = 0.25 * s, (T[2, 1] - T[1, 2]) / s, (T[0, 2] - T[2, 0]) / s, (T[1, 0] - T[0, 1]) / s
    elif r00 >= r11 and r00 >= r22:
        s = 2.0 * math.sqrt(max(1.0 + r00 - r11 - r22, 0.0))
        w, x, y, z = (T[2, 1] - T[1, 2]) / s, 0.25 * s, (T[0, 1] + T[1, 0]) / s, (T[0, 2] + T[2, 0]) / s
    elif r11 >= r22:
        s = 2.0 * math.sqrt(max(1.0 + r11 - r00 - r22, 0.0))
        w, x, y, z = (T[0, 2] - T[2, 0]) / s, (T[0, 1] + T[1, 0]) / s, 0.25 * s, (T[1, 2] + T[2, 1]) / s
    else:
        s = 2.0 * math.sqrt(max(1.0 + r22 - r00 - r11, 0.0))
        w, x, y, z = (T[1, 0] - T[0, 1]) / s, (T[0, 2] + T[2, 0]) / s, (T[1, 2] + T[2, 1]) / s, 0.25 * s
    norm = math.sqrt(w * w + x * x + y * y + z * z)
    return w / norm, x / norm, y / norm, z / norm


@kernel()
def _rank_range(table_poses: np.ndarray, start: int, stop: int, position_scale: float,
                T_target: np.ndarray, mask: np.ndarray, best: np.ndarray,
                distance: np.ndarray, chunk: np.ndarray) -> None:
    """Merge the table entries start..stop-1 into best / distance (R,), the R nearest so
    far, nearest first (inf: an empty slot). chunk (RANK_CHUNK,) is scratch."""
    count = best.shape[0]
    for first in range(start, stop, RANK_CHUNK):
        last = min(first + RANK_CHUNK, stop)
        _distances(table_poses, first, last, position_scale, T_target, mask, chunk)
        for k in range(first, last):
            d = chunk[k - first]
            if not d < distance[count - 1]:  # also skips NaN
                continue
            slot = count - 1  # insertion into the short sorted list
            while slot > 0 and distance[slot - 1] > d:
                distance[slot] = distance[slot - 1]
                best[slot] = best[slot - 1]
                slot -= 1
            distance[slot] = d
            best[slot] = k


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
def rank_seeds(seed_table: tuple, T_target: np.ndarray, mask: np.ndarray, best: np.ndarray,
               scratch: np.ndarray) -> int:
    """Indices of the table poses nearest the target, nearest first, into best (R,);
    returns how many were written (at most R, fewer if distances are NaN).

    seed_table: (q, pose columns, scale, grid, cell starts) of a
    `reachkit.ik.seeds.SeedTable`. A target with all three position axes masked in is
    compared with the entries of its grid cell, and with the coarse part as well when
    the cell holds fewer than R; any other target with the coarse part alone. The
    distance counts the masked position axes, and the rotation only as far as rotation
    axes are masked in. scratch: at least R + RANK_CHUNK floats.
    """
    _, table_poses, scale, grid, cell_start = seed_table
    count = best.shape[0]
    distance = scratch[:count]
    distance[:] = math.inf
    chunk = scratch[count:count + RANK_CHUNK]
    coarse = min(int(grid[0]), table_poses.shape[1])
    in_cell = 0
    if mask[0] > 0.0 and mask[1] > 0.0 and mask[2] > 0.0 and cell_start.shape[0] > 1:
        cell = _grid_cell(T_target, grid)
        start = int(cell_start[cell])
        stop = int(cell_start[cell + 1])
        _rank_range(table_poses, start, stop, scale, T_target, mask, best, distance, chunk)
        in_cell = stop - start
    if in_cell < count:
        _rank_range(table_poses, 0, coarse, scale, T_target, mask, best, distance, chunk)
    written = 0
    while written < count and distance[written] < math.inf:
        written += 1
    return written
