"""The cheap front door of `ik`: the result record, the caches and the fast path must
behave exactly like the fully checked path."""

from __future__ import annotations

import pickle
from unittest import mock

import numba
import numpy as np
import pytest

import reachkit as rk
from reachkit.ik import solve
from reachkit.ik.seeds import seed_table
from reachkit.kernels.ik.front import plain_signature, solve_plain
from reachkit.kernels.ik.robot import unpack_robot

PANDA = rk.models.load("panda")


def _result() -> rk.IKResult:
    return rk.IKResult(q=np.array([0.1, -0.2]), success=True, position_error=1e-7,
                       rotation_error=2e-7, iterations=5, restarts=0, reason="converged",
                       method="lm")


# ---- IKResult --------------------------------------------------------------------------
def test_ik_result_is_an_immutable_record_with_its_documented_fields() -> None:
    res = _result()
    assert rk.IKResult._fields == (
        "q", "success", "position_error", "rotation_error", "iterations", "restarts", "reason",
        "method", "trace", "notes", "min_distance", "trace_errors")
    assert res.trace is None and res.trace_errors is None and res.notes == ()
    with pytest.raises(AttributeError):
        res.success = False  # type: ignore[misc]
    with pytest.raises(AttributeError):
        res.extra = 1  # type: ignore[attr-defined]
    assert "IKResult(success=True, q=[ 0.1, -0.2]" in repr(res) and "method='lm'" in repr(res)


def test_ik_result_positional_keyword_replace_and_pickle_agree() -> None:
    res = _result()
    positional = rk.IKResult(res.q, True, 1e-7, 2e-7, 5, 0, "converged", "lm", None, ())
    assert positional[1:] == res[1:]
    changed = res._replace(reason="other", notes=("n",))
    assert changed.reason == "other" and changed.notes == ("n",) and changed.q is res.q
    back = pickle.loads(pickle.dumps(res))
    assert type(back) is rk.IKResult
    assert np.array_equal(back.q, res.q) and back.reason == res.reason and back.notes == ()
    assert res == res._replace() and res._asdict()["iterations"] == 5


def test_the_fast_path_builds_the_same_record_as_the_constructor() -> None:
    T = PANDA.fk(PANDA.random_q(seed=3))
    q0 = PANDA.random_q(seed=4)
    fast = rk.ik(PANDA, T, q0=q0)
    checked = rk.ik(PANDA, rk.Target(T), q0=list(q0))  # a list takes the checked path
    assert type(fast) is rk.IKResult and fast.success
    rebuilt = rk.IKResult(*fast)
    assert rebuilt[1:] == fast[1:] and rebuilt.q is fast.q
    assert fast[1:] == checked[1:] and np.array_equal(fast.q, checked.q)


# ---- caches ----------------------------------------------------------------------------
def test_a_robot_is_packed_once_and_its_entry_goes_with_it() -> None:
    import gc

    robot = rk.models.load("ur5")
    T = robot.fk(robot.random_q(seed=1))
    first = rk.ik(robot, T, seed=1)
    key = id(robot)
    packed = solve._PACKED[key]
    assert rk.ik(robot, T, seed=1).q.tobytes() == first.q.tobytes()
    assert solve._PACKED[key] is packed and packed.dof == robot.dof
    arm, (table_q, table_poses, scale, grid, cell_start) = unpack_robot(packed.robot)
    arrays = (arm.fixed, arm.chain_kinds, arm.offsets, arm.kinds, arm.lower, arm.upper,
              arm.sample_lower, arm.sample_upper)
    assert not arm.coupled  # an ordinary arm: chain joint i is joint value i
    table = seed_table(robot)
    expected = (robot.chain.fixed, robot.chain.kinds, robot.chain.offsets, robot.chain.kinds,
                *robot.limits, *robot.sampling_bounds(), table.q, table.poses, table.grid,
                table.cell_start)
    for a, b in zip((*arrays, table_q, table_poses, grid, cell_start), expected, strict=True):
        assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    assert scale == table.scale and not packed.robot.flags.writeable
    del robot
    gc.collect()
    assert key not in solve._PACKED


