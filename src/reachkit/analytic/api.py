"""Python front door of the closed forms: geometry analysis (cached per robot), input
checks, labels. The numbers come from `kernels`."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from numba import typeof
from numba import types as nb_types
from numpy.typing import ArrayLike, NDArray

from .. import validate
from ..errors import NotSupportedError, OptionsError
from ..ik.compile_note import note_if_compiling
from ..kernels.jacobian import jacobian_into
from ..kernels.numba_internals import entry_point
from ..robot import Robot
from . import five_axis, geometry, redundant
from .families import solver_record
from .general6r import order_preference
from .kernels import INVALID_POSE, MAX_GENERAL, MAX_SOLUTIONS, solve_into
from .lapack import require_lapack
from .read_only import read_only
from .reverse import REVERSED, reverse_chain
from .swivel import SWIVEL
from .swivel_plan import sample_swivel, solve_at, swivel_angle, swivel_plan

Array = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Plan:
    """What the kernels need for one robot: solver code and family record, packed
    geometry (m, 3) (see `target`), length scale (m), limits (2, dof), joint kinds (dof,),
    family name."""

    code: int
    solver: tuple  # the family's record (`families.solver_record(code)`), the kernels' choice
    params: Array
    size: float
    limits: Array
    kinds: NDArray[np.int64]
    family: str
    scara: bool  # parallel axes with a slide: labels say lefty / righty
    dof: int
    scratch_labels: NDArray[np.int64]  # (w, 3) labels nobody reads, for `ik_analytic`
    fixed: Array       # (7, 4, 4) chain transforms for the general 6R solver, else (1, 4, 4)
    orders: NDArray[np.int64]  # (k,) cyclic orders the general 6R solver tries, best first
    offsets: Array     # (dof,) joint offsets (radians)
    width: int         # most solutions: 8 (Pieper, planar) or 16 (general 6R)
    status: NDArray[np.int64]  # (1,) scratch: REGULAR / DEGENERATE of the last solve


@dataclass(frozen=True, eq=False)
class AnalyticSolutions:
    """Every closed-form solution of one pose.

    q (k, dof): joint values (radians / metres), k = 0 when the pose is out of reach.
    labels: k configuration names such as "right/elbow-up/no-flip" (6-joint arms) or
    "elbow-down" (planar arms); see `reachkit.analytic.labels` for the definitions.
    family: the closed form used, e.g. "three parallel axes (UR type)".
    within_limits: True when the solve dropped the solutions outside the joint limits
    (`within_limits=True`); False: q may hold some outside them.
    """

    q: Array
    labels: list[str]
    family: str
    degenerate: bool = False  # True: the pose lies on a continuous solution set (or a
    # singular configuration); q holds representatives of it, not all of it
    reason: str = ""  # why k = 0: out of reach, outside the limits, none at the free value
    within_limits: bool = False  # True: solutions outside the joint limits were dropped

    def __repr__(self) -> str:
        """The count, family, whether the limits were applied, and one line per solution."""
        flags = f", within_limits={self.within_limits}" + (", degenerate" if self.degenerate else "")
        lines = [f"AnalyticSolutions({len(self)} solution(s), {self.family!r}{flags})"]
        names = [label or f"#{i}" for i, label in enumerate(self.labels)]
        width = max((len(n) for n in names), default=0)
        for q, name in zip(self.q, names):
            values = np.array2string(q, precision=4, suppress_small=True, separator=", ")
            lines.append(f"  {name:<{width}}  {values}")
        return "\n".join(lines)

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
    if chain.kinds.shape[0] != robot.dof:
        raise NotSupportedError("no closed-form IK for this robot: it has coupled (mimic) "
                                "joints. Use the numerical solver instead: rk.ik(robot, target).")
    result = pack(chain.fixed, chain.kinds, chain.offsets, robot.limits)
    _PLANS[robot] = result
    note_if_compiling(solve_into, result.solver)  # each family compiles its own solver
    return result


def pack(fixed: Array, kinds: NDArray[np.int64], offsets: Array, limits: Array,
         orders: NDArray[np.int64] | None = None) -> Plan:
    """The plan for a chain given by its fixed transforms (n + 1, 4, 4), joint kinds (n,),
    offsets (n,) and limits (2, n). Raises NotSupportedError when no closed form fits.
    `orders`: the general solver's cyclic orders when known (a 7R arm locked at another
    value of the same joint), which skips their ranking and the rank check."""
    screws = geometry.screw_axes(fixed, kinds, offsets)
    code, extra = geometry.classify(screws)
    if code == geometry.GENERAL_6R:  # first three axes meet: a Pieper arm read backwards
        back = reverse_chain(fixed, kinds, offsets, limits)
        back_screws = geometry.screw_axes(*back[:3])
        back_code, back_extra = geometry.classify(back_screws)
        if back_code in geometry.PIEPER_CODES:
            fixed, kinds, offsets, limits = back
            screws, code, extra = back_screws, back_code + REVERSED, back_extra
    home = screws.home
    params = np.ascontiguousarray(np.vstack([screws.axes, screws.points, home[:3, :3],
                                             home[:3, 3][None, :], extra]))
    limits = np.ascontiguousarray(limits, dtype=float)
    scara = geometry.has_slide(code, extra)
    name = family_name(code) + (" with a slide (SCARA type)" if scara else "")
    general = code == geometry.GENERAL_6R
    if general:
        require_lapack("the general 6R closed form (LAPACK's dgeev, from SciPy)")
    if general and orders is None and _generically_singular(fixed, kinds, offsets):
        raise NotSupportedError(
            "no closed-form IK for this arm: its six joints move the tool in fewer than six "
            "independent directions at every configuration (two axes in line, or four parallel "
            "or concurrent axes), so every reachable pose has a continuous set of solutions. "
            "Use the numerical solver instead: rk.ik(robot, target).")
    width = MAX_GENERAL if general else MAX_SOLUTIONS
    chain_fixed = np.ascontiguousarray(fixed if general else np.eye(4)[None], dtype=float)
    if not general:
        orders = np.zeros(1, dtype=np.int64)
    elif orders is None:
        orders = order_preference(read_only(chain_fixed))
    dof = kinds.shape[0]
    return Plan(code, solver_record(code), read_only(params), screws.size, read_only(limits),
                read_only(np.ascontiguousarray(kinds)), name, scara, dof,
                np.empty((width, 3), dtype=np.int64), read_only(chain_fixed), read_only(orders),
                read_only(np.ascontiguousarray(offsets, dtype=float)), width,
                np.zeros(1, dtype=np.int64))


def family_name(code: int) -> str:
    """The family's name for a solver code (reversed chains included, see `reverse`)."""
    if code > REVERSED:
        return f"{geometry.FAMILY_NAMES[code - REVERSED]}, read from the tool (spherical shoulder)"
    return geometry.FAMILY_NAMES[code]


