"""Restart seeds from a table of configurations whose tool poses are known: a search
that starts from the configuration whose pose is nearest the target's begins close to a
solution, so it converges in fewer iterations and fails less often than one from a
random start."""

import math

import numpy as np
from numba import njit

# Weight of the rotation term, 1 - cos(angle) in [0, 2], against the position term,
# the squared distance in units of the table's spread (its RMS distance from its centroid).
ROTATION_WEIGHT = 0.15


@njit(cache=True)
def pose_row_into(T: np.ndarray, position_scale: float, out: np.ndarray) -> None:
    """out (12,) = [p / position_scale (3), R row-major (9)] of a (4, 4) pose."""
    for i in range(3):
        out[i] = T[i, 3] / position_scale
        for j in range(3):
            out[3 + 3 * i + j] = T[i, j]


@njit(cache=True)
def rank_seeds(table_poses: np.ndarray, position_scale: float, T_target: np.ndarray,
               mask: np.ndarray, best: np.ndarray) -> int:
    """Indices of the table rows nearest the target, nearest first, into best (R,);
    returns how many were written (min(R, K)).

    table_poses (K, 12) rows from `pose_row_into`. The distance counts the masked
    position axes, and the rotation only as far as rotation axes are masked in.
    """
    count = min(best.shape[0], table_poses.shape[0])
    distance = np.full(count, math.inf)
    px = T_target[0, 3] / position_scale
    py = T_target[1, 3] / position_scale
    pz = T_target[2, 3] / position_scale
    rotation_weight = ROTATION_WEIGHT * (mask[3] + mask[4] + mask[5]) / 3.0
    for k in range(table_poses.shape[0]):
        row = table_poses[k]
        dx = row[0] - px
        dy = row[1] - py
        dz = row[2] - pz
        d = mask[0] * dx * dx + mask[1] * dy * dy + mask[2] * dz * dz
        if rotation_weight > 0.0:
            trace = 0.0  # tr(R_k^T R_target)
            for i in range(3):
                for j in range(3):
                    trace += row[3 + 3 * i + j] * T_target[i, j]
            d += rotation_weight * 0.5 * (3.0 - trace)
        if not d < distance[count - 1]:  # also skips NaN
            continue
        slot = count - 1  # insertion into the short sorted list
        while slot > 0 and distance[slot - 1] > d:
            distance[slot] = distance[slot - 1]
            best[slot] = best[slot - 1]
            slot -= 1
        distance[slot] = d
        best[slot] = k
    written = 0
    while written < count and distance[written] < math.inf:
        written += 1
    return written