def test_the_plan_cache_holds_valid_option_sets_only() -> None:
    with pytest.raises(rk.OptionsError):
        rk.ik(PANDA, np.eye(4), method="lm", max_iterations=0)
    assert ("lm", (("max_iterations", int, 0),), True) not in solve._PLANS
    rk.ik(PANDA, PANDA.fk(np.zeros(7)), method="LM", max_iterations=20)
    assert ("LM", (("max_iterations", int, 20),), True) in solve._PLANS
    with pytest.raises(rk.OptionsError, match="max_iterations"):  # the cache never skips the check
        rk.ik(PANDA, np.eye(4), method="LM", max_iterations=20.0)


# ---- the fast path ---------------------------------------------------------------------
UR5 = rk.models.load("ur5")
Q = PANDA.random_q(4, seed=1)
POSES = PANDA.fk(Q)
STARTS = PANDA.random_q(4, seed=2)


def fast(robot: rk.Robot, target, method: str = "lm", q0=None, seed=None, joint_limits=True,
         secondary=None, trace=False, **options) -> rk.IKResult | None:
    """`rk.ik`'s inline fast path alone: None when it declines the call (hands it to the
    checked path, stubbed out here)."""
    with mock.patch.object(solve, "_ik_checked", lambda *args: None):
        return rk.ik(robot, target, method, q0, seed, joint_limits, secondary, trace, **options)


def checked(robot: rk.Robot, target, method: str = "lm", q0=None, seed=None, joint_limits=True,
            secondary=None, trace=False, **options) -> rk.IKResult:
    """The path that checks every input in Python first."""
    return solve._ik_checked(robot, target, method, q0, seed, joint_limits, secondary, trace,
                             options)


def _same(a: rk.IKResult, b: rk.IKResult) -> None:
    """Equal bit for bit, field by field."""
    assert a.q.tobytes() == b.q.tobytes()
    for name in ("success", "position_error", "rotation_error", "iterations", "restarts",
                 "reason", "method", "notes"):
        x, y = getattr(a, name), getattr(b, name)
        assert type(x) is type(y) and x == y, name
    assert (a.trace is None) == (b.trace is None)


def test_the_common_calls_take_the_fast_path() -> None:
    for call in ({}, {"q0": STARTS[0]}, {"seed": -3, "joint_limits": False},
                 {"method": "dls", "q0": STARTS[0]}, {"method": "ccd", "max_iterations": 50}):
        checked(PANDA, POSES[0], **call)  # each plan is cached by its first, checked call
        assert fast(PANDA, POSES[0], **call) is not None, call
    for target in (rk.Target(POSES[1]), rk.Target(POSES[1], mask=[1, 1, 1, 0, 0, 1])):
        assert fast(PANDA, target, q0=STARTS[1]) is not None


def _fits(value: object, expected: numba.types.Type) -> bool:
    """Whether the compiled entry point, which checks no type, reads `value` correctly
    where it expects `expected`: the same scalar type, or an array of the same dtype and
    dimensions whose layout the entry takes (any layout where it expects "A")."""
    seen = numba.typeof(value)
    if not isinstance(expected, numba.types.Array):
        return seen == expected
    return (isinstance(seen, numba.types.Array) and seen.dtype == expected.dtype
            and seen.ndim == expected.ndim and expected.layout in ("A", seen.layout))


def test_every_fast_call_hands_the_entry_point_arguments_of_its_types() -> None:
    """The fast path calls solve_plain's compiled entry directly, which checks no type:
    every kind of call it takes must hand the kernel arguments that fit its signature."""
    for robot in (PANDA, UR5):  # packed by a first call
        for limits in (True, False):
            rk.ik(robot, robot.fk(np.zeros(robot.dof)), joint_limits=limits)
    plan = solve._PLANS[("lm", (), True)]
    signature = plain_signature(plan.budget, plan.rule)
    entry = plan.entry
    assert entry is solve_plain.overloads[signature].entry_point
    calls = []

    def record(*args: object) -> tuple:
        calls.append(args)
        return entry(*args)

    strided_pose = np.repeat(POSES[0], 2, axis=1)[:, ::2]  # not contiguous
    read_only_pose = POSES[0].copy()
    read_only_pose.setflags(write=False)
    recording = {key: plan._replace(entry=record) for key, plan in solve._PLANS.items()
                 if plan.entry is entry}
    with mock.patch.dict(solve._PLANS, recording):
        for call in ({}, {"q0": STARTS[0]}, {"seed": -3, "joint_limits": False},
                     {"q0": np.repeat(STARTS[0], 2)[::2]}, {"seed": 2**70}):
            assert fast(PANDA, POSES[0], **call) is not None
        for pose in (strided_pose, read_only_pose, np.asfortranarray(POSES[0])):
            assert fast(PANDA, pose, q0=STARTS[0]) is not None
        for target in (rk.Target(POSES[1]), rk.Target.position(POSES[1][:3, 3]),
                       rk.Target(POSES[1], mask=[1, 1, 1, 0, 0, 1])):
            assert fast(PANDA, target, q0=STARTS[1]) is not None
            assert fast(UR5, target) is not None
    assert len(calls) == 14
    for args in calls:
        assert all(_fits(value, expected) for value, expected in zip(args, signature, strict=True))