GENERIC_RANK = 1e-9  # smallest / largest singular value of J at sample configurations


def _generically_singular(fixed: Array, kinds: NDArray[np.int64], offsets: Array) -> bool:
    """True when the Jacobian (6, n) has rank below 6 at each of three sample configurations
    (a 6R arm whose generic rank is below 6 has no finite solution sets)."""
    n = kinds.shape[0]
    J = np.empty((6, n))
    T = np.empty((4, 4))
    best = 0.0
    for q in np.random.default_rng(7).uniform(-np.pi, np.pi, (3, n)):
        jacobian_into(np.ascontiguousarray(fixed, dtype=float), np.ascontiguousarray(kinds),
                      np.ascontiguousarray(offsets, dtype=float), q, False, T, J)
        s = np.linalg.svd(J, compute_uv=False)
        best = max(best, s[-1] / s[0])
    return best < GENERIC_RANK


class Family(str):
    """The closed form for a robot: the string is its name (as before); `why` says why it
    applies, `free` what the redundancy parameter means (None for arms without one),
    `free_joint` the joint locked by default (7R arms), `locked` the family of the arm
    left when it is locked."""

    why: str
    free: str | None
    free_joint: int | None
    locked: str | None

    def __new__(cls, name: str, why: str, free: str | None = None, free_joint: int | None = None,
                locked: str | None = None) -> Family:
        obj = super().__new__(cls, name)
        obj.why, obj.free, obj.free_joint, obj.locked = why, free, free_joint, locked
        return obj


_WHY = {
    geometry.PLANAR_2R: "all joint axes are parallel (2 revolute joints)",
    geometry.PLANAR_3R: "all joint axes are parallel (3 revolute joints)",
    geometry.WRIST_PARALLEL_ARM: "the last three axes meet (spherical wrist), axes 2 and 3 are parallel",
    geometry.WRIST_INTERSECT_ARM: "the last three axes meet (spherical wrist), axes 1 and 2 meet",
    geometry.WRIST_PRISMATIC_ARM: "the last three axes meet (spherical wrist), joint 3 slides",
    geometry.THREE_PARALLEL: "axes 2, 3 and 4 are parallel and axes 5 and 6 meet",
    geometry.GENERAL_6R: ("six revolute joints with no Pieper structure: every solution (up to "
                          "16) from the Raghavan-Roth / Manocha-Canny eigenvalue problem, "
                          "polished by Newton on the exact FK"),
}


