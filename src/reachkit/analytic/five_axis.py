"""5R arms: a yaw joint, three parallel pitch joints and a roll joint about the tool axis
(WidowX / PhantomX / Lynxmotion style 5-DOF arms).

Target: a (4, 4) pose T. The tool point T[:3, 3] and the tool axis T[:3, 2] are met
exactly; the rotation of T about its z axis (its x column) sets joint 5, the roll. A 5R
arm cannot reach an arbitrary 6-D pose, and with its last joint about the tool axis it
cannot reach an arbitrary position + axis either: joints 1-4 leave the tool point in a
plane turned by joint 1 (the arm's plane), so the tool axis must lie in that plane too.
A pose whose axis leaves the plane has no solution (k = 0 with that reason).
(`rk.Target` masks are over world-frame rotation components, so they cannot say "free
about the tool axis"; the x column of T plays that role here.)

Steps, product of exponentials about the joint lines (w_i through p_i) at q = 0, tool
point x and home rotation M:
1. Joints 2-4 keep the tool point's component along their common axis w: joint 1 turns
   w onto the plane of the target, (rot(w1, t1) w) . (t - p1) = w . (x - p1): SP4.
2. The pitch sum phi = t2 + t3 + t4 turns w5 onto rot(w1, -t1) z about w: SP1, once
   z's component along w matches w5's (else the axis leaves the arm's plane).
3. The wrist point (on axis 4) is then known; joints 2 and 3 reach it: SP3 + SP1.
4. Joint 5 turns M's x axis onto the target's: SP1.
A tool point on axis 1 does not fix joint 1: then the tool axis does (SP4 again); if the
tool axis lies along axis 1 too, every joint 1 angle works and joint 1 = 0 represents them.
Up to 4 solutions (2 for joint 1 x elbow up / down).
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..errors import NotSupportedError
from ..robot import Robot
from . import geometry
from .subproblems import sp1, sp3, sp4

Array = NDArray[np.float64]

FAMILY = "5R: yaw, three parallel pitch axes, roll about the tool axis (WidowX type)"
WHY = ("axis 1 is not parallel to axes 2-4, which are parallel, and axis 5 is the tool z "
       "axis: position + tool axis in closed form (SP4, SP1, SP3); the rotation of T about "
       "its z axis sets joint 5")
ON_AXIS = 1e-12  # relative distance of a tool point on axis 1 (joint 1 then moves it not)
AXIS_TOLERANCE = 1e-9  # radians: how far the tool axis may leave the arm's plane
OFF_PLANE = ("out of reach: this 5-axis arm keeps its tool axis in the plane of its pitch "
             "joints, and the target's z axis leaves that plane (a 5R arm cannot reach an "
             "arbitrary position + axis)")


@dataclass(frozen=True, eq=False)
class FiveAxisPlan:
    """Joint lines at q = 0 (world frame): axes (5, 3), points (5, 3) (m), home (4, 4)."""

    axes: Array
    points: Array
    home: Array


_PLANS: weakref.WeakKeyDictionary[Robot, FiveAxisPlan] = weakref.WeakKeyDictionary()


def five_axis_plan(robot: Robot) -> FiveAxisPlan:
    """The plan for a 5-joint robot of this family (cached); raises NotSupportedError
    saying why otherwise."""
    cached = _PLANS.get(robot)
    if cached is not None:
        return cached
    c = robot.chain
    if c.kinds.shape[0] != 5 or c.kinds.any():
        raise NotSupportedError("no closed-form IK for this robot with 5 joints: the 5-axis "
                                "closed form takes five revolute joints (no slides, no mimic joints). "
                                "Use rk.ik(robot, target).")
    s = geometry.screw_axes(c.fixed, c.kinds, c.offsets)
    tool_point, tool_z = s.home[:3, 3], s.home[:3, 2]
    fits = (geometry.parallel(s, 1, 2) and geometry.parallel(s, 1, 3)
            and not geometry.parallel(s, 0, 1) and not geometry.parallel(s, 1, 4)
            and np.linalg.norm(np.cross(s.axes[4], tool_z)) < geometry.ANGLE_TOLERANCE
            and geometry.distance_to_line(s, 4, tool_point) < geometry.DISTANCE_TOLERANCE * s.size)
    if not fits:
        if all(geometry.parallel(s, 0, i) for i in range(1, 5)):
            geometry.classify(s)  # raises: a redundant planar arm
        raise NotSupportedError(
            "no closed-form IK for this arm with 5 joints: the 5-axis closed form takes a yaw joint, three "
            "parallel pitch joints (not parallel to the yaw) and a last joint about the tool "
            "z axis (WidowX type). Use rk.ik(robot, rk.Target(T, mask=...)).")
    result = FiveAxisPlan(s.axes.copy(), s.points.copy(), s.home.copy())
    _PLANS[robot] = result
    return result


def _rot(w: Array, angle: float) -> Array:
    """Rotation matrix (3, 3) by angle (rad) about the unit axis w."""
    K = np.array([[0.0, -w[2], w[1]], [w[2], 0.0, -w[0]], [-w[1], w[0], 0.0]])
    return np.eye(3) + math.sin(angle) * K + (1.0 - math.cos(angle)) * (K @ K)


def _t(v: Array) -> tuple[float, float, float]:
    return float(v[0]), float(v[1]), float(v[2])


def solve_five_axis(p: FiveAxisPlan, T: Array) -> tuple[Array, str]:
    """Every solution (k, 5) (radians, wrapped into [-pi, pi]) for the tool point and tool
    axis of T (4, 4), joint 5 from T's x column; and why k = 0 ("" otherwise)."""
    w, pts, M = p.axes, p.points, p.home
    x_home = M[:3, 3]
    target, z, x_axis = T[:3, 3], T[:3, 2], T[:3, 0]
    pitch = w[1]
    sign3, sign4 = float(w[2] @ pitch), float(w[3] @ pitch)  # +1 / -1: same or opposite way
    if np.linalg.norm(np.cross(w[0], target - pts[0])) <= ON_AXIS * np.abs(M).max():
        # the tool point on axis 1: joint 1 turns the arm's plane onto the tool axis instead
        n1, a1, b1 = sp4(_t(pitch), _t(w[0]), _t(z), float(pitch @ w[4]))
    else:
        n1, a1, b1 = sp4(_t(pitch), _t(w[0]), _t(target - pts[0]), float(pitch @ (x_home - pts[0])))
    solutions: list[list[float]] = []
    off_plane = n1 > 0
    for t1 in (a1, b1)[:n1]:
        undo1 = _rot(w[0], -t1[0])
        t_local = pts[0] + undo1 @ (target - pts[0])  # the target with joint 1 undone
        z_local = undo1 @ z
        if abs(float(pitch @ z_local) - float(pitch @ w[4])) > AXIS_TOLERANCE:
            continue
        off_plane = False
        phi = sp1(_t(w[4]), _t(z_local), _t(pitch))[0]
        wrist = t_local - _rot(pitch, phi) @ (x_home - pts[3])  # where axis 4's point goes
        n3, a3, b3 = sp3(_t(pts[3] - pts[2]), _t(pts[1] - pts[2]), _t(w[2]),
                         float(np.linalg.norm(wrist - pts[1])))
        for t3 in (a3, b3)[:n3]:
            moved = pts[2] + _rot(w[2], t3[0]) @ (pts[3] - pts[2])
            t2 = sp1(_t(moved - pts[1]), _t(wrist - pts[1]), _t(pitch))[0]
            t4 = sign4 * (phi - t2 - sign3 * t3[0])
            R14 = _rot(w[0], t1[0]) @ _rot(pitch, phi)
            t5 = sp1(_t(M[:3, 0]), _t(R14.T @ x_axis), _t(w[4]))[0]
            solutions.append([t1[0], t2, t3[0], t4, t5])
    q = np.array(solutions, dtype=float).reshape(-1, 5)
    q = (q + np.pi) % (2.0 * np.pi) - np.pi
    if len(q):
        return q, ""
    return q, OFF_PLANE if off_plane else "out of reach: no joint configuration places the tool point"
