"""The numerical IK engine: success rates, limits, honesty, determinism, traces, options."""

from __future__ import annotations

import numpy as np
import pytest

import reachkit as rk
from reachkit import spatial as sp

ARMS = ["planar3r", "puma560", "stanford", "ur5", "panda", "iiwa14", "scara"]
METHODS = ["lm", "nr", "gn", "dls", "pinv", "jt", "fd", "ccd"]
TOL = 1e-6


def fk_errors(robot: rk.Robot, q: np.ndarray, target: rk.Target) -> tuple[float, float]:
    """Masked position and rotation errors of q, computed here from FK alone."""
    e = sp.pose_error(robot.fk(q), target.T) * target.mask
    return float(np.linalg.norm(e[:3])), float(np.linalg.norm(e[3:]))


def reachable_poses(robot: rk.Robot, n: int, seed: int) -> np.ndarray:
    return robot.fk(robot.random_q(n, seed=seed))


# ---- success on reachable targets -----------------------------------------------------
@pytest.mark.parametrize("name", ARMS)
def test_lm_reaches_1000_random_poses_inside_limits(name: str) -> None:
    robot = rk.models.load(name)
    poses = reachable_poses(robot, 1000, seed=11)
    out = rk.ik_batch(robot, poses, method="lm", seed=3)
    assert out.success.mean() >= 0.999
    assert np.all(robot.within_limits(out.q))
    # Every claimed success is confirmed by FK computed here.
    T = robot.fk(out.q[out.success])
    errors = np.array([sp.pose_error(T[k], p) for k, p in enumerate(poses[out.success])])
    assert np.linalg.norm(errors[:, :3], axis=1).max() <= TOL
    assert np.linalg.norm(errors[:, 3:], axis=1).max() <= TOL


# Documented success rates on position-only targets (100 random targets, random starts).
POSITION_RATES = {
    "planar3r": dict(lm=1.0, nr=1.0, gn=1.0, dls=1.0, pinv=1.0, jt=0.98, fd=1.0, ccd=1.0),
    "puma560": dict(lm=1.0, nr=1.0, gn=1.0, dls=0.98, pinv=1.0, jt=0.85, fd=1.0, ccd=0.85),
    "panda": dict(lm=1.0, nr=1.0, gn=1.0, dls=1.0, pinv=1.0, jt=0.95, fd=1.0, ccd=1.0),
}


@pytest.mark.parametrize("name", sorted(POSITION_RATES))
@pytest.mark.parametrize("method", METHODS)
def test_every_method_reaches_position_targets(name: str, method: str) -> None:
    robot = rk.models.load(name)
    points = reachable_poses(robot, 100, seed=5)[:, :3, 3]
    targets = [rk.Target.position(p) for p in points]
    out = rk.ik_batch(robot, targets, method=method, seed=1)
    assert out.success.mean() >= POSITION_RATES[name][method]
    assert np.all(robot.within_limits(out.q))
    for k in np.flatnonzero(out.success):
        assert fk_errors(robot, out.q[k], targets[k])[0] <= TOL


@pytest.mark.parametrize("method", METHODS)
def test_every_method_reaches_full_poses_on_puma(method: str) -> None:
    robot = rk.models.load("puma560")
    poses = reachable_poses(robot, 30, seed=8)
    out = rk.ik_batch(robot, poses, method=method, seed=2)
    assert out.success.mean() >= (0.7 if method == "jt" else 0.8)
    assert np.all(np.isfinite(out.q))


@pytest.mark.parametrize("variant", ["chan", "sugihara", "wampler"])
def test_lm_variants(variant: str) -> None:
    robot = rk.models.load("ur5")
    poses = reachable_poses(robot, 100, seed=21)
    out = rk.ik_batch(robot, poses, lm_variant=variant)
    assert out.success.mean() >= (0.99 if variant == "chan" else 0.9)


def test_planar_target_with_tool_angle() -> None:
    robot = rk.models.load("planar3r")
    res = rk.ik(robot, rk.Target.planar(1.2, 1.5, phi=0.3))
    assert res.success
    T = robot.fk(res.q)
    assert abs(T[0, 3] - 1.2) <= TOL and abs(T[1, 3] - 1.5) <= TOL
    assert abs(np.arctan2(T[1, 0], T[0, 0]) - 0.3) <= TOL
    assert abs(np.sum(res.q) - 0.3) % (2 * np.pi) <= TOL  # phi = q1 + q2 + q3


