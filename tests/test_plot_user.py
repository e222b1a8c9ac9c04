"""Pictures after issue 22: target markers show the goal's orientation (phi on planar
arms), workspace dots are visible, solve_progress says what it needs."""

from __future__ import annotations

import numpy as np
import pytest

import reachkit as rk

pytest.importorskip("matplotlib")


def _dashed(ax) -> list:
    return [line for line in ax.get_lines() if line.get_linestyle() == "--"]


def test_planar_target_with_phi_draws_its_direction() -> None:
    robot = rk.models.load("planar3r")
    phi = 0.7
    ax = rk.plot.arm(robot, np.zeros(3), target=rk.Target.planar(1.0, 1.0, phi), path=None)
    (line,) = _dashed(ax)
    x, y = line.get_data()
    assert np.arctan2(y[1] - y[0], x[1] - x[0]) == pytest.approx(phi)
    ax = rk.plot.arm(robot, np.zeros(3), target=rk.Target.planar(1.0, 1.0))
    assert not _dashed(ax)  # no phi: no direction


def test_full_pose_target_draws_three_axes_position_only_none() -> None:
    robot = rk.models.load("puma560")
    T = robot.fk(np.full(6, 0.3))
    assert len(_dashed(rk.plot.arm(robot, np.zeros(6), target=T))) == 3
    assert not _dashed(rk.plot.arm(robot, np.zeros(6), target=rk.Target.position(T[:3, 3])))


def test_workspace_dots_are_visible() -> None:
    ax = rk.plot.workspace(rk.models.load("planar2r"), samples=5000)
    sizes = ax.collections[0].get_sizes()
    assert sizes.min() >= 3.0


def test_solve_progress_without_robot_says_what_it_needs() -> None:
    robot = rk.models.load("planar3r")
    target = rk.Target.planar(1.2, 1.0, 0.5)
    res = rk.ik(robot, target, trace=True, seed=0)
    with pytest.raises(rk.ReachkitError, match="robot= and target="):
        rk.plot.solve_progress(res)
    ax = rk.plot.solve_progress(res, robot=robot, target=target)
    assert len(ax.get_lines()) == 2
