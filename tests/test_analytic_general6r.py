"""The general 6R closed form (Raghavan-Roth / Manocha-Canny) and the 7R reduction:
structure of the fitted equations, FK round trips on random DH arms, the generating
configuration always among the solutions, numerical IK from many starts finds nothing
missing, EAIK and the Pieper solvers agree, unreachable poses, 7R arms at a free value."""

from __future__ import annotations

import numpy as np
import pytest
from analytic_checks import angle_gap

import reachkit as rk
from reachkit.analytic import rr_loop
from reachkit.analytic.general6r import order_preference, solve_general6r


def random_6r(seed: int) -> rk.Robot:
    """A 6R arm with a random DH table (no special structure)."""
    rng = np.random.default_rng(seed)
    rows = [rk.DH(d=rng.uniform(-0.5, 0.5), a=rng.uniform(-0.5, 0.5), alpha=rng.uniform(-3, 3),
                  offset=rng.uniform(-1, 1)) for _ in range(6)]
    return rk.Robot.from_dh(rows, name=f"random 6R {seed}")


def test_the_14_equations_are_degree_one_in_each_angle() -> None:
    """The fitted coefficients reproduce the 14 Raghavan-Roth scalars at random angles."""
    robot = random_6r(0)
    T = robot.fk(robot.random_q(seed=1))
    G = rr_loop.loop_transforms(np.ascontiguousarray(robot.chain.fixed), T)
    rng = np.random.default_rng(2)
    for k in range(6):
        order = np.array([(k + i) % 6 for i in range(6)])
        P, Q = rr_loop.fit_left(G, order), rr_loop.fit_right(G, order)
        for _ in range(5):
            a = rng.uniform(-np.pi, np.pi, 5)
            M = (rr_loop.rz(a[0]) @ G[order[2]] @ rr_loop.rz(a[1]) @ G[order[3]]
                 @ rr_loop.rz(a[2]) @ G[order[4]])
            value = np.empty(14)
            rr_loop.fourteen(M[:3, 3].copy(), M[:3, 2].copy(), value)
            fitted = np.einsum("abck,a,b,c->k", P, *(rr_loop.basis(x) for x in a[:3]))
            assert np.abs(fitted - value).max() < 1e-12
            M = (np.linalg.inv(G[order[1]]) @ rr_loop.rz(-a[4]) @ np.linalg.inv(G[order[0]])
                 @ rr_loop.rz(-a[3]) @ np.linalg.inv(G[order[5]]))
            rr_loop.fourteen(M[:3, 3].copy(), M[:3, 2].copy(), value)
            fitted = np.einsum("abk,a,b->k", Q, rr_loop.basis(a[3]), rr_loop.basis(a[4]))
            assert np.abs(fitted - value).max() < 1e-12


@pytest.mark.parametrize("seed", range(10))
def test_random_6r_arms_round_trip(seed: int) -> None:
    robot = random_6r(seed)
    assert rk.analytic.family(robot) == "general 6R (Raghavan-Roth elimination)"
    Q = robot.random_q(20, seed=seed + 100)
    sols, counts = rk.ik_analytic_batch(robot, robot.fk(Q))
    assert sols.shape == (20, 16, 6)
    for i in range(20):
        found = sols[i, : counts[i]]
        assert counts[i] % 2 == 0 and 2 <= counts[i] <= 16
        assert angle_gap(found, Q[i], robot).min() < 1e-9  # the generating q is among them
        T = robot.fk(Q[i])
        for q in found:
            F = robot.fk(q)
            assert np.linalg.norm(F[:3, 3] - T[:3, 3]) < 1e-10
            assert np.abs(F[:3, :3] - T[:3, :3]).max() < 1e-10
        assert np.isnan(sols[i, counts[i]:]).all()
        gaps = angle_gap(found[:, None], found[None], robot) + np.eye(counts[i])
        assert gaps.min() > 1e-6  # distinct