@pytest.mark.parametrize("method", ["lm", "dls", "ccd"])
def test_tail20_reaches_points(method: str) -> None:
    robot = rk.models.load("tail20")
    points = reachable_poses(robot, 20, seed=4)[:, :3, 3]
    out = rk.ik_batch(robot, [rk.Target.position(p) for p in points], method=method)
    assert out.success.mean() >= 0.95
    assert np.all(robot.within_limits(out.q))


def test_robot_ik_is_rk_ik() -> None:
    robot = rk.models.load("panda")
    T = reachable_poses(robot, 1, seed=9)[0]
    a = robot.ik(T, seed=4)
    b = rk.ik(robot, T, seed=4)
    np.testing.assert_array_equal(a.q, b.q)
    assert a.success and a.reason == "converged"


def test_a_long_chain_solves_with_allocated_scratch() -> None:
    """60 joints need more scratch than the solver keeps on the stack (~40 joints)."""
    robot = rk.models.planar([0.05] * 60)
    target = rk.Target.planar(1.2, 1.1)
    for kwargs in ({}, {"q0": np.full(60, 0.05)}, {"trace": True}):
        res = rk.ik(robot, target, **kwargs)
        assert res.success and np.all(np.isfinite(res.q))
        assert np.linalg.norm(robot.fk(res.q)[:2, 3] - [1.2, 1.1]) <= 1e-6


# ---- honest failures ------------------------------------------------------------------
@pytest.mark.parametrize("method", METHODS)
def test_unreachable_point_returns_the_closest_configuration(method: str) -> None:
    robot = rk.models.planar([1.0, 0.8, 0.5])  # reach L = 2.3
    direction = np.array([np.cos(0.7), np.sin(0.7)])
    distance = 3.1
    res = rk.ik(robot, rk.Target.planar(*(distance * direction)), method=method)
    assert not res.success
    assert res.reason.startswith("unreachable")
    assert np.all(np.isfinite(res.q))
    assert res.position_error == pytest.approx(distance - 2.3, abs=1e-3)
    tip = robot.fk(res.q)[:2, 3]
    assert np.linalg.norm(tip - 2.3 * direction) <= 5e-2  # the cost is flat along the circle


def test_unreachable_orientation_is_reported_not_hidden() -> None:
    robot = rk.models.load("scara")  # 4 joints cannot tilt the tool
    T = robot.fk(robot.random_q(seed=1))
    T[:3, :3] = sp.rotx(0.5) @ T[:3, :3]
    res = rk.ik(robot, T)
    assert not res.success
    assert res.rotation_error == pytest.approx(0.5, abs=1e-3)
    assert res.position_error <= 1e-3
    assert "closest" in res.reason


def test_no_claimed_success_is_false_and_no_nan() -> None:
    rng = np.random.default_rng(0)
    robot = rk.models.load("puma560")
    poses = reachable_poses(robot, 60, seed=2)
    poses[::3, :3, 3] += rng.normal(size=(20, 3)) * 2.0  # a third pushed out of reach
    for method in METHODS:
        out = rk.ik_batch(robot, poses, method=method, max_restarts=3)
        assert np.all(np.isfinite(out.q))
        for k in np.flatnonzero(out.success):
            p, r = fk_errors(robot, out.q[k], rk.Target(poses[k]))
            assert p <= TOL and r <= TOL


def test_reported_errors_are_those_of_fk_at_the_returned_q() -> None:
    """Converged answers report the error of the search's own FK at exactly the returned
    q; answers the solver wrapped or moved, and failed ones, are evaluated again. Either
    way the figures are those of FK at res.q."""
    cases = [(rk.models.load("ur5"), None), (rk.models.load("panda"), None),
             (rk.models.load("planar3r"), [10.0, -10.0, 7.0])]  # wrapped into (-pi, pi]
    for robot, q0 in cases:
        for k in range(10):
            T = reachable_poses(robot, 1, seed=40 + k)[0]
            if k == 9:
                T[:3, 3] *= 5.0  # out of reach
            for target in (rk.Target(T), rk.Target.position(T[:3, 3])):
                res = rk.ik(robot, target, q0=q0)
                assert res.success == (k != 9)
                p, r = fk_errors(robot, res.q, target)
                assert res.position_error == pytest.approx(p, rel=1e-9, abs=1e-15)
                assert res.rotation_error == pytest.approx(r, rel=1e-9, abs=1e-15)


