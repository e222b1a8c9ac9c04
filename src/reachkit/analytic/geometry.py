"""Screw-axis description of a robot at q = 0 and the choice of a closed form.

Product of exponentials, everything in the world frame:
    T(q) = exp(xi_1 q_1) ... exp(xi_n q_n) M,
where joint i turns about (or slides along) the unit direction axes[i] through points[i]
and M = T(0) is the home pose, base, tool and joint offsets included. The closed form is
picked from these lines alone, so a DH table, a URDF or hand-made joints of the same
shape all get the same solver.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..errors import NotSupportedError
from ..kernels.transform import REVOLUTE, move_joint_inplace

Array = NDArray[np.float64]

# Solver codes shared with `kernels.solve_into`.
PLANAR_2R = 1            # all axes parallel, 2 revolute joints (+ at most one slide)
PLANAR_3R = 2            # all axes parallel, 3 revolute joints (+ at most one slide: SCARA)
WRIST_PARALLEL_ARM = 3    # spherical wrist, axes 2 and 3 parallel (Puma, KUKA KR, ABB IRB)
WRIST_INTERSECT_ARM = 4   # spherical wrist, axes 1 and 2 meet (RRR)
WRIST_PRISMATIC_ARM = 5   # spherical wrist, axes 1 and 2 meet, joint 3 slides (Stanford)
THREE_PARALLEL = 6        # axes 2, 3, 4 parallel and axes 5, 6 meet (UR family)
GENERAL_6R = 7            # any other 6R arm: Raghavan-Roth / Manocha-Canny (`general6r`)

FAMILY_NAMES = {
    PLANAR_2R: "planar 2R",
    PLANAR_3R: "planar 3R",
    WRIST_PARALLEL_ARM: "spherical wrist, parallel shoulder and elbow axes",
    WRIST_INTERSECT_ARM: "spherical wrist, intersecting base and shoulder axes",
    WRIST_PRISMATIC_ARM: "spherical wrist, prismatic third joint",
    THREE_PARALLEL: "three parallel axes (UR type)",
    GENERAL_6R: "general 6R (Raghavan-Roth elimination)",
}
PIEPER_CODES = (WRIST_PARALLEL_ARM, WRIST_INTERSECT_ARM, WRIST_PRISMATIC_ARM, THREE_PARALLEL)

ANGLE_TOLERANCE = 1e-9     # radians, for "parallel"
DISTANCE_TOLERANCE = 1e-9  # times the robot's size, for "intersect"


@dataclass(frozen=True, eq=False)
class ScrewAxes:
    """Joint lines at q = 0 in the world frame.

    axes (n, 3) unit directions, points (n, 3) one point on each line (metres),
    kinds (n,) 0 revolute / 1 prismatic, home (4, 4) tool pose at q = 0, size (metres):
    a length scale for tolerances.
    """

    axes: Array
    points: Array
    kinds: NDArray[np.int64]
    home: Array
    size: float


def screw_axes(fixed: Array, kinds: NDArray[np.int64], offsets: Array) -> ScrewAxes:
    """Joint lines of a compiled chain (see `reachkit.chain.Chain`) at q = 0."""
    n = kinds.shape[0]
    T = fixed[0].copy()
    axes = np.empty((n, 3))
    points = np.empty((n, 3))
    for i in range(n):
        axes[i] = T[:3, 2]
        points[i] = T[:3, 3]
        move_joint_inplace(T, kinds[i], offsets[i])
        T = T @ fixed[i + 1]
    axes /= np.linalg.norm(axes, axis=1, keepdims=True)
    size = 1.0 + float(np.abs(points).max()) + float(np.abs(T[:3, 3]).max())
    return ScrewAxes(axes, points, kinds.copy(), T, size)


def cross(a: Array, b: Array) -> Array:
    """a x b for 3-vectors (numpy's cross costs ~15 us a call, this ~1 us)."""
    return np.array([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]])


def _length(v: Array) -> float:
    return math.sqrt(float(v @ v))


def distance_to_line(s: ScrewAxes, i: int, x: Array) -> float:
    """Distance (m) from the point x to line i."""
    return _length(cross(s.axes[i], x - s.points[i]))


def parallel(s: ScrewAxes, i: int, j: int) -> bool:
    """Lines i and j have the same (or opposite) direction."""
    return _length(cross(s.axes[i], s.axes[j])) < ANGLE_TOLERANCE


def meeting_point(s: ScrewAxes, lines: tuple[int, ...]) -> Array | None:
    """The point where all the given lines meet (least squares), or None if they don't.
    Parallel lines don't meet."""
    W = s.axes[list(lines)]
    p = s.points[list(lines)]
    # distance to line i is |P_i (x - p_i)|, P_i = I - w_i w_i^T: sum P_i x = sum P_i p_i
    A = len(lines) * np.eye(3) - W.T @ W
    b = (p - W * np.einsum("ij,ij->i", W, p)[:, None]).sum(axis=0)
    columns = (cross(A[1], A[2]), cross(A[2], A[0]), cross(A[0], A[1]))  # adj(A) = det A^-1
    det = float(A[0] @ columns[0])
    if det <= 1e-8 * float(np.trace(A)) ** 3:  # (nearly) parallel lines: cond(A) ~ 1e8
        return None
    x = (columns[0] * b[0] + columns[1] * b[1] + columns[2] * b[2]) / det
    for i in lines:
        if distance_to_line(s, i, x) > DISTANCE_TOLERANCE * s.size:
            return None
    return x