@pytest.mark.parametrize("seed", [3, 7])
def test_numerical_ik_from_200_starts_finds_nothing_missing(seed: int) -> None:
    robot = random_6r(seed)
    T = robot.fk(robot.random_q(seed=seed))
    ours = rk.ik_analytic(robot, T)
    starts = robot.random_q(200, seed=seed + 1)
    for q0 in starts:
        res = rk.ik(robot, T, q0=q0, joint_limits=False, seed=0)
        if res.success and res.position_error < 1e-9:
            assert angle_gap(ours, res.q, robot).min() < 1e-5, res.q


@pytest.mark.parametrize("name", ["puma560"])
def test_general_solver_gives_the_pieper_solution_set(name: str) -> None:
    robot = rk.models.load(name)
    fixed, offsets = np.ascontiguousarray(robot.chain.fixed), robot.chain.offsets
    for seed in range(10):
        T = robot.fk(robot.random_q(seed=seed))
        pieper = rk.ik_analytic(robot, T)
        out = np.empty((16, 6))
        count, _ = solve_general6r(fixed, order_preference(fixed), T, out)
        general = out[:count] - offsets
        assert count == len(pieper)
        assert max(angle_gap(general, q, robot).min() for q in pieper) < 1e-9


def test_general_solver_agrees_with_eaik_on_the_puma() -> None:
    """EAIK has no decomposition for the random or two-intersecting-pair arms tried, so the
    general kernel is run on an arm EAIK solves (Puma 560): same distinct solutions."""
    pytest.importorskip("eaik")
    from analytic_checks import eaik_inputs

    robot = rk.models.load("puma560")
    fixed, offsets = np.ascontiguousarray(robot.chain.fixed), robot.chain.offsets
    Ts = robot.fk(robot.random_q(10, seed=4))
    theirs, Te = eaik_inputs(robot, Ts)
    for i in range(10):
        out = np.empty((16, 6))
        count, _ = solve_general6r(fixed, order_preference(fixed), Ts[i], out)
        ours = out[:count] - offsets
        sol = theirs.IK(Te[i])
        exact = [np.asarray(q) for q, ls in zip(sol.Q, sol.is_LS)
                 if not ls and np.abs(robot.fk(q) - Ts[i]).max() < 1e-8]
        distinct = {tuple(np.round(np.angle(np.exp(1j * q)), 6)) for q in exact}
        assert count >= len(distinct)
        for q in exact:
            assert angle_gap(ours, q, robot).min() < 1e-6


def test_unreachable_pose_gives_no_solution_and_no_nan() -> None:
    robot = random_6r(1)
    T = np.eye(4)
    T[:3, 3] = [10.0, 0.0, 0.0]
    sols = rk.analytic.solve(robot, T)
    assert len(sols) == 0 and sols.q.shape == (0, 6)


def test_bad_pose_and_bad_options_raise_reachkit_errors() -> None:
    robot = random_6r(1)
    with pytest.raises(rk.TargetError):
        rk.ik_analytic(robot, np.full((4, 4), np.nan))
    with pytest.raises(rk.ReachkitError):
        rk.ik_analytic(robot, np.eye(4), free=0.3)


@pytest.mark.parametrize("name", ["iiwa14", "panda"])
def test_7r_arms_at_a_free_value(name: str) -> None:
    robot = rk.models.load(name)
    fam = rk.analytic.family(robot, free_joint=2)  # iiwa's default is the swivel angle
    assert fam.free_joint == 2 and "joint" in fam.free
    for seed in range(5):
        q = robot.random_q(seed=seed)
        T = robot.fk(q)
        sols = rk.ik_analytic(robot, T, free=q[fam.free_joint], free_joint=2)
        assert angle_gap(sols, q, robot).min() < 1e-9
        assert np.allclose(sols[:, fam.free_joint], q[fam.free_joint])
        for s in sols:
            assert np.abs(robot.fk(s) - T).max() < 1e-10
    stacked = rk.ik_analytic(robot, T, free_samples=6, free_joint=2)
    assert stacked.ndim == 2 and stacked.shape[1] == 7
    for s in stacked:
        assert np.abs(robot.fk(s) - T).max() < 1e-10
    other = rk.ik_analytic(robot, T, free=q[0], free_joint=0)
    assert angle_gap(other, q, robot).min() < 1e-9
    with pytest.raises(rk.NotSupportedError, match="free"):
        rk.ik_analytic(robot, T)
    with pytest.raises(rk.ReachkitError):
        rk.ik_analytic(robot, T, free=float("nan"))


