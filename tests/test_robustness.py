"""Robustness of the numerical solvers: property-based fuzzing over random robots and
targets, singular configurations, workspace boundaries, degenerate chains, bounded work
(iterations and wall-clock time) and determinism (seeds, batch chunking, Numba threads,
Python threads).

What every solve must satisfy, whatever the robot, target and method:
  * no exception (the inputs are valid), no NaN or inf anywhere in the result;
  * success=True only when FK of the answer meets the target (checked here with
    robot.fk and reachkit.spatial.pose_error) and the answer lies inside the limits;
  * iterations <= max_iterations * (1 + max_restarts) + max(max_iterations, 100) (one polishing pass).
"""

from __future__ import annotations

import math
import threading
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reachkit as rk
from reachkit import spatial as sp
from reachkit.ik.reach import compute_reach_bound

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")  # a NumPy overflow or NaN warning is a failure

METHODS = ("lm", "nr", "gn", "dls", "pinv", "jt", "fd", "ccd")
MAX_ITERATIONS = 50
MAX_RESTARTS = 2
BUDGET = dict(max_iterations=MAX_ITERATIONS, max_restarts=MAX_RESTARTS)
ITERATION_BOUND = MAX_ITERATIONS * (1 + MAX_RESTARTS) + max(MAX_ITERATIONS, 100)  # + one polishing pass
TOL = 1e-6


# ---- checks ---------------------------------------------------------------------------
def fk_errors(robot: rk.Robot, q: np.ndarray, target: rk.Target) -> tuple[float, float, np.ndarray]:
    """(position error m, rotation error rad, masked error (6,)) of q, from robot.fk."""
    e = sp.pose_error(robot.fk(q), target.T) * target.mask
    return float(np.linalg.norm(e[:3])), float(np.linalg.norm(e[3:])), e


def check_answer(robot: rk.Robot, target: rk.Target, q: np.ndarray, success: bool,
                 position_error: float, rotation_error: float, iterations: int,
                 restarts: int, joint_limits: bool = True) -> None:
    assert q.shape == (robot.dof,)
    assert np.all(np.isfinite(q)), q
    assert math.isfinite(position_error) and math.isfinite(rotation_error)
    assert 0 <= iterations <= ITERATION_BOUND, iterations
    assert 0 <= restarts <= MAX_RESTARTS, restarts
    p, r, e = fk_errors(robot, q, target)
    np.testing.assert_allclose([position_error, rotation_error], [p, r], rtol=1e-9, atol=1e-12)
    if success:
        assert p <= TOL and r <= TOL, (p, r)
        assert np.all(np.abs(e) <= target.tolerances)
        if joint_limits:
            assert robot.within_limits(q)


def check_result(robot: rk.Robot, target: rk.Target, res: rk.IKResult, joint_limits: bool = True) -> None:
    check_answer(robot, target, res.q, res.success, res.position_error, res.rotation_error,
                 res.iterations, res.restarts, joint_limits)
    assert isinstance(res.reason, str) and res.reason
    if res.success:
        assert res.reason == "converged"


def check_batch(robot: rk.Robot, targets: list[rk.Target], out: rk.BatchResult) -> None:
    assert len(out) == len(targets) and out.q.shape == (len(targets), robot.dof)
    for k, target in enumerate(targets):
        check_answer(robot, target, out.q[k], bool(out.success[k]), float(out.position_error[k]),
                     float(out.rotation_error[k]), int(out.iterations[k]), int(out.restarts[k]))


# ---- random robots and targets ---------------------------------------------------------
_ANGLE = st.one_of(st.sampled_from([0.0, math.pi / 2, -math.pi / 2, math.pi]),
                   st.floats(-math.pi, math.pi, allow_nan=False))
_LENGTH = st.one_of(st.sampled_from([0.0, 1e-9, 1.0]), st.floats(-1.0, 1.0, allow_nan=False))


def _random_rigid(rng: np.random.Generator) -> np.ndarray:
    return sp.transform(sp.rotvec_to_matrix(rng.normal(size=3)), rng.normal(size=3) * 0.3)