def test_poses_of_any_layout_give_the_same_answer() -> None:
    strided_pose = np.repeat(POSES[0], 2, axis=1)[:, ::2]
    answers = [rk.ik(PANDA, pose, q0=STARTS[0]) for pose in
               (POSES[0], strided_pose, np.asfortranarray(POSES[0]), rk.Target(POSES[0]))]
    for res in answers[1:]:
        np.testing.assert_array_equal(res.q, answers[0].q)
        assert res[1:] == answers[0][1:]


def test_a_wrong_pose_shape_or_start_length_reaches_the_checked_errors() -> None:
    with pytest.raises(rk.TargetError):
        rk.ik(PANDA, np.eye(3))
    with pytest.raises(rk.TargetError):
        rk.ik(PANDA, np.eye(5))
    with pytest.raises(rk.TargetError):
        rk.ik(PANDA, POSES[0], q0=np.zeros(PANDA.dof + 1))
    with pytest.raises(rk.TargetError):
        rk.ik(PANDA, POSES[0], q0=np.zeros(PANDA.dof - 1))


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # np.matrix
def test_the_fast_path_declines_what_it_does_not_check() -> None:
    checked(PANDA, POSES[0], time_limit=1.0)
    T, q0 = POSES[0], STARTS[0]
    for call in ({"seed": True}, {"seed": np.int64(3)}, {"joint_limits": np.True_},
                 {"method": "nope"}, {"time_limit": 1.0}, {"q0": q0.tolist()},
                 {"q0": q0[:6]}, {"q0": q0.astype(np.float32)}):
        assert fast(PANDA, T, **call) is None, call
    read_only = q0.copy()
    read_only.setflags(write=False)
    for start in (np.repeat(q0, 2)[::2], read_only):  # copied before the kernel reads them
        _same(fast(PANDA, T, q0=start), checked(PANDA, T, q0=q0))
    for pose in (T.tolist(), T.astype(np.float32), np.asmatrix(T), None, "T"):
        assert fast(PANDA, pose, q0=q0) is None
    for pose in (T[:3], np.eye(5), T[None]):  # the kernel refuses the shape: checked path
        assert fast(PANDA, pose, q0=q0) is None
    assert fast(PANDA, T, q0=q0, secondary=[]) is None
    assert fast(PANDA, T, q0=q0, trace=True) is None
    assert fast("panda", T, q0=q0) is None


@pytest.mark.parametrize("method", ["lm", "nr", "dls", "ccd"])
@pytest.mark.parametrize("k", range(len(POSES)))
def test_fast_and_checked_paths_give_the_same_answers(method: str, k: int) -> None:
    for kwargs in ({"q0": STARTS[k]}, {}, {"seed": 2**40 + k}, {"q0": STARTS[k], "seed": -7},
                   {"q0": STARTS[k], "joint_limits": False}):
        expected = checked(PANDA, POSES[k], method=method, **kwargs)
        _same(fast(PANDA, POSES[k], method=method, **kwargs), expected)
        _same(rk.ik(PANDA, POSES[k], method=method, **kwargs), expected)
        _same(PANDA.ik(POSES[k], method=method, **kwargs), expected)
    target = rk.Target(POSES[k], mask=[1, 1, 1, 1, 0, 1], weights=[1, 1, 1, 2, 1, 1])
    _same(fast(PANDA, target, method, STARTS[k]), checked(PANDA, target, method, STARTS[k]))


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # np.matrix
def test_any_kind_of_pose_and_q0_gives_the_answer_of_plain_arrays() -> None:
    T, q0 = POSES[0], STARTS[0]
    plain = rk.ik(PANDA, T, q0=q0)
    read_only = T.copy()
    read_only.setflags(write=False)
    for pose in (T.tolist(), np.asfortranarray(T), np.repeat(T, 2, axis=1)[:, ::2], read_only,
                 rk.Target(T), np.asmatrix(T)):
        _same(rk.ik(PANDA, pose, q0=q0), plain)
    q0_read_only = q0.copy()
    q0_read_only.setflags(write=False)
    for start in (list(q0), tuple(q0), np.repeat(q0, 2)[::2], q0_read_only):
        _same(rk.ik(PANDA, T, q0=start), plain)
    single = q0.astype(np.float32)
    _same(rk.ik(PANDA, T, q0=single), rk.ik(PANDA, T, q0=single.astype(np.float64)))
    integer = rk.ik(UR5, np.eye(4, dtype=int), q0=np.zeros(6, dtype=int), method="dls")
    _same(integer, rk.ik(UR5, np.eye(4), q0=np.zeros(6), method="dls"))


