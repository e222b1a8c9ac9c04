"""Collision-aware solving: the distance rows of `reachkit.collision` kept by the step
(`rk.ik(..., scene=, self_collision=, margin=)`); every answer re-checked by the exact
distance queries of `reachkit.collision` (tested against coal in tests/test_collision*)."""

from __future__ import annotations

import numpy as np
import pytest

import reachkit as rk
from reachkit.collision import Scene, Sphere, distance

PANDA = rk.models.load("panda")
OBSTACLE = Scene([Sphere([0.45, 0.0, 0.45], 0.12)])
MARGIN = 0.01


def _targets(n: int, seed: int) -> np.ndarray:
    return PANDA.fk(PANDA.random_q(n, seed=seed))


def test_answers_keep_the_margin_from_the_scene() -> None:
    hits_without = 0
    for T in _targets(30, seed=4):
        res = rk.ik(PANDA, T, scene=OBSTACLE, margin=MARGIN)
        d = distance(PANDA, res.q, OBSTACLE, self_collision=False)
        assert res.min_distance == pytest.approx(d, abs=1e-9)
        if res.success:
            assert d >= MARGIN - 1e-9
            assert res.position_error <= 1e-6 and res.rotation_error <= 1e-6
        plain = rk.ik(PANDA, T)
        hits_without += distance(PANDA, plain.q, OBSTACLE, self_collision=False) < MARGIN
    assert hits_without > 0  # the scene matters for some of these targets


def test_the_solver_finds_collision_free_answers_where_the_plain_one_collides() -> None:
    solved = 0
    for T in _targets(60, seed=4):
        plain = rk.ik(PANDA, T)
        if distance(PANDA, plain.q, OBSTACLE, self_collision=False) >= MARGIN:
            continue
        res = rk.ik(PANDA, T, scene=OBSTACLE, margin=MARGIN)
        solved += res.success
        if res.success:
            assert distance(PANDA, res.q, OBSTACLE, self_collision=False) >= MARGIN - 1e-9
    assert solved >= 1


def test_a_target_inside_an_obstacle_fails_with_a_collision_free_answer() -> None:
    T = np.eye(4)
    T[:3, 3] = [0.45, 0.0, 0.45]  # the obstacle's centre
    res = rk.ik(PANDA, T, scene=OBSTACLE, margin=MARGIN, max_restarts=5)
    assert not res.success
    assert distance(PANDA, res.q, OBSTACLE, self_collision=False) >= MARGIN - 1e-9


def test_self_collision_answers_keep_the_links_apart() -> None:
    for T in _targets(10, seed=6):
        res = rk.ik(PANDA, T, self_collision=True, margin=0.005)
        if res.success:
            assert distance(PANDA, res.q, None, self_collision=True) >= 0.005 - 1e-9


def test_batch_answers_equal_single_solves_with_a_scene() -> None:
    Ts = _targets(12, seed=7)
    out = rk.ik_batch(PANDA, Ts, scene=OBSTACLE, margin=MARGIN, seed=1)
    for k, T in enumerate(Ts):
        res = rk.ik(PANDA, T, scene=OBSTACLE, margin=MARGIN, seed=1)
        np.testing.assert_array_equal(res.q, out.q[k])
        assert res.success == out.success[k]


def test_without_a_scene_there_is_no_distance_and_bad_input_raises() -> None:
    T = _targets(1, seed=1)[0]
    assert rk.ik(PANDA, T).min_distance is None
    with pytest.raises(rk.NotSupportedError):
        rk.ik(PANDA, T, method="ccd", scene=OBSTACLE)
    with pytest.raises(rk.NotSupportedError):
        rk.ik(PANDA, T, scene=OBSTACLE,
              constraints=[rk.constraints.ToolHalfSpace([0, 0, 1], 0.0)])
    with pytest.raises(rk.TargetError):
        rk.ik(PANDA, T, scene=OBSTACLE, margin=float("nan"))
    with pytest.raises(rk.TargetError):
        rk.ik(PANDA, T, self_collision="yes")


def test_closed_forms_keep_only_the_collision_free_solutions() -> None:
    from reachkit.collision import collision_free

    puma = rk.models.load("puma560")
    scene = Scene([Sphere([0.3, 0.3, 0.3], 0.2)])
    kept_some = dropped_some = False
    for q in puma.random_q(20, seed=2):
        T = puma.fk(q)
        every = rk.ik_analytic(puma, T)
        clear = rk.ik_analytic(puma, T, scene=scene, margin=0.01)
        expected = every[collision_free(puma, every, scene, False, 0.01)]
        np.testing.assert_array_equal(clear, expected)
        for sol in clear:
            assert distance(puma, sol, scene, self_collision=False) >= 0.01
        kept_some |= len(clear) > 0
        dropped_some |= len(clear) < len(every)
    assert kept_some and dropped_some