@st.composite
def random_robots(draw: st.DrawFn) -> rk.Robot:
    """Any DH chain: 1 to 30 joints, about a quarter prismatic, standard or modified,
    lengths including 0 (aligned axes) and angles including 0 and +-pi/2, each joint
    limited or not (limits of zero width and half-open limits included), optional base
    and tool."""
    n = draw(st.integers(1, 30))
    convention = draw(st.sampled_from(["standard", "modified"]))
    limited = draw(st.sampled_from(["none", "all", "some"]))
    rows = []
    for _ in range(n):
        prismatic = draw(st.integers(0, 3)) == 0
        qlim = None
        if limited == "all" or (limited == "some" and draw(st.booleans())):
            if prismatic:
                lower = draw(st.floats(-1.0, 0.5))
                qlim = (lower, lower + draw(st.sampled_from([0.0, 0.3, 1.0])))
            else:
                lower = draw(st.floats(-math.pi, math.pi))
                qlim = (lower, lower + draw(st.one_of(st.just(0.0), st.floats(0.0, 2 * math.pi))))
            half_open = draw(st.integers(0, 5))  # one side unlimited now and then
            if half_open == 0:
                qlim = (-math.inf, qlim[1])
            elif half_open == 1:
                qlim = (qlim[0], math.inf)
        if prismatic:
            rows.append(rk.DH(theta=draw(_ANGLE), a=draw(_LENGTH), alpha=draw(_ANGLE),
                              offset=draw(_LENGTH), prismatic=True, qlim=qlim))
        else:
            rows.append(rk.DH(d=draw(_LENGTH), a=draw(_LENGTH), alpha=draw(_ANGLE),
                              offset=draw(_ANGLE), qlim=qlim))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    base = _random_rigid(rng) if draw(st.booleans()) else None
    tool = _random_rigid(rng) if draw(st.booleans()) else None
    return rk.Robot.from_dh(rows, convention=convention, base=base, tool=tool)


def random_targets(robot: rk.Robot, seed: int, count: int = 3) -> list[rk.Target]:
    """count targets, every third one out of reach (pushed beyond the reach bound), with
    full-pose, position-only and random masks."""
    rng = np.random.default_rng(seed)
    origin, radius = compute_reach_bound(robot)
    targets = []
    for k in range(count):
        T = robot.fk(robot.random_q(seed=rng))
        if k % 3 == 2:  # out of reach
            direction = rng.normal(size=3)
            direction /= np.linalg.norm(direction)
            reach = radius if np.isfinite(radius) else 10.0
            T[:3, 3] = origin + direction * (reach + 0.5 + rng.uniform(0.0, 2.0))
        kind = rng.integers(3)
        if kind == 0:
            targets.append(rk.Target(T))
        elif kind == 1:
            targets.append(rk.Target.position(T[:3, 3]))
        else:
            mask = rng.integers(0, 2, size=6)
            mask[rng.integers(6)] = 1
            targets.append(rk.Target(T, mask=mask, weights=rng.uniform(0.1, 3.0, size=6)))
    return targets


@settings(max_examples=400, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(robot=random_robots(), seed=st.integers(0, 2**32 - 1))
def test_every_method_on_random_robots_and_targets(robot: rk.Robot, seed: int) -> None:
    targets = random_targets(robot, seed)
    for method in METHODS:
        for target in targets:
            check_result(robot, target, rk.ik(robot, target, method=method, seed=seed, **BUDGET))


@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(robot=random_robots(), seed=st.integers(0, 2**32 - 1), method=st.sampled_from(METHODS),
       warm=st.booleans())
def test_batches_on_random_robots(robot: rk.Robot, seed: int, method: str, warm: bool) -> None:
    targets = random_targets(robot, seed, count=6)
    q0 = robot.random_q(len(targets), seed=seed) * 3.0 if warm else None  # often outside the limits
    out = rk.ik_batch(robot, targets, method=method, q0=q0, seed=seed, **BUDGET)
    check_batch(robot, targets, out)
    again = rk.ik_batch(robot, targets, method=method, q0=q0, seed=seed, chunk_size=4, **BUDGET)
    np.testing.assert_array_equal(out.q, again.q)


@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(robot=random_robots(), seed=st.integers(0, 2**32 - 1))
def test_without_limits_and_with_a_start_on_random_robots(robot: rk.Robot, seed: int) -> None:
    rng = np.random.default_rng(seed)
    for method, target in zip(METHODS, random_targets(robot, seed, count=len(METHODS))):
        q0 = rng.uniform(-10.0, 10.0, size=robot.dof)
        res = rk.ik(robot, target, method=method, q0=q0, joint_limits=False, **BUDGET)
        check_result(robot, target, res, joint_limits=False)
        res = rk.ik(robot, target, method=method, q0=q0, trace=True, **BUDGET)
        check_result(robot, target, res)
        assert res.trace is not None and np.all(np.isfinite(res.trace))
        assert len(res.trace) <= ITERATION_BOUND + MAX_RESTARTS + 2  # one row per iterate and per start
        assert np.all(robot.within_limits(res.trace))


_MATRIX_ENTRY = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                          st.sampled_from([0.0, 1.0, -1.0, 1e-300, 1e300]))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(entries=st.lists(_MATRIX_ENTRY, min_size=16, max_size=16),
       method=st.sampled_from(METHODS))
