"""A cheap proof of unreachability: the tool can never be farther from the first joint's
origin than the sum of the rigid distances between successive joint origins (plus the
strokes of prismatic joints)."""

from __future__ import annotations

import weakref

import numpy as np

from ..robot import Robot


_CACHE: "weakref.WeakKeyDictionary[Robot, tuple[np.ndarray, float]]" = weakref.WeakKeyDictionary()


def reach_bound(robot: Robot) -> tuple[np.ndarray, float]:
    """Cached `compute_reach_bound` (robots are immutable)."""
    if robot not in _CACHE:
        _CACHE[robot] = compute_reach_bound(robot)
    return _CACHE[robot]


def compute_reach_bound(robot: Robot) -> tuple[np.ndarray, float]:
    """(origin (3,), radius in metres): every tool position lies within radius of origin,
    a fixed point in the world frame. radius is inf when a prismatic joint is unlimited."""
    c = robot.chain
    T = c.fixed[0].copy()
    origin = T[:3, 3].copy()
    radius = 0.0
    for i in range(robot.dof):
        previous = T[:3, 3].copy()
        T = T @ c.fixed[i + 1]  # at q + offset = 0; rotation about z keeps distances
        radius += float(np.linalg.norm(T[:3, 3] - previous))
        if robot.joint_types[i] == "P":
            lower, upper = robot.limits[:, i]
            radius += max(abs(lower + c.offsets[i]), abs(upper + c.offsets[i]))
    return origin, radius
