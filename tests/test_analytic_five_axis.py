"""5-axis closed form (yaw, three parallel pitch axes, roll about the tool axis), checked
by FK round trips and against numerical IK from many starts."""

import numpy as np
import pytest

import reachkit as rk


def random_arm(rng: np.random.Generator, limits: bool = False) -> rk.Robot:
    """A WidowX-type 5R arm with random lengths, offsets along the pitch axes, joint
    offsets, a flipped joint 3, and (optionally) random limits."""
    L = rng.uniform(0.05, 0.4, 4)
    table = [rk.DH(d=L[0], a=rng.uniform(-0.05, 0.05), alpha=np.pi / 2, offset=rng.uniform(-1, 1)),
             rk.DH(a=L[1], d=rng.uniform(-0.05, 0.05), offset=rng.uniform(-1, 1)),
             rk.DH(a=L[2], d=rng.uniform(-0.05, 0.05), offset=rng.uniform(-1, 1), flip=True),
             rk.DH(a=rng.uniform(-0.05, 0.05), alpha=np.pi / 2, offset=np.pi / 2),
             rk.DH(d=L[3])]
    lim = None
    if limits:
        lo = rng.uniform(-3.0, -1.5, 5)
        lim = np.array([lo, lo + rng.uniform(3.0, 4.5, 5)])
    return rk.Robot.from_dh(table, name="random 5R", limits=lim)


