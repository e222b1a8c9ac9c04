"""Task priority with null-space secondary objectives: the primary task is met exactly,
the secondary gets as close as the geometry allows."""

from __future__ import annotations

import numpy as np
import pytest

import reachkit as rk
from reachkit.objectives import JointLimits, Manipulability, Orientation, Posture

NULL_SPACE_METHODS = ["pinv", "dls", "lm"]
Q_REST = np.array([0.0, -0.3, 0.0, -2.2, 0.0, 2.0, 0.8])


def _tool_angle(robot: rk.Robot, q: np.ndarray) -> float:
    T = robot.fk(q)
    return float(np.arctan2(T[1, 0], T[0, 0]))


def _angle_gap(a: float, b: float) -> float:
    return abs(float(np.arctan2(np.sin(a - b), np.cos(a - b))))


def _best_planar_angle(x: float, y: float, phi: float) -> float:
    """Links 1, 1, 1: the tool angle closest to phi at (x, y). The wrist (x, y) - (cos, sin)
    must lie within 2 of the base, i.e. cos(angle - atan2(y, x)) >= (d^2 - 3) / (2 d)."""
    d = np.hypot(x, y)
    bearing = np.arctan2(y, x)
    half_width = np.arccos(np.clip((d * d - 3.0) / (2.0 * d), -1.0, 1.0))
    offset = np.arctan2(np.sin(phi - bearing), np.cos(phi - bearing))
    return float(bearing + np.clip(offset, -half_width, half_width))


@pytest.mark.parametrize("method", NULL_SPACE_METHODS)
def test_planar_reachable_angle_is_met(method: str) -> None:
    robot = rk.models.planar([1.0, 1.0, 1.0])
    rng = np.random.default_rng(5)
    for k in range(6):
        q_true = rng.uniform(-np.pi, np.pi, 3)
        T = robot.fk(q_true)
        x, y, phi = T[0, 3], T[1, 3], _tool_angle(robot, q_true)
        res = rk.ik(robot, rk.Target.planar(x, y), method=method, seed=k, secondary=[Orientation(phi)])
        assert res.success
        p = robot.fk(res.q)[:2, 3]
        assert np.linalg.norm(p - [x, y]) < 1e-6
        assert _angle_gap(_tool_angle(robot, res.q), phi) < 1e-3


@pytest.mark.parametrize("method", NULL_SPACE_METHODS)
def test_planar_impossible_angle_keeps_position_and_takes_closest_angle(method: str) -> None:
    robot = rk.models.planar([1.0, 1.0, 1.0])
    # The cost is local: when the arc of feasible angles contains the angle opposite phi,
    # its far end is a second local minimum, so these cases keep that angle off the arc.
    cases = [(2.5, 0.5, 2.2), (0.0, 2.7, 0.0), (-2.2, -1.0, -0.8), (2.8, 0.0, 1.5)]
    for k, (x, y, phi) in enumerate(cases):
        best = _best_planar_angle(x, y, phi)
        assert _angle_gap(best, phi) > 0.3  # the wanted angle really is impossible here
        assert _angle_gap(_best_planar_angle(x, y, phi + np.pi), phi + np.pi) > 1e-6
        res = rk.ik(robot, rk.Target.planar(x, y), method=method, seed=k, secondary=[Orientation(phi)])
        assert res.success and res.position_error < 1e-6
        assert _angle_gap(_tool_angle(robot, res.q), best) < 2e-3, (x, y, phi, best)


