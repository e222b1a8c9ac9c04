"""A cheap proof of unreachability: the tool can never be farther from the first joint's
origin than the sum of the rigid distances between successive joint origins (plus the
strokes of prismatic joints)."""

from __future__ import annotations

import weakref

import numpy as np

from ..kernels.transform import PRISMATIC
from ..robot import Robot

_CACHE: "weakref.WeakKeyDictionary[Robot, tuple[np.ndarray, float]]" = weakref.WeakKeyDictionary()


def reach_bound(robot: Robot) -> tuple[np.ndarray, float]:
    """Cached `compute_reach_bound` (robots are immutable)."""
    if robot not in _CACHE:
        _CACHE[robot] = compute_reach_bound(robot)
    return _CACHE[robot]


def compute_reach_bound(robot: Robot) -> tuple[np.ndarray, float]:
    """(origin (3,), radius in metres): every tool position lies within radius of origin,
    a fixed point in the world frame. radius is inf when a prismatic joint is unlimited.
    Mimic joints count with the range their leader's limits give them."""
    c, coupling = robot.driven_chain
    lower, upper = robot.limits
    if coupling is not None:  # each chain joint's range: multiplier * leader's range + offset
        ends = np.stack([coupling.expand(lower), coupling.expand(upper)])
        ends[:, coupling.multiplier == 0.0] = coupling.offset[coupling.multiplier == 0.0]  # no 0 * inf
        lower, upper = ends.min(axis=0), ends.max(axis=0)
    T = c.fixed[0].copy()
    origin = T[:3, 3].copy()
    radius = 0.0
    for i in range(c.kinds.shape[0]):
        previous = T[:3, 3].copy()
        T = T @ c.fixed[i + 1]  # at q + offset = 0; rotation about z keeps distances
        radius += float(np.linalg.norm(T[:3, 3] - previous))
        if c.kinds[i] == PRISMATIC:
            radius += max(abs(lower[i] + c.offsets[i]), abs(upper[i] + c.offsets[i]))
    return origin, radius
