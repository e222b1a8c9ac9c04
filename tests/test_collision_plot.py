"""rk.plot.arm draws the scene and the collision capsules and saves a PNG."""

from __future__ import annotations

import numpy as np
import pytest

import reachkit as rk
from reachkit.collision import Box, Capsule, HalfSpace, PointCloud, Scene, Sphere

pytest.importorskip("matplotlib")


def test_arm_with_scene_and_capsules(tmp_path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    robot = rk.models.load("panda")
    T = np.eye(4)
    T[:3, 3] = [0.5, 0.0, 0.2]
    scene = Scene([HalfSpace([0, 0, 1], -0.08), Box(T, [0.2, 0.4, 0.1]), Sphere([0.3, 0.3, 0.6], 0.05),
                   Capsule([0, -0.5, 0], [0, -0.5, 0.8], 0.03),
                   PointCloud(np.random.default_rng(0).uniform(0.3, 0.6, (500, 3)), 0.0)])
    path = tmp_path / "arm.png"
    ax = rk.plot.arm(robot, [0, -0.3, 0, -2.2, 0, 2.0, 0.8], path=str(path), scene=scene,
                     show_collision=True)
    assert path.stat().st_size > 10_000
    assert len(ax.lines) > 150  # the capsules' rings and the obstacles' edges are there
    planar = rk.models.load("planar3r")
    rk.plot.arm(planar, [0.3, 0.5, 0.2], path=str(tmp_path / "planar.png"),
                scene=[Sphere([1.5, 1.0, 0.0], 0.2)], show_collision=True)
    assert (tmp_path / "planar.png").stat().st_size > 5_000
