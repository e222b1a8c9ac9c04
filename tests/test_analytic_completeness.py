"""Completeness of the general 6R closed form on special and nearly special geometries:
the configuration that produced a pose is always among the solutions (to 1e-9 modulo
2 pi), every solution reproduces the pose by FK to 1e-10, numerical IK from 200 random
starts finds nothing missing, ssik never finds more distinct solutions, and arms without
finite solution sets are refused with a reason.

The arms: random DH tables with special values (alpha in {0, +-pi/2}, a and d often
zero: parallel, intersecting and concurrent axes), the Puma 560 and UR5 forced through the
general kernel, and UR5s whose DH values are off by 1e-2 .. 1e-8 (nearly parallel axes,
where the eliminations that use those axes are nearly singular).
"""

from __future__ import annotations

import os
import tempfile

import numpy as np
import pytest
from analytic_checks import angle_gap

import reachkit as rk
from reachkit.analytic.general6r import order_preference, solve_general6r

UR5_DH = [(0.089159, 0.0, np.pi / 2), (0.0, -0.425, 0.0), (0.0, -0.39225, 0.0),
          (0.10915, 0.0, np.pi / 2), (0.09465, 0.0, -np.pi / 2), (0.0823, 0.0, 0.0)]


def special_6r(seed: int) -> rk.Robot:
    """A 6R arm whose DH values are often special (0, +-pi/2), like real arms."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(6):
        alpha = rng.choice([0.0, np.pi / 2, -np.pi / 2, rng.uniform(-3, 3)], p=[0.3, 0.3, 0.2, 0.2])
        a = 0.0 if rng.random() < 0.5 else rng.uniform(-0.5, 0.5)
        d = 0.0 if rng.random() < 0.5 else rng.uniform(-0.5, 0.5)
        rows.append(rk.DH(d=d, a=a, alpha=alpha, offset=rng.choice([0.0, rng.uniform(-1, 1)])))
    return rk.Robot.from_dh(rows, name=f"special 6R {seed}")


def perturbed_ur5(eps: float, seed: int) -> rk.Robot:
    rng = np.random.default_rng(seed)
    rows = [rk.DH(d=d + eps * rng.standard_normal(), a=a + eps * rng.standard_normal(),
                  alpha=alpha + eps * rng.standard_normal()) for d, a, alpha in UR5_DH]
    return rk.Robot.from_dh(rows, name=f"UR5 off by {eps:g}")


def generic_rank_is_6(robot: rk.Robot) -> bool:
    return max(np.linalg.svd(robot.jacobian(q), compute_uv=False)[-1]
               for q in robot.random_q(3, seed=0)) > 1e-9


def general_kernel(robot: rk.Robot):
    """The general 6R kernel for this arm, whatever the dispatch would choose."""
    fixed = np.ascontiguousarray(robot.chain.fixed)
    orders = order_preference(fixed)

    def solve(T: np.ndarray) -> np.ndarray:
        out = np.empty((16, 6))
        count, _ = solve_general6r(fixed, orders, T, out)
        return out[:count] - robot.chain.offsets
    return solve


def check_complete(robot: rk.Robot, solve, n: int, seed: int) -> None:
    """The generating q among the solutions to 1e-9 rad (near a singular configuration,
    where the pose pins q down less, 1e-9 times the Jacobian's conditioning loss)."""
    for q in robot.random_q(n, seed=seed):
        T = robot.fk(q)
        sols = solve(T)
        smallest = np.linalg.svd(robot.jacobian(q), compute_uv=False)[-1]
        tolerance = 1e-9 * max(1.0, 0.01 / smallest)
        assert len(sols) and angle_gap(sols, q, robot).min() < tolerance, (robot.name, q)
        F = robot.fk(sols)
        assert np.abs(F[:, :3, 3] - T[:3, 3]).max() < 1e-10
        assert np.abs(F[:, :3, :3] - T[:3, :3]).max() < 1e-10
        assert not np.isnan(sols).any()


SPECIAL = [s for s in range(30) if generic_rank_is_6(special_6r(s))]


def test_the_special_sample_covers_what_it_should() -> None:
    assert len(SPECIAL) >= 12  # the rest have two axes in line or similar (refused below)


@pytest.mark.parametrize("seed", SPECIAL)
def test_special_arms_through_the_general_kernel_and_the_dispatch(seed: int) -> None:
    robot = special_6r(seed)
    check_complete(robot, general_kernel(robot), 25, seed)
    check_complete(robot, lambda T: rk.ik_analytic(robot, T), 25, seed + 1)


@pytest.mark.parametrize("seed", [s for s in range(30) if s not in SPECIAL][:6])
def test_arms_without_finite_solution_sets_are_refused_with_a_reason(seed: int) -> None:
    robot = special_6r(seed)
    with pytest.raises(rk.NotSupportedError, match="continuous set"):
        rk.ik_analytic(robot, robot.fk(robot.random_q(seed=1)))


@pytest.mark.parametrize("name", ["puma560", "ur5"])
def test_builtin_pieper_arms_through_the_general_kernel(name: str) -> None:
    robot = rk.models.load(name)
    check_complete(robot, general_kernel(robot), 100, 3)


@pytest.mark.parametrize("eps", [1e-2, 1e-4, 1e-6, 1e-8])
def test_nearly_parallel_ur5_is_complete(eps: float) -> None:
    robot = perturbed_ur5(eps, 0)
    assert rk.analytic.family(robot).startswith("general 6R")
    check_complete(robot, lambda T: rk.ik_analytic(robot, T), 60, 4)


@pytest.mark.parametrize("robot", [perturbed_ur5(1e-4, 1), special_6r(SPECIAL[0])],
                         ids=["ur5 off by 1e-4", "special"])
def test_numerical_ik_from_200_starts_finds_nothing_missing(robot: rk.Robot) -> None:
    for seed in range(2):
        T = robot.fk(robot.random_q(seed=seed))
        ours = rk.ik_analytic(robot, T)
        for q0 in robot.random_q(200, seed=seed + 10):
            res = rk.ik(robot, T, q0=q0, joint_limits=False, seed=0)
            if res.success and res.position_error < 1e-9:
                assert angle_gap(ours, res.q, robot).min() < 1e-5, res.q


def distinct(Q: np.ndarray) -> int:
    """Distinct rows of Q (k, 6) modulo 2 pi, to 1e-6 rad."""
    kept: list[np.ndarray] = []
    for q in Q:
        if all(np.abs(np.angle(np.exp(1j * (q - k)))).max() > 1e-6 for k in kept):
            kept.append(q)
    return len(kept)


@pytest.mark.parametrize("robot", [perturbed_ur5(1e-3, 2), special_6r(SPECIAL[1]),
                                   rk.Robot.from_dh([rk.DH(d=0.3, a=0.1, alpha=1.1),
                                                     rk.DH(d=-0.2, a=0.4, alpha=-0.7),
                                                     rk.DH(d=0.1, a=0.3, alpha=2.0),
                                                     rk.DH(d=0.25, a=-0.1, alpha=0.4),
                                                     rk.DH(d=-0.15, a=0.2, alpha=-1.9),
                                                     rk.DH(d=0.1, a=0.05, alpha=0.8)])],
                         ids=["ur5 off by 1e-3", "special", "random"])
def test_never_fewer_distinct_solutions_than_ssik(robot: rk.Robot) -> None:
    ssik = pytest.importorskip("ssik")
    path = os.path.join(tempfile.mkdtemp(), "arm.urdf")
    with open(path, "w") as f:
        f.write(robot.to_urdf())
    arm = ssik.Manipulator.from_urdf(path, base="base_link", ee="tool")
    Ts = robot.fk(robot.random_q(30, seed=5))
    for T in Ts:
        theirs = [np.asarray(s.q) for s in arm.solve(T, respect_limits=False)]
        theirs = [q for q in theirs if np.abs(robot.fk(q) - T).max() < 1e-8]
        ours = rk.ik_analytic(robot, T)
        assert len(ours) >= distinct(np.array(theirs).reshape(-1, 6))
        for q in theirs:  # the same solution (ssik's can be 1e-6 off near a singularity)
            assert angle_gap(ours, q, robot).min() < 1e-4


@pytest.mark.parametrize("robot", [perturbed_ur5(1e-3, 3), special_6r(SPECIAL[2])],
                         ids=["ur5 off by 1e-3", "special"])
def test_singular_unreachable_and_random_poses_give_no_nan_and_no_foreign_error(
        robot: rk.Robot) -> None:
    rng = np.random.default_rng(0)
    poses = []
    q = robot.random_q(seed=3)
    for j in range(6):  # configurations with a zero joint (wrist and elbow singularities)
        s = q.copy()
        s[j] = 0.0
        poses.append(robot.fk(s))
    far = np.eye(4)
    far[:3, 3] = [5.0, -3.0, 2.0]
    poses.append(far)
    for _ in range(20):  # random rigid poses near the workspace: reachable or not
        R = np.linalg.qr(rng.standard_normal((3, 3)))[0]
        T = np.eye(4)
        T[:3, :3] = R * np.sign(np.linalg.det(R))
        T[:3, 3] = rng.uniform(-0.8, 0.8, 3)
        poses.append(T)
    for T in poses:
        sols = rk.analytic.solve(robot, T)
        assert not np.isnan(sols.q).any()
        if len(sols) == 0:
            assert sols.reason
        for s in sols.q:
            assert np.abs(robot.fk(s) - T).max() < 1e-10
    assert len(rk.analytic.solve(robot, far)) == 0


def test_an_arm_with_a_spherical_shoulder_is_a_pieper_arm_read_backwards() -> None:
    """Axes 1-3 meet, axes 4 and 5 parallel: Puma-like read from the tool. Its solutions
    come from the spherical-wrist form on the reversed chain, and agree with the general
    kernel's (every one of them, and nothing more)."""
    robot = rk.Robot.from_dh([rk.DH(d=0.3, alpha=np.pi / 2, offset=0.2), rk.DH(alpha=-np.pi / 2),
                              rk.DH(d=0.4, a=0.05, alpha=np.pi / 2), rk.DH(a=0.3, d=0.1),
                              rk.DH(a=0.25, alpha=-np.pi / 2), rk.DH(d=0.1, offset=-0.4)],
                             limits=np.array([[-3, -2, -3, -2.5, -2, -6], [3, 2, 3, 2.5, 2, 6]]),
                             name="spherical shoulder")
    fam = rk.analytic.family(robot)
    assert "read from the tool" in fam and "spherical shoulder" in fam.why
    check_complete(robot, lambda T: rk.ik_analytic(robot, T), 100, 5)
    general = general_kernel(robot)
    for q in robot.random_q(30, seed=6):
        T = robot.fk(q)
        ours = rk.ik_analytic(robot, T)
        assert len(ours) == distinct(general(T))
        assert angle_gap(ours[:, None, :], general(T)[None], robot).min(axis=0).max() < 1e-9
    within = rk.ik_analytic(robot, T, within_limits=True)  # limits of the reversed chain
    assert ((within >= robot.limits[0] - 1e-9) & (within <= robot.limits[1] + 1e-9)).all()
    Ts = robot.fk(robot.random_q(5, seed=7))
    sols, counts = rk.ik_analytic_batch(robot, Ts)
    for i in range(5):
        assert np.abs(robot.fk(sols[i, :counts[i]]) - Ts[i]).max() < 1e-10