def test_arbitrary_matrices_as_targets_only_raise_target_errors(entries: list[float], method: str) -> None:
    robot = rk.models.load("puma560")
    T = np.array(entries).reshape(4, 4)
    try:
        res = rk.ik(robot, T, method=method, **BUDGET)
    except rk.TargetError:
        return
    check_result(robot, rk.Target(T), res)


_WEIGHT = st.sampled_from([0.0, 1e-300, 1e-9, 1.0, 1e6, 1e300])


@settings(max_examples=100, deadline=None, derandomize=True)
@given(p=st.lists(st.floats(-1e6, 1e6), min_size=3, max_size=3),
       weights=st.lists(_WEIGHT, min_size=3, max_size=3),
       method=st.sampled_from(METHODS))
def test_extreme_position_targets_and_weights(p: list[float], weights: list[float], method: str) -> None:
    robot = rk.models.load("stanford")  # a prismatic joint
    try:
        target = rk.Target.position(p, weights=weights)
    except rk.TargetError:  # all-zero weights
        assert not any(weights)
        return
    check_result(robot, target, rk.ik(robot, target, method=method, **BUDGET))


@settings(max_examples=100, deadline=None, derandomize=True)
@given(weights=st.lists(_WEIGHT, min_size=6, max_size=6).filter(any),
       seed=st.integers(0, 2**32 - 1), reachable=st.booleans(), method=st.sampled_from(METHODS))
def test_extreme_weights_on_full_poses(weights: list[float], seed: int, reachable: bool, method: str) -> None:
    robot = rk.models.load("ur5")
    T = robot.fk(robot.random_q(seed=seed))
    if not reachable:
        T[:3, 3] *= 3.0
    target = rk.Target(T, weights=weights)
    check_result(robot, target, rk.ik(robot, target, method=method, seed=seed, **BUDGET))


@pytest.mark.parametrize("method", METHODS)
def test_overflowing_cost_still_returns_a_configuration(method: str) -> None:
    """weights 1e300 and an error of 100 km: the cost overflows to inf at every iterate, so
    no iterate is ever "better"; the answer must still be a real configuration (the start)
    inside the limits, not an uninitialised buffer."""
    robot = rk.models.load("panda")
    target = rk.Target.position([1e5, 0.0, 0.0], weights=[1e300] * 3)
    for q0 in (None, robot.limits.mean(axis=0)):
        res = rk.ik(robot, target, method=method, q0=q0, trace=True, **BUDGET)
        check_result(robot, target, res)
        assert res.trace is not None and np.all(np.isfinite(res.trace))
        assert len(res.trace) <= ITERATION_BOUND + MAX_RESTARTS + 2  # one row per iterate and per start
        assert np.all(robot.within_limits(res.trace))
        assert robot.within_limits(res.q) and not res.success
        assert res.reason.startswith("unreachable")
        if q0 is not None:
            np.testing.assert_array_equal(res.q, q0)


# ---- singularities and the workspace boundary -----------------------------------------
@pytest.mark.parametrize("method", METHODS)
def test_stretched_planar_arm_on_the_boundary(method: str) -> None:
    robot = rk.models.planar([1.0, 0.8, 0.5])
    for target in (rk.Target.planar(2.3, 0.0), rk.Target.planar(0.0, -2.3, phi=-math.pi / 2),
                   rk.Target.planar(2.3 + 1e-9, 0.0), rk.Target.planar(0.0, 0.0)):
        for q0 in (np.zeros(3), None):  # q0 = 0: start exactly at the singular stretch
            res = rk.ik(robot, target, method=method, q0=q0, **BUDGET)
            check_result(robot, target, res)


@pytest.mark.parametrize("method", METHODS)
def test_singular_starts_and_targets_on_six_axis_arms(method: str) -> None:
    for name, q_singular in (("puma560", [0.0, 0.0, -math.pi / 2, 0.0, 0.0, 0.0]),  # stretched up, wrist aligned
                             ("ur5", np.zeros(6)),  # stretched out
                             ("stanford", np.zeros(6))):  # wrist axes aligned
        robot = rk.models.load(name)
        q_singular = np.clip(q_singular, *robot.limits)
        T_boundary = robot.fk(q_singular)
        for target in (rk.Target(T_boundary), rk.Target.position(T_boundary[:3, 3])):
            res = rk.ik(robot, target, method=method, q0=q_singular, **BUDGET)
            check_result(robot, target, res)
            assert res.success and res.iterations == 0  # the start already meets the target
            nearby = rk.ik(robot, target, method=method, q0=q_singular + 1e-3, **BUDGET)
            check_result(robot, target, nearby)
        beyond = T_boundary.copy()
        beyond[:3, 3] *= 1.0 + 1e-7  # just outside along the stretch
        check_result(robot, rk.Target(beyond), rk.ik(robot, beyond, method=method, q0=q_singular, **BUDGET))


