"""Python front door of the closed forms: geometry analysis (cached per robot), input
checks, labels. The numbers come from `kernels`."""

from __future__ import annotations

from typing import Any

import weakref
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import validate
from ..robot import Robot
from . import geometry
from .kernels import INVALID_POSE, MAX_SOLUTIONS, solve_batch_into, solve_into

Array = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Plan:
    """What the kernels need for one robot: solver code, packed geometry (m, 3) (see
    `target`), length scale (m), limits (2, dof), joint kinds (dof,), family name."""

    code: int
    params: Array
    size: float
    limits: Array
    kinds: NDArray[np.int64]
    family: str
    scara: bool  # parallel axes with a slide: labels say lefty / righty
    dof: int
    scratch_labels: NDArray[np.int64]  # (8, 3) labels nobody reads, for `ik_analytic`


@dataclass(frozen=True, eq=False)
class AnalyticSolutions:
    """Every closed-form solution of one pose.

    q (k, dof): joint values (radians / metres), k = 0 when the pose is out of reach.
    labels: k configuration names such as "right/elbow-up/no-flip" (6-joint arms) or
    "elbow-down" (planar arms); see `reachkit.analytic.labels` for the definitions.
    family: the closed form used, e.g. "three parallel axes (UR type)".
    """

    q: Array
    labels: list[str]
    family: str

    def __len__(self) -> int:
        return self.q.shape[0]

    def by_label(self, label: str) -> Array | None:
        """The solution (dof,) with this label, or None if the pose has none."""
        for q, name in zip(self.q, self.labels):
            if name == label:
                return q
        return None


_PLANS: weakref.WeakKeyDictionary[Robot, Plan] = weakref.WeakKeyDictionary()


def plan(robot: Robot) -> Plan:
    """The closed form for this robot, analysed once and cached. Raises
    `reachkit.NotSupportedError` (saying why) when the geometry has none."""
    cached = _PLANS.get(robot)
    if cached is not None:
        return cached
    chain = robot.chain
    screws = geometry.screw_axes(chain.fixed, chain.kinds, chain.offsets)
    code, extra = geometry.classify(screws)
    home = screws.home
    params = np.ascontiguousarray(np.vstack([screws.axes, screws.points, home[:3, :3],
                                             home[:3, 3][None, :], extra]))
    limits = np.ascontiguousarray(robot.limits, dtype=float)
    scara = geometry.has_slide(code, extra)
    name = geometry.FAMILY_NAMES[code] + (" with a slide (SCARA type)" if scara else "")
    result = Plan(code, params, screws.size, limits, np.ascontiguousarray(chain.kinds), name, scara,
                  robot.dof, np.empty((MAX_SOLUTIONS, 3), dtype=np.int64))
    _PLANS[robot] = result
    return result


def family(robot: Robot) -> str:
    """The name of the closed form that solves this robot (raises NotSupportedError)."""
    return plan(robot).family


def _pose(T: ArrayLike) -> Array:
    try:
        array = np.asarray(T, dtype=np.float64)
    except (TypeError, ValueError):
        return validate.pose(T, "T")  # raises TargetError
    if array.shape != (4, 4) or not array.flags.c_contiguous:
        array = validate.pose(array, "T")
    return array


def _run(p: Plan, dof: int, T: ArrayLike, within_limits: bool,
         labels: NDArray[np.int64]) -> tuple[Array, int]:
    pose = _pose(T)
    q = np.empty((MAX_SOLUTIONS, dof))
    count = solve_into(p.code, p.params, p.size, p.limits, p.kinds, pose, bool(within_limits),
                       q, labels)
    if count == INVALID_POSE:
        validate.pose(pose, "T")  # raises TargetError saying what is wrong
        raise AssertionError("unreachable: the kernel and validate.pose disagree")  # pragma: no cover
    return q, count


