"""Pictures after issue 22: target markers show the goal's orientation (phi on planar
arms), workspace dots are visible, solve_progress draws the errors the result carries."""

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


def test_solve_progress_draws_the_errors_the_result_carries() -> None:
    robot = rk.models.load("planar3r")
    target = rk.Target.planar(1.2, 1.0, 0.5)
    res = rk.ik(robot, target, trace=True, seed=0)
    assert res.trace_errors.shape == (len(res.trace), 2)
    for q, (position, rotation) in zip(res.trace, res.trace_errors):  # independent: FK + rotz angle
        T = robot.fk(q)
        assert position == pytest.approx(np.hypot(*(T[:2, 3] - [1.2, 1.0])), abs=1e-12)
        phi = np.arctan2(T[1, 0], T[0, 0])
        assert rotation == pytest.approx(abs(np.angle(np.exp(1j * (0.5 - phi)))), abs=1e-9)
    ax = rk.plot.solve_progress(res)  # API.md: solve_progress(res, path=None)
    assert np.allclose(ax.lines[0].get_ydata(), np.maximum(res.trace_errors[:, 0], 1e-16))
    assert len(ax.get_lines()) == 2
    old_style = rk.plot.solve_progress(res, robot=robot, target=target)  # the old keywords work
    assert np.allclose(old_style.lines[1].get_ydata(), ax.lines[1].get_ydata())
    with pytest.raises(rk.ReachkitError, match="together"):
        rk.plot.solve_progress(res, robot=robot)
    assert rk.ik(robot, target).trace_errors is None
    with pytest.raises(rk.ReachkitError, match="trace=True"):
        rk.plot.solve_progress(rk.ik(robot, target))