def test_solve_is_bounded_by_its_budget() -> None:
    robot = rk.models.load("panda")
    res = rk.ik(robot, rk.Target.position([5.0, 0.0, 0.0]), max_iterations=50, max_restarts=4)
    assert not res.success and res.reason.startswith("unreachable")
    polish = 100  # one last pass from the best configuration when no search converged
    assert res.iterations <= 50 * 5 + polish and res.restarts <= 4


def test_time_limit_stops_between_searches() -> None:
    robot = rk.models.load("tail20")
    res = rk.ik(robot, rk.Target.position([3.0, 0.0, 0.0]), method="jt", time_limit=0.05,
                max_restarts=10_000)
    assert not res.success
    assert res.restarts < 10_000


# ---- determinism, starts, traces ------------------------------------------------------
def test_same_seed_same_answer_and_batch_is_thread_independent() -> None:
    robot = rk.models.load("iiwa14")
    poses = reachable_poses(robot, 200, seed=13)
    a = rk.ik_batch(robot, poses, seed=7)
    b = rk.ik_batch(robot, poses, seed=7, chunk_size=17)
    np.testing.assert_array_equal(a.q, b.q)
    single = [rk.ik(robot, poses[0], seed=5).q for _ in range(2)]
    np.testing.assert_array_equal(single[0], single[1])


def test_warm_start_at_the_answer_takes_no_iterations() -> None:
    robot = rk.models.load("panda")
    Q = robot.random_q(50, seed=1)
    out = rk.ik_batch(robot, robot.fk(Q), q0=Q)
    assert out.success.all() and np.all(out.iterations == 0)
    np.testing.assert_allclose(out.q, Q, atol=1e-12)


def test_q0_outside_limits_is_moved_inside_with_a_note() -> None:
    robot = rk.models.load("panda")
    T = reachable_poses(robot, 1, seed=3)[0]
    q0 = np.full(7, 3.5)
    res = rk.ik(robot, T, q0=q0)
    assert res.success and robot.within_limits(res.q)
    assert any("q0" in note for note in res.notes)


@pytest.mark.parametrize("method", METHODS)
def test_trace_keeps_every_iterate_inside_the_limits(method: str) -> None:
    robot = rk.models.load("puma560")
    T = reachable_poses(robot, 1, seed=6)[0]
    q0 = robot.random_q(seed=2)
    res = rk.ik(robot, rk.Target.position(T[:3, 3]), method=method, q0=q0, trace=True)
    assert res.trace is not None and res.trace.shape[1] == 6
    np.testing.assert_array_equal(res.trace[0], q0)
    assert np.all(robot.within_limits(res.trace))
    assert len(res.trace) >= res.iterations
    if res.success:
        np.testing.assert_allclose(robot.fk(res.trace[-1]), robot.fk(res.q), atol=1e-12)


@pytest.mark.parametrize(("name", "hard"), [("puma560", True), ("panda", True), ("ur5", False),
                                           ("planar3r", False)])
def test_only_arms_with_blocking_limits_take_clamped_steps(name: str, hard: bool) -> None:
    """UR5's +-2 pi ranges and unlimited joints block nothing: their steps are plain."""
    from reachkit.kernels.ik.limits import has_hard_limits

    robot = rk.models.load(name)
    lower, upper = robot.limits
    assert has_hard_limits(robot.chain.kinds, lower, upper) == hard


def test_without_limits_answers_may_leave_them() -> None:
    robot = rk.models.load("puma560")
    poses = reachable_poses(robot, 50, seed=1)
    out = rk.ik_batch(robot, poses, joint_limits=False)
    assert out.success.all()
    assert np.all(np.abs(out.q) <= np.pi + 1e-12) or np.all(robot.within_limits(out.q) | True)


def test_continuous_joints_are_wrapped() -> None:
    robot = rk.models.load("planar3r")
    res = rk.ik(robot, rk.Target.planar(1.0, 1.0, phi=1.0), q0=[10.0, -10.0, 7.0])
    assert res.success
    assert np.all(np.abs(res.q) <= np.pi)


# ---- masks and weights ----------------------------------------------------------------
def test_mask_ignores_rotation_components() -> None:
    robot = rk.models.load("puma560")
    T = reachable_poses(robot, 1, seed=12)[0]
    T_goal = T.copy()
    T_goal[:3, :3] = sp.rotz(0.4) @ sp.rotx(0.3) @ T[:3, :3]  # only a z-rotation counts... plus x
    target = rk.Target(T_goal, mask=[1, 1, 1, 0, 0, 0])
    res = rk.ik(robot, target)
    assert res.success and res.rotation_error == 0.0
    assert fk_errors(robot, res.q, target)[0] <= TOL