def ik_analytic(robot: Robot, T: ArrayLike, *, within_limits: bool = False, scene: Any = None,
                self_collision: bool = False, margin: float = 0.0) -> Array:
    """Every closed-form IK solution for the tool pose T (4, 4) in the world frame.

    Returns (k, dof): k = 0 when T is out of reach, up to 8 for 6-joint arms, 2 for planar
    arms. Revolute angles are wrapped into the joint limits where an equivalent angle
    exists, else into [-pi, pi]; `within_limits=True` drops solutions outside the limits.
    Arms with two revolute joints about parallel axes (planar 2R, 2R + slide) place the
    tool point only (the rotation of T is ignored).
    With scene= (a `reachkit.Scene`) or self_collision=True, only the solutions whose
    collision shapes keep `margin` (m) from the obstacles (and each other) are returned.
    Raises NotSupportedError for geometries without a closed form (use `rk.ik`).
    """
    if scene is not None or self_collision is not False:
        solutions = ik_analytic(robot, T, within_limits=within_limits)
        from ..collision import collision_free

        return solutions[collision_free(robot, solutions, scene, self_collision, margin)]
    p = _PLANS.get(robot) or plan(robot)
    pose = _pose(T)
    q = np.empty((MAX_SOLUTIONS, p.dof))
    count = solve_into(p.code, p.params, p.size, p.limits, p.kinds, pose, bool(within_limits),
                       q, p.scratch_labels)
    if count == INVALID_POSE:
        _run(p, p.dof, pose, False, p.scratch_labels)  # raises TargetError
    return q[:count]


def solve(robot: Robot, T: ArrayLike, *, within_limits: bool = False) -> AnalyticSolutions:
    """Like `ik_analytic`, with a configuration label per solution."""
    p = plan(robot)
    labels = np.empty((MAX_SOLUTIONS, 3), dtype=np.int64)
    q, count = _run(p, p.dof, T, within_limits, labels)
    names = [label_name(p.code, *signs, p.scara) for signs in labels[:count].tolist()]
    return AnalyticSolutions(q[:count], names, p.family)


def ik_analytic_batch(robot: Robot, Ts: ArrayLike, *,
                      within_limits: bool = False) -> tuple[Array, NDArray[np.int64]]:
    """Every solution for each of the poses Ts (N, 4, 4), in parallel.

    Returns q (N, 8, dof), NaN-padded after the counts[i] solutions of pose i, and
    counts (N,) int64.
    """
    p = plan(robot)
    try:
        poses = np.asarray(Ts, dtype=np.float64)
    except (TypeError, ValueError):
        poses = validate.pose(Ts, "Ts", batch=True)  # raises TargetError
    if poses.ndim == 2:
        poses = poses[None]
    if poses.ndim != 3 or poses.shape[1:] != (4, 4):
        validate.pose(poses, "Ts", batch=True)  # raises TargetError naming the shape
    poses = np.ascontiguousarray(poses)
    N = poses.shape[0]
    q = np.empty((N, MAX_SOLUTIONS, robot.dof))
    labels = np.empty((N, MAX_SOLUTIONS, 3), dtype=np.int64)
    counts = np.empty(N, dtype=np.int64)
    solve_batch_into(p.code, p.params, p.size, p.limits, p.kinds, poses, bool(within_limits),
                     q, labels, counts)
    if N and counts.min() == INVALID_POSE:
        validate.pose(poses, "Ts", batch=True)  # raises TargetError saying which and why
    return q, counts


@lru_cache(maxsize=None)
def label_name(code: int, shoulder: int, elbow: int, wrist: int, scara: bool = False) -> str:
    """The configuration name for the label signs of a solver (see `labels`). Planar arms
    bend counter-clockwise about their axis for "elbow-down" / "righty"."""
    if code in (geometry.PLANAR_2R, geometry.PLANAR_3R):
        if scara:
            return "lefty" if elbow < 0 else "righty"
        return "elbow-up" if elbow < 0 else "elbow-down"
    arm = "right" if shoulder < 0 else "left"
    if code == geometry.WRIST_PRISMATIC_ARM:
        middle = "retracted" if elbow < 0 else "extended"
    else:
        middle = "elbow-down" if elbow < 0 else "elbow-up"
    return f"{arm}/{middle}/{'flip' if wrist < 0 else 'no-flip'}"
