"""The restart seed table of a robot: configurations spread over its joint ranges with
their tool poses, built once per robot (robots are immutable) and read by the solver
kernels (`reachkit.kernels.ik.seeds`)."""

from __future__ import annotations

import math
import weakref

import numpy as np
from numpy.typing import NDArray

from ..robot import Robot

TABLE_SIZE = 256
TABLE_SEED = 20_261_122

SeedTable = tuple[NDArray[np.float64], NDArray[np.float64], float]
_CACHE: "weakref.WeakKeyDictionary[Robot, SeedTable]" = weakref.WeakKeyDictionary()


def seed_table(robot: Robot) -> SeedTable:
    """(q (K, dof), pose columns (12, K), position scale in metres), cached per robot."""
    table = _CACHE.get(robot)
    if table is None:
        table = _CACHE[robot] = build_seed_table(robot)
    return table


def build_seed_table(robot: Robot, size: int = TABLE_SIZE, seed: int = TABLE_SEED) -> SeedTable:
    """`size` configurations drawn uniformly (fixed seed) from the robot's sampling bounds,
    with their tool poses as columns [p / scale, R row-major] (the ranking kernel reads
    one coordinate of every pose at a time); scale is the RMS distance of the table's
    tool positions from their centroid (1 m if they all coincide)."""
    lower, upper = robot.sampling_bounds()
    rng = np.random.default_rng(seed)
    q = lower + rng.random((size, robot.dof)) * (upper - lower)
    poses = robot.fk(q)
    positions = poses[:, :3, 3]
    spread = float(np.sqrt(np.mean(np.sum((positions - positions.mean(axis=0)) ** 2, axis=1))))
    scale = spread if math.isfinite(spread) and spread > 1e-9 else 1.0
    columns = np.ascontiguousarray(np.hstack([positions / scale, poses[:, :3, :3].reshape(size, 9)]).T)
    for array in (q, columns):
        array.setflags(write=False)
    return q, columns, scale
