"""Collision-aware IK on a tabletop (issue 19, "What must show it"): a Panda on a 10 cm
mount above a table, three boxes on the table and a two-board shelf beside it
(tests/data/tabletop_scene.json, also built here in Python).

Targets are the tool poses of random configurations that are collision-free (obstacles
and self-collision, with the margin), so each has a collision-free solution. Every answer
is re-checked with the exact queries (rk.distance, rk.in_collision) and its pose with FK.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import reachkit as rk
from reachkit.collision import Box, HalfSpace, Scene, collision_free
from reachkit.spatial import rpy_to_matrix

PANDA = rk.models.load("panda")
SCENE_FILE = Path(__file__).parent / "data" / "tabletop_scene.json"
MARGIN = 0.01
N_TARGETS = 200
TOL = 1e-6  # the solver's default pose tolerance (m, rad), checked here with FK
# An answer may sit on the margin, rounding below it by ~1e-16 m (the solver's slack
# tolerance): the re-checks allow 1e-9 m; a real collision is a distance below 0.
KEEP = MARGIN - 1e-9


def _box(center: list[float], size: list[float], yaw: float = 0.0) -> Box:
    T = np.eye(4)
    T[:3, :3] = rpy_to_matrix(0.0, 0.0, yaw)
    T[:3, 3] = center
    return Box(T, size)


def tabletop_scene() -> Scene:
    """The scene of tests/data/tabletop_scene.json, in Python: table top at z = -0.10
    (the Panda's base stands on a 10 cm mount at the origin), a floor, three boxes on the
    table and a shelf (two boards and a back wall) on the robot's left."""
    return Scene([
        _box([0.35, 0.0, -0.15], [1.5, 1.6, 0.1]),        # table, top at z = -0.10
        HalfSpace([0, 0, 1], -0.9),                       # floor
        _box([0.5, -0.3, 0.0], [0.12, 0.12, 0.16], 0.3),  # boxes on the table
        _box([0.45, 0.35, -0.02], [0.1, 0.2, 0.12], -0.5),
        _box([0.3, -0.55, 0.05], [0.08, 0.08, 0.26]),
        _box([0.0, 0.7, 0.35], [0.6, 0.3, 0.02]),         # shelf: lower board
        _box([0.0, 0.7, 0.7], [0.6, 0.3, 0.02]),          # upper board
        _box([0.0, 0.86, 0.3], [0.6, 0.02, 0.9]),         # back wall
    ])


SCENE = Scene.from_file(SCENE_FILE)


def free_targets(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """n configurations (n, 7) that keep the margin from the scene and from the arm itself,
    and their tool poses (n, 4, 4)."""
    Q = PANDA.random_q(20 * n, seed=seed)
    Q = Q[collision_free(PANDA, Q, SCENE, self_collision=True, margin=MARGIN)][:n]
    assert len(Q) == n
    return Q, PANDA.fk(Q)


def _pose(position: list[float]) -> np.ndarray:
    """The tool at position (m), pointing down (z axis to -z, as for a grasp from above)."""
    T = np.diag([1.0, -1.0, -1.0, 1.0])
    T[:3, 3] = position
    return T


def test_the_file_is_the_python_scene() -> None:
    Q = PANDA.random_q(500, seed=11)
    np.testing.assert_array_equal(rk.distance(PANDA, Q, SCENE, self_collision=False),
                                  rk.distance(PANDA, Q, tabletop_scene(), self_collision=False))
    free = collision_free(PANDA, Q, SCENE, self_collision=True, margin=MARGIN)
    assert 0.2 < free.mean() < 0.8  # the scene and the arm both matter


def _check_answer(res: rk.IKResult, T: np.ndarray) -> bool:
    """Independent re-check of one answer: True when it is a collision-free solution."""
    d = rk.distance(PANDA, res.q, SCENE, self_collision=True)
    assert res.min_distance == pytest.approx(d, abs=1e-9)
    hit = rk.in_collision(PANDA, res.q, SCENE, margin=KEEP, self_collision=True)
    reached = np.abs(PANDA.fk(res.q) - T).max() < 10 * TOL
    if res.success:
        assert not hit and d >= KEEP, f"success claimed at distance {d:.4g} m"
        assert reached
    return reached and not hit


def test_targets_with_a_collision_free_solution_are_solved() -> None:
    """>= 99 % solved, and zero answers that claim success while colliding."""
    _, Ts = free_targets(N_TARGETS, seed=19)
    solved = truly_free = plain_hits = 0
    for T in Ts:
        res = rk.ik(PANDA, T, scene=SCENE, self_collision=True, margin=MARGIN, max_restarts=200)
        truly_free += _check_answer(res, T)
        solved += res.success
        plain = rk.ik(PANDA, T)
        plain_hits += rk.in_collision(PANDA, plain.q, SCENE, margin=MARGIN)
    rate = solved / N_TARGETS
    print(f"tabletop: {solved}/{N_TARGETS} solved collision-free ({100 * rate:.1f} %); "
          f"{plain_hits} plain rk.ik answers collide")
    assert rate >= 0.99
    assert truly_free >= solved
    assert plain_hits >= N_TARGETS // 10  # the scene matters: plain answers often collide


def test_batch_solves_the_same_targets() -> None:
    _, Ts = free_targets(N_TARGETS, seed=23)
    out = rk.ik_batch(PANDA, Ts, scene=SCENE, self_collision=True, margin=MARGIN, max_restarts=200)
    assert out.success.mean() >= 0.99
    d = rk.distance(PANDA, out.q, SCENE, self_collision=True)
    assert np.all(d[out.success] >= KEEP)
    assert not np.any(rk.in_collision(PANDA, out.q[out.success], SCENE, margin=KEEP))


# Tool poses no collision-free configuration reaches: the hand inside an obstacle.
BLOCKED = {
    "inside the box on the table": [0.5, -0.3, 0.0],
    "below the table top": [0.4, 0.1, -0.15],
    "inside the lower shelf board": [0.1, 0.6, 0.35],
}


@pytest.mark.parametrize("where", sorted(BLOCKED))
def test_targets_whose_every_solution_collides_fail(where: str) -> None:
    T = _pose(BLOCKED[where])
    res = rk.ik(PANDA, T, scene=SCENE, self_collision=True, margin=MARGIN, max_restarts=50)
    assert not res.success
    assert res.reason and res.reason != "converged"
    # the closest configuration returned keeps the margin (it is not a colliding pose)
    assert rk.distance(PANDA, res.q, SCENE, self_collision=True) >= KEEP
    plain = rk.ik(PANDA, T)  # without the scene the pose is reachable, by a colliding q
    assert plain.success
    assert rk.in_collision(PANDA, plain.q, SCENE, margin=MARGIN)


def test_the_failure_reason_says_collision() -> None:
    T = _pose(BLOCKED["inside the box on the table"])
    res = rk.ik(PANDA, T, scene=SCENE, self_collision=True, margin=MARGIN, max_restarts=50)
    assert "collision" in res.reason