def why(code: int) -> str:
    """Why the closed form of this solver code applies."""
    if code > REVERSED:
        return (f"the first three axes meet (a spherical shoulder): read from the tool to the "
                f"base it is a Pieper arm, {_WHY[code - REVERSED]}")
    return _WHY[code]


def is_7r(robot: Robot) -> bool:
    """Seven revolute joints, none coupled: the arms `free=` applies to."""
    return robot.dof == 7 and robot.chain.kinds.shape[0] == 7 and not robot.chain.kinds.any()


_FREE: weakref.WeakKeyDictionary[Robot, int] = weakref.WeakKeyDictionary()


_LOCKED_ORDERS: weakref.WeakKeyDictionary[Robot, dict[int, NDArray[np.int64]]] = \
    weakref.WeakKeyDictionary()


def locked_plan(robot: Robot, joint: int, value: float) -> Plan:
    """The plan of the 6R arm left when joint `joint` of a 7R robot is fixed at `value`
    (rad). The general solver's order ranking is computed once per robot and joint."""
    c = robot.chain
    locked = redundant.lock(c.fixed, c.kinds, c.offsets, robot.limits, joint, value)
    known = _LOCKED_ORDERS.setdefault(robot, {})
    p = pack(locked.fixed, locked.kinds, locked.offsets, locked.limits, known.get(joint))
    if p.code == geometry.GENERAL_6R:
        known.setdefault(joint, p.orders)
    return p


def default_free_joint(robot: Robot) -> int:
    """The joint a 7R arm locks by default (see `redundant`), cached per robot."""
    cached = _FREE.get(robot)
    if cached is not None:
        return cached
    choice, fallback = None, None
    for j in redundant.PREFERENCE:
        try:
            code = locked_plan(robot, j, 0.377).code
        except NotSupportedError:
            continue
        if code % REVERSED in geometry.PIEPER_CODES:
            choice = j
            break
        fallback = j if fallback is None else fallback
    if choice is None:
        choice = fallback
    if choice is None:
        raise NotSupportedError("no closed-form IK for this 7R robot: locking any one joint "
                                "leaves an arm without a closed form. Use rk.ik(robot, target).")
    _FREE[robot] = choice
    return choice


SWIVEL_FAMILY = Family(
    "7R with a spherical shoulder and wrist (SRS): swivel angle",
    "axes 1-3 meet at the shoulder and axes 5-7 at the wrist, so joint 4 alone sets the "
    "shoulder-wrist distance and the elbow turns on a circle about the shoulder-wrist line: "
    "at a given swivel angle up to 8 solutions in closed form (SP3, then SP2 + SP1 for the "
    "shoulder and the wrist)",
    free="the swivel (arm) angle in radians: where the elbow lies on its circle about the "
         "shoulder-wrist line; 0 when it lies in the plane of that line and joint 1's axis, "
         "on the side that axis points to, growing right-handed about the direction from "
         "shoulder to wrist (free_joint=j locks joint j instead)")


def family(robot: Robot, *, free_joint: int | None = None) -> Family:
    """Which closed form solves this robot, why, and for 7R arms what `free` means.
    The result is the family's name as a string (raises NotSupportedError)."""
    if is_7r(robot) and free_joint is None and swivel_plan(robot) is not None:
        return SWIVEL_FAMILY
    if is_7r(robot):
        j = default_free_joint(robot) if free_joint is None else \
            redundant.check_free_joint(robot.chain.kinds, free_joint)
        inner = locked_plan(robot, j, 0.377)
        name = robot.joint_names[j]
        return Family(f"7R, joint {j + 1} ({name}) locked: {inner.family}",
                      f"a 7R arm has a one-parameter family of solutions per pose; with joint "
                      f"{j + 1} fixed the arm left is a 6R arm ({why(inner.code)})",
                      free=f"the angle of joint {j + 1} ({name!r}), radians", free_joint=j,
                      locked=inner.family)
    if robot.dof == 5:
        five_axis.five_axis_plan(robot)  # raises NotSupportedError saying why
        return Family(five_axis.FAMILY, five_axis.WHY)
    p = plan(robot)
    return Family(p.family, why(p.code))


