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
ROTATION_WEIGHT = 0.15


@kernel(fastmath=FAST_SUMS)
def _distances(table_poses: np.ndarray, position_scale: float, T_target: np.ndarray,
               mask: np.ndarray, out: np.ndarray) -> None:
    """Distance of every table pose (column) to the target, into out (K,). One pass over
    contiguous columns with no branch, so it runs in SIMD lanes."""
    px = T_target[0, 3] / position_scale
    py = T_target[1, 3] / position_scale
    pz = T_target[2, 3] / position_scale
    wx, wy, wz = mask[0], mask[1], mask[2]
    rotation_weight = 0.5 * ROTATION_WEIGHT * (mask[3] + mask[4] + mask[5]) / 3.0
    t00, t01, t02 = T_target[0, 0], T_target[0, 1], T_target[0, 2]
    t10, t11, t12 = T_target[1, 0], T_target[1, 1], T_target[1, 2]
    t20, t21, t22 = T_target[2, 0], T_target[2, 1], T_target[2, 2]
    P = table_poses
    for k in range(P.shape[1]):
        dx = P[0, k] - px
        dy = P[1, k] - py
        dz = P[2, k] - pz
        trace = (P[3, k] * t00 + P[4, k] * t01 + P[5, k] * t02
                 + P[6, k] * t10 + P[7, k] * t11 + P[8, k] * t12
                 + P[9, k] * t20 + P[10, k] * t21 + P[11, k] * t22)
        out[k] = wx * dx * dx + wy * dy * dy + wz * dz * dz + rotation_weight * (3.0 - trace)


@kernel()
def rank_seeds(table_poses: np.ndarray, position_scale: float, T_target: np.ndarray,
               mask: np.ndarray, best: np.ndarray, scratch: np.ndarray) -> int:
    """Indices of the table poses nearest the target, nearest first, into best (R,);
    returns how many were written (min(R, K), fewer if distances are NaN).

    table_poses (12, K): one column per pose, [p / position_scale (3), R row-major (9)]
    (`reachkit.ik.seeds`). The distance counts the masked position axes, and the
    rotation only as far as rotation axes are masked in. scratch: at least K + R floats.
    """
    size = table_poses.shape[1]
    all_distances = scratch[:size]
    _distances(table_poses, position_scale, T_target, mask, all_distances)
    count = min(best.shape[0], size)
    distance = scratch[size:size + count]
    distance[:] = math.inf
    worst = math.inf  # distance[count - 1]: a pose must beat it to enter the list
    for k in range(size):
        d = all_distances[k]
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
