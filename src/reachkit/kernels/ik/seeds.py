"""Restart seeds from a table of configurations whose tool poses are known: a search
that starts from the configuration whose pose is nearest the target's begins close to a
solution, so it converges in fewer iterations and fails less often than one from a
random start."""

import math

import numpy as np
from numba import njit

from ..linalg import FAST_SUMS

# Weight of the rotation term, 1 - cos(angle) in [0, 2], against the position term,
# the squared distance in units of the table's spread (its RMS distance from its centroid).
ROTATION_WEIGHT = 0.15


@njit(cache=True, fastmath=FAST_SUMS)
def rank_seeds(table_poses: np.ndarray, position_scale: float, T_target: np.ndarray,
               mask: np.ndarray, best: np.ndarray) -> int:
    """Indices of the table rows nearest the target, nearest first, into best (R,);
    returns how many were written (min(R, K), fewer if distances are NaN).

    table_poses (K, 12) rows [p / position_scale (3), R row-major (9)] (`reachkit.ik.seeds`). The distance counts the masked
    position axes, and the rotation only as far as rotation axes are masked in.
    """
    count = min(best.shape[0], table_poses.shape[0])
    distance = np.full(max(count, 1), math.inf)
    worst = math.inf  # distance[count - 1]: a row must beat it to enter the list
    px = T_target[0, 3] / position_scale
    py = T_target[1, 3] / position_scale
    pz = T_target[2, 3] / position_scale
    wx, wy, wz = mask[0], mask[1], mask[2]
    rotation_weight = 0.5 * ROTATION_WEIGHT * (mask[3] + mask[4] + mask[5]) / 3.0
    t00, t01, t02 = T_target[0, 0], T_target[0, 1], T_target[0, 2]
    t10, t11, t12 = T_target[1, 0], T_target[1, 1], T_target[1, 2]
    t20, t21, t22 = T_target[2, 0], T_target[2, 1], T_target[2, 2]
    for k in range(table_poses.shape[0]):
        dx = table_poses[k, 0] - px
        dy = table_poses[k, 1] - py
        dz = table_poses[k, 2] - pz
        trace = (table_poses[k, 3] * t00 + table_poses[k, 4] * t01 + table_poses[k, 5] * t02
                 + table_poses[k, 6] * t10 + table_poses[k, 7] * t11 + table_poses[k, 8] * t12
                 + table_poses[k, 9] * t20 + table_poses[k, 10] * t21 + table_poses[k, 11] * t22)
        d = wx * dx * dx + wy * dy * dy + wz * dz * dz + rotation_weight * (3.0 - trace)
        if not d < worst:  # also skips NaN
            continue
        slot = count - 1  # insertion into the short sorted list
        while slot > 0 and distance[slot - 1] > d:
            distance[slot] = distance[slot - 1]
            best[slot] = best[slot - 1]
            slot -= 1
        distance[slot] = d
        best[slot] = k
        worst = distance[count - 1]
    written = 0
    while written < count and distance[written] < math.inf:
        written += 1
    return written
