"""Distance kernels against independent references: coal (hpp-fcl) on the same
primitive pairs at random placements (1e-9 m), brute force for point clouds."""

from __future__ import annotations

import numpy as np
import pytest

from reachkit.collision import Box, Capsule, HalfSpace, PointCloud, Scene, Sphere
from reachkit.collision.kernels.pairs import shape_obstacle
from reachkit.spatial import rotvec_to_matrix

coal = pytest.importorskip("coal")
TOL = 1e-9


def _coal_distance(g1, T1: np.ndarray, g2, T2: np.ndarray) -> float:
    req = coal.DistanceRequest()
    req.gjk_tolerance = 1e-14
    req.gjk_max_iterations = 1000
    req.epa_tolerance = 1e-14
    res = coal.DistanceResult()
    return coal.distance(g1, coal.Transform3s(T1[:3, :3], T1[:3, 3]),
                         g2, coal.Transform3s(T2[:3, :3], T2[:3, 3]), req, res)


def _capsule_pose(a: np.ndarray, b: np.ndarray) -> tuple[float, np.ndarray]:
    """(length, T) placing coal's z-axis capsule on segment [a, b]."""
    axis = b - a
    length = float(np.linalg.norm(axis))
    z = axis / length
    x = np.cross(z, [1.0, 0, 0] if abs(z[0]) < 0.9 else [0, 1.0, 0])
    x /= np.linalg.norm(x)
    T = np.eye(4)
    T[:3, :3] = np.column_stack([x, np.cross(z, x), z])
    T[:3, 3] = 0.5 * (a + b)
    return length, T


def _robot_shape(rng: np.random.Generator, sphere: bool) -> tuple[np.ndarray, float, object, np.ndarray]:
    a = rng.uniform(-0.5, 0.5, 3)
    r = rng.uniform(0.02, 0.15)
    if sphere:
        T = np.eye(4)
        T[:3, 3] = a
        return np.concatenate([a, a]), r, coal.Sphere(r), T
    b = a + rng.uniform(-0.4, 0.4, 3)
    length, T = _capsule_pose(a, b)
    return np.concatenate([a, b]), r, coal.Capsule(r, length), T


def _ours(seg: np.ndarray, r: float, scene: Scene) -> float:
    obstacles, clouds, points, cells = scene.packed()
    return shape_obstacle(seg, r, obstacles[0], clouds, points, cells, np.inf)[0]


def _random_rotation(rng: np.random.Generator) -> np.ndarray:
    return rotvec_to_matrix(rng.normal(size=3))


@pytest.mark.parametrize("sphere", [True, False])
def test_against_spheres_and_capsules(sphere: bool) -> None:
    rng = np.random.default_rng(1 + sphere)
    worst, overlapping = 0.0, 0
    for _ in range(400):
        seg, r, geom, T = _robot_shape(rng, sphere)
        c = rng.uniform(-0.5, 0.5, 3)
        R = rng.uniform(0.02, 0.2)
        if rng.uniform() < 0.5:
            obstacle, other, T2 = Sphere(c, R), coal.Sphere(R), np.eye(4)
            T2[:3, 3] = c
        else:
            d = c + rng.uniform(-0.4, 0.4, 3)
            obstacle = Capsule(c, d, R)
            length, T2 = _capsule_pose(c, d)
            other = coal.Capsule(R, length)
        ours = _ours(seg, r, Scene([obstacle]))
        ref = _coal_distance(geom, T, other, T2)
        overlapping += ref < 0
        worst = max(worst, abs(ours - ref))
    assert worst < TOL
    assert overlapping > 10  # penetration depths compared too


@pytest.mark.parametrize("sphere", [True, False])
def test_against_boxes(sphere: bool) -> None:
    rng = np.random.default_rng(3 + sphere)
    worst, checked, sign_errors = 0.0, 0, 0
    for _ in range(400):
        seg, r, geom, T = _robot_shape(rng, sphere)
        T2 = np.eye(4)
        T2[:3, :3] = _random_rotation(rng)
        T2[:3, 3] = rng.uniform(-0.5, 0.5, 3)
        size = rng.uniform(0.05, 0.6, 3)
        ours = _ours(seg, r, Scene([Box(T2, size)]))
        ref = _coal_distance(geom, T, coal.Box(*size), T2)
        if ref > 1e-6:  # separated: exact distances must agree
            worst = max(worst, abs(ours - ref))
            checked += 1
        else:  # overlapping: the sign must agree (depth measures differ, see primitives)
            sign_errors += ours > 1e-9
            if sphere:  # a sphere's depth in a box is its centre's depth: exact
                worst = max(worst, abs(ours - ref))
    assert checked > 100
    assert sign_errors == 0
    assert worst < TOL


def test_against_half_spaces() -> None:
    rng = np.random.default_rng(5)
    worst = 0.0
    for _ in range(300):
        seg, r, geom, T = _robot_shape(rng, rng.uniform() < 0.3)
        n = rng.normal(size=3)
        n /= np.linalg.norm(n)
        offset = rng.uniform(-0.3, 0.3)
        ours = _ours(seg, r, Scene([HalfSpace(n, offset)]))
        ref = _coal_distance(geom, T, coal.Halfspace(n, offset), np.eye(4))
        worst = max(worst, abs(ours - ref))
    assert worst < TOL


def test_point_cloud_brute_force() -> None:
    rng = np.random.default_rng(6)
    for cloud_kind in ("volume", "plane", "line"):
        P = rng.uniform(-1, 1, (3000, 3))
        if cloud_kind == "plane":
            P[:, 2] = 0.1
        elif cloud_kind == "line":
            P[:, 1:] = 0.2
        scene = Scene([PointCloud(P, 0.01)])
        for _ in range(100):
            a = rng.uniform(-1.5, 1.5, 3)
            b = a + rng.uniform(-0.3, 0.3, 3)
            r = rng.uniform(0.0, 0.1)
            u = b - a
            t = np.clip(((P - a) @ u) / (u @ u), 0, 1)
            brute = np.min(np.linalg.norm(a + t[:, None] * u - P, axis=1)) - r - 0.01
            assert abs(_ours(np.concatenate([a, b]), r, scene) - brute) < 1e-12


@pytest.mark.parametrize("a", [(0.0, 0.0, 1.5), (0.0, 3.0, 0.0), (1e25, -1e25, 1e25)],
                         ids=["above the grid", "beside it", "far beyond int range"])
def test_point_cloud_segment_outside_its_grid(a: tuple) -> None:
    """A segment whose grown box misses the cloud's grid on one axis read cells out of
    bounds (a wrong inf in some processes); one so far away that its cell index does not
    fit an int overflowed the cast."""
    P = np.random.default_rng(7).uniform(-1, 1, (500, 3))
    a = np.array(a)
    u = np.array([0.1, -0.2, 0.05]) * np.linalg.norm(a)  # long enough to stay a segment
    t = np.clip(((P - a) @ u) / (u @ u), 0, 1)
    brute = np.min(np.linalg.norm(a + t[:, None] * u - P, axis=1)) - 0.01
    seg = np.concatenate([a, a + u])
    assert abs(_ours(seg, 0.0, Scene([PointCloud(P, 0.01)])) - brute) <= 1e-12 * max(1.0, brute)
