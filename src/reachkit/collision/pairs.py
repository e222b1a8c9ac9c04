"""Which robot shape pairs to check for self-collision, chosen by sampling (as MoveIt's
setup assistant does): every pair of shapes on different, non-adjacent frames, minus
pairs that never came nearer than 0 m ("never collide") or always overlapped ("always
collide", e.g. shapes that overlap at a joint) over `samples` random configurations
inside the limits. The sampling can miss a rare collision of a "never" pair: pass more
samples, or give the pairs yourself (`CollisionModel.with_pairs`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .kernels.primitives import segment_segment

SAMPLES = 2000


def candidate_pairs(frames: NDArray[np.int64]) -> NDArray[np.int64]:
    """(K, 2) shape pairs i < j whose frames differ by more than one (not the same link,
    not adjacent links)."""
    i, j = np.triu_indices(len(frames), k=1)
    keep = np.abs(frames[i] - frames[j]) > 1
    return np.stack([i[keep], j[keep]], axis=1).astype(np.int64)


def sampled_pairs(robot, shape_frames: NDArray[np.int64], segments: NDArray[np.float64],
                  radii: NDArray[np.float64], samples: int = SAMPLES,
                  seed: int = 0) -> tuple[NDArray[np.int64], dict[str, int]]:
    """The candidate pairs that collided in some but not all of `samples` random
    configurations, and counts {"candidates", "never", "always", "kept"}. segments (S, 2, 3)
    are the shapes' end points in their frames (robot.frames indices shape_frames)."""
    pairs = candidate_pairs(shape_frames)
    if len(pairs) == 0:
        return pairs, {"candidates": 0, "never": 0, "always": 0, "kept": 0}
    Q = robot.random_q(samples, seed=seed)
    hits = np.zeros(len(pairs), dtype=np.int64)
    for q in Q:
        F = robot.frames(q)
        world = np.einsum("sij,skj->ski", F[shape_frames, :3, :3], segments) + F[shape_frames, None, :3, 3]
        for p, (a, b) in enumerate(pairs):
            A, B = world[a], world[b]
            d = segment_segment(*A[0], *A[1], *B[0], *B[1])[0]
            hits[p] += d < radii[a] + radii[b]
    never, always = hits == 0, hits == samples
    kept = pairs[~never & ~always]
    return kept, {"candidates": len(pairs), "never": int(never.sum()),
                  "always": int(always.sum()), "kept": len(kept)}