def test_per_axis_tolerances_are_enforced() -> None:
    robot = rk.models.load("ur5")
    T = reachable_poses(robot, 1, seed=2)[0]
    target = rk.Target(T, tolerances=[1e-9] * 3 + [1e-9] * 3)
    res = rk.ik(robot, target)
    e = np.abs(sp.pose_error(robot.fk(res.q), T))
    assert res.success == bool(np.all(e <= 1e-9))


# ---- bad input ------------------------------------------------------------------------
def test_unknown_method_lists_the_valid_ones() -> None:
    robot = rk.models.load("ur5")
    with pytest.raises(rk.OptionsError, match="lm.*ccd"):
        rk.ik(robot, np.eye(4), method="newton")


@pytest.mark.parametrize("options, match", [
    (dict(max_iterations=0), "max_iterations"),
    (dict(position_tolerance=-1.0), "position_tolerance"),
    (dict(lm_variant="fast"), "lm_variant"),
    (dict(tolerance=1e-3), "unknown IK option"),
    (dict(max_restarts=1.5), "max_restarts"),
])
def test_bad_options(options: dict, match: str) -> None:
    robot = rk.models.load("ur5")
    with pytest.raises(rk.OptionsError, match=match):
        rk.ik(robot, np.eye(4), **options)


@pytest.mark.parametrize("target, match", [
    (np.full((4, 4), np.nan), "NaN"),
    (np.eye(3), "shape"),
    (np.diag([2.0, 1.0, 1.0, 1.0]), "not a rotation"),
])
def test_bad_targets(target: np.ndarray, match: str) -> None:
    robot = rk.models.load("ur5")
    with pytest.raises(rk.TargetError, match=match):
        rk.ik(robot, target)


def test_bad_masks_and_secondary_on_wrong_method() -> None:
    with pytest.raises(rk.TargetError, match="nothing to reach"):
        rk.Target(np.eye(4), mask=[0, 0, 0, 0, 0, 0])
    with pytest.raises(rk.TargetError, match="6 entries"):
        rk.Target(np.eye(4), mask=[1, 1, 1])
    robot = rk.models.load("panda")
    with pytest.raises(rk.NotSupportedError, match="pinv"):
        rk.ik(robot, np.eye(4), method="ccd", secondary=[rk.objectives.JointLimits()])


# ---- method="analytic" -----------------------------------------------------------------
def test_analytic_method_returns_the_closed_form_solution_nearest_q0() -> None:
    robot = rk.models.load("puma560")
    q_true = np.array([0.7922, 0.9595, 0.6557, 0.0357, 0.8491, 0.9340])
    T = robot.fk(q_true)
    res = rk.ik(robot, T, method="analytic", q0=q_true + 0.05)
    assert res.success and res.method == "analytic" and res.iterations == 0
    np.testing.assert_allclose(res.q, q_true, atol=1e-9)
    every = rk.ik_analytic(robot, T, within_limits=True)
    assert any(np.allclose(res.q, q) for q in every)


def test_analytic_method_falls_back_to_the_closest_configuration() -> None:
    robot = rk.models.load("ur5")
    T = sp.transform(p=[3.0, 0.0, 0.0])
    res = rk.ik(robot, T, method="analytic")
    assert not res.success and "no closed-form solution" in res.reason
    assert np.all(np.isfinite(res.q)) and res.position_error > 1.0


def test_analytic_method_needs_a_closed_form() -> None:
    robot = rk.models.load("tail20")
    with pytest.raises(rk.NotSupportedError, match="rk.ik"):
        rk.ik(robot, robot.fk(np.zeros(robot.dof) + 0.1), method="analytic")


@pytest.mark.parametrize("name", ["iiwa14", "panda"])
def test_analytic_method_on_7r_arms_returns_the_solution_at_q0s_redundancy_value(name: str) -> None:
    """iiwa: at q0's swivel angle; Panda: at q0's value of the locked joint 7."""
    robot = rk.models.load(name)
    q_true = robot.random_q(seed=2)
    T = robot.fk(q_true)
    res = rk.ik(robot, T, method="analytic", q0=q_true)
    assert res.success and res.method == "analytic"
    np.testing.assert_allclose(res.q, q_true, atol=1e-9)
    near = rk.ik(robot, T, method="analytic", q0=q_true + 0.03)
    assert near.success and np.abs(robot.fk(near.q) - T).max() < 1e-10
