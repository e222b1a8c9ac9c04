"""How close an arm is to a singularity, in terms a path can act on.

The geometric Jacobian mixes metres (linear rows) and radians (angular rows); dividing the
linear rows by the arm's length scale L (the sum of its link lengths) makes both rows
dimensionless, so its singular values compare across arms: about 0.1 to 1 in ordinary
configurations, falling to 0 at a singularity.
"""

from __future__ import annotations

import weakref
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from ..robot import Robot
from ..spatial import pose_error

Array = NDArray[np.float64]

# Below this smallest scaled singular value a failure is reported as a singularity.
SINGULAR_SIGMA = 0.05
_RCOND = 1e-8
_SCALES: weakref.WeakKeyDictionary[Robot, float] = weakref.WeakKeyDictionary()


def length_scale(robot: Robot) -> float:
    """L in metres: the sum of the distances between successive joint frames at q = 0 (an
    upper bound of the reach, for revolute arms), at least 1 mm."""
    if robot not in _SCALES:
        fixed = robot.chain.fixed
        _SCALES[robot] = max(1e-3, float(np.linalg.norm(fixed[:, :3, 3], axis=1).sum()))
    return _SCALES[robot]


class Conditioning(NamedTuple):
    """sigma_min: the smallest singular value of the scaled Jacobian rows in use (those not
    identically zero, so a planar arm's out-of-plane rows do not count); step: the
    first-order joint move dq = J^+ e (dof,) towards the pose (rad / m)."""

    sigma_min: float
    step: Array


def conditioning(robot: Robot, q: Array, T_world_goal: Array, rows: NDArray[np.bool_]) -> Conditioning:
    """The Jacobian at q (dof,) and the first-order move towards T_world_goal (4, 4),
    over the pose components `rows` (6,) that count."""
    J = robot.jacobian(q)[rows]
    e = pose_error(robot.fk(q), T_world_goal)[rows]
    scale = np.where(np.arange(6)[rows] < 3, 1.0 / length_scale(robot), 1.0)
    Js = J * scale[:, None]
    active = np.abs(Js).max(axis=1) > 1e-12
    sigma = np.linalg.svd(Js[active], compute_uv=False) if active.any() else np.zeros(1)
    sigma_min = float(sigma[-1])  # the smallest of min(rows in use, dof) values
    step = np.linalg.pinv(J, rcond=_RCOND) @ e
    return Conditioning(sigma_min, step)