@pytest.mark.parametrize("method", METHODS)
def test_degenerate_chains_do_not_blow_up(method: str) -> None:
    """Chains whose tool cannot move (zero links about one axis, joints frozen by zero-width
    limits) or whose Jacobian is rank 1: the Jacobian and every Gram matrix are singular."""
    robots = [
        rk.Robot.from_dh([rk.DH()] * 4),  # four joints spinning a point about one axis
        rk.Robot.from_dh([rk.DH(a=1.0, qlim=(0.3, 0.3)), rk.DH(a=1.0, qlim=(-0.2, -0.2))]),
        rk.Robot.from_dh([rk.DH(prismatic=True, qlim=(0.0, 0.0))] * 3),
        rk.Robot.from_dh([rk.DH(prismatic=True)] * 3),  # three parallel prismatic joints
    ]
    for robot in robots:
        for target in (rk.Target(sp.translation(0.3, 0.2, 0.1)), rk.Target.position([0.0, 0.0, 0.5]),
                       rk.Target(robot.fk(np.zeros(robot.dof)))):
            res = rk.ik(robot, target, method=method, **BUDGET)
            check_result(robot, target, res)


@pytest.mark.parametrize("method", METHODS)
def test_huge_and_tiny_robots(method: str) -> None:
    for scale in (1e-6, 1e4):
        robot = rk.models.planar([scale, 0.8 * scale, 0.5 * scale])
        target = rk.Target.planar(1.2 * scale, 0.7 * scale)
        res = rk.ik(robot, target, method=method, position_tolerance=1e-9 * scale, **BUDGET)
        assert np.all(np.isfinite(res.q)) and res.iterations <= ITERATION_BOUND
        if res.success:
            assert fk_errors(robot, res.q, target)[0] <= 1e-9 * scale


# ---- bounded work ----------------------------------------------------------------------
@pytest.mark.parametrize("method", METHODS)
def test_iteration_budget_holds_with_and_without_time_limit(method: str) -> None:
    robot = rk.models.load("tail20")
    unreachable = rk.Target.position([30.0, 0.0, 0.0])
    for extra in ({}, {"time_limit": 10.0}):
        res = rk.ik(robot, unreachable, method=method, **BUDGET, **extra)
        check_result(robot, unreachable, res)
        assert res.restarts == MAX_RESTARTS and res.reason.startswith("unreachable")


def test_time_limit_bounds_the_wall_clock() -> None:
    robot = rk.models.load("tail20")
    unreachable = rk.Target.position([30.0, 0.0, 0.0])
    started = time.perf_counter()
    rk.ik(robot, unreachable, method="fd", max_restarts=0)
    one_search = time.perf_counter() - started  # with its polishing pass
    started = time.perf_counter()
    res = rk.ik(robot, unreachable, method="fd", max_restarts=1_000_000, time_limit=0.05)
    elapsed = time.perf_counter() - started
    assert not res.success and 0 < res.restarts < 1_000_000
    assert elapsed < 0.05 + 2 * one_search + 0.5  # overruns by at most about one search
    assert res.reason.startswith("unreachable")


def test_batch_time_limit_leaves_late_chunks_unsolved() -> None:
    robot = rk.models.load("panda")
    poses = robot.fk(robot.random_q(64, seed=3))
    out = rk.ik_batch(robot, poses, chunk_size=1, time_limit=1e-9)
    assert out.success.sum() <= 1 and np.all(np.isfinite(out.q))


# ---- determinism -----------------------------------------------------------------------
@pytest.mark.parametrize("method", METHODS)
def test_same_seed_same_answer(method: str) -> None:
    robot = rk.models.load("iiwa14")
    targets = random_targets(robot, 11, count=6)
    for target in targets:
        a = rk.ik(robot, target, method=method, seed=42, **BUDGET)
        b = rk.ik(robot, target, method=method, seed=42, **BUDGET)
        np.testing.assert_array_equal(a.q, b.q)
        assert a.iterations == b.iterations and a.restarts == b.restarts
    a = rk.ik_batch(robot, targets, method=method, seed=42, **BUDGET)
    b = rk.ik_batch(robot, targets, method=method, seed=42, **BUDGET)
    np.testing.assert_array_equal(a.q, b.q)
    np.testing.assert_array_equal(a.iterations, b.iterations)


