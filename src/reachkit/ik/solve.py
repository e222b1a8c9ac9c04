"""The front door: `ik` solves one target, `ik_batch` many, with any numerical method.

Both validate their inputs, pack the robot, target and options into flat arrays, run the
Numba search loop (`reachkit.kernels.ik.solver`) and check the answer by forward
kinematics before calling it a success.

`ik` is called in tight loops, so its common case is cheap: the robot (one vector) and each
option set are packed once and cached, and a plain float64 (4, 4) pose and (dof,) q0 are
checked inside the one kernel call (`kernels.ik.front.solve_plain`) that also solves and
evaluates. Anything unusual, or any bad input, takes the fully checked Python path, which
raises the error that says what to change.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import numpy as np
from numba import typeof
from numpy.typing import ArrayLike, NDArray

from .. import validate
from ..constraints import SLACK_TOLERANCE, collision_provider, row_provider
from ..errors import ModelError, NotSupportedError, OptionsError, ReachkitError, TargetError
from ..kernels.checks import evaluate_batch, inside_limits
from ..kernels.ik.constraints import NO_ROWS, LinkDistances
from ..kernels.ik.front import (
    INPUT_OK,
    INSIDE,
    MET,
    MOVED,
    SLACK,
    Answer,
    plain_entry,
    solve_batch,
    solve_checked,
    solve_plain,
)
from ..kernels.ik.records import CONVERGED, Budget
from ..kernels.ik.robot import pack_robot
from ..kernels.ik.search import POLISH_MIN_ITERATIONS
from ..kernels.numba_internals import entry_point
from ..objectives import Manipulability, Objective, Posture, pack
from ..robot import Robot
from .arm import solver_joints
from .compile_note import note_if_compiling
from .lanes import lane_rows, run_lanes
from .methods import ANALYTIC, Method, get_method
from .options import IKOptions
from .result import BatchResult, IKResult, trace_error_history
from .seeds import seed_table
from .target import FULL_POSE_TASK, Target, as_target
from .unreachable import unreachable_reason

DEFAULT_SEED = 0
_MAX_TRACE_ROWS = 200_000
_MAX_PLANS = 256
_REFUSED = "reachkit: the solver kernel refused inputs that passed validation"
_FLOAT64 = np.dtype(np.float64)
# Builds an IKResult from all its fields in one C call (~0.15 us), without the Python
# __new__ that its keywords and defaults need (~0.3 us).
_new_tuple = tuple.__new__


class _Plan(NamedTuple):
    """A resolved (method, options, joint_limits): the method, its options, the kernels'
    records (`Budget` and the method's rule) and, once the first plain solve compiled or
    loaded it, `solve_plain`'s entry point for them; `fast` when the inline one-call path
    of `ik` may run it (no time limit)."""

    method: Method
    options: IKOptions
    budget: Budget
    rule: tuple
    fast: bool
    entry: Any = None


class _Packed(NamedTuple):
    """A robot's kernel input, built once per robot (robots are immutable)."""

    robot: NDArray[np.float64]  # the `kernels.ik.robot.pack_robot` vector
    dof: int
    kinds: NDArray[np.int64]  # (dof,) the solver's joint kinds (`arm.SolverJoints.kinds`)
    coupled: bool  # mimic joints drive chain joints (`arm.SolverJoints.coupled`)


# Valid plans only, keyed by (method as given, option key, joint_limits): a hit proves
# the method and options valid without checking them again.
_PLANS: dict[tuple, _Plan] = {}
# Packed robots by id(robot); each entry is dropped when its robot is garbage collected.
# Robots with coupled (mimic) joints are kept apart, so that `ik`'s inline path, which
# checks no method against the robot, never sees them (`_check_coupled`).
_PACKED: dict[int, _Packed] = {}
_PACKED_COUPLED: dict[int, _Packed] = {}


def _option_key(options: dict[str, Any]) -> tuple:
    """A hashable key of the options (TypeError if a value is unhashable). Types are part
    of it: True == 1 and 1 == 1.0, but only one of them is valid."""
    if not options:
        return ()
    return tuple(sorted((name, type(value), value) for name, value in options.items()))


def _known_plan(method: Any, options: dict[str, Any], joint_limits: bool) -> _Plan | None:
    """The cached plan of a (method, options, joint_limits) resolved before, else None.
    Never raises, so it can run before the inputs are checked."""
    if type(method) is not str:
        return None
    if not options:
        return _PLANS.get((method, (), joint_limits))
    try:
        return _PLANS.get((method, _option_key(options), joint_limits))
    except TypeError:  # an unhashable option value
        return None


def _resolve(method: str, options: dict[str, Any], joint_limits: bool) -> _Plan:
    """The plan for these arguments, checked (raises OptionsError) and cached."""
    joint_limits = bool(joint_limits)
    plan = _known_plan(method, options, joint_limits)
    if plan is not None:
        return plan
    meth = get_method(method)  # raises the error that names it and lists the valid names
    opts = IKOptions.from_kwargs(options)
    plan = _Plan(meth, opts, opts.budget(meth, joint_limits), opts.rule(meth),
                 opts.time_limit is None)
    try:
        key = (method, _option_key(options), joint_limits)
    except TypeError:  # an unhashable option value: not cached
        return plan
    if len(_PLANS) >= _MAX_PLANS:
        _PLANS.clear()
    _PLANS[key] = plan
    return plan


def _packed(robot: Robot) -> _Packed:
    """The robot's kernel inputs, packed on first use."""
    packed = _PACKED.get(id(robot)) or _PACKED_COUPLED.get(id(robot))
    return packed if packed is not None else _pack(robot)


def _pack(robot: Robot) -> _Packed:
    joints = solver_joints(robot)
    lower, upper = robot.limits
    sample_lower, sample_upper = robot.sampling_bounds()
    coupling = (joints.coupled, joints.leader, joints.multiplier, joints.shift)
    packed = _Packed(pack_robot(joints.fixed, joints.chain_kinds, joints.offsets, coupling,
                                joints.kinds, lower, upper, sample_lower, sample_upper,
                                seed_table(robot)),
                     robot.dof, joints.kinds, joints.coupled)
    key = id(robot)
    cache = _PACKED_COUPLED if joints.coupled else _PACKED
    cache[key] = packed
    # Runs while the robot is being freed, before its id can be reused.
    weakref.finalize(robot, cache.pop, key, None).atexit = False
    return packed


def _check_coupled(robot: Robot, method: Method, secondary: Sequence[Objective] | None) -> None:
    """NotSupportedError for what a robot with coupled (mimic) joints cannot do: ccd turns
    one chain joint at a time, and the Manipulability gradient differentiates the chain's
    own Jacobian."""
    if not _packed(robot).coupled:
        return
    names = ", ".join(m.joint for m in robot.mimic)
    if method.name == "ccd":
        raise NotSupportedError(f"method 'ccd' turns one joint at a time, and robot {robot.name!r} "
                                f"couples joints ({names}); use 'lm', 'nr', 'gn', 'dls', 'pinv', "
                                "'jt' or 'fd'")
    if isinstance(secondary, (list, tuple)) and any(isinstance(o, Manipulability) for o in secondary):
        raise NotSupportedError(f"the Manipulability objective does not handle coupled joints "
                                f"({names} on robot {robot.name!r}) yet; Posture, JointLimits and "
                                "Orientation do")


def _check_robot(robot: Any) -> Robot:
    if not isinstance(robot, Robot):
        raise ModelError(f"expected a reachkit.Robot, got {type(robot).__name__}; "
                         "load one with reachkit.models.load(name) or Robot.from_dh(...)")
    return robot


def _seed(seed: int | None) -> int:
    if seed is None:
        return DEFAULT_SEED
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise OptionsError(f"seed must be an integer or None, got {seed!r}")
    return int(seed) % (2**32)


def _flag(value: Any, name: str) -> bool:
    """A True/False argument; refuses strings such as "no" that would read as True."""
    if not isinstance(value, (bool, np.bool_)):
        raise OptionsError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _start(robot: Robot, q0: ArrayLike | None, joint_limits: bool, label: str = "q0",
           batch: bool = False) -> tuple[NDArray[np.float64] | None, list[str]]:
    """The validated start (moved into the limits when they apply) and notes about it."""
    if q0 is None:
        return None, []
    q = validate.joint_vector(q0, robot.dof, label, batch=batch)
    lower, upper = robot.limits
    if not joint_limits or inside_limits(q.reshape(-1, robot.dof), lower, upper):
        return q, []
    from ..kernels.ik.task import project_to_limits

    kinds = _packed(robot).kinds
    moved = np.array(q, dtype=float, copy=True).reshape(-1, robot.dof)
    for row in moved:
        project_to_limits(row, kinds, robot.limits[0], robot.limits[1])
    return moved.reshape(q.shape), [_moved_note(label)]


def _moved_note(label: str) -> str:
    return f"{label} was outside the joint limits and was moved inside them"


def _rest_start(secondary: Sequence[Objective] | None) -> NDArray[np.float64] | None:
    """q_rest of the heaviest Posture objective, the natural first start when q0 is None."""
    if not isinstance(secondary, (list, tuple)):  # None, or a mistake _kernel_arrays reports
        return None
    postures = [o for o in secondary if isinstance(o, Posture) and o.weight > 0]
    if not postures:
        return None
    return max(postures, key=lambda o: o.weight).q_rest


def _failure_reason(robot: Robot, T: NDArray[np.float64], task: NDArray[np.float64],
                    status: int, in_limits: bool, timed_out: bool, searches: int,
                    notes: list[str], options: IKOptions) -> str:
    """Why a solve failed, for T (4, 4) and task (3, 6) = [mask; weights; tolerances]."""
    if status == CONVERGED and in_limits:  # never expected
        notes.append("the kernel reported convergence that FK does not confirm")
    if not in_limits:
        return "converged outside the joint limits"
    unreachable = unreachable_reason(robot, T, task[0], options.position_tolerance,
                                     options.rotation_tolerance)
    if unreachable is not None:
        return f"{unreachable}; closest configuration returned"
    if timed_out:
        return f"time limit reached after {searches} searches: closest configuration returned"
    return f"not converged in {searches} searches: closest configuration returned"


def _rows(constraints: Any, method: Method, robot: Robot, collisions: tuple) -> tuple:
    """The kernels' row provider of `constraints` or of collisions = (scene,
    self_collision, margin) for `method` and `robot` (checked)."""
    rows = row_provider(constraints, robot.dof)
    contacts = collision_provider(robot, *collisions)
    if contacts is not NO_ROWS:
        if rows is not NO_ROWS:
            raise NotSupportedError("constraints= and collisions (scene=, self_collision=) "
                                    "in one solve are not supported yet; give one of them")
        rows = contacts
    if rows is not NO_ROWS and not method.keeps_rows:
        raise NotSupportedError(f"method {method.name!r} does not keep constraints; use 'lm', "
                                "'nr', 'gn', 'dls' or 'pinv'")
    return rows


def _kernel_arrays(robot: Robot, secondary: Sequence[Objective] | None, method: Method) -> tuple:
    if isinstance(secondary, Objective) or not (secondary is None or isinstance(secondary, (list, tuple))):
        raise TargetError(f"secondary must be a list of reachkit.objectives.* objects or None, "
                          f"got {secondary!r}; wrap a single one as secondary=[objective]")
    if secondary and not method.supports_secondary:
        raise NotSupportedError(f"method {method.name!r} does not take secondary objectives; "
                                "use 'pinv', 'dls' or 'lm'")
    objective_arrays = pack(secondary, robot) if secondary else None
    return _packed(robot).robot, objective_arrays


def ik(robot: Robot, target: Target | ArrayLike, method: str = "lm", q0: ArrayLike | None = None,
       seed: int | None = None, joint_limits: bool = True,
       secondary: Sequence[Objective] | None = None, trace: bool = False,
       constraints: Sequence[Any] | None = None, scene: Any = None,
       self_collision: bool = False, margin: float = 0.0, **options: Any) -> IKResult:
    """Solve inverse kinematics for one target.

    robot: the arm. target: a `Target` or a (4, 4) tool pose in the world frame.
    method: "lm" (default), "nr", "gn", "dls", "pinv", "jt", "fd", "ccd" or "analytic".
    q0: (dof,) start of the first search; None starts from the configuration of the
        robot's seed table whose tool pose is nearest the target (`reachkit.ik.seeds`).
        With lm on a full pose, a q0 farther from the target than that table start (by
        the solver's cost) gives way to it before any step. A q0 outside the limits
        is moved inside them (noted in `result.notes`).
    seed: random restarts are drawn from it; the same seed gives the same answer
        (None means seed 0: reachkit is deterministic unless told otherwise).
    joint_limits: keep every iterate, and the answer, inside `robot.limits`.
    secondary: null-space objectives (`reachkit.objectives`) for pinv, dls and lm. Once a
        search meets the target it keeps stepping in the task's null space, lowering the
        weighted sum of the objectives while the target stays met (up to
        `secondary_iterations` steps). With a `Posture` objective and q0=None, the first
        search starts from its q_rest.
    trace: keep every iterate in `result.trace` (k, dof).
    constraints: inequality constraints kept by every step besides the joint limits
        (`reachkit.constraints`, e.g. `ToolHalfSpace`), for lm, nr, gn, dls and pinv; a
        solve succeeds only where they hold.
    scene, self_collision, margin: keep the robot's collision shapes
        (`robot.collision_model`) at least margin (m) from the obstacles of scene
        (`reachkit.Scene`) and, with self_collision, from each other, as inequality rows of
        every step (lm, nr, gn, dls, pinv); success only when the answer is collision-free
        by the exact distance check, `result.min_distance` its smallest distance (m).
    options: fields of `IKOptions` (tolerances, budgets, damping ...). Every solve is
        bounded: at most max_iterations * (1 + max_restarts) iterations plus one polishing
        pass of max(max_iterations, 100), and, with time_limit, no new search after that many seconds.
    Returns an `IKResult`; an impossible target (or a singular arm) gives success=False
    and the closest configuration found, never an exception and never NaN. The answer
    depends only on the inputs and the seed, not on other threads solving at the same time.
    Raises (all `ReachkitError`s, with a message saying what to change): ModelError when
    robot is not a `Robot`; TargetError for a malformed target or q0 (shape, NaN/inf, a
    3x3 block that is not a rotation within 1e-6, a bottom row other than [0 0 0 1], bad
    mask or weights); OptionsError for an unknown method (the valid ones are listed) or
    option, or an option value of the wrong type or out of range; NotSupportedError for
    secondary objectives on a method without a null space.
    """
    # The common call takes the path below, every test a few tens of ns: a robot and a
    # method and options met before, a `Target` or a float64 2-D ndarray pose, q0 None or a
    # float64 1-D ndarray, no secondary objectives, trace or time limit; the kernel call
    # checks the pose (4, 4, rigid) and q0 (dof, finite). Any other call, or bad input, goes
    # to _ik_checked, which solves it or raises the right error. (Inline: a call costs
    # ~0.15 us.)
    packed = _PACKED.get(id(robot))  # None unless robot is a Robot packed before
    plan = T = q = None
    if packed is not None and secondary is None and trace is False and constraints is None \
            and scene is None and self_collision is False \
            and (joint_limits is True or joint_limits is False) and type(method) is str:
        plan = _PLANS.get((method, (), joint_limits)) if not options else \
            _known_plan(method, options, joint_limits)
    if plan is not None and plan.fast and plan.entry is not None:  # None: not loaded yet
        if type(target) is np.ndarray and target.dtype is _FLOAT64 and target.ndim == 2:
            T, task = target, FULL_POSE_TASK
        elif type(target) is Target:
            T, task = target.T, target.task()
    if T is not None:
        if q0 is None:
            q, has_q0 = np.empty(packed.dof), 0
        elif type(q0) is np.ndarray and q0.dtype is _FLOAT64 and q0.ndim == 1:
            q, has_q0 = q0.copy(), 1  # C-contiguous and writeable, whatever q0's layout
    elif packed is not None and (scene is not None or self_collision is True) \
            and secondary is None and trace is False and constraints is None and not options \
            and q0 is None and (seed is None or type(seed) is int) and type(method) is str \
            and (joint_limits is True or joint_limits is False) and type(target) is np.ndarray:
        result = _ik_in_scene(robot, packed, target, method, seed, joint_limits, scene,
                              self_collision, margin)
        if result is not None:
            return result
    if q is not None and (seed is None or type(seed) is int):
        out = plan.entry(packed.robot, T, task, plan.budget, plan.rule, q, has_q0,
                         DEFAULT_SEED if seed is None else seed % 2**32)
        if out[MET] and out[INSIDE] and out[0] == INPUT_OK and not out[MOVED]:  # the common answer
            _, _, iterations, searches, _, _, p_err, r_err, *_ = out
            return _new_tuple(IKResult, (q, True, p_err, r_err, iterations, searches - 1,
                                         "converged", plan.method.name, None, (), None, None))
        result = _answer(robot, plan, T, task, q, out, None, [])
        if result is not None:  # None: the kernel found the pose or q0 bad
            return result
    return _ik_checked(robot, target, method, q0, seed, joint_limits, secondary, trace, options,
                       constraints, (scene, self_collision, margin))


class _SceneSolve(NamedTuple):
    """What `_ik_in_scene` keeps per (robot, scene, self_collision, margin, method,
    joint_limits, Python thread): the row provider (its distance scratch is the thread's
    own) and `solve_checked`'s entry point for it."""

    robot: Robot
    scene: Any
    plan: _Plan
    rows: tuple
    entry: Any


_SCENE_SOLVES: dict[tuple, _SceneSolve] = {}
_MAX_SCENE_SOLVES = 64


def _ik_in_scene(robot: Robot, packed: _Packed, T: NDArray[np.float64], method: str,
                 seed: int | None, joint_limits: bool, scene: Any, self_collision: bool,
                 margin: float) -> IKResult | None:
    """`ik` with scene= or self_collision= for a float64 (4, 4) pose, no q0, no other
    extras, after a first such call checked and cached the provider: one kernel call
    (~1 us of Python). None when the call is not the common one (the checked path then
    solves it or raises)."""
    if T.dtype is not _FLOAT64 or T.shape != (4, 4) or not T.flags.c_contiguous \
            or not T.flags.writeable:
        return None
    key = (id(robot), id(scene), self_collision, type(self_collision), margin, type(margin),
           method, joint_limits, threading.get_ident())
    hit = _SCENE_SOLVES.get(key)
    if hit is None or hit.robot is not robot or hit.scene is not scene:
        hit = _scene_solve(robot, method, joint_limits, scene, self_collision, margin)
        if hit is None:
            return None
        if len(_SCENE_SOLVES) >= _MAX_SCENE_SOLVES:
            _SCENE_SOLVES.clear()
        _SCENE_SOLVES[key] = hit
    plan, rows = hit.plan, hit.rows
    q = np.empty(packed.dof)
    out = hit.entry(packed.robot, T, FULL_POSE_TASK, plan.budget, plan.rule, rows, q, 0,
                    DEFAULT_SEED if seed is None else seed % 2**32, None, _NO_TRACE[packed.dof])
    if out[MET] and out[INSIDE] and out[0] == INPUT_OK and out[SLACK] >= -SLACK_TOLERANCE:
        _, _, iterations, searches, _, _, p_err, r_err, *_ = out
        return IKResult(q, True, p_err, r_err, iterations, searches - 1, "converged",
                        plan.method.name, None, (), out[SLACK] + rows.margin)
    return _answer(robot, plan, T, FULL_POSE_TASK, q, out, None, [], rows)


def _scene_solve(robot: Robot, method: str, joint_limits: bool, scene: Any,
                 self_collision: bool, margin: float) -> _SceneSolve | None:
    """The provider and entry point of `_ik_in_scene`, when every input is valid (else
    None: the checked path raises the right error, in its order)."""
    plan = _PLANS.get((method, (), joint_limits))
    if plan is None or not plan.fast or not plan.method.keeps_rows:
        return None
    try:
        rows = collision_provider(robot, scene, self_collision, margin)
    except ReachkitError:
        return None
    if not isinstance(rows, LinkDistances):
        return None
    dof = robot.dof
    _NO_TRACE.setdefault(dof, np.empty((0, dof)))
    args = (_packed(robot).robot, np.eye(4), FULL_POSE_TASK, plan.budget, plan.rule, rows,
            np.empty(dof), 0, 0, None, _NO_TRACE[dof])
    note_if_compiling(solve_checked, plan.rule)
    entry = entry_point(solve_checked, tuple(typeof(a) for a in args))
    return _SceneSolve(robot, scene, plan, rows, entry)


_NO_TRACE: dict[int, NDArray[np.float64]] = {}


def _kernel_pose(target: Target) -> NDArray[np.float64]:
    """A writeable copy of target.T (4, 4) for `solve_checked`, which Numba compiles for
    the types it is called with: for writeable poses, as users pass them (a read-only one
    would compile it a second time, a few seconds)."""
    return target.T.copy()


def _ik_checked(robot: Any, target: Any, method: Any, q0: Any, seed: Any, joint_limits: Any,
                secondary: Any, trace: Any, options: dict[str, Any],
                constraints: Any = None, collisions: tuple = (None, False, 0.0)) -> IKResult:
    """`ik` with every input checked in Python, in the documented order."""
    robot = _check_robot(robot)
    target = as_target(target)
    joint_limits = _flag(joint_limits, "joint_limits")
    trace = _flag(trace, "trace")
    if isinstance(method, str) and method.lower() == ANALYTIC:
        if constraints is not None or collisions[0] is not None or collisions[1] is not False:
            raise NotSupportedError("constraints and collisions are kept by the numerical "
                                    "methods lm, nr, gn, dls and pinv, not by method='analytic'")
        from .analytic_method import solve_nearest

        return solve_nearest(robot, target, q0=q0, joint_limits=joint_limits, seed=seed, **options)
    plan = _resolve(method, options, joint_limits)
    meth, opts = plan.method, plan.options
    _, objective_arrays = _kernel_arrays(robot, secondary, meth)  # checks secondary
    _check_coupled(robot, meth, secondary)
    rows = _rows(constraints, meth, robot, collisions)
    q_start, notes = _start(robot, q0 if q0 is not None else _rest_start(secondary), joint_limits)
    base_seed = _seed(seed)
    packed = _packed(robot)
    trace_buffer = _trace_buffer(plan, packed.dof) if trace else None
    has_q0 = q_start is not None
    q0_array = q_start if has_q0 else np.zeros(packed.dof)
    T, task = _kernel_pose(target), target.task()
    if opts.time_limit is not None:  # the kernel stops searching at the deadline
        plan = plan._replace(budget=plan.budget._replace(
            deadline=time.monotonic() + float(opts.time_limit)))
    result = _solve(robot, packed, plan, T, task, q0_array.copy(), int(has_q0), base_seed,
                    objective_arrays, trace_buffer, notes, rows)
    if result is None:
        raise RuntimeError(_REFUSED)
    return result


def _trace_buffer(plan: _Plan, dof: int) -> NDArray[np.float64]:
    """(rows, dof) room for every iterate the solve can take (capped at _MAX_TRACE_ROWS)."""
    max_iterations = plan.budget.max_iterations
    polish_rows = max(max_iterations, POLISH_MIN_ITERATIONS) + 1
    rows = min((max_iterations + 1) * plan.budget.max_searches + polish_rows, _MAX_TRACE_ROWS)
    return np.empty((rows, dof))


def _solve(robot: Robot, packed: _Packed, plan: _Plan, T: NDArray[np.float64],
           task: NDArray[np.float64], q: NDArray[np.float64], has_q0: int, seed: int,
           objectives: tuple | None, trace_buffer: NDArray[np.float64] | None,
           notes: list[str], rows: tuple = NO_ROWS) -> IKResult | None:
    """Check T (4, 4) and the start, solve and evaluate in one kernel call. q (dof,) holds
    q0 when has_q0 is 1 and receives the answer; trace_buffer (rows, dof) receives the
    iterates (None: no trace). None (nothing solved) when the kernel finds T or q0 bad.
    A q0 outside the limits is moved inside."""
    return _answer(robot, plan, T, task, q, _run_kernel(packed, plan, T, task, q, has_q0, seed,
                                                        objectives, trace_buffer, rows),
                   trace_buffer, notes, rows)


def _answer(robot: Robot, plan: _Plan, T: NDArray[np.float64], task: NDArray[np.float64],
            q: NDArray[np.float64], out: Any, trace_buffer: NDArray[np.float64] | None,
            notes: list[str], rows: tuple = NO_ROWS) -> IKResult | None:
    """The IKResult of a solve whose answer is q (dof,), from the kernel's `Answer`
    fields (`front.answer_fields`); None when the kernel found T or q0 bad. T (4, 4) and task (3, 6)
    are the target's; trace_buffer holds the iterates (None: no trace)."""
    out = Answer._make(out)
    if out.code != INPUT_OK:
        return None
    if out.moved:
        notes.append(_moved_note("q0"))
    trace = None if trace_buffer is None else trace_buffer[:out.trace_length].copy()
    trace_errors = None if trace is None else trace_error_history(robot, trace, T, task[0])
    kept = out.slack >= -SLACK_TOLERANCE
    success = out.met and out.inside and kept
    reason = "converged" if success else _failure_reason(
        robot, T, task, out.status, out.inside, out.timed_out, out.searches, notes, plan.options)
    min_distance = out.slack + rows.margin if isinstance(rows, LinkDistances) else None
    if not success and rows is not NO_ROWS and not reason.startswith("unreachable"):
        what = "collision-free solution" if min_distance is not None else \
            "solution keeping the constraints"
        reason = f"no {what} found in {out.searches} searches: closest configuration returned"
    return IKResult(q, success, out.position_error, out.rotation_error, out.iterations,
                    max(out.searches - 1, 0), reason, plan.method.name, trace, tuple(notes),
                    min_distance, trace_errors)


def _run_kernel(packed: _Packed, plan: _Plan, T: NDArray[np.float64],
                task: NDArray[np.float64], q: NDArray[np.float64], has_q0: int, seed: int,
                objectives: tuple | None, trace_buffer: NDArray[np.float64] | None,
                rows: tuple = NO_ROWS) -> Any:
    """`solve_plain`, or `solve_checked` with objectives, a trace buffer or rows, with the plan's
    records: the kernel's `Answer` fields. The first plain call compiles (or loads) solve_plain
    for the plan's record types and keeps its entry point for `ik`'s fast path."""
    if objectives is None and trace_buffer is None and rows is NO_ROWS:
        if plan.entry is None:
            note_if_compiling(solve_plain, plan.rule)
            entry = plain_entry(plan.budget, plan.rule)
            _remember_entry(plan, entry)
            plan = plan._replace(entry=entry)
        return plan.entry(packed.robot, T, task, plan.budget, plan.rule, q, has_q0, seed)
    note_if_compiling(solve_checked, plan.rule)
    if trace_buffer is None:
        trace_buffer = np.empty((0, packed.dof))
    return solve_checked(packed.robot, T, task, plan.budget, plan.rule, rows, q, has_q0, seed,
                         objectives, trace_buffer)


def _remember_entry(plan: _Plan, entry: Any) -> None:
    """Store the entry point in every cached plan with the same record types."""
    for key, cached in list(_PLANS.items()):
        if cached.entry is None and cached.fast and type(cached.rule) is type(plan.rule):
            _PLANS[key] = cached._replace(entry=entry)


def _batch_targets(targets: Any) -> tuple[NDArray[np.float64], NDArray[np.float64], list[Target] | None]:
    """(T (N, 4, 4), tasks (N, 3, 6), Target list or None) from an array or a list."""
    if isinstance(targets, np.ndarray) and targets.ndim != 1:
        if targets.ndim != 3:
            raise TargetError(f"targets must be an (N, 4, 4) array of poses or a list of Targets, "
                              f"got an array of shape {targets.shape}"
                              + ("; for one pose use reachkit.ik" if targets.shape == (4, 4) else ""))
        poses = validate.pose(targets, "targets", batch=True)
        tasks = np.broadcast_to(FULL_POSE_TASK, (poses.shape[0], 3, 6)).copy()
        return poses, tasks, None
    if isinstance(targets, (Target, str, bytes)) or not isinstance(targets, Iterable):
        raise TargetError(f"targets must be an (N, 4, 4) array of poses or a list of Targets, "
                          f"got {type(targets).__name__}")
    items = [as_target(t) for t in targets]
    if not items:
        return np.empty((0, 4, 4)), np.empty((0, 3, 6)), []
    return np.stack([t.T for t in items]), np.stack([t.task() for t in items]), items


def ik_batch(robot: Robot, targets: Any, method: str = "lm", q0: ArrayLike | None = None,
             seed: int | None = None, joint_limits: bool = True,
             secondary: Sequence[Objective] | None = None, progress: bool | None = None,
             chunk_size: int = 4096, constraints: Sequence[Any] | None = None,
             scene: Any = None, self_collision: bool = False, margin: float = 0.0,
             **options: Any) -> BatchResult:
    """Solve many targets in one parallel kernel.

    targets: (N, 4, 4) poses or a list of `Target`s / poses. q0: None, (dof,) for every
    target, or (N, dof) warm starts. progress: show a progress bar (None: only when
    N > 20,000). The same seed gives the same answers, whatever the thread count.
    Other arguments as in `ik`; with options.time_limit, chunks not started in time are
    returned unsolved (success False). No targets give an empty `BatchResult`. A q0 outside
    the limits is moved inside them, noted in `BatchResult.notes`. Raises as `ik` does.
    """
    robot = _check_robot(robot)
    joint_limits = _flag(joint_limits, "joint_limits")
    if progress is not None:
        progress = _flag(progress, "progress")
    if isinstance(chunk_size, (bool, np.bool_)) or not isinstance(chunk_size, (int, np.integer)) \
            or chunk_size < 1:
        raise OptionsError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    plan = _resolve(method, options, joint_limits)
    meth, opts, budget = plan.method, plan.options, plan.budget
    poses, tasks, items = _batch_targets(targets)
    n_targets = poses.shape[0]
    robot_vector, objective_arrays = _kernel_arrays(robot, secondary, meth)  # checks secondary
    _check_coupled(robot, meth, secondary)
    rows = _rows(constraints, meth, robot, (scene, self_collision, margin))
    q_start, notes = _start(robot, q0 if q0 is not None else _rest_start(secondary), joint_limits,
                            batch=True)
    has_q0 = q_start is not None
    if has_q0 and q_start.ndim == 1:
        q_start = np.broadcast_to(q_start, (n_targets, robot.dof))
    if has_q0 and q_start.shape[0] != n_targets:
        raise TargetError(f"q0 has {q_start.shape[0]} rows for {n_targets} targets; give one "
                          f"start per target, shape ({n_targets}, {robot.dof}), or one (dof,) for all")
    # A writeable C-contiguous copy: the kernel is compiled for such arrays (a read-only
    # broadcast view would compile it a second time).
    q_out = np.array(q_start, dtype=np.float64, order="C") if has_q0 \
        else np.zeros((n_targets, robot.dof))
    codes = np.ones(n_targets, dtype=np.int64)
    iterations = np.zeros(n_targets, dtype=np.int64)
    searches = np.ones(n_targets, dtype=np.int64)
    if opts.time_limit is not None:
        budget = budget._replace(deadline=time.monotonic() + float(opts.time_limit))
    show = progress if progress is not None else n_targets > 20_000
    bar = None
    step = max(1, int(chunk_size))
    note_if_compiling(solve_batch, plan.rule)
    for start in range(0 if n_targets else -1, n_targets, step):  # start -1: compile only
        if start > 0 and budget.deadline < time.monotonic():  # the rest stays unsolved
            codes[start:] = 3
            break
        part = slice(max(start, 0), min(start + step, n_targets))

        def solve_lane(lane: int, lanes: int, part: slice = part) -> None:
            solve_batch(robot_vector, poses[part], tasks[part], budget, plan.rule,
                        lane_rows(rows, lane), q_out[part], int(has_q0), _seed(seed),
                        objective_arrays, q_out[part], codes[part], iterations[part],
                        searches[part], lane, lanes)

        run_lanes(solve_lane, part.stop - part.start)
        if bar is None and start == 0:  # compiled (or loaded) by now: the rate starts here
            bar = _progress_bar(n_targets, show, meth.name)
        if bar is not None:
            bar.update(part.stop - part.start)
    if bar is not None:
        bar.close()
    unstarted = int(np.count_nonzero(codes == 3))
    if unstarted:
        notes.append(f"time limit reached: {unstarted} of {n_targets} targets not solved")
    result = _batch_result(robot, poses, tasks, q_out, iterations, searches, opts, joint_limits,
                           meth.name, notes)
    result.success[codes == 4] = False  # a constraint not kept
    return result


def _progress_bar(total: int, show: bool, name: str) -> Any:
    if not show:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=f"reachkit ik_batch ({name})", unit="solve")


