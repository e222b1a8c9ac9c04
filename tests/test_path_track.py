"""rk.ik_path: every reached waypoint checked by FK against the line (positions by vector
algebra, orientations by scipy's Slerp), joint steps by differences, and the stops at an
unreachable stretch, a joint limit and a wrist singularity."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.transform import Rotation, Slerp

import reachkit as rk
from reachkit.ik.path_solve import WarmSolve
from reachkit.path import numeric
from reachkit.path.result import FAILURES

TOL = 1e-6  # the solver's default tolerances (m, rad)


def check_reached(robot: rk.Robot, res: rk.PathResult, poses: np.ndarray, q0: np.ndarray,
                  bound: float, mask: np.ndarray | None = None) -> None:
    """The reached waypoints by FK and the step bound, independently of the result's numbers."""
    n = int(res.reached.sum())
    assert res.reached[:n].all() and not res.reached[n:].any()  # a leading run
    assert np.isnan(res.q[n:]).all() and np.isfinite(res.q[:n]).all()
    assert res.success == (n == len(poses))
    if res.success:
        assert res.fraction == 1.0 and res.failure is None and res.failed_index is None
    else:
        assert res.failure in FAILURES and res.failed_index == n
        assert res.fraction == (0.0 if n == 0 else (n - 1) / (len(poses) - 1)) < 1.0
        assert f"waypoint {n} " in res.reason and res.failure in res.reason
    if n == 0:
        return
    T = robot.fk(res.q[:n])
    rows = np.ones(6, bool) if mask is None else np.asarray(mask, bool)
    p_err = np.linalg.norm((T[:, :3, 3] - poses[:n, :3, 3]) * rows[:3], axis=1)
    assert p_err.max() <= TOL * (1 + 1e-6)
    if rows[3:].all():
        r_err = (Rotation.from_matrix(T[:, :3, :3]) * Rotation.from_matrix(poses[:n, :3, :3]).inv()).magnitude()
        assert r_err.max() <= TOL * (1 + 1e-6)
    steps = np.abs(np.diff(np.vstack([q0, res.q[:n]]), axis=0))
    assert steps.max() <= bound + 1e-12
    assert res.max_joint_step == pytest.approx(steps.max(), abs=1e-15)
    assert robot.within_limits(res.q[:n]).all()


def check_on_line(poses: np.ndarray, T_a: np.ndarray, T_b: np.ndarray) -> None:
    """The waypoints handed to ik_path are the line: positions and scipy slerp."""
    s = np.linspace(0.0, 1.0, len(poses))
    np.testing.assert_allclose(poses[:, :3, 3], T_a[:3, 3] + s[:, None] * (T_b[:3, 3] - T_a[:3, 3]), atol=1e-12)
    slerp = Slerp([0.0, 1.0], Rotation.from_matrix(np.stack([T_a[:3, :3], T_b[:3, :3]])))
    np.testing.assert_allclose(poses[:, :3, :3], slerp(s).as_matrix(), atol=1e-12)