def test_q0_outside_the_limits_is_moved_and_noted_on_the_fast_path() -> None:
    q0 = PANDA.limits[1] + 0.5
    original = q0.copy()
    for joint_limits in (True, False):
        checked(PANDA, POSES[0], q0=q0, joint_limits=joint_limits)
    res = fast(PANDA, POSES[0], q0=q0)
    _same(res, checked(PANDA, POSES[0], q0=q0))
    assert res.notes == ("q0 was outside the joint limits and was moved inside them",)
    assert PANDA.within_limits(res.q) and np.array_equal(q0, original)  # the caller's q0 untouched
    assert fast(PANDA, POSES[0], q0=q0, joint_limits=False).notes == ()


def _bad_poses() -> dict[str, np.ndarray]:
    poses = {name: POSES[0].copy() for name in ("nan", "inf", "skew", "bottom", "scaled")}
    poses["nan"][0, 0] = np.nan
    poses["inf"][2, 3] = -np.inf
    poses["skew"][0, 1] += 1e-3
    poses["bottom"][3, 2] = 1e-4
    poses["scaled"][:3, :3] *= 1.01
    return poses


@pytest.mark.parametrize("bad", ["nan", "inf", "skew", "bottom", "scaled"])
def test_a_bad_pose_on_the_fast_path_raises_the_checked_error(bad: str) -> None:
    pose = _bad_poses()[bad]
    with pytest.raises(rk.TargetError) as expected:
        checked(PANDA, pose, q0=STARTS[0])
    for q0 in (STARTS[0], None, np.full(7, np.nan)):  # the pose is reported before q0
        assert fast(PANDA, pose, q0=q0) is None
        with pytest.raises(rk.TargetError) as raised:
            rk.ik(PANDA, pose, q0=q0)
        assert str(raised.value) == str(expected.value)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_bad_q0_on_the_fast_path_raises_the_checked_error(bad: float) -> None:
    q0 = STARTS[0].copy()
    q0[3] = bad
    with pytest.raises(rk.TargetError, match="q0 contains NaN or inf") as expected:
        checked(PANDA, POSES[0], q0=q0)
    for target in (POSES[0], rk.Target(POSES[0])):
        assert fast(PANDA, target, q0=q0) is None
        with pytest.raises(rk.TargetError) as raised:
            rk.ik(PANDA, target, q0=q0)
        assert str(raised.value) == str(expected.value)


def test_other_bad_arguments_raise_as_before() -> None:
    q0 = STARTS[0]
    with pytest.raises(rk.TargetError, match="shape"):
        rk.ik(PANDA, POSES[0], q0=q0[:6])
    with pytest.raises(rk.OptionsError, match="seed"):
        rk.ik(PANDA, POSES[0], q0=q0, seed=True)
    with pytest.raises(rk.OptionsError, match="seed"):
        rk.ik(PANDA, POSES[0], q0=q0, seed=1.0)
    with pytest.raises(rk.OptionsError, match="joint_limits"):
        rk.ik(PANDA, POSES[0], q0=q0, joint_limits=1)
    with pytest.raises(rk.OptionsError, match="unknown IK method"):
        rk.ik(PANDA, POSES[0], method=["lm"])
    with pytest.raises(rk.ModelError):
        rk.ik("panda", POSES[0])
    with pytest.raises(rk.TargetError, match="NaN"):  # the pose before the options
        rk.ik(PANDA, _bad_poses()["nan"], q0=q0, max_iterations=-1)