def angle_gap(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.abs((a - b + np.pi) % (2 * np.pi) - np.pi)


def axis_error(T: np.ndarray, T_goal: np.ndarray) -> float:
    """Angle (rad) between the tool z axes."""
    return float(np.arctan2(np.linalg.norm(np.cross(T[:3, 2], T_goal[:3, 2])), T[:3, 2] @ T_goal[:3, 2]))


def test_family_says_which_form_and_why():
    robot = random_arm(np.random.default_rng(0))
    fam = rk.analytic.family(robot)
    assert "WidowX" in fam and "tool axis" in fam.why


@pytest.mark.parametrize("seed", range(6))
def test_generating_configuration_is_listed_and_every_solution_reproduces_point_and_axis(seed):
    rng = np.random.default_rng(seed)
    robot = random_arm(rng, limits=seed % 2 == 1)
    for _ in range(20):
        q = rng.uniform(*robot.limits) if seed % 2 else rng.uniform(-np.pi, np.pi, 5)
        T = robot.fk(q)
        sols = rk.ik_analytic(robot, T, within_limits=seed % 2 == 1)
        assert 1 <= len(sols) <= 4
        assert angle_gap(sols, q).max(axis=1).min() < 1e-9
        for s in sols:
            Ts = robot.fk(s)
            assert np.linalg.norm(Ts[:3, 3] - T[:3, 3]) < 1e-10
            assert axis_error(Ts, T) < 1e-10
            assert np.abs(Ts[:3, :3] - T[:3, :3]).max() < 1e-10  # joint 5 from the x column
            if seed % 2:
                assert ((s >= robot.limits[0] - 1e-9) & (s <= robot.limits[1] + 1e-9)).all()


def test_arm_without_offsets_has_four_solutions():
    table = [rk.DH(d=0.1, alpha=np.pi / 2), rk.DH(a=0.2), rk.DH(a=0.2),
             rk.DH(alpha=np.pi / 2, offset=np.pi / 2), rk.DH(d=0.1)]
    robot = rk.Robot.from_dh(table)
    T = robot.fk([0.3, 0.4, -0.9, 0.2, 0.5])
    assert len(rk.ik_analytic(robot, T)) == 4


@pytest.mark.parametrize("seed", range(3))
def test_numerical_ik_from_many_starts_finds_nothing_missing(seed):
    rng = np.random.default_rng(100 + seed)
    robot = random_arm(rng)
    T = robot.fk(rng.uniform(-np.pi, np.pi, 5))
    sols = rk.ik_analytic(robot, T)
    for start in range(60):
        res = rk.ik(robot, T, q0=rng.uniform(-np.pi, np.pi, 5), joint_limits=False, seed=start)
        if res.success and res.position_error < 1e-7 and res.rotation_error < 1e-7:
            assert angle_gap(sols, res.q).max(axis=1).min() < 1e-5, res.q


def test_unreachable_targets_give_no_solution_and_a_reason():
    rng = np.random.default_rng(7)
    robot = random_arm(rng)
    T = robot.fk(rng.uniform(-1, 1, 5))
    tilted = T.copy()
    c, s = np.cos(0.2), np.sin(0.2)
    tilted[:3, :3] = T[:3, :3] @ np.array([[1, 0, 0], [0, c, -s], [0, s, c]])
    out = rk.analytic.solve(robot, tilted)
    assert len(out) == 0 and "plane" in out.reason
    far = T.copy()
    far[:3, 3] = [5.0, 0.0, 0.0]
    out = rk.analytic.solve(robot, far)
    assert len(out) == 0 and "out of reach" in out.reason and np.isfinite(out.q).all()


def test_other_5_axis_arms_are_not_supported():
    table = [rk.DH(d=0.1, alpha=np.pi / 2), rk.DH(a=0.2, alpha=0.3), rk.DH(a=0.2),
             rk.DH(alpha=np.pi / 2), rk.DH(d=0.1)]
    robot = rk.Robot.from_dh(table)
    with pytest.raises(rk.NotSupportedError, match="5 joints"):
        rk.ik_analytic(robot, robot.fk(np.zeros(5)))
    with pytest.raises(rk.NotSupportedError):
        rk.analytic.family(robot)


def test_bad_pose_raises_a_target_error():
    robot = random_arm(np.random.default_rng(3))
    T = np.eye(4)
    T[0, 3] = np.nan
    with pytest.raises(rk.TargetError):
        rk.ik_analytic(robot, T)


def test_batch_matches_one_pose_at_a_time():
    rng = np.random.default_rng(11)
    robot = random_arm(rng)
    Ts = robot.fk(rng.uniform(-np.pi, np.pi, (5, 5)))
    Ts[2, :3, 3] = [9.0, 0.0, 0.0]  # out of reach
    q, counts = rk.ik_analytic_batch(robot, Ts)
    assert q.shape == (5, 4, 5) and counts[2] == 0
    for i, T in enumerate(Ts):
        np.testing.assert_allclose(q[i, :counts[i]], rk.ik_analytic(robot, T), atol=0)


def test_method_analytic_returns_the_nearest_solution():
    rng = np.random.default_rng(12)
    robot = random_arm(rng)
    q = rng.uniform(-1, 1, 5)
    res = rk.ik(robot, robot.fk(q), method="analytic", q0=q + 0.01)
    assert res.success and np.abs(res.q - q).max() < 1e-9


def test_tool_point_on_the_base_axis():
    """Joint 1 cannot be read from the position there: the tool axis sets it."""
    table = [rk.DH(d=0.1, alpha=np.pi / 2), rk.DH(a=0.2), rk.DH(a=0.2),
             rk.DH(alpha=np.pi / 2, offset=np.pi / 2), rk.DH(d=0.1)]
    robot = rk.Robot.from_dh(table)
    rng = np.random.default_rng(5)
    for _ in range(10):
        q = rng.uniform(-np.pi, np.pi, 5)
        # put the tool point on axis 1: turn joint 4 so that the tool points back at it
        T = robot.fk(q)
        T_goal = np.eye(4)
        T_goal[:3, 3] = [0.0, 0.0, T[2, 3]]
        z = np.array([np.cos(q[0]), np.sin(q[0]), 0.0])
        T_goal[:3, 2] = z
        T_goal[:3, 0] = [0.0, 0.0, 1.0]
        T_goal[:3, 1] = np.cross(z, T_goal[:3, 0])
        sols = rk.ik_analytic(robot, T_goal)
        res = rk.ik(robot, T_goal, seed=0, joint_limits=False)
        assert len(sols) >= (1 if res.success else 0)
        for s in sols:
            Ts = robot.fk(s)
            assert np.linalg.norm(Ts[:3, 3] - T_goal[:3, 3]) < 1e-10 and axis_error(Ts, T_goal) < 1e-10


def test_solutions_outside_the_limits_are_dropped_with_a_reason():
    table = [rk.DH(d=0.1, alpha=np.pi / 2), rk.DH(a=0.2), rk.DH(a=0.2),
             rk.DH(alpha=np.pi / 2, offset=np.pi / 2), rk.DH(d=0.1)]
    q = np.array([0.3, 0.4, -0.9, 0.2, 0.5])
    narrow = rk.Robot.from_dh(table, limits=np.array([q - 0.1, q + 0.1]))
    T = narrow.fk(q)
    assert len(rk.ik_analytic(narrow, T)) == 4
    inside = rk.ik_analytic(narrow, T, within_limits=True)
    assert len(inside) == 1 and np.abs(inside[0] - q).max() < 1e-9
    far = narrow.fk(q + 1.0)
    out = rk.analytic.solve(narrow, far, within_limits=True)
    assert len(out) == 0 and "outside the joint limits" in out.reason


def test_the_same_arm_read_from_urdf(tmp_path):
    """The form is picked from the joint lines, so a URDF of the arm gets it too."""
    rng = np.random.default_rng(31)
    robot = random_arm(rng)
    path = tmp_path / "five.urdf"
    path.write_text(robot.to_urdf())
    urdf = rk.Robot.from_urdf(str(path))
    assert rk.analytic.family(urdf) == rk.analytic.family(robot)
    q = rng.uniform(-np.pi, np.pi, 5)
    sols = rk.ik_analytic(urdf, urdf.fk(q))
    assert angle_gap(sols, q).max(axis=1).min() < 1e-9