def _pose(T: ArrayLike) -> Array:
    try:
        array = np.asarray(T, dtype=np.float64)
    except (TypeError, ValueError):
        return validate.pose(T, "T")  # raises TargetError
    if array.shape != (4, 4) or not array.flags.c_contiguous:
        array = validate.pose(array, "T")
    return array


_ENTRIES: weakref.WeakKeyDictionary[Plan, Any] = weakref.WeakKeyDictionary()


def _entry(p: Plan) -> Any:
    """solve_into's entry point for the plan's argument types, compiled or loaded once per
    plan: it skips the dispatcher's typing of 13 arguments, ~1 us a call, most of it
    spent typing the family record (Puma 560, all solutions: 6.6 -> 5.6-5.9 us). The pose
    must be what `_pose` returns, a C-contiguous float64 (4, 4) array (typed read-only,
    as `_run` hands it to the dispatcher: see `read_only`)."""
    entry = _ENTRIES.get(p)
    if entry is None:
        pose = nb_types.Array(nb_types.float64, 2, "C", readonly=True)
        out_q = np.empty((p.width, p.dof))
        signature = (typeof(p.solver), typeof(p.params), typeof(p.size), typeof(p.limits),
                     typeof(p.kinds), pose, typeof(True), typeof(out_q),
                     typeof(p.scratch_labels), typeof(p.fixed), typeof(p.orders),
                     typeof(p.offsets), typeof(p.status))
        entry = _ENTRIES[p] = entry_point(solve_into, signature)
    return entry


def _run(p: Plan, pose: Array, within_limits: bool,
         labels: NDArray[np.int64]) -> tuple[Array, int]:
    """Solutions (width, dof) and their count for one checked-shape pose."""
    q = np.empty((p.width, p.dof))
    count = solve_into(p.solver, p.params, p.size, p.limits, p.kinds, read_only(pose),
                       bool(within_limits), q, labels, p.fixed, p.orders, p.offsets, p.status)
    if count == INVALID_POSE:
        validate.pose(pose, "T")  # raises TargetError saying what is wrong
        raise AssertionError("unreachable: the kernel and validate.pose disagree")  # pragma: no cover
    return q, count


def free_values(robot: Robot, free: float | None, free_samples: int | None) -> Array | None:
    """The redundancy values asked for, None for arms without one (raises on misuse)."""
    if not is_7r(robot):
        if free is not None or free_samples is not None:
            raise OptionsError(f"free / free_samples apply to 7R arms; {robot.name!r} has "
                               f"{robot.dof} joints and no redundancy parameter")
        return None
    if (free is None) == (free_samples is None):
        raise NotSupportedError("a 7R arm has infinitely many solutions per pose: give exactly "
                                "one of free=value (the swivel angle of SRS arms, else the "
                                "locked joint's angle, rad) or free_samples=k (see "
                                "rk.analytic.family(robot).free)")
    if free is not None:
        value = float(free) if isinstance(free, (int, float, np.number)) and not isinstance(free, bool) \
            else float("nan")
        if not np.isfinite(value):
            raise OptionsError(f"free must be a finite angle in radians, got {free!r}")
        return np.array([value])
    if isinstance(free_samples, bool) or not isinstance(free_samples, (int, np.integer)) \
            or not 1 <= free_samples <= 100_000:
        raise OptionsError(f"free_samples must be an integer 1..100000, got {free_samples!r}")
    return None if free_samples is None else np.array([np.nan] * int(free_samples))