def random_segment(robot: rk.Robot, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """q0 well inside the limits (middle 80 %), its tool pose, and a goal 0.1-0.4 m away turned
    by up to 30 degrees."""
    low, high = robot.sampling_bounds()
    q0 = rng.uniform(low + 0.1 * (high - low), high - 0.1 * (high - low))
    T_a = robot.fk(q0)
    direction = rng.normal(size=3)
    axis = rng.normal(size=3)
    T_b = T_a.copy()
    T_b[:3, 3] += rng.uniform(0.1, 0.4) * direction / np.linalg.norm(direction)
    T_b[:3, :3] = Rotation.from_rotvec(rng.uniform(0, np.radians(30)) * axis / np.linalg.norm(axis)).as_matrix() @ T_a[:3, :3]
    return q0, T_a, T_b


@pytest.mark.parametrize("name", ["ur5", "puma560", "panda"])
def test_random_segments_reach_their_poses_without_jumps(name: str) -> None:
    """30 segments per arm (benchmarks/bench_paths.py runs 1,000 with the statistics):
    every reached waypoint on its pose and within the step bound, lm and analytic on the
    same branch, while warm-started rk.ik per waypoint jumps on some of the segments."""
    robot = rk.models.load(name)
    rng = np.random.default_rng(20)
    bound = 0.05
    outcomes, naive_jumps = [], 0
    for _ in range(30):
        q0, T_a, T_b = random_segment(robot, rng)
        poses = rk.path.line(T_a, T_b, step=0.005)
        check_on_line(poses, T_a, T_b)
        res = rk.ik_path(robot, poses, q0, max_joint_step=bound)
        check_reached(robot, res, poses, q0, bound)
        outcomes.append(res.success)
        if name != "panda":
            other = rk.ik_path(robot, poses, q0, max_joint_step=bound, method="analytic")
            check_reached(robot, other, poses, q0, bound)
            n = min(other.reached.sum(), res.reached.sum())
            # the same branch: the same configurations (to the solver's accuracy)
            np.testing.assert_allclose(other.q[:n], res.q[:n], atol=1e-4)
        naive = [q0]
        for T in poses:
            naive.append(rk.ik(robot, T, q0=naive[-1]).q)
        naive_jumps += int(np.abs(np.diff(naive, axis=0)).max() > bound)
    assert sum(outcomes) >= 9  # many random segments are followed to the end ...
    assert naive_jumps >= 5  # ... and per-waypoint solves jump on many


def sweep_past_wrist_singularity(robot: rk.Robot, q_s: np.ndarray, eps: float = 1e-3,
                                 c: float = 0.2) -> tuple[np.ndarray, np.ndarray]:
    """A pure rotation about joint 5's axis through the pose of q_s (q5 = 0, wrist singular),
    offset by eps about the lost axis z4 x z5: the wrist must swing q4 and q6 by about pi
    near the middle."""
    J = robot.jacobian(q_s)
    z4, z5 = J[3:, 3], J[3:, 4]
    lost = np.cross(z4, z5) / np.linalg.norm(np.cross(z4, z5))

    def pose(t: float) -> np.ndarray:
        T = robot.fk(q_s)
        T[:3, :3] = Rotation.from_rotvec(t * z5).as_matrix() @ Rotation.from_rotvec(eps * lost).as_matrix() @ T[:3, :3]
        return T
    return pose(-c), pose(c)


@pytest.mark.parametrize("name, q_s", [("ur5", [0.3, -1.2, 1.4, -0.5, 0.0, 0.4]),
                                       ("puma560", [0.3, 0.5, -0.8, 0.4, 0.0, 0.4])])
def test_wrist_flip_stops_with_singularity_where_naive_ik_jumps(name: str, q_s: list) -> None:
    robot = rk.models.load(name)
    q_s = np.array(q_s)
    T_a, T_b = sweep_past_wrist_singularity(robot, q_s)
    q0 = rk.ik(robot, T_a, q0=q_s - [0, 0, 0, 0, 0.2, 0], max_restarts=0).q
    poses = rk.path.line(T_a, T_b)  # 0.4 rad in 0.02 rad pieces: 21 waypoints, singular at 10
    naive = [q0]
    for T in poses:
        naive.append(rk.ik(robot, T, q0=naive[-1]).q)
    assert np.abs(np.diff(naive, axis=0)).max() > 1.0  # per-waypoint solves flip the wrist
    for method in ("lm", "analytic"):
        res = rk.ik_path(robot, poses, q0, max_joint_step=0.05, method=method)
        check_reached(robot, res, poses, q0, 0.05)
        assert res.failure == "singularity" and res.failed_index == 10, res.reason


def test_path_exactly_through_a_singular_pose_is_followed_or_stopped_honestly() -> None:
    robot = rk.models.load("ur5")
    q_s = np.array([0.3, -1.2, 1.4, -0.5, 0.0, 0.4])
    U = np.linalg.svd(robot.jacobian(q_s))[0]
    lost = U[:, -1]  # the twist the arm cannot make at q_s

    def pose(t: float) -> np.ndarray:
        T = robot.fk(q_s)
        T[:3, 3] += t * lost[:3]
        T[:3, :3] = Rotation.from_rotvec(t * lost[3:]).as_matrix() @ T[:3, :3]
        return T
    poses = rk.path.line(pose(-0.05), pose(0.05), step=0.002)
    q0 = rk.ik(robot, poses[0], q0=q_s + [0, 0, 0, 0, 0.05, 0], max_restarts=0).q
    for method in ("lm", "analytic"):
        res = rk.ik_path(robot, poses, q0, method=method)
        check_reached(robot, res, poses, q0, 0.05)
        assert res.success or res.failure == "singularity", res.reason


def test_unreachable_middle_stops_before_it() -> None:
    robot = rk.models.planar([1.0, 0.5])  # the tool cannot come within 0.5 m of the base
    mask = [1, 1, 0, 0, 0, 0]
    poses = rk.path.line(rk.spatial.translation(0.8, 0.2, 0.0), rk.spatial.translation(-0.8, 0.2, 0.0),
                         step=0.01)
    first_out = int(np.argmax(np.hypot(poses[:, 0, 3], poses[:, 1, 3]) < 0.5))
    q0 = rk.ik(robot, rk.Target.position(poses[0, :3, 3]), q0=[0.0, 1.5]).q
    res = rk.ik_path(robot, poses, q0, mask=mask, max_joint_step=0.1)
    check_reached(robot, res, poses, q0, 0.1, mask)
    assert res.failure in ("unreachable", "singularity") and res.failed_index <= first_out
    assert res.fraction < 1.0
    far = rk.ik_path(robot, [poses[0], rk.spatial.translation(3.0, 0.0, 0.0)], q0, mask=mask)
    assert far.failure == "unreachable" and far.failed_index == 1 and far.reached.tolist() == [True, False]


def test_joint_limit_stops_lm_and_analytic() -> None:
    robot = rk.models.load("puma560")  # joint 1 limited to +-160 degrees

    def pose(angle: float) -> np.ndarray:
        R = rk.spatial.rotz(angle) @ rk.spatial.roty(np.pi / 2)
        return rk.spatial.transform(R, [0.5 * np.cos(angle), 0.5 * np.sin(angle), 0.3])
    T_a, T_b = pose(np.radians(140)), pose(np.radians(-140))  # the short way passes 180 degrees
    starts = rk.ik_analytic(robot, T_a, within_limits=True)
    q0 = starts[np.argmin(np.abs(starts[:, 0] - np.radians(140)))]
    poses = rk.path.line(T_a, T_b, step=0.01)
    for method in ("lm", "analytic"):
        res = rk.ik_path(robot, poses, q0, method=method)
        check_reached(robot, res, poses, q0, 0.05)
        assert res.failure == "joint limit" and "q1" in res.reason, res.reason


def test_a_solver_jump_within_the_bound_is_caught_by_the_midpoint_check(monkeypatch) -> None:
    """The solver is made to answer one waypoint on the other elbow branch, close enough
    for the step bound (pi / 2); the midpoint check refuses it, and the path stops there
    with 'jump' rather than report it."""
    robot = rk.models.load("planar2r")
    mask = [1, 1, 0, 0, 0, 0]
    poses = rk.path.line(rk.spatial.translation(1.9, 0.0, 0.0), rk.spatial.translation(1.9, 0.3, 0.0),
                         step=0.02)
    q0 = rk.ik(robot, rk.Target.position(poses[0, :3, 3]), q0=[-0.3, 0.6]).q
    bad = 8
    real_solve = WarmSolve.__call__  # the tracker's solve of each waypoint

    def flipping_solve(self, T_world_tool, q_start):
        answer = real_solve(self, T_world_tool, q_start)
        if np.array_equal(T_world_tool, poses[bad]):
            q1, q2 = answer.q
            flipped = np.array([q1 + q2, -q2])  # the other elbow reaches the same point
            return answer._replace(q=flipped)
        return answer
    monkeypatch.setattr(WarmSolve, "__call__", flipping_solve)
    monkeypatch.setattr(WarmSolve, "run", WarmSolve.run_by_calls)  # every solve through __call__
    res = rk.ik_path(robot, poses, q0, mask=mask, max_joint_step=np.pi / 2)
    check_reached(robot, res, poses, q0, np.pi / 2, mask)
    assert res.failed_index == bad and res.failure == "jump", res.reason
    assert np.all(res.q_reached[:, 1] > 0)  # never on the other elbow


def test_redundant_arm_keeps_its_posture_and_does_not_drift() -> None:
    robot = rk.models.load("panda")
    q0 = np.array([0.1, -0.4, 0.2, -2.2, 0.1, 1.9, 0.6])
    T_a = robot.fk(q0)
    T_b = T_a.copy()
    T_b[:3, 3] += [0.15, -0.2, 0.1]
    T_b[:3, :3] = rk.spatial.rotx(0.3) @ T_a[:3, :3]
    poses = rk.path.waypoints([T_a, T_b, T_a, T_b, T_a])
    kept = rk.ik_path(robot, poses, q0)  # Posture(q0) by default
    free = rk.ik_path(robot, poses, q0, secondary=[])
    check_reached(robot, kept, poses, q0, 0.05)
    check_reached(robot, free, poses, q0, 0.05)
    assert kept.success and np.abs(kept.q[-1] - q0).max() < 1e-9
    assert np.abs(free.q[-1] - q0).max() > 1e-4  # without it the self-motion drifts


def test_inputs_are_checked() -> None:
    robot = rk.models.load("ur5")
    q0 = np.array([0.3, -1.2, 1.4, -0.5, 1.0, 0.4])
    poses = rk.path.line(robot.fk(q0), robot.fk(q0 + 0.05))
    with pytest.raises(rk.ReachkitError, match="Scene takes a list of obstacles"):
        rk.ik_path(robot, poses, q0, scene=object())  # collisions exist now: a bad scene
    with pytest.raises(rk.OptionsError, match="max_restarts"):
        rk.ik_path(robot, poses, q0, max_restarts=3)
    with pytest.raises(rk.OptionsError, match="pi/2"):
        rk.ik_path(robot, poses, q0, max_joint_step=2.0)
    with pytest.raises(rk.OptionsError, match="max_joint_step"):
        rk.ik_path(robot, poses, q0, max_joint_step=[0.1, 0.1])
    with pytest.raises(rk.OptionsError):
        rk.ik_path(robot, poses, q0, method="nope")
    with pytest.raises(rk.TargetError, match="q0"):
        rk.ik_path(robot, poses, q0[:5])
    with pytest.raises(rk.TargetError, match="empty"):
        rk.ik_path(robot, np.empty((0, 4, 4)), q0)
    with pytest.raises(rk.TargetError, match="mask"):
        rk.ik_path(robot, poses, q0, mask=[1, 1, 1])
    with pytest.raises(rk.NotSupportedError):
        rk.ik_path(rk.models.load("panda"), poses, [0.1, -0.4, 0.2, -2.2, 0.1, 1.9, 0.6], method="analytic")
    with pytest.raises(rk.TargetError, match="outside the joint limits"):
        rk.ik_path(rk.models.load("puma560"), poses, [0, 0, 2.0, 0, 0, 0])
    with pytest.raises(rk.ModelError):
        rk.ik_path("ur5", poses, q0)
    one = rk.ik_path(robot, robot.fk(q0), q0)  # a single (4, 4) pose
    assert one.success and one.q.shape == (1, 6) and one.max_joint_step < 1e-9


def test_a_scene_stops_the_path_at_a_collision() -> None:
    """With collisions in place, ik_path checks its waypoints against a scene: an obstacle
    far away changes nothing, one on the tool's line stops the path with 'collision'."""
    robot = rk.models.load("ur5")
    q0 = np.array([0.3, -1.2, 1.4, -0.5, 1.0, 0.4])
    poses = rk.path.line(robot.fk(q0), robot.fk(q0 + 0.05))
    far = rk.Scene([rk.Sphere([3.0, 3.0, 3.0], 0.1)])
    assert rk.ik_path(robot, poses, q0, scene=far).success
    on_the_way = rk.Scene([rk.Sphere(robot.fk(q0 + 0.025)[:3, 3], 0.05)])
    path = rk.ik_path(robot, poses, q0, scene=on_the_way)
    assert not path.success and path.fraction < 1.0 and "collision" in path.reason
    reached = path.q[path.reached]
    if len(reached):
        assert np.all(rk.distance(robot, reached, on_the_way, self_collision=False) >= 0.0)


@pytest.mark.parametrize("name", ["ur5", "panda"])
def test_quick_runs_accept_what_the_careful_way_accepts(name: str, monkeypatch) -> None:
    """ik_path solves runs of waypoints and accepts them in one kernel call; taking every
    waypoint the careful way (one solve and one acceptance test each) gives the same path,
    the same stop and the same reason, on segments that are followed and on ones that stop."""
    robot = rk.models.load(name)
    rng = np.random.default_rng(7)
    segments = [random_segment(robot, rng) for _ in range(12)]
    quick = [rk.ik_path(robot, rk.path.line(T_a, T_b), q0) for q0, T_a, T_b in segments]
    monkeypatch.setattr(numeric.Tracker, "run", lambda self, *args: (0, True))  # refuse every run
    careful = [rk.ik_path(robot, rk.path.line(T_a, T_b), q0) for q0, T_a, T_b in segments]
    assert any(r.success for r in quick) and not all(r.success for r in quick)
    for a, b in zip(quick, careful):
        assert (a.success, a.failed_index, a.failure) == (b.success, b.failed_index, b.failure)
        np.testing.assert_array_equal(a.q, b.q)
        assert a.solves >= b.solves - 1  # the quick way drops the answers after a refused one