def _planar(s: ScrewAxes) -> tuple[int, Array] | None:
    """All axes parallel, 2 or 3 revolute joints and at most one slide: the code and the
    extra rows (revolute joint indices; slide index, revolute count)."""
    if not _all_parallel(s):
        return None
    revolute = [i for i, k in enumerate(s.kinds) if k == REVOLUTE]
    slides = [i for i, k in enumerate(s.kinds) if k != REVOLUTE]
    if len(revolute) not in (2, 3) or len(slides) > 1:
        return None
    extra = np.array([[*revolute, -1][:3], [slides[0] if slides else -1, len(revolute), 0]], dtype=float)
    return (PLANAR_2R if len(revolute) == 2 else PLANAR_3R), extra


def has_slide(code: int, extra: Array) -> bool:
    """A parallel-axes arm with a slide along the axes (SCARA type)."""
    return code in (PLANAR_2R, PLANAR_3R) and extra[1, 0] >= 0


def classify(s: ScrewAxes) -> tuple[int, Array]:
    """The solver code for these joint lines and its extra points (m, 3).

    Raises NotSupportedError, saying why, when no closed form here fits."""
    n = s.kinds.shape[0]
    kinds = "".join("R" if k == REVOLUTE else "P" for k in s.kinds)
    hint = " Use the numerical solver instead: rk.ik(robot, target)."
    planar = _planar(s)
    if planar is not None:
        return planar
    if n != 6 or _all_parallel(s):
        if n == 7 and kinds == "RRRRRRR":
            why = ("it has 7 joints, so a pose has infinitely many solutions (redundant arm); "
                   "give free=value (or free_samples=k) to ik_analytic for the solutions at one "
                   "value of the redundancy parameter")
        elif n > 6 or (_all_parallel(s) and kinds.count("R") > 3):
            why = f"it has {n} joints, so a pose has infinitely many solutions (redundant arm)"
        elif n <= 4 and not _all_parallel(s):
            why = "its joint axes are not all parallel (not a planar or SCARA arm)"
        else:
            why = (f"closed forms cover arms with all axes parallel (2-3 revolute joints, at "
                   f"most one slide) and 6-joint arms, not {n} joints ({kinds})")
        raise NotSupportedError(f"no closed-form IK for this robot: {why}.{hint}")
    if kinds[3:] != "RRR":
        why = (f"joints 4-6 must be revolute, got {kinds} (the general solver takes 6R arms "
               "only; prismatic joints are handled where the arm has a spherical wrist)")
        raise NotSupportedError(f"no closed-form IK for this robot: {why}.{hint}")
    wrist = meeting_point(s, (3, 4, 5))
    for code in PIEPER_CODES:
        extra = pieper_extra(code, s, wrist)
        if extra is not None:
            return code, extra
    if kinds == "RRRRRR":
        return GENERAL_6R, np.zeros((0, 3))
    if wrist is None:
        why = ("the last three axes do not meet in a point (no spherical wrist) and axes 2-4 "
               "are not parallel with axes 5 and 6 meeting (not UR type)")
    else:
        why = ("it has a spherical wrist, but its first three joints have no closed form here "
               "(prismatic joints: the general solver takes 6R arms only)")
    raise NotSupportedError(f"no closed-form IK for this robot: {why}.{hint}")


def pieper_extra(code: int, s: ScrewAxes, wrist: Array | None) -> Array | None:
    """The extra rows of the Pieper solver `code` for a 6-joint arm with these lines, or None
    when its structure does not hold. wrist: meeting_point(s, (3, 4, 5)) (None if none)."""
    kinds = "".join("R" if k == REVOLUTE else "P" for k in s.kinds)
    if code == THREE_PARALLEL:
        if kinds != "RRRRRR" or not (parallel(s, 1, 2) and parallel(s, 1, 3)) or parallel(s, 0, 1):
            return None
        elbow_wrist = meeting_point(s, (4, 5))
        if elbow_wrist is None or parallel(s, 4, 5) or parallel(s, 1, 4):
            return None
        return elbow_wrist[None, :]
    if wrist is None or parallel(s, 3, 4) or parallel(s, 4, 5):
        return None
    if code == WRIST_PARALLEL_ARM:
        fits = kinds[:3] == "RRR" and parallel(s, 1, 2) and not parallel(s, 0, 1)
        return wrist[None, :] if fits else None
    shoulder = meeting_point(s, (0, 1))
    if shoulder is None or parallel(s, 0, 1):
        return None
    if code == WRIST_INTERSECT_ARM:
        fits = kinds[:3] == "RRR" and not _through(s, 2, shoulder)
    else:
        fits = kinds[:3] == "RRP"
    return np.stack([wrist, shoulder]) if fits else None


def _all_parallel(s: ScrewAxes) -> bool:
    return all(parallel(s, 0, i) for i in range(1, s.kinds.shape[0]))


def _through(s: ScrewAxes, i: int, x: Array) -> bool:
    """Line i passes through the point x (then it can't move x, and SP3 degenerates)."""
    return distance_to_line(s, i, x) < DISTANCE_TOLERANCE * s.size
