"""`pack_collision`: a collision model and a scene as the one float64 vector the kernels
read (layout: `reachkit.collision.kernels.layout`)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .kernels import layout as L
from .model import CollisionModel
from .scene import Scene

Array = NDArray[np.float64]


def pack_collision(model: CollisionModel, scene: Scene | None = None,
                   frames: int | None = None) -> Array:
    """The packed vector (read-only) of a robot's collision model and a scene (None: self-
    collision only). frames: the robot's walk frame count n + 1 (default: one more than
    the highest shape frame)."""
    shapes = model.packed()
    obstacles, clouds, points, cells = (scene if scene is not None else Scene()).packed()
    F = int(frames) if frames is not None else int(shapes[:, 0].max()) + 1 if len(shapes) else 1
    header = [F, len(shapes), len(model.pairs), len(obstacles), len(clouds), len(points),
              len(cells), L.LAYOUT_VERSION]
    packed = np.concatenate([np.array(header, dtype=float), shapes.ravel(),
                             np.asarray(model.pairs, dtype=float).ravel(), obstacles.ravel(),
                             clouds.ravel(), points.ravel(), cells])
    packed.setflags(write=False)
    return packed
