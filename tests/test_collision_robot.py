"""Robot-level collision queries: distances equal a brute force over robot.frames(q) and
coal, batch equals single, rows equal central finite differences, scene files, errors."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import reachkit as rk
from reachkit.collision import (Box, Capsule, HalfSpace, PointCloud, Scene, SceneError, Sphere,
                                closest, collision_free, collision_rows, distance, in_collision)
from reachkit.collision.kernels.pairs import shape_obstacle, shape_shape
from reachkit.spatial import rpy_to_matrix

TOL = 1e-9


def _table_scene() -> Scene:
    T = np.eye(4)
    T[:3, :3] = rpy_to_matrix(0.1, 0.2, 0.3)
    T[:3, 3] = [0.45, 0.2, 0.3]
    return Scene([HalfSpace([0, 0, 1], -0.05), Box(T, [0.1, 0.3, 0.2]),
                  Sphere([0.3, -0.4, 0.5], 0.1), Capsule([-0.4, 0.3, 0.2], [-0.3, 0.5, 0.8], 0.05)])


def _world_segments(robot: rk.Robot, q: np.ndarray) -> list[tuple[np.ndarray, float]]:
    """Each shape as (world segment (6,), radius) from robot.frames and .shapes (API)."""
    F = robot.frames(q)
    out = []
    for frame, kind, p in robot.collision_model.shapes:
        a, b = (p[:3], p[:3]) if kind == "sphere" else (p[:3], p[3:6])
        T = F[frame]
        out.append((np.concatenate([T[:3, :3] @ a + T[:3, 3], T[:3, :3] @ b + T[:3, 3]]), p[-1]))
    return out


def _pair_distances(robot: rk.Robot, q: np.ndarray, scene: Scene | None,
                    self_collision: bool) -> list[float]:
    segs = _world_segments(robot, q)
    out = []
    if scene is not None:
        obstacles, clouds, points, cells = scene.packed()
        for row in obstacles:
            for seg, r in segs:
                out.append(shape_obstacle(seg, r, row, clouds, points, cells, math.inf)[0])
    if self_collision:
        for a, b in robot.collision_model.pairs:
            out.append(shape_shape(segs[a][0], segs[a][1], segs[b][0], segs[b][1])[0])
    return out


@pytest.mark.parametrize("name", ["panda", "ur5", "puma560", "iiwa14", "planar3r", "stanford"])
def test_distance_equals_brute_force(name: str) -> None:
    robot = rk.models.load(name)
    scene = _table_scene()
    Q = robot.random_q(30, seed=1)
    batch = distance(robot, Q, scene)
    for q, d in zip(Q, batch):
        brute = min(_pair_distances(robot, q, scene, True))
        assert abs(distance(robot, q, scene) - brute) < TOL
        assert abs(d - brute) < TOL
    assert np.array_equal(in_collision(robot, Q, scene, margin=0.02), batch < 0.02)
    assert np.array_equal(collision_free(robot, Q, scene, True, 0.02), batch >= 0.02)


def test_closest_names_the_pair() -> None:
    robot = rk.models.load("panda")
    scene = Scene([Sphere([0.2, 0.0, 0.95], 0.02)])  # beside the flange at q = 0
    c = closest(robot, np.zeros(7), scene, self_collision=False)
    assert not c.self_collision and c.other == 0
    assert robot.collision_model.shapes[c.shape][0] == 7
    assert c.distance < 0.2


def test_hand_made_models_are_free_at_rest() -> None:
    rest = {"panda": [0, -0.3, 0, -2.2, 0, 2.0, 0.8], "ur5": [0, -1.57, 1.57, -1.57, -1.57, 0],
            "puma560": [0, 0.8, -3.0, 0, 0.5, 0], "iiwa14": [0, 0.5, 0, -1.2, 0, 0.8, 0]}
    for name, q in rest.items():
        robot = rk.models.load(name)
        assert robot.collision_model.source == "hand-made"
        assert distance(robot, np.array(q, float)) > 0.0, name
    panda = rk.models.load("panda")  # folded onto itself: the flange hits the base
    assert in_collision(panda, [0, 1.76, 0, -3.0, 0, 0.5, 0], Scene([]))


def _fd_check(robot: rk.Robot, scene: Scene | None, self_collision: bool, seed: int) -> int:
    rng = np.random.default_rng(seed)
    checked = 0
    for _ in range(15):
        q = robot.random_q(seed=rng)
        G, h = collision_rows(robot, q, scene, self_collision, margin=0.01, activation=10.0, kmax=64)
        pairs = np.array(_pair_distances(robot, q, scene, self_collision))
        eps = 1e-6
        for g, hk in zip(G, h):
            match = np.flatnonzero(np.abs(0.01 - pairs - hk) < 1e-12)
            if len(match) != 1:
                continue
            fd = np.empty(robot.dof)
            for j in range(robot.dof):
                dq = np.zeros(robot.dof)
                dq[j] = eps
                plus = _pair_distances(robot, q + dq, scene, self_collision)[match[0]]
                minus = _pair_distances(robot, q - dq, scene, self_collision)[match[0]]
                fd[j] = (plus - minus) / (2 * eps)
            assert np.allclose(g, fd, rtol=1e-6, atol=1e-7), (g, fd)
            checked += 1
    return checked


def test_rows_equal_finite_differences() -> None:
    robot = rk.models.load("panda")
    assert _fd_check(robot, _table_scene(), False, 2) > 100
    assert _fd_check(robot, None, True, 3) > 50


def test_rows_keep_the_nearest_and_the_activation() -> None:
    robot = rk.models.load("panda")
    q = robot.random_q(seed=4)
    scene = _table_scene()
    G, h = collision_rows(robot, q, scene, True, margin=0.0, activation=10.0, kmax=64)
    G4, h4 = collision_rows(robot, q, scene, True, margin=0.0, activation=10.0, kmax=4)
    assert np.all(np.diff(h) <= 0) and np.allclose(h4, h[:4]) and np.allclose(G4, G[:4])
    _, near = collision_rows(robot, q, scene, True, margin=0.0, activation=0.1)
    assert np.all(-near < 0.1) and len(near) == np.sum(-h < 0.1)


def test_point_cloud_scene_equals_brute_force() -> None:
    robot = rk.models.load("panda")
    rng = np.random.default_rng(7)
    P = rng.uniform([0.2, -0.5, 0.0], [0.8, 0.5, 0.05], (4000, 3))
    scene = Scene([PointCloud(P, 0.005)])
    for q in robot.random_q(10, seed=8):
        best = math.inf
        for seg, r in _world_segments(robot, q):
            a, u = seg[:3], seg[3:] - seg[:3]
            t = np.clip(((P - a) @ u) / max(u @ u, 1e-300), 0, 1)
            best = min(best, float(np.min(np.linalg.norm(a + t[:, None] * u - P, axis=1))) - r - 0.005)
        assert abs(distance(robot, q, scene, self_collision=False) - best) < 1e-12


def test_scene_files(tmp_path) -> None:
    data = {"obstacles": [
        {"type": "halfspace", "normal": [0, 0, 1], "offset": 0.0},
        {"type": "box", "size": [0.2, 0.2, 0.2], "center": [0.5, 0, 0.1], "rpy": [0, 0, 0.3]},
        {"type": "sphere", "center": [0.3, 0.3, 0.4], "radius": 0.05},
        {"type": "capsule", "p0": [0, 0.5, 0], "p1": [0, 0.5, 1], "radius": 0.03},
        {"type": "pointcloud", "file": "cloud.npy", "radius": 0.01}]}
    np.save(tmp_path / "cloud.npy", np.random.default_rng(0).uniform(-1, 1, (50, 3)))
    (tmp_path / "scene.json").write_text(json.dumps(data))
    scene = Scene.from_file(tmp_path / "scene.json")
    assert [type(o).__name__ for o in scene.obstacles] == ["HalfSpace", "Box", "Sphere", "Capsule",
                                                         "PointCloud"]
    yaml = pytest.importorskip("yaml")
    (tmp_path / "scene.yaml").write_text(yaml.safe_dump(data))
    again = Scene.from_file(tmp_path / "scene.yaml")
    robot = rk.models.load("ur5")
    q = robot.random_q(seed=1)
    assert distance(robot, q, again) == distance(robot, q, scene)


@pytest.mark.parametrize("make, words", [
    (lambda: Sphere([0, np.nan, 0], 0.1), "finite"),
    (lambda: Sphere([0, 0, 0], -0.1), "non-negative"),
    (lambda: Capsule([0, 0, 0], [1, 0], 0.1), "3 finite"),
    (lambda: Box(np.eye(4), [0.1, -1, 0.1]), "non-negative"),
    (lambda: HalfSpace([0, 0, 0], 0.0), "zero"),
    (lambda: PointCloud(np.zeros((0, 3)), 0.01), "empty"),
    (lambda: PointCloud([[0, 0, np.inf]], 0.01), "finite"),
    (lambda: Scene([np.eye(4)]), "rk.Sphere"),
])
def test_bad_scenes(make, words: str) -> None:
    with pytest.raises(SceneError, match=words):
        make()
    assert issubclass(SceneError, rk.ReachkitError)


def test_bad_scene_files(tmp_path) -> None:
    with pytest.raises(SceneError, match="does not exist"):
        Scene.from_file(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text('{"obstacles": [{"type": "cone"}]}')
    with pytest.raises(SceneError, match="unknown obstacle type"):
        Scene.from_file(tmp_path / "bad.json")
    (tmp_path / "nan.json").write_text('{"obstacles": [{"type": "sphere", "center": [0, 0, NaN], "radius": 1}]}')
    with pytest.raises(SceneError, match="finite"):
        Scene.from_file(tmp_path / "nan.json")


def test_bad_queries() -> None:
    robot = rk.models.load("panda")
    with pytest.raises(rk.TargetError):
        distance(robot, [0.0, 1.0], None)
    with pytest.raises(rk.OptionsError):
        in_collision(robot, np.zeros(7), None, margin=float("nan"))
    with pytest.raises(rk.ReachkitError):
        robot.collision_model.with_pairs([[0, 99]])
