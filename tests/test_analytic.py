"""Closed-form IK on the built-in arms: published example, round trips, labels, limits,
singular poses, unsupported robots, input checks."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest
from analytic_checks import angle_gap, round_trip

import reachkit as rk
from reachkit.analytic.api import plan

SUPPORTED = ["planar2r", "planar3r", "puma560", "scara", "stanford", "ur5"]
PUMA_EXAMPLE = np.array([0.7922, 0.9595, 0.6557, 0.0357, 0.8491, 0.9340])


@pytest.fixture(scope="module")
def puma() -> rk.Robot:
    return rk.models.load("puma560")


def test_published_puma_example_gives_8_solutions_including_q(puma: rk.Robot) -> None:
    T = puma.fk(PUMA_EXAMPLE)
    sols = rk.ik_analytic(puma, T)
    assert sols.shape == (8, 6)
    assert angle_gap(sols, PUMA_EXAMPLE, puma).min() < 1e-9
    for q in sols:
        assert np.abs(puma.fk(q) - T).max() < 1e-9


@pytest.mark.parametrize("name", SUPPORTED)
def test_10000_random_configurations_round_trip(name: str) -> None:
    robot = rk.models.load(name)
    out = round_trip(robot, 10_000, seed=7)
    assert out["fk_error"] < 1e-9
    assert out["worst_gap"] < 1e-6  # the original q is always among the solutions
    expected = {"planar2r": 2, "planar3r": 2, "puma560": 8, "scara": 2, "stanford": 8}
    if name in expected:  # generic poses of these arms have exactly this many solutions
        assert (out["counts"] == expected[name]).mean() > 0.999
    else:  # UR: 8 for most poses, always even, never more than 8
        assert out["counts"].max() == 8 and (out["counts"] % 2 == 0).all()
        assert (out["counts"] == 8).mean() > 0.7


def test_ur5_generic_pose_has_8_distinct_solutions() -> None:
    robot = rk.models.load("ur5")
    q = np.array([0.3, -1.2, 1.4, -0.9, 1.1, 0.4])
    sols = rk.ik_analytic(robot, robot.fk(q))
    assert sols.shape == (8, 6)
    assert angle_gap(sols, q, robot).min() < 1e-9
    gaps = angle_gap(sols[:, None, :], sols[None, :, :], robot) + np.eye(8)
    assert gaps.min() > 1e-3


@pytest.mark.parametrize("name", SUPPORTED)
def test_batch_agrees_with_single_pose(name: str) -> None:
    robot = rk.models.load(name)
    Ts = robot.fk(robot.random_q(20, seed=3))
    sols, counts = rk.ik_analytic_batch(robot, Ts)
    assert sols.shape == (20, 8, robot.dof) and counts.shape == (20,)
    for i in range(20):
        single = rk.ik_analytic(robot, Ts[i])
        assert single.shape[0] == counts[i]
        np.testing.assert_allclose(sols[i, : counts[i]], single, atol=1e-12)
        assert np.isnan(sols[i, counts[i]:]).all()


def test_labels_are_distinct_and_match_the_robotics_toolbox(puma: rk.Robot) -> None:
    rtb = pytest.importorskip("roboticstoolbox")
    theirs = rtb.models.DH.Puma560()
    ours = rk.Robot.from_dh(puma.dh_rows, base=rk.spatial.translation(0.0, 0.0, theirs.links[0].d),
                            limits=puma.limits)
    names = {"l": "left", "r": "right", "u": "elbow-up", "d": "elbow-down", "n": "no-flip", "f": "flip"}
    for seed in range(5):
        q = puma.random_q(seed=seed)
        T = ours.fk(q)
        np.testing.assert_allclose(theirs.fkine(q).A, T, atol=1e-12)
        sols = rk.analytic.solve(ours, T)
        assert len(set(sols.labels)) == len(sols) == 8
        for config in ("lun", "ldf", "run", "rdn", "ruf"):
            expected = theirs.ikine_a(T, config=config)
            mine = sols.by_label("/".join(names[c] for c in config))
            assert mine is not None
            assert angle_gap(mine, expected.q, puma) < 1e-8


def test_solution_labels_for_planar_and_ur() -> None:
    planar = rk.models.load("planar2r")
    sols = rk.analytic.solve(planar, planar.fk([0.3, 0.9]))
    assert sorted(sols.labels) == ["elbow-down", "elbow-up"]
    np.testing.assert_allclose(sols.by_label("elbow-down"), [0.3, 0.9], atol=1e-12)  # q2 > 0 bends CCW
    scara = rk.models.load("scara")
    q = np.array([0.3, 0.8, 0.1, -0.4])
    sols = rk.analytic.solve(scara, scara.fk(q))
    assert sols.family == "planar 3R with a slide (SCARA type)"
    assert sorted(sols.labels) == ["lefty", "righty"]
    assert angle_gap(sols.by_label("lefty" if q[1] < 0 else "righty"), q, scara) < 1e-12
    ur = rk.models.load("ur5")
    labelled = rk.analytic.solve(ur, ur.fk([0.3, -1.2, 1.4, -0.9, 1.1, 0.4]))
    assert labelled.family == "three parallel axes (UR type)"
    assert len(set(labelled.labels)) == 8


def test_within_limits_keeps_only_solutions_inside_the_limits(puma: rk.Robot) -> None:
    Q = puma.random_q(200, seed=11)
    dropped = 0
    for q in Q:
        T = puma.fk(q)
        every = rk.ik_analytic(puma, T)
        inside = rk.ik_analytic(puma, T, within_limits=True)
        assert puma.within_limits(inside).all() if len(inside) else True
        assert angle_gap(inside, q, puma).min() < 1e-6  # q itself is inside
        assert len(inside) == int(puma.within_limits(every).sum())
        dropped += len(every) - len(inside)
    assert dropped > 0  # the Puma's limits do cut some configurations


def test_batch_filters_limits_like_single_calls(puma: rk.Robot) -> None:
    Ts = puma.fk(puma.random_q(50, seed=12))
    sols, counts = rk.ik_analytic_batch(puma, Ts, within_limits=True)
    for i, T in enumerate(Ts):
        single = rk.ik_analytic(puma, T.tolist(), within_limits=True)  # nested lists work too
        np.testing.assert_allclose(sols[i, : counts[i]], single, atol=1e-12)
    assert counts.min() >= 1 and counts.mean() < 8


def test_angles_are_wrapped_into_the_limits_when_possible(puma: rk.Robot) -> None:
    lower, upper = puma.limits
    for q in puma.random_q(50, seed=5):
        sols = rk.ik_analytic(puma, puma.fk(q))
        for shift in (-2 * np.pi, 0.0, 2 * np.pi):
            moved = sols + shift
            outside = (sols < lower) | (sols > upper)
            assert not (outside & (moved >= lower) & (moved <= upper)).any()
    ur = rk.models.load("ur5")
    sols = rk.ik_analytic(ur, ur.fk(ur.random_q(seed=2)))
    assert (np.abs(sols) <= np.pi + 1e-12).all()


@pytest.mark.parametrize("name, q5_index", [("puma560", 4), ("ur5", 4)])
def test_wrist_singularity_gives_finite_merged_solutions(name: str, q5_index: int) -> None:
    robot = rk.models.load(name)
    q = np.array([0.4, 0.3, -0.5, 0.7, 0.0, -0.2])  # q5 = 0: axes 4 and 6 line up
    T = robot.fk(q)
    sols = rk.ik_analytic(robot, T)
    assert 0 < len(sols) < 8  # the wrist-flip pairs merge
    assert np.isfinite(sols).all()
    for s in sols:
        assert np.abs(robot.fk(s) - T).max() < 1e-9
    gaps = angle_gap(sols[:, None, :], sols[None, :, :], robot) + np.eye(len(sols))
    assert gaps.min() > 1e-7  # no duplicates
    # the joint-4/joint-6 split is free; the representative keeps their sum
    assert np.isclose(sols[:, q5_index], 0.0, atol=1e-9).any()


@pytest.mark.parametrize("name", ["puma560", "ur5"])
def test_random_singular_wrists_always_give_a_member_of_their_family(name: str) -> None:
    robot = rk.models.load(name)
    Q = robot.random_q(1000, seed=9)
    Q[:, 4] = 0.0  # wrist singular: q4 and q6 (Puma) or q6 and q2-q4 (UR) trade off
    Ts = robot.fk(Q)
    sols, counts = rk.ik_analytic_batch(robot, Ts)
    for i in range(len(Q)):
        found = sols[i, : counts[i]]
        assert np.isfinite(found).all()
        assert max(np.abs(robot.fk(s) - Ts[i]).max() for s in found) < 1e-9
        shoulder = np.abs(np.angle(np.exp(1j * (found[:, 0] - Q[i, 0]))))
        same_family = (shoulder < 1e-6) & (np.abs(found[:, 4]) < 1e-6)
        assert same_family.any()


@pytest.mark.parametrize("name", ["puma560", "ur5"])
@pytest.mark.parametrize("q5", [1e-5, 1e-8, 1e-11])
def test_nearly_singular_wrist_keeps_full_precision(name: str, q5: float) -> None:
    robot = rk.models.load(name)
    q = np.array([0.4, 0.3, -0.5, 0.7, q5, -0.2])
    T = robot.fk(q)
    sols = rk.ik_analytic(robot, T)
    assert len(sols) == 8  # both wrist flips are real, distinct solutions
    assert max(np.abs(robot.fk(s) - T).max() for s in sols) < 1e-13
    # q4 - q6 is only defined to about (rounding of T) / q5; q5 itself keeps its digits
    assert angle_gap(sols, q, robot).min() < max(1e-12, 1e-14 / q5)
    assert np.abs(np.abs(sols[:, 4]) - q5).min() < 1e-14


def test_stretched_arm_gives_merged_elbow_solutions() -> None:
    robot = rk.models.load("planar2r")
    sols = rk.ik_analytic(robot, robot.fk([0.5, 0.0]))
    assert sols.shape == (1, 2)
    np.testing.assert_allclose(sols[0], [0.5, 0.0], atol=1e-6)


@pytest.mark.parametrize("name", SUPPORTED)
def test_out_of_reach_gives_no_solution(name: str) -> None:
    robot = rk.models.load(name)
    far = rk.spatial.translation(10.0, 0.0, 0.0)
    sols = rk.ik_analytic(robot, far)
    if name == "scara":  # the tool height is right, the reach is not
        far[2, 3] = robot.fk(np.zeros(4))[2, 3]
    if name == "stanford":  # the unlimited slide reaches anywhere; its limits do not
        assert np.all(np.abs(sols[:, 2]) > 8.0)
        sols = rk.ik_analytic(robot, far, within_limits=True)
    assert sols.shape == (0, robot.dof)


def test_planar_targets_off_the_plane_or_tilted_are_out_of_reach() -> None:
    robot = rk.models.planar([1.0, 0.8, 0.5])
    T = robot.fk([0.2, 0.4, -0.3])
    assert len(rk.ik_analytic(robot, T)) == 2
    lifted = T.copy()
    lifted[2, 3] += 0.1
    assert len(rk.ik_analytic(robot, lifted)) == 0
    tilted = T @ rk.spatial.transform(rk.spatial.rotx(0.2))
    assert len(rk.ik_analytic(robot, tilted)) == 0


@pytest.mark.parametrize("name", ["panda", "iiwa14", "tail20"])
def test_unsupported_robots_raise_and_suggest_the_numerical_solver(name: str) -> None:
    robot = rk.models.load(name)
    with pytest.raises(rk.NotSupportedError, match=r"rk\.ik") as info:
        rk.ik_analytic(robot, np.eye(4))
    assert "redundant" in str(info.value) or "7 joints" in str(info.value)


def test_bad_targets_raise_target_errors(puma: rk.Robot) -> None:
    with pytest.raises(rk.TargetError):
        rk.ik_analytic(puma, np.eye(3))
    bad = np.eye(4)
    bad[0, 0] = 2.0
    with pytest.raises(rk.TargetError, match="not a rotation"):
        rk.ik_analytic(puma, bad)
    with pytest.raises(rk.TargetError):
        rk.ik_analytic_batch(puma, np.full((2, 4, 4), np.nan))
    with pytest.raises(rk.TargetError, match="numeric"):
        rk.ik_analytic(puma, "not a pose")
    with pytest.raises(rk.TargetError, match="numeric"):
        rk.ik_analytic_batch(puma, [[1, 2], [3]])
    with pytest.raises(rk.TargetError, match=r"got shape \(3, 3\)"):  # the shape given
        rk.ik_analytic_batch(puma, np.eye(3))


def test_geometry_analysis_is_cached_per_robot_and_released() -> None:
    robot = rk.models.load("ur5")
    assert plan(robot) is plan(robot)
    alive = weakref.ref(robot)
    del robot
    gc.collect()
    assert alive() is None  # the cache does not keep robots alive
