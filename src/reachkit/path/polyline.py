"""Paths through several tool poses: one straight line (see `line`) per pair."""

from __future__ import annotations

import itertools

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import TargetError
from .segment import (
    DEFAULT_ANGULAR_STEP,
    DEFAULT_STEP,
    MAX_WAYPOINTS,
    as_pose_list,
    interpolate,
    positive_step,
    segment_count,
)

Array = NDArray[np.float64]


def waypoints(poses: ArrayLike, step: float = DEFAULT_STEP,
              angular_step: float = DEFAULT_ANGULAR_STEP) -> Array:
    """Waypoints (N, 4, 4) through the given tool poses (K, 4, 4) (T_world_tool), K >= 1,
    each consecutive pair joined by a straight line with slerped orientation.

    Every given pose appears exactly once, in order (a corner is not repeated), and no two
    successive waypoints are more than `step` metres or `angular_step` radians apart.
    Raises TargetError for malformed poses or an empty list, OptionsError for a bad step.
    """
    corners = as_pose_list(poses)
    if len(corners) == 0:
        raise TargetError("waypoints needs at least one pose")
    step = positive_step(step, "step")
    angular_step = positive_step(angular_step, "angular_step", allow_inf=True)
    pieces = [segment_count(a, b, step, angular_step) for a, b in itertools.pairwise(corners)]
    if sum(pieces) > MAX_WAYPOINTS:
        raise TargetError(f"these poses need {sum(pieces)} waypoints at step {step:g} m (more than "
                          f"{MAX_WAYPOINTS}); use larger steps")
    parts = [corners[:1]]
    for (a, b), count in zip(itertools.pairwise(corners), pieces):
        parts.append(interpolate(a, b, np.linspace(0.0, 1.0, count + 1)[1:]))
    return np.concatenate(parts)