def _near_rest_targets(robot: rk.Robot, count: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(21)
    lower, upper = robot.limits
    Q = np.clip(Q_REST + rng.normal(0.0, 0.5, size=(count, robot.dof)), lower + 1e-3, upper - 1e-3)
    return Q, robot.fk(Q)


def _solve_all(robot, targets, secondary, q0s=None, method="lm"):
    results = [rk.ik(robot, T, method=method, seed=k, secondary=secondary,
                     q0=None if q0s is None else q0s[k]) for k, T in enumerate(targets)]
    for res in results:
        assert res.success and res.position_error < 1e-6 and res.rotation_error < 1e-6
    return np.array([res.q for res in results])


def test_panda_posture_keeps_pose_and_stays_nearer_rest() -> None:
    robot = rk.models.load("panda")
    Q, targets = _near_rest_targets(robot, 20)
    plain = np.linalg.norm(_solve_all(robot, targets, None) - Q_REST, axis=1)
    rested = np.linalg.norm(_solve_all(robot, targets, [Posture(Q_REST)]) - Q_REST, axis=1)
    # measured: 1.30 without, 1.07 with (the start at q_rest and the null-space drift);
    # random starts begin in the middle of the joint ranges, so the plain solve is already
    # nearer rest than it was with starts drawn from the whole ranges (2.89)
    assert rested.mean() < 0.85 * plain.mean()
    # holding the pose from the configuration that made it: drift only, never away from rest
    held = np.linalg.norm(_solve_all(robot, targets, [Posture(Q_REST)], q0s=Q) - Q_REST, axis=1)
    start = np.linalg.norm(Q - Q_REST, axis=1)
    assert np.all(held <= start + 1e-9)
    assert held.mean() < start.mean() - 0.08  # measured 1.21 -> 1.05


def _limit_margin(robot: rk.Robot, Q: np.ndarray) -> np.ndarray:
    lower, upper = robot.limits
    return (np.minimum(Q - lower, upper - Q) / (upper - lower)).min(axis=1)


def test_panda_joint_limits_margin_grows() -> None:
    robot = rk.models.load("panda")
    rng = np.random.default_rng(8)
    lower, upper = robot.limits
    Q = rng.uniform(lower, upper, size=(20, robot.dof))
    targets = robot.fk(Q)
    moved = _solve_all(robot, targets, [JointLimits()], q0s=Q)
    objective = JointLimits()
    assert all(objective.value(robot, a) <= objective.value(robot, b) + 1e-12 for a, b in zip(moved, Q))
    before, after = _limit_margin(robot, Q).mean(), _limit_margin(robot, moved).mean()
    assert after > before + 0.015  # measured 0.064 -> 0.101 (min joint margin / range)


@pytest.mark.parametrize("method", ["lm", "pinv"])
def test_panda_manipulability_grows(method: str) -> None:
    robot = rk.models.load("panda")
    Q, targets = _near_rest_targets(robot, 12)
    objective = Manipulability()
    moved = _solve_all(robot, targets, [objective], q0s=Q, method=method)
    before = np.array([objective.measure(robot, q) for q in Q])
    after = np.array([objective.measure(robot, q) for q in moved])
    assert np.all(after >= before - 1e-12)
    assert after.mean() > 1.08 * before.mean()  # measured 0.064 -> 0.081 (lm and pinv)


def test_batch_solver_applies_secondary_objectives() -> None:
    robot = rk.models.planar([1.0, 1.0, 1.0])
    xy = np.array([[1.5, 1.0], [2.5, 0.5], [-1.0, 1.2]])
    phis = [0.3, 2.2, 2.0]
    for (x, y), phi in zip(xy, phis):
        out = rk.ik_batch(robot, [rk.Target.planar(x, y)], method="pinv", seed=1,
                          secondary=[Orientation(phi)])
        assert out.success.all() and out.position_error[0] < 1e-6
        assert _angle_gap(_tool_angle(robot, out.q[0]), _best_planar_angle(x, y, phi)) < 2e-3


def test_secondary_iterations_zero_stops_at_the_task() -> None:
    robot = rk.models.planar([1.0, 1.0, 1.0])
    target = rk.Target.planar(1.5, 1.0)
    q0 = np.array([0.1, 0.5, 0.4])
    off = rk.ik(robot, target, method="pinv", q0=q0, secondary=[Orientation(0.3)], secondary_iterations=0)
    on = rk.ik(robot, target, method="pinv", q0=q0, secondary=[Orientation(0.3)])
    assert off.success and on.success
    assert _angle_gap(_tool_angle(robot, on.q), 0.3) < 1e-3 < _angle_gap(_tool_angle(robot, off.q), 0.3)
