"""7R arms with a spherical shoulder and wrist (SRS) at a swivel angle: the KUKA iiwa 14,
a Kinova Gen3-like arm and a Panda-like arm without offsets (DH tables), random SRS arms.
The swivel angle of the configuration that produced a pose gives that configuration back
(to 1e-9 rad modulo 2 pi), every solution reproduces the pose by FK to 1e-10 and has the
swivel angle asked; configurations found by numerical IK from 200 random starts (anywhere
on the self-motion) are all among the solutions at their own swivel angle; free_samples
spreads values over the feasible range; batch equals single."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from analytic_checks import angle_gap, random_srs

import reachkit as rk

SWIVEL = "7R with a spherical shoulder and wrist (SRS): swivel angle"


def gen3_like() -> rk.Robot:
    """Kinova Gen3 (7 DoF) DH lengths without its two 12 mm offsets."""
    d = [-0.2848, 0.0, -0.4208, 0.0, -0.3143, 0.0, -0.1674]
    return rk.Robot.from_dh([rk.DH(d=di, alpha=np.pi / 2 if i < 6 else np.pi)
                             for i, di in enumerate(d)], name="Gen3-like")


def panda_like(elbow_offset: bool) -> rk.Robot:
    """The Panda's modified DH table without the flange offset a7 (and without the elbow
    offsets a4, a5 unless elbow_offset)."""
    rows = list(rk.models.load("panda").dh_rows)
    rows[6] = dataclasses.replace(rows[6], a=0.0)
    if not elbow_offset:
        rows[3], rows[4] = dataclasses.replace(rows[3], a=0.0), dataclasses.replace(rows[4], a=0.0)
    return rk.Robot.from_dh(rows, convention="modified",
                            name="Panda-like" + (" with elbow offset" if elbow_offset else ""))


def oblique_srs() -> rk.Robot:
    """An SRS arm whose shoulder and wrist axes are not at right angles (some rotations
    out of reach of the spherical joints: not every swivel angle has solutions)."""
    alphas = [1.2, -1.0, 1.3, -1.1, 0.9, 1.4, 0.0]
    d = [0.3, 0.0, 0.4, 0.0, 0.35, 0.0, 0.1]
    return rk.Robot.from_dh([rk.DH(d=di, alpha=a) for di, a in zip(d, alphas)], name="oblique SRS")


ARMS = [rk.models.load("iiwa14"), gen3_like(), panda_like(False), panda_like(True)] + \
    [random_srs(s) for s in range(3)] + [oblique_srs()]
IDS = [a.name for a in ARMS]


def test_family_says_which_form_applies_and_what_free_means() -> None:
    for robot in ARMS:
        fam = rk.analytic.family(robot)
        assert fam == SWIVEL and fam.free_joint is None
        assert "swivel" in fam.free and "shoulder" in fam.why
    panda = rk.analytic.family(rk.models.load("panda"))  # offsets at the wrist: not SRS;
    assert panda != SWIVEL and panda.free_joint == 6  # joint 7 locked: Pieper read backwards
    assert "read from the tool" in panda.locked
    locked = rk.analytic.family(ARMS[0], free_joint=2)
    assert locked.free_joint == 2 and "spherical wrist" in locked.locked


@pytest.mark.parametrize("robot", ARMS, ids=IDS)
def test_the_swivel_angle_of_a_configuration_gives_it_back(robot: rk.Robot) -> None:
    for q in robot.random_q(25, seed=1):
        T = robot.fk(q)
        psi = rk.analytic.free_value(robot, q)
        sols = rk.ik_analytic(robot, T, free=psi)
        assert len(sols) and not np.isnan(sols).any()
        assert angle_gap(sols, q, robot).min() < 1e-9, (robot.name, q)
        F = robot.fk(sols)
        assert np.abs(F[:, :3, 3] - T[:3, 3]).max() < 1e-10
        assert np.abs(F[:, :3, :3] - T[:3, :3]).max() < 1e-10
        for s in sols:  # every solution has the swivel angle asked
            assert abs(np.angle(np.exp(1j * (rk.analytic.free_value(robot, s) - psi)))) < 1e-9


@pytest.mark.parametrize("robot", [ARMS[0], ARMS[3], ARMS[4]], ids=[IDS[0], IDS[3], IDS[4]])
def test_numerical_ik_from_200_starts_finds_only_listed_solutions(robot: rk.Robot) -> None:
    """Each LM solution lies somewhere on the self-motion; at its own swivel angle the
    closed form lists it (and at most 8 solutions per angle)."""
    for seed in range(2):
        T = robot.fk(robot.random_q(seed=seed))
        found = 0
        for q0 in robot.random_q(200, seed=seed + 10):
            res = rk.ik(robot, T, q0=q0, joint_limits=False, seed=0, position_tolerance=1e-12,
                        rotation_tolerance=1e-12)
            if not (res.success and res.position_error < 1e-10):
                continue
            found += 1
            ours = rk.ik_analytic(robot, T, free=rk.analytic.free_value(robot, res.q))
            assert len(ours) <= 8
            assert angle_gap(ours, res.q, robot).min() < 1e-7, res.q
        assert found > 100


def distinct_angles(psis: list[float]) -> np.ndarray:
    """The distinct angles modulo 2 pi, in [0, 2 pi), sorted."""
    a = np.round(np.mod(psis, 2 * np.pi), 7)
    return np.unique(np.where(a >= np.round(2 * np.pi, 7), 0.0, a))


def test_free_samples_spread_over_the_feasible_range_inside_the_limits() -> None:
    robot = ARMS[0]
    T = robot.fk(robot.random_q(seed=4))
    every = rk.ik_analytic(robot, T, free_samples=12)  # no limits: 12 values over [-pi, pi)
    angles = distinct_angles([rk.analytic.free_value(robot, s) for s in every])
    assert len(angles) == 12 and np.allclose(np.diff(angles), 2 * np.pi / 12)
    inside = rk.ik_analytic(robot, T, free_samples=12, within_limits=True)
    assert len(inside) >= 12
    assert ((inside >= robot.limits[0] - 1e-9) & (inside <= robot.limits[1] + 1e-9)).all()
    assert np.abs(robot.fk(inside) - T).max() < 1e-10
    psis = distinct_angles([rk.analytic.free_value(robot, s) for s in inside])
    assert len(psis) == 12  # each value gave solutions inside the limits


def test_oblique_arm_samples_only_angles_with_solutions() -> None:
    robot = ARMS[-1]
    for q in robot.random_q(5, seed=8):
        T = robot.fk(q)
        stacked = rk.ik_analytic(robot, T, free_samples=10)
        angles = distinct_angles([rk.analytic.free_value(robot, s) for s in stacked])
        assert len(angles) == 10  # each sampled angle gave solutions
        assert np.abs(robot.fk(stacked) - T).max() < 1e-10


@pytest.mark.parametrize("robot", [ARMS[0], ARMS[1]], ids=IDS[:2])
def test_batch_equals_single(robot: rk.Robot) -> None:
    Q = robot.random_q(10, seed=5)
    Ts = robot.fk(Q)
    sols, counts = rk.ik_analytic_batch(robot, Ts, free=0.7)
    assert sols.shape == (10, 8, 7)
    for i in range(10):
        single = rk.ik_analytic(robot, Ts[i], free=0.7)
        np.testing.assert_allclose(sols[i, :counts[i]], single, atol=1e-12)
        assert np.isnan(sols[i, counts[i]:]).all()
    stacked, n = rk.ik_analytic_batch(robot, Ts[:3], free_samples=5, within_limits=True)
    for i in range(3):
        one = rk.ik_analytic(robot, Ts[i], free_samples=5, within_limits=True)
        np.testing.assert_allclose(stacked[i, :n[i]], one, atol=1e-12)


def test_unreachable_straight_and_bad_poses() -> None:
    robot = ARMS[0]
    far = np.eye(4)
    far[:3, 3] = [3.0, 0.0, 0.0]
    sols = rk.analytic.solve(robot, far, free=0.3)
    assert len(sols) == 0 and sols.reason
    assert len(rk.ik_analytic(robot, far, free_samples=4)) == 0
    straight = np.zeros(7)
    straight[[1, 5]] = 0.5, 0.7  # arm stretched: the swivel angle is undefined
    T = robot.fk(straight)
    assert np.isnan(rk.analytic.free_value(robot, straight))
    for psi in (0.0, 1.0):
        sols = rk.ik_analytic(robot, T, free=psi)
        assert len(sols) and not np.isnan(sols).any()
        assert np.abs(robot.fk(sols) - T).max() < 1e-10
    with pytest.raises(rk.TargetError):
        rk.ik_analytic(robot, np.full((4, 4), np.nan), free=0.3)
    with pytest.raises(rk.TargetError):
        rk.ik_analytic_batch(robot, np.full((2, 4, 4), np.nan), free=0.3)
    with pytest.raises(rk.ReachkitError):
        rk.ik_analytic(robot, T)  # a 7R arm needs free= or free_samples=
