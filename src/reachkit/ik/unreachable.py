"""Cheap proofs that a target cannot be met, in words for `IKResult.reason`.

Three geometric facts, each checked in microseconds once a robot's numbers are cached:
- every tool position lies in a ball about the first joint (`reach.reach_bound`);
- when every revolute axis is parallel to one direction n (planar arms, SCARA), the tool
  only turns about n: its orientation is Rot(n, angle) R_world_tool_home;
- when, besides, every prismatic joint slides across n (planar arms), the tool point
  stays on the plane n . p = const.
A target that breaks one of them by more than the tolerance is unreachable for every q.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..robot import Robot
from .reach import reach_bound

_PARALLEL = 1e-9  # relative: how far a joint axis may stray from n and still count as parallel
_AXES = "xyz"


@dataclass(frozen=True)
class PlanarMotion:
    """How an arm whose revolute axes are all parallel moves (world frame).

    normal: (3,) unit vector every revolute axis is parallel to (sign: largest entry > 0).
    plane_offset: n . p of the tool point for every q (metres), or None when a prismatic
        joint moves the tool along n (SCARA).
    R_world_tool_home: (3, 3) tool orientation at q = 0; every reachable orientation is a
        rotation about n of it.
    """

    normal: NDArray[np.float64]
    plane_offset: float | None
    R_world_tool_home: NDArray[np.float64]

    def plane_text(self) -> str:
        """'z = 0' for a plane across a world axis, else 'n . p = c' with n written out."""
        offset = 0.0 if self.plane_offset is None else self.plane_offset
        axis = np.flatnonzero(np.abs(self.normal) > 1 - 1e-12)
        if axis.size == 1:
            return f"{_AXES[axis[0]]} = {offset:.4g}"
        n = ", ".join(f"{v:.3g}" for v in self.normal)
        return f"n . p = {offset:.4g} with n = ({n})"


_CACHE: weakref.WeakKeyDictionary[Robot, tuple[PlanarMotion | None]] = weakref.WeakKeyDictionary()


def planar_motion(robot: Robot) -> PlanarMotion | None:
    """The arm's `PlanarMotion`, or None when its revolute axes are not all parallel (or
    it has none). Read from the Jacobian at q = 0 and at a random q; cached per robot."""
    if robot not in _CACHE:
        _CACHE[robot] = (_find_planar_motion(robot),)
    return _CACHE[robot][0]


def _find_planar_motion(robot: Robot) -> PlanarMotion | None:
    q_home = np.zeros(robot.dof)
    jacobians = [robot.jacobian(q_home), robot.jacobian(robot.random_q(seed=0))]
    angular = np.hstack([J[3:] for J in jacobians])  # (3, 2 dof) axes of the revolute joints
    lengths = np.linalg.norm(angular, axis=0)
    if lengths.max(initial=0.0) == 0.0:
        return None
    normal = angular[:, int(np.argmax(lengths))] / lengths.max()
    normal = normal if normal[np.argmax(np.abs(normal))] > 0 else -normal
    across = angular - np.outer(normal, normal @ angular)
    if np.abs(across).max() > _PARALLEL * lengths.max():
        return None
    linear = np.hstack([J[:3] for J in jacobians])
    scale = max(float(np.abs(linear).max(initial=0.0)), 1.0)
    T_home = robot.fk(q_home)
    in_plane = bool(np.all(np.abs(normal @ linear) <= _PARALLEL * scale))
    offset = float(normal @ T_home[:3, 3]) if in_plane else None
    return PlanarMotion(normal, offset, T_home[:3, :3].copy())


def unreachable_reason(robot: Robot, T: NDArray[np.float64], mask: NDArray[np.float64],
                       position_tolerance: float = 1e-6,
                       rotation_tolerance: float = 1e-6) -> str | None:
    """'unreachable: <why>' when no q can meet the target T (4, 4, world frame) on the
    components mask (6,) of (x y z rx ry rz) counts within the tolerances (m, rad); None
    when these checks cannot prove it (the target may still be out of reach)."""
    origin, radius = reach_bound(robot)
    distance = math.hypot(*((T[:3, 3] - origin) * mask[:3]))  # shadow of the ball on the masked axes
    if distance > radius * (1 + 1e-9):
        return (f"unreachable: the target lies {distance:.4g} m from the first joint, beyond the "
                f"arm's reach of {radius:.4g} m")
    motion = planar_motion(robot)
    if motion is None:
        return None
    n = motion.normal
    # The error along n is the same for every q; the masked error norm bounds it from above
    # when every axis n has a component on is counted.
    if motion.plane_offset is not None and _counts(mask[:3], n):
        off = float(n @ T[:3, 3]) - motion.plane_offset
        if abs(off) > position_tolerance:
            return (f"unreachable: the target lies {abs(off):.4g} m off the plane "
                    f"{motion.plane_text()} the arm moves in")
    # A rotation about n leaves n in place, so |R_target R_home^T n - n| bounds the
    # rotation error from below; its counted part does when the axes across n count.
    if _counts(mask[3:], np.ones(3) if _is_tilted_everywhere(n) else 1.0 - np.abs(n)):
        tilt = float(np.linalg.norm(T[:3, :3] @ motion.R_world_tool_home.T @ n - n))
        if tilt > rotation_tolerance:
            angle = 2.0 * math.asin(min(tilt / 2.0, 1.0))
            return (f"unreachable: the tool only turns about {_direction_text(n)}; the target "
                    f"orientation tilts {angle:.4g} rad ({math.degrees(angle):.3g} deg) away "
                    f"from that")
    return None


def _counts(mask: NDArray[np.float64], direction: NDArray[np.float64] | float) -> bool:
    """True when every axis on which `direction` (3,) is nonzero is counted by mask (3,)."""
    support = np.abs(np.broadcast_to(direction, (3,))) > 1e-12
    return bool(np.all(mask[support] != 0))


def _is_tilted_everywhere(n: NDArray[np.float64]) -> bool:
    """True when n lies along no world axis: then only a full rotation mask bounds the tilt."""
    return int(np.count_nonzero(np.abs(n) > 1e-12)) != 1


def _direction_text(n: NDArray[np.float64]) -> str:
    axis = np.flatnonzero(np.abs(n) > 1 - 1e-12)
    if axis.size == 1:
        return f"the world {_AXES[axis[0]]} axis"
    return "(" + ", ".join(f"{v:.3g}" for v in n) + ")"