def _batch_result(robot: Robot, poses: NDArray[np.float64], tasks: NDArray[np.float64],
                  q_out: NDArray[np.float64], iterations: NDArray[np.int64],
                  searches: NDArray[np.int64], opts: IKOptions, joint_limits: bool,
                  name: str, notes: list[str]) -> BatchResult:
    """Errors and success of every answer, checked by forward kinematics."""
    n_targets = q_out.shape[0]
    p_err = np.zeros(n_targets)
    r_err = np.zeros(n_targets)
    success = np.zeros(n_targets, dtype=np.bool_)
    chain, coupling = robot.driven_chain
    q_chain = q_out if coupling is None else np.ascontiguousarray(coupling.expand(q_out))
    evaluate_batch(chain.fixed, chain.kinds, chain.offsets, q_chain, poses, tasks, robot.limits[0],
                   robot.limits[1], opts.position_tolerance, opts.rotation_tolerance,
                   joint_limits and coupling is None, 1e-9, p_err, r_err, success)
    if joint_limits and coupling is not None:  # the limits bound the joint values, not the chain
        success &= robot.within_limits(q_out, 1e-9)
    return BatchResult(q=q_out, success=success, position_error=p_err, rotation_error=r_err,
                       iterations=iterations, restarts=searches - 1, method=name,
                       notes=tuple(notes))
