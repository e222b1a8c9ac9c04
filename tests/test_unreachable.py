"""Unreachable targets get a reason that says why (issue 22): beyond the reach ball, off a
planar arm's plane, or tilted out of the only rotation a planar or SCARA arm has; and
reachable targets are never called unreachable."""

from __future__ import annotations

import numpy as np
import pytest

import reachkit as rk
from reachkit import spatial as sp
from reachkit.ik.unreachable import planar_motion, unreachable_reason

FULL = np.ones(6)


def tilted_planar() -> rk.Robot:
    """A planar 3R arm whose plane is tilted and lifted by its base transform."""
    rows = [rk.DH(a=1.0), rk.DH(a=0.8), rk.DH(a=0.5)]
    base = sp.transform(sp.rotx(0.4) @ sp.roty(-0.3), (0.1, -0.2, 0.7))
    return rk.Robot.from_dh(rows, base=base, name="tilted planar")


def test_planar_arm_aimed_off_its_plane_is_unreachable() -> None:
    robot = rk.models.load("planar3r")
    res = rk.ik(robot, rk.Target.position([1.0, 0.5, 0.3]))
    assert not res.success
    assert res.reason.startswith("unreachable: the target lies 0.3 m off the plane z = 0")
    assert res.position_error >= 0.3 - 1e-9  # the z error no joint can change


def test_tilted_plane_full_pose_off_it() -> None:
    robot = tilted_planar()
    motion = planar_motion(robot)
    assert motion is not None and motion.plane_offset is not None
    assert np.isclose(abs(motion.normal @ robot.base[:3, 2]), 1.0)  # the base's z axis
    T = robot.fk([0.3, -0.7, 0.4])
    T[:3, 3] += 0.05 * motion.normal
    res = rk.ik(robot, T)
    assert not res.success and "0.05 m off the plane n . p" in res.reason, res.reason
    assert res.position_error >= 0.05 - 1e-9


def test_scara_tilted_orientation_names_the_axis() -> None:
    robot = rk.models.load("scara")
    motion = planar_motion(robot)
    assert motion is not None and motion.plane_offset is None  # the slide moves along z
    T = robot.fk(robot.random_q(seed=1))
    T[:3, :3] = sp.rotx(0.5) @ T[:3, :3]
    res = rk.ik(robot, T)
    assert res.reason.startswith("unreachable: the tool only turns about the world z axis")
    assert "0.5 rad" in res.reason and "closest" in res.reason
    assert res.rotation_error >= 0.5 - 1e-6


def test_beyond_the_reach_ball_gives_the_distances() -> None:
    robot = rk.models.load("planar2r")  # links 1 + 1 m
    reason = unreachable_reason(robot, sp.transform(p=(3.0, 0.0, 0.0)), FULL)
    assert reason == "unreachable: the target lies 3 m from the first joint, beyond the arm's reach of 2 m"


@pytest.mark.parametrize("name", ["planar3r", "scara", "puma560", "panda", "ur5"])
def test_reachable_poses_are_never_called_unreachable(name: str) -> None:
    robot = rk.models.load(name)
    for q in robot.random_q(50, seed=3):
        assert unreachable_reason(robot, robot.fk(q), FULL) is None


def test_only_counted_axes_and_real_misses_count() -> None:
    robot = rk.models.load("planar3r")
    high = sp.transform(sp.rotx(0.3), (1.0, 0.5, 5.0))
    assert unreachable_reason(robot, high, np.array([1, 1, 0, 0, 0, 1.0])) is None  # planar mask
    assert unreachable_reason(robot, high, np.array([1, 1, 1, 0, 0, 0.0])) is not None
    assert unreachable_reason(robot, high, np.array([0, 0, 0, 1, 1, 0.0])).endswith("away from that")
    near = sp.transform(p=(1.0, 0.5, 1e-8))
    assert unreachable_reason(robot, near, FULL) is None  # within the 1e-6 m tolerance
    assert unreachable_reason(robot, near, FULL, position_tolerance=1e-9) is not None


def test_arms_without_parallel_axes_have_no_planar_motion() -> None:
    assert planar_motion(rk.models.load("puma560")) is None
    assert planar_motion(rk.models.load("panda")) is None
