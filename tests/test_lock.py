"""robot.lock({name: value}): FK and Jacobian against the full robot with the locked
values inserted, and against Pinocchio's buildReducedModel of the same URDF (1e-10);
limits, geometry, export, errors and an IK solve on a locked arm."""

from __future__ import annotations

import numpy as np
import pytest
from test_urdf_geometry import ARM as SHAPES_ARM
from urdf_cases import ARM7_XML, PRISMATIC_XML

import reachkit as rk

pin = pytest.importorskip("pinocchio")

TOL = 1e-10


def _insert(q_kept: np.ndarray, kept: list[int], locked: dict[int, float], dof: int) -> np.ndarray:
    q = np.empty(dof)
    q[kept] = q_kept
    for i, value in locked.items():
        q[i] = value
    return q


@pytest.mark.parametrize("model, lock", [
    ("panda", {"q3": 0.4}),
    ("panda", {"q1": -0.3, "q7": 1.2}),
    ("puma560", {"q4": 0.5, "q5": -0.8, "q6": 0.1}),
    ("scara", {"q3": 0.05}),
    ("ur5", {"q1": 0.7}),
])
def test_locked_fk_and_jacobian_equal_the_full_robot(model: str, lock: dict) -> None:
    full = rk.models.load(model)
    robot = full.lock(lock)
    locked = {full.joint_names.index(n): v for n, v in lock.items()}
    kept = [i for i in range(full.dof) if i not in locked]
    assert robot.dof == full.dof - len(lock)
    assert robot.joint_names == [full.joint_names[i] for i in kept]
    assert robot.joint_types == [full.joint_types[i] for i in kept]
    np.testing.assert_array_equal(robot.limits, full.limits[:, kept])
    for q_kept in robot.random_q(20, seed=1):
        q = _insert(q_kept, kept, locked, full.dof)
        np.testing.assert_allclose(robot.fk(q_kept), full.fk(q), rtol=0, atol=1e-12)
        np.testing.assert_allclose(robot.jacobian(q_kept), full.jacobian(q)[:, kept], rtol=0, atol=1e-12)
        np.testing.assert_allclose(robot.jacobian(q_kept, frame="tool"),
                                   full.jacobian(q, frame="tool")[:, kept], rtol=0, atol=1e-12)


@pytest.mark.parametrize("xml, tip, lock", [
    (ARM7_XML, "flange", {"joint2": 0.3, "joint6": 1.0}),
    (ARM7_XML, "flange", {"joint7": 2.0}),
    (PRISMATIC_XML, "tcp", {"slide": 0.07}),
])
def test_locked_urdf_matches_pinocchio_reduced_model(xml: str, tip: str, lock: dict) -> None:
    robot = rk.Robot.from_urdf(xml, tip_link=tip).lock(lock)
    model = pin.buildModelFromXML(xml)
    q_ref = pin.neutral(model)
    for name, value in lock.items():
        q_ref[model.joints[model.getJointId(name)].idx_q] = value
    reduced = pin.buildReducedModel(model, [model.getJointId(n) for n in lock], q_ref)
    data = reduced.createData()
    frame = reduced.getFrameId(tip)
    for q_kept in robot.random_q(20, seed=2):
        q_pin = pin.neutral(reduced)
        for name, value in zip(robot.joint_names, q_kept):
            q_pin[reduced.joints[reduced.getJointId(name)].idx_q] = value
        pin.forwardKinematics(reduced, data, q_pin)
        pin.updateFramePlacements(reduced, data)
        J = pin.computeFrameJacobian(reduced, data, q_pin, frame, pin.LOCAL_WORLD_ALIGNED)
        columns = [reduced.joints[reduced.getJointId(n)].idx_v for n in robot.joint_names]
        np.testing.assert_allclose(robot.fk(q_kept), data.oMf[frame].homogeneous, rtol=0, atol=TOL)
        np.testing.assert_allclose(robot.jacobian(q_kept), J[:, columns], rtol=0, atol=TOL)


def test_locking_keeps_the_shapes_in_place() -> None:
    full = rk.Robot.from_urdf(SHAPES_ARM, tip_link="tcp")
    for lock in ({"j2": 0.6}, {"j1": -0.4}, {"j3": 1.1}, {"j1": 0.2, "j3": -0.5}):
        robot = full.lock(lock)
        locked = {full.joint_names.index(n): v for n, v in lock.items()}
        kept = [i for i in range(full.dof) if i not in locked]
        q_kept = robot.random_q(seed=3)
        q = _insert(q_kept, kept, locked, full.dof)
        ours = robot.geometry.world_poses(robot.frames(q_kept))
        reference = full.geometry.world_poses(full.frames(q))
        assert len(ours) == len(reference) > 0
        for (a, Ta), (b, Tb) in zip(ours, reference):
            assert a is b
            np.testing.assert_allclose(Ta, Tb, rtol=0, atol=1e-12)


def test_locked_robot_exports_and_solves() -> None:
    full = rk.models.load("panda")
    robot = full.lock({"q3": 0.0})
    back = rk.Robot.from_urdf(robot.to_urdf())
    q = robot.random_q(seed=4)
    np.testing.assert_allclose(back.fk(q), robot.fk(q), rtol=0, atol=1e-12)
    T = robot.fk(q)
    res = rk.ik(robot, T, seed=0)
    assert res.success, res.reason
    np.testing.assert_allclose(robot.fk(res.q), T, rtol=0, atol=1e-5)


@pytest.mark.parametrize("lock, pattern", [
    ({"elbow": 0.1}, r"cannot lock 'elbow': no such joint \(joints: q1, q2"),
    ({"q2": float("nan")}, r"cannot lock 'q2' at nan: the value must be a finite number"),
    ({"q2": "0.3"}, r"the value must be a finite number"),
    ({"q4": 1.0}, r"cannot lock 'q4' at 1.0: outside its limits"),
    ({f"q{i}": 0.0 for i in range(1, 8)} | {"q4": -1.0}, "cannot lock every joint"),
    ([("q1", 0.0)], "lock takes a mapping"),
])
def test_bad_locks_raise_model_errors(lock, pattern: str) -> None:
    with pytest.raises(rk.ModelError, match=pattern):
        rk.models.load("panda").lock(lock)


def test_locking_keeps_shapes_unread_until_asked() -> None:
    bad = SHAPES_ARM.replace('<sphere radius="0.06"/>', '<sphere radius="-0.06"/>')
    robot = rk.Robot.from_urdf(bad, tip_link="tcp").lock({"j2": 0.3})  # no error yet
    assert robot.dof == 2
    with pytest.raises(rk.ModelError, match="sizes must not be negative"):
        _ = robot.geometry
