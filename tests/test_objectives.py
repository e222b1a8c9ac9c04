"""Secondary objectives: values against independent NumPy formulas, analytic gradients
against central finite differences on several robots, and input validation."""

from __future__ import annotations

import numpy as np
import pytest

import reachkit as rk
from reachkit.objectives import JointLimits, Manipulability, Orientation, Posture, pack

ROBOTS = ["planar3r", "panda", "tail20", "stanford", "scara", "puma560"]
STEP = 1e-6


def _objectives(robot: rk.Robot, rng: np.random.Generator) -> list:
    low, high = robot.sampling_bounds()
    return [Posture(rng.uniform(low, high)), JointLimits(), Orientation(0.7),
            Manipulability(), Manipulability(axes=[1, 1, 1, 0, 0, 0])]


def _finite_difference(objective, robot: rk.Robot, q: np.ndarray) -> np.ndarray:
    grad = np.empty(robot.dof)
    for i in range(robot.dof):
        e = np.zeros(robot.dof)
        e[i] = STEP
        grad[i] = (objective.value(robot, q + e) - objective.value(robot, q - e)) / (2 * STEP)
    return grad


@pytest.mark.parametrize("name", ROBOTS)
def test_gradients_match_finite_differences(name: str) -> None:
    robot = rk.models.load(name)
    rng = np.random.default_rng(11)
    low, high = robot.sampling_bounds()
    for objective in _objectives(robot, rng):
        if isinstance(objective, Manipulability) and objective.measure(robot, low + 0.37 * (high - low)) < 1e-6:
            continue  # this row selection is singular everywhere for this robot (planar: vz)
        for _ in range(3):
            q = rng.uniform(low, high)
            analytic = objective.gradient(robot, q)
            numeric = _finite_difference(objective, robot, q)
            scale = 1.0 + np.abs(numeric).max()
            assert np.abs(analytic - numeric).max() / scale < 1e-6, (name, objective, analytic, numeric)


def test_values_match_independent_formulas() -> None:
    robot = rk.models.load("panda")
    rng = np.random.default_rng(3)
    lower, upper = robot.limits
    q = rng.uniform(lower, upper)
    q_rest = rng.uniform(lower, upper)
    assert Posture(q_rest).value(robot, q) == pytest.approx(0.5 * np.sum((q - q_rest) ** 2), rel=1e-12)
    mid, span = 0.5 * (lower + upper), upper - lower
    assert JointLimits().value(robot, q) == pytest.approx(0.5 * np.sum(((q - mid) / span) ** 2), rel=1e-12)
    J = robot.jacobian(q)
    assert Manipulability().measure(robot, q) == pytest.approx(np.sqrt(np.linalg.det(J @ J.T)), rel=1e-9)
    Jv = J[:3]
    assert Manipulability(axes=[1, 1, 1, 0, 0, 0]).measure(robot, q) == pytest.approx(
        np.sqrt(np.linalg.det(Jv @ Jv.T)), rel=1e-9)


def test_planar_orientation_and_manipulability_closed_forms() -> None:
    robot = rk.models.planar([1.0, 1.0, 1.0])
    q = np.array([0.3, -0.8, 1.1])
    phi = q.sum()
    assert Orientation(phi + 0.25).value(robot, q) == pytest.approx(0.5 * 0.25**2, rel=1e-10)
    # wrapped: a target one turn away is the same angle
    assert Orientation(phi + 2 * np.pi).value(robot, q) == pytest.approx(0.0, abs=1e-20)
    np.testing.assert_allclose(Orientation(phi + 0.25).gradient(robot, q), -0.25 * np.ones(3), atol=1e-12)
    np.testing.assert_array_equal(Manipulability().rows(robot), [1, 1, 0, 0, 0, 1])
    J = robot.jacobian(q)[[0, 1, 5]]
    assert Manipulability().measure(robot, q) == pytest.approx(abs(np.linalg.det(J)), rel=1e-10)
    # joints without finite limits do not count
    assert JointLimits().value(robot, q) == 0.0


def test_manipulability_at_a_singularity_is_zero_with_a_finite_gradient() -> None:
    robot = rk.models.planar([1.0, 1.0, 1.0])
    q = np.zeros(3)  # stretched out: singular
    objective = Manipulability()
    assert objective.measure(robot, q) == pytest.approx(0.0, abs=1e-12)
    assert np.all(np.isfinite(objective.gradient(robot, q)))


def test_pack_and_validation() -> None:
    robot = rk.models.planar([1.0, 1.0, 1.0])
    kinds, weights, params = pack([Posture([0, 0, 0], weight=2.0), Orientation(1.0)], robot)
    assert kinds.tolist() == [Posture.kind, Orientation.kind]
    assert weights.tolist() == [2.0, 1.0]
    assert params.shape == (2, 6) and params[1, 0] == 1.0
    with pytest.raises(rk.TargetError):
        Posture([0, np.nan, 0])
    with pytest.raises(rk.TargetError):
        Orientation(float("inf"))
    with pytest.raises(rk.TargetError):
        JointLimits(weight=-1.0)
    with pytest.raises(rk.TargetError):
        Manipulability(axes=[1, 2, 0, 0, 0, 0])
    with pytest.raises(rk.TargetError):
        pack(["posture"], robot)
    with pytest.raises(rk.TargetError):
        Posture([0.0, 0.0]).value(robot, np.zeros(3))
    with pytest.raises(rk.NotSupportedError):
        rk.ik(robot, rk.Target.planar(1.0, 1.0), method="ccd", secondary=[Orientation(0.0)])
    with pytest.raises(rk.OptionsError):
        rk.ik(robot, rk.Target.planar(1.0, 1.0), method="pinv", secondary=[Orientation(0.0)],
              secondary_iterations=-1)
