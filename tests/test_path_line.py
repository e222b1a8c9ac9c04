"""rk.path.line and rk.path.waypoints against an independent construction: positions on
the segment by vector algebra, orientations against scipy's Slerp."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.spatial.transform import Rotation, Slerp

import reachkit as rk


def random_pose(rng: np.random.Generator) -> np.ndarray:
    T = np.eye(4)
    T[:3, :3] = Rotation.random(random_state=rng).as_matrix()
    T[:3, 3] = rng.uniform(-1.0, 1.0, 3)
    return T


def check_line(poses: np.ndarray, T_a: np.ndarray, T_b: np.ndarray, step: float,
               angular_step: float) -> None:
    """Every waypoint on the segment, evenly spaced, orientation = scipy slerp at its parameter."""
    n = len(poses)
    s = np.linspace(0.0, 1.0, n)
    p_a, p_b = T_a[:3, 3], T_b[:3, 3]
    np.testing.assert_allclose(poses[:, :3, 3], p_a + s[:, None] * (p_b - p_a), rtol=0, atol=1e-12)
    slerp = Slerp([0.0, 1.0], Rotation.from_matrix(np.stack([T_a[:3, :3], T_b[:3, :3]])))
    expected = slerp(s).as_matrix()
    np.testing.assert_allclose(poses[:, :3, :3], expected, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(poses[:, 3], np.tile([0.0, 0.0, 0.0, 1.0], (n, 1)))
    gaps = np.linalg.norm(np.diff(poses[:, :3, 3], axis=0), axis=1)
    turns = (Rotation.from_matrix(poses[1:, :3, :3]) * Rotation.from_matrix(poses[:-1, :3, :3]).inv()).magnitude()
    assert gaps.max() <= step * (1 + 1e-9) and turns.max() <= angular_step * (1 + 1e-9)
    # not more waypoints than needed: one fewer piece would break a bound
    pieces = n - 1
    if pieces > 1:
        assert gaps.sum() / (pieces - 1) > step or turns.sum() / (pieces - 1) > angular_step


def test_line_positions_and_slerp_on_random_poses() -> None:
    rng = np.random.default_rng(1)
    for _ in range(20):
        T_a, T_b = random_pose(rng), random_pose(rng)
        step, angular_step = rng.uniform(0.01, 0.2), rng.uniform(0.02, 0.3)
        poses = rk.path.line(T_a, T_b, step=step, angular_step=angular_step)
        np.testing.assert_array_equal(poses[0], T_a)
        np.testing.assert_array_equal(poses[-1], T_b)
        check_line(poses, T_a, T_b, step, angular_step)


def test_pure_rotation_gets_waypoints_and_pure_translation_ignores_rotation_step() -> None:
    T_a = np.eye(4)
    T_b = np.eye(4)
    T_b[:3, :3] = Rotation.from_rotvec([0.0, 0.0, 0.5]).as_matrix()
    poses = rk.path.line(T_a, T_b, step=0.01, angular_step=0.05)
    assert len(poses) == 11  # 0.5 rad in 0.05 rad pieces; the tool point does not move
    np.testing.assert_allclose(poses[:, :3, 3], 0.0, atol=0)
    check_line(poses, T_a, T_b, 0.01, 0.05)
    T_c = np.eye(4)
    T_c[:3, 3] = [0.1, 0.0, 0.0]
    assert len(rk.path.line(T_a, T_c, step=0.01, angular_step=1e-6)) == 11
    assert len(rk.path.line(T_a, T_b, step=0.01, angular_step=np.inf)) == 2  # rotation adds nothing


def test_identical_poses_give_both_ends() -> None:
    T = random_pose(np.random.default_rng(2))
    poses = rk.path.line(T, T)
    assert poses.shape == (2, 4, 4)
    np.testing.assert_allclose(poses, np.stack([T, T]), atol=1e-15)


def test_waypoints_joins_lines_without_repeating_corners() -> None:
    rng = np.random.default_rng(3)
    corners = [random_pose(rng) for _ in range(4)]
    poses = rk.path.waypoints(corners, step=0.1, angular_step=0.2)
    starts = [0]
    for a, b in itertools.pairwise(corners):
        piece = rk.path.line(a, b, step=0.1, angular_step=0.2)
        starts.append(starts[-1] + len(piece) - 1)
        np.testing.assert_allclose(poses[starts[-2]:starts[-1] + 1], piece, atol=1e-15)
    assert len(poses) == starts[-1] + 1
    for k, T in zip(starts, corners):
        np.testing.assert_allclose(poses[k], T, atol=1e-15)
    assert rk.path.waypoints([corners[0]]).shape == (1, 4, 4)


@pytest.mark.parametrize("kwargs, error", [
    ({"step": 0.0}, rk.OptionsError),
    ({"step": -1.0}, rk.OptionsError),
    ({"step": np.nan}, rk.OptionsError),
    ({"angular_step": 0.0}, rk.OptionsError),
    ({"step": 1e-9}, rk.OptionsError),  # far too many waypoints
])
def test_line_refuses_bad_steps(kwargs: dict, error: type) -> None:
    T_b = np.eye(4)
    T_b[:3, 3] = [1.0, 0.0, 0.0]
    with pytest.raises(error):
        rk.path.line(np.eye(4), T_b, **kwargs)


def test_line_and_waypoints_refuse_bad_poses() -> None:
    bad = np.eye(4)
    bad[0, 0] = 2.0
    with pytest.raises(rk.TargetError, match="T_start"):
        rk.path.line(bad, np.eye(4))
    with pytest.raises(rk.TargetError, match="shape"):
        rk.path.line(np.eye(3), np.eye(4))
    with pytest.raises(rk.TargetError, match=r"poses\[1\]"):
        rk.path.waypoints([np.eye(4), bad])
    with pytest.raises(rk.TargetError, match="at least one"):
        rk.path.waypoints(np.empty((0, 4, 4)))
