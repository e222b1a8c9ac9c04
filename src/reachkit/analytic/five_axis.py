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
from ..kernels.jit import allocating_kernel
from ..robot import Robot
from . import geometry
from .subproblems import sp1, sp3, sp4
from .vec import cross, dot, norm, row, spin, spin_point, sub, unspin, unspin_point

Array = NDArray[np.float64]

FAMILY = "5R: yaw, three parallel pitch axes, roll about the tool axis (WidowX type)"
WHY = ("axis 1 is not parallel to axes 2-4, which are parallel, and axis 5 is the tool z "
       "axis: position + tool axis in closed form (SP4, SP1, SP3); the rotation of T about "
       "its z axis sets joint 5")
ON_AXIS = 1e-12  # relative distance of a tool point on axis 1 (joint 1 then moves it not)
AXIS_TOLERANCE = 1e-9  # radians: how far the tool axis may leave the arm's plane
OFF_PLANE_CODE = -1
OFF_PLANE = ("out of reach: this 5-axis arm keeps its tool axis in the plane of its pitch "
             "joints, and the target's z axis leaves that plane (a 5R arm cannot reach an "
             "arbitrary position + axis)")


@dataclass(frozen=True, eq=False)
class FiveAxisPlan:
    """Joint lines at q = 0 (world frame): axes (5, 3), points (5, 3) (m), home (4, 4);
    joint limits (2, 5) (rad)."""

    axes: Array
    points: Array
    home: Array
    limits: Array


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
                                "closed form takes five revolute joints (no slides, no mimic "
                                "joints). Use rk.ik(robot, target).")
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
            "no closed-form IK for this arm with 5 joints: the 5-axis closed form takes a yaw "
            "joint, three parallel pitch joints (not parallel to the yaw) and a last joint "
            "about the tool z axis (WidowX type). Use rk.ik(robot, rk.Target(T, mask=...)).")
    result = FiveAxisPlan(*(np.ascontiguousarray(a, dtype=float)
                            for a in (s.axes, s.points, s.home, robot.limits)))
    _PLANS[robot] = result
    return result


@allocating_kernel()
def _wrap_into(angle: float, lo: float, hi: float) -> float:
    """angle (rad) wrapped into [-pi, pi], then shifted by 2 pi into [lo, hi] if that helps."""
    angle = (angle + math.pi) % (2.0 * math.pi) - math.pi
    if angle < lo - 1e-12:
        return angle + 2.0 * math.pi
    if angle > hi + 1e-12:
        return angle - 2.0 * math.pi
    return angle


@allocating_kernel()
def _solve_kernel(axes: np.ndarray, points: np.ndarray, home: np.ndarray, limits: np.ndarray,
                  T: np.ndarray, within_limits: bool, out_q: np.ndarray) -> int:
    """Solutions into out_q (4, 5), each angle wrapped into its limits (2, 5) where an
    equivalent lies there, else into [-pi, pi]; within_limits drops those outside. Returns
    the count, or OFF_PLANE_CODE when the tool axis leaves the arm's plane for every
    joint 1 angle that places the tool point."""
    w1, pitch, w3, w4, w5 = row(axes, 0), row(axes, 1), row(axes, 2), row(axes, 3), row(axes, 4)
    p1, p2, p3, p4 = row(points, 0), row(points, 1), row(points, 2), row(points, 3)
    x_home, x_axis_home = (home[0, 3], home[1, 3], home[2, 3]), (home[0, 0], home[1, 0], home[2, 0])
    target, z = (T[0, 3], T[1, 3], T[2, 3]), (T[0, 2], T[1, 2], T[2, 2])
    x_axis = (T[0, 0], T[1, 0], T[2, 0])
    sign3, sign4 = dot(w3, pitch), dot(w4, pitch)  # +1 / -1: same or opposite way
    if norm(cross(w1, sub(target, p1))) <= ON_AXIS * (1.0 + norm(x_home)):
        # the tool point on axis 1: joint 1 turns the arm's plane onto the tool axis instead
        n1, a1, b1 = sp4(pitch, w1, z, dot(pitch, w5))
    else:
        n1, a1, b1 = sp4(pitch, w1, sub(target, p1), dot(pitch, sub(x_home, p1)))
    count = 0
    placed = False  # some solution placed the tool (then k = 0 means: outside the limits)
    for i in range(n1):
        t1 = a1 if i == 0 else b1
        t_local = unspin_point(w1, p1, t1, target)  # the target with joint 1 undone
        z_local = unspin(w1, t1, z)
        if abs(dot(pitch, z_local) - dot(pitch, w5)) > AXIS_TOLERANCE:
            continue
        phi = sp1(w5, z_local, pitch)
        wrist = sub(t_local, spin(pitch, phi, sub(x_home, p4)))  # where axis 4's point goes
        n3, a3, b3 = sp3(sub(p4, p3), sub(p2, p3), w3, norm(sub(wrist, p2)))
        x_local = unspin(pitch, phi, unspin(w1, t1, x_axis))
        t5 = sp1(x_axis_home, x_local, w5)[0]
        for k in range(n3):
            t3 = a3 if k == 0 else b3
            moved = spin_point(w3, p3, t3, p4)
            t2 = sp1(sub(moved, p2), sub(wrist, p2), pitch)[0]
            values = (t1[0], t2, t3[0], sign4 * (phi[0] - t2 - sign3 * t3[0]), t5)
            inside = True
            for j in range(5):
                out_q[count, j] = _wrap_into(values[j], limits[0, j], limits[1, j])
                inside = inside and limits[0, j] - 1e-9 <= out_q[count, j] <= limits[1, j] + 1e-9
            count += 1 if inside or not within_limits else 0
            placed = True
    if count == 0 and n1 > 0 and not placed:
        return OFF_PLANE_CODE
    return count


def solve_five_axis(p: FiveAxisPlan, T: Array, within_limits: bool = False) -> tuple[Array, str]:
    """Every solution (k, 5) (radians, wrapped into the limits where an equivalent lies
    there, else into [-pi, pi]) for the tool point and tool axis of a checked pose T (4, 4),
    joint 5 from T's x column; within_limits drops those outside the limits. Also why
    k = 0 ("" otherwise)."""
    q = np.empty((4, 5))
    count = _solve_kernel(p.axes, p.points, p.home, p.limits, T, bool(within_limits), q)
    if count > 0:
        return q[:count], ""
    reason = OFF_PLANE if count == OFF_PLANE_CODE else \
        "out of reach: no joint configuration places the tool point"
    return q[:0], reason