def test_batch_answers_do_not_depend_on_numba_threads() -> None:
    import numba

    robot = rk.models.load("panda")
    targets = random_targets(robot, 5, count=40)
    before = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = rk.ik_batch(robot, targets, seed=3, **BUDGET)
        numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
        many = rk.ik_batch(robot, targets, seed=3, **BUDGET)
    finally:
        numba.set_num_threads(before)
    np.testing.assert_array_equal(one.q, many.q)


def test_python_threads_solving_at_once_get_the_sequential_answers() -> None:
    robots = [rk.models.load("panda"), rk.models.load("puma560"), rk.models.planar([1.0, 0.7])]
    jobs = []
    for r, robot in enumerate(robots):
        for k, target in enumerate(random_targets(robot, 100 + r, count=6)):
            jobs.append((robot, target, METHODS[(r + k) % len(METHODS)], k))
    sequential = [rk.ik(robot, target, method=method, seed=seed, **BUDGET).q
                  for robot, target, method, seed in jobs]
    batch_poses = robots[0].fk(robots[0].random_q(32, seed=9))
    batch_sequential = rk.ik_batch(robots[0], batch_poses, seed=1, **BUDGET).q

    results: dict[tuple[int, int], np.ndarray] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def worker(thread: int) -> None:
        try:
            start.wait()
            for repeat in range(2):
                order = range(len(jobs)) if thread % 2 == 0 else reversed(range(len(jobs)))
                for i in order:
                    robot, target, method, seed = jobs[i]
                    results[(thread, i)] = rk.ik(robot, target, method=method, seed=seed, **BUDGET).q
                results[(thread, -1 - repeat)] = rk.ik_batch(robots[0], batch_poses, seed=1, **BUDGET).q
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for (thread, i), q in results.items():
        expected = batch_sequential if i < 0 else sequential[i]
        np.testing.assert_array_equal(q, expected)


# ---- exact rigid base and tool -----------------------------------------------------------
def test_base_and_tool_within_tolerance_are_made_exactly_rigid() -> None:
    rng = np.random.default_rng(0)
    base = sp.transform(sp.rotx(0.3), [0.1, 0.2, 0.3])
    tool = sp.transform(sp.roty(-0.7), [0.0, 0.0, 0.1])
    noisy_base = base + rng.uniform(-1e-7, 1e-7, size=(4, 4))
    noisy_tool = tool + rng.uniform(-1e-7, 1e-7, size=(4, 4))
    robot = rk.Robot.from_dh([rk.DH(a=1.0), rk.DH(a=0.5, alpha=0.4)], base=noisy_base, tool=noisy_tool)
    for T in (robot.base, robot.tool):
        np.testing.assert_array_equal(T[3], [0.0, 0.0, 0.0, 1.0])
        assert sp.rotation_deviation(T[:3, :3]) < 1e-14
    np.testing.assert_allclose(robot.base, base, atol=2e-6)
    np.testing.assert_allclose(robot.tool, tool, atol=2e-6)
    q = np.array([0.4, -0.3])
    T = robot.fk(q)
    np.testing.assert_array_equal(T[3], [0.0, 0.0, 0.0, 1.0])
    np.testing.assert_allclose(robot.frames(q)[-1], T, atol=1e-14)
    assert sp.rotation_deviation(T[:3, :3]) < 1e-14
    # an exactly rigid input is kept bit for bit
    exact = rk.Robot.from_dh([rk.DH(a=1.0)], base=base, tool=tool)
    np.testing.assert_array_equal(exact.base, base)
    np.testing.assert_array_equal(exact.tool, tool)


def test_a_target_whose_searches_creep_along_joint_limits_converges() -> None:
    """Panda target 153 of `reachkit bench` (seed 0), from its shared start: searches
    toward it run into joint limits, where clamped LM steps creep. All 101 quick searches
    (0.4x in 2 steps) failed it; the patient ones from the ninth search on converge."""
    panda = rk.models.load("panda")
    from reachkit.bench.kinematics import targets

    _, poses = targets(panda, 200, 0)
    q0 = panda.random_q(200, seed=1)[153]
    res = rk.ik(panda, poses[153], q0=q0)
    assert res.success and res.restarts >= 8, (res.restarts, res.reason)
    assert np.all(sp.pose_error(panda.fk(res.q), poses[153])[:3] ** 2 <= 1e-12)
    lower, upper = panda.limits
    assert np.all((res.q >= lower) & (res.q <= upper))