def test_iiwa_locked_at_joint_3_is_a_pieper_arm_and_panda_locks_joint_3() -> None:
    fam = rk.analytic.family(rk.models.load("iiwa14"), free_joint=2)
    assert fam.free_joint == 2 and "spherical wrist" in fam.locked
    panda = rk.analytic.family(rk.models.load("panda"))  # joint 7 locked: axes 1-3 meet
    assert panda.free_joint == 6 and "read from the tool" in panda.locked


def wide_first_joint() -> rk.Robot:
    """A Puma-like arm whose first joint turns +-7 rad (and whose others are unlimited)."""
    return rk.Robot.from_dh([rk.DH(d=0.3, alpha=np.pi / 2, qlim=(-7, 7)), rk.DH(a=0.4),
                             rk.DH(alpha=np.pi / 2), rk.DH(d=0.4, alpha=-np.pi / 2),
                             rk.DH(alpha=np.pi / 2), rk.DH(d=0.1)])


def test_batch_equivalents_equal_the_single_pose_lists() -> None:
    robot = wide_first_joint()
    Ts = robot.fk(robot.random_q(6, seed=2))
    plain, n = rk.ik_analytic_batch(robot, Ts)
    sols, counts = rk.ik_analytic_batch(robot, Ts, equivalents=True)
    assert (counts > n).all() and sols.shape[1] == counts.max()
    for i in range(6):
        single = rk.ik_analytic(robot, Ts[i], equivalents=True)
        np.testing.assert_allclose(sols[i, :counts[i]], single, atol=1e-12)
        assert np.isnan(sols[i, counts[i]:]).all()
        assert np.abs(robot.fk(single) - Ts[i]).max() < 1e-10
        assert (np.abs(single[:, 0]) <= 7 + 1e-9).all()
        for q in single:  # each row: one of the plain solutions shifted by multiples of 2 pi
            assert angle_gap(plain[i, :n[i]], q, robot).min() < 1e-12


def test_equivalents_add_2pi_shifts_inside_the_limits() -> None:
    robot = wide_first_joint()
    T = robot.fk(np.array([0.3, 0.2, 0.4, 0.1, 0.5, 0.2]))
    base = rk.ik_analytic(robot, T)
    every = rk.ik_analytic(robot, T, equivalents=True)
    assert len(every) > len(base)
    for q in every:
        assert np.abs(robot.fk(q) - T).max() < 1e-9


@pytest.mark.parametrize("name", ["iiwa14", "panda"])
def test_7r_batch_at_a_free_value_and_at_samples(name: str) -> None:
    robot = rk.models.load(name)
    j = rk.analytic.family(robot, free_joint=2).free_joint
    Q = robot.random_q(12, seed=5)
    Q[:, j] = 0.4  # every pose made with the free joint at 0.4
    Ts = robot.fk(Q)
    sols, counts = rk.ik_analytic_batch(robot, Ts, free=0.4, free_joint=j)
    assert sols.shape[0] == 12 and sols.shape[2] == 7
    for i in range(12):
        found = sols[i, : counts[i]]
        assert angle_gap(found, Q[i], robot).min() < 1e-9
        assert np.allclose(found[:, j], 0.4)
        assert np.abs(robot.fk(found) - Ts[i]).max() < 1e-10
        assert np.isnan(sols[i, counts[i]:]).all()
        single = rk.ik_analytic(robot, Ts[i], free=0.4, free_joint=j)
        assert len(single) == counts[i]
    stacked, n = rk.ik_analytic_batch(robot, Ts[:3], free_samples=4, free_joint=j)
    for i in range(3):
        one = rk.ik_analytic(robot, Ts[i], free_samples=4, free_joint=j)
        assert n[i] == len(one) and np.allclose(stacked[i, : n[i]], one)
    with pytest.raises(rk.ReachkitError):
        rk.ik_analytic_batch(robot, Ts)  # a 7R arm needs free= or free_samples=