def _solve(robot: Robot, pose: Array, within_limits: bool, free: float | None,
           free_samples: int | None, free_joint: int | None) -> tuple:
    """(q (k, dof), label signs (k, 3), code, family name, degenerate) for one pose."""
    values = free_values(robot, free, free_samples)
    if values is None:
        if free_joint is not None:
            raise OptionsError("free_joint applies to 7R arms only")
        if robot.dof == 5:
            q, _ = five_axis_solutions(robot, pose, within_limits)
            return q, np.zeros((len(q), 3), dtype=np.int64), FIVE_AXIS, five_axis.FAMILY, False
        p = _PLANS.get(robot) or plan(robot)
        labels = np.empty((p.width, 3), dtype=np.int64)
        q, count = _run(p, pose, within_limits, labels)
        return q[:count], labels[:count], p.code, p.family, bool(p.status[0])
    swivel = swivel_plan(robot) if free_joint is None else None
    if swivel is not None:
        psis = values[None] if free is not None else \
            sample_swivel(swivel, pose[None], int(free_samples), within_limits)
        q, counts, _ = solve_at(swivel, pose[None], psis, within_limits)
        if counts[0] == INVALID_POSE:
            validate.pose(pose, "T")  # raises TargetError saying what is wrong
        n = int(counts[0])
        return q[0, :n], np.zeros((n, 3), dtype=np.int64), SWIVEL, SWIVEL_FAMILY, False
    c = robot.chain
    j = default_free_joint(robot) if free_joint is None else redundant.check_free_joint(c.kinds, free_joint)
    if free_samples is not None:
        values = redundant.sample_values(robot.limits, j, int(free_samples))
    lo, hi = robot.limits[0, j], robot.limits[1, j]
    qs, signs, degenerate, code, name = [], [], False, geometry.GENERAL_6R, ""
    for v in values:
        if within_limits and not lo - 1e-9 <= v <= hi + 1e-9:
            continue
        p = locked_plan(robot, j, float(v))
        labels = np.empty((p.width, 3), dtype=np.int64)
        q, count = _run(p, pose, within_limits, labels)
        qs.append(redundant.insert(q[:count], j, float(v)))
        signs.append(labels[:count])
        degenerate = degenerate or bool(p.status[0])
        code, name = p.code, p.family
    if not qs:
        return np.empty((0, 7)), np.empty((0, 3), dtype=np.int64), code, name, False
    return np.vstack(qs), np.vstack(signs), code, name, degenerate


def ik_analytic(robot: Robot, T: ArrayLike, *, within_limits: bool = False, scene: Any = None,
                self_collision: bool = False, margin: float = 0.0, free: float | None = None,
                free_samples: int | None = None, free_joint: int | None = None,
                equivalents: bool = False) -> Array:
    """Every closed-form IK solution for the tool pose T (4, 4) in the world frame.

    Returns (k, dof): k = 0 when T is out of reach, up to 8 for Pieper 6-joint arms, up to
    16 for other 6R arms (general solver), 2 for planar arms. Revolute angles are wrapped
    into the joint limits where an equivalent angle exists, else into [-pi, pi];
    `within_limits=True` drops solutions outside the limits. `equivalents=True` adds every
    2 pi shift of each revolute joint that stays inside the limits (arms with +-2 pi joints).
    Arms with two revolute joints about parallel axes (planar 2R, 2R + slide) place the
    tool point only (the rotation of T is ignored). 5-axis arms (yaw, three parallel
    pitch axes, roll about the tool axis; see `five_axis`): up to 4 solutions meeting the
    tool point and tool z axis of T, joint 5 set by T's x column; k = 0 when T's z axis
    leaves the arm's plane.
    7R arms: `free=v` gives the solutions at the swivel angle v (rad) for SRS arms
    (spherical shoulder and wrist: KUKA iiwa), else with the free joint
    (`family(robot).free_joint`) at v radians; `free_joint=j` locks joint j instead of
    either. `free_samples=k` stacks the solutions of k values: swivel angles spread over
    those at which the pose has solutions (inside the limits with within_limits=True), or
    joint values spread over the free joint's limits. `free_value(robot, q)` gives v for q.
    With scene= (a `reachkit.Scene`) or self_collision=True, only the solutions whose
    collision shapes keep `margin` (m) from the obstacles (and each other) are returned.
    Raises NotSupportedError for geometries without a closed form (use `rk.ik`).
    """
    if scene is not None or self_collision is not False:
        solutions = ik_analytic(robot, T, within_limits=within_limits, free=free,
                                free_samples=free_samples, free_joint=free_joint,
                                equivalents=equivalents)
        from ..collision import collision_free

        return solutions[collision_free(robot, solutions, scene, self_collision, margin)]
    if robot.dof == 5 and free is None and free_samples is None and free_joint is None:
        q = five_axis_solutions(robot, _pose(T), within_limits)[0]
        return equivalent_shifts(q, robot) if equivalents else q
    if free is None and free_samples is None and free_joint is None and not equivalents:
        p = _PLANS.get(robot) or plan(robot)  # the fast path of 6-joint and planar arms
        pose = _pose(T)
        q = np.empty((p.width, p.dof))
        count = _entry(p)(p.solver, p.params, p.size, p.limits, p.kinds, pose,
                                bool(within_limits), q, p.scratch_labels, p.fixed, p.orders,
                                p.offsets, p.status)
        if count == INVALID_POSE:
            _run(p, pose, False, p.scratch_labels)  # raises TargetError
        return q[:count]
    q = _solve(robot, _pose(T), within_limits, free, free_samples, free_joint)[0]
    return equivalent_shifts(q, robot) if equivalents else q


