"""`WarmSolve` (the prepared solve `ik_path` calls per waypoint) answers exactly as `rk.ik`."""

from __future__ import annotations

import numpy as np
import pytest

import reachkit as rk
from reachkit.ik.path_solve import WarmSolve


@pytest.mark.parametrize("name, secondary, mask", [
    ("ur5", False, None),
    ("panda", True, None),
    ("panda", False, np.array([1.0, 1, 1, 0, 0, 1])),
])
def test_warm_solve_gives_rk_ik_answers(name: str, secondary: bool, mask: np.ndarray | None) -> None:
    robot = rk.models.load(name)
    rng = np.random.default_rng(3)
    low, high = robot.sampling_bounds()
    for _ in range(15):
        q_goal = rng.uniform(low, high)
        q_start = np.clip(q_goal + rng.normal(scale=0.3, size=robot.dof), *robot.limits)
        objectives = [rk.objectives.Posture(q_start)] if secondary else None
        solve = WarmSolve(robot, "lm", True, objectives, mask, {"max_restarts": 0})
        T = robot.fk(q_goal)
        target = T if mask is None else rk.Target(T, mask=mask)
        expected = rk.ik(robot, target, q0=q_start, secondary=objectives, max_restarts=0)
        for _ in range(2):  # the first call may compile or load; the second takes the entry point
            answer = solve(T, q_start)
            assert answer.success == expected.success
            assert np.array_equal(answer.q, expected.q)
            assert answer.reason == expected.reason