def solve(robot: Robot, T: ArrayLike, *, within_limits: bool = False, free: float | None = None,
          free_samples: int | None = None, free_joint: int | None = None) -> AnalyticSolutions:
    """Like `ik_analytic`, with a configuration label per solution (empty strings where
    the geometry defines none: the general 6R solver) and the degenerate flag."""
    q, signs, code, name, degenerate = _solve(robot, _pose(T), within_limits, free, free_samples,
                                              free_joint)
    scara = False if free is not None or free_samples is not None or code == FIVE_AXIS \
        else plan(robot).scara
    unlabelled = (geometry.GENERAL_6R, SWIVEL, FIVE_AXIS)
    names = ["" if code in unlabelled else label_name(code, *row, scara)
             for row in signs.tolist()]
    return AnalyticSolutions(q, names, name, degenerate,
                             _why_none(robot, T, within_limits, free, free_samples, free_joint)
                             if len(q) == 0 else "", within_limits=bool(within_limits))


def _why_none(robot: Robot, T: ArrayLike, within_limits: bool, free: float | None,
              free_samples: int | None, free_joint: int | None) -> str:
    """Why a pose has no solution (called only when it has none)."""
    if within_limits and len(_solve(robot, _pose(T), False, free, free_samples, free_joint)[0]):
        return "every solution lies outside the joint limits (within_limits=True)"
    if robot.dof == 5:
        return five_axis_solutions(robot, _pose(T), False)[1]
    if free is not None or free_samples is not None:
        return ("out of reach at the free value(s) asked (see rk.analytic.family(robot).free): "
                "no configuration with that value places the tool at T")
    return "out of reach: no joint configuration places the tool at T"


FIVE_AXIS = -5  # code of the 5-axis closed form in `_solve` (no kernel: see `five_axis`)


def five_axis_solutions(robot: Robot, pose: Array, within_limits: bool) -> tuple[Array, str]:
    """Solutions (k, 5) for the tool point and axis of pose (joint 5 from its x column),
    revolute angles wrapped into the limits where an equivalent exists; and why k = 0
    (see `five_axis`)."""
    p = five_axis.five_axis_plan(robot)
    return five_axis.solve_five_axis(p, validate.pose(pose, "T"), within_limits)


def free_value(robot: Robot, q: ArrayLike, *, free_joint: int | None = None) -> float:
    """The value of a 7R arm's redundancy parameter at configuration q (7,): what `free=`
    takes to list q among the solutions of FK(q). The swivel angle (rad) for SRS arms
    (NaN when the arm is straight), else the free joint's angle (`family(robot).free_joint`,
    or `free_joint`)."""
    if not is_7r(robot):
        raise OptionsError(f"free_value applies to 7R arms; {robot.name!r} has {robot.dof} joints")
    q = validate.joint_vector(q, robot.dof, "q")
    swivel = swivel_plan(robot) if free_joint is None else None
    if swivel is not None:
        return swivel_angle(swivel, q)
    j = default_free_joint(robot) if free_joint is None else \
        redundant.check_free_joint(robot.chain.kinds, free_joint)
    return float(q[j])


def equivalent_shifts(q: Array, robot: Robot) -> Array:
    """Every solution of q (k, dof) with each revolute joint shifted by multiples of 2 pi
    that stay inside the limits (k', dof), the originals first; duplicates kept out."""
    limits = robot.limits
    revolute = np.array(robot.joint_types) == "R"
    out = []
    for row in q:
        choices = []
        for j, value in enumerate(row):
            if not revolute[j]:
                choices.append([value])
                continue
            lo, hi = limits[0, j], limits[1, j]
            shifts = [value] + [value + 2 * np.pi * m for m in (-2, -1, 1, 2)
                                if lo - 1e-12 <= value + 2 * np.pi * m <= hi + 1e-12]
            choices.append(shifts)
        grid = np.array(np.meshgrid(*choices, indexing="ij")).reshape(len(row), -1).T
        out.append(grid)
    return np.vstack(out) if out else q


@cache
def label_name(code: int, shoulder: int, elbow: int, wrist: int, scara: bool = False) -> str:
    """The configuration name for the label signs of a solver (see `labels`). Planar arms
    bend counter-clockwise about their axis for "elbow-down" / "righty"."""
    if code > REVERSED:
        return ""  # the labels' geometry assumes the wrist at the tool
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
