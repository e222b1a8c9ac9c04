"""Mimic joints (q_follower = m q_leader + o): FK and Jacobian against Pinocchio's mimic
support (1e-10) and finite differences; dof counts leaders; limits narrowed; export,
lock and IK; bad mimic elements."""

from __future__ import annotations

import numpy as np
import pytest
from urdf_cases import MIMIC_XML, TOL, joint, link, robot_xml

import reachkit as rk
from reachkit.coupling import Mimic
from reachkit.dh import dh_joints

pin = pytest.importorskip("pinocchio")


def _gripper(multiplier: float, offset: float = 0.0) -> str:
    return MIMIC_XML.replace('multiplier="1"', f'multiplier="{multiplier}" offset="{offset}"')


# An arm whose wrist joint j2 follows j1 and whose slide p2 follows slide p1.
COUPLED_ARM = robot_xml(
    "coupled", *(link(n) for n in ("base", "a", "b", "c", "d", "e", "tip")),
    joint("j1", "revolute", "base", "a", xyz=(0, 0, 0.2), axis=(0, 0, 1), limit=(-1.5, 1.5)),
    joint("j2", "revolute", "a", "b", xyz=(0.1, 0, 0.3), rpy=(0.3, 0, 0), axis=(0, 1, 0), limit=(-1.0, 2.0),
          extra='<mimic joint="j1" multiplier="-2" offset="0.3"/>'),
    joint("p1", "prismatic", "b", "c", xyz=(0, 0.05, 0.2), axis=(1, 0, 0), limit=(0.0, 0.3)),
    joint("j3", "revolute", "c", "d", xyz=(0.2, 0, 0), rpy=(0, 0.4, 0.2), axis=(1, 0, 1), limit=(-2, 2)),
    joint("p2", "prismatic", "d", "e", xyz=(0, 0, 0.1), axis=(0, 0, 1), limit=(0.0, 0.1),
          extra='<mimic joint="p1" multiplier="0.5" offset="-0.02"/>'),
    joint("flange", "fixed", "e", "tip", xyz=(0, 0, 0.05), rpy=(0, 1.0, 0)),
)


def _assert_matches_pinocchio_mimic(robot: rk.Robot, xml: str, tip: str, seed: int = 0) -> None:
    model = pin.buildModelFromXML(xml, mimic=True)
    data = model.createData()
    frame = model.getFrameId(tip)
    ids = [model.getJointId(name) for name in robot.joint_names]
    for q in robot.random_q(25, seed=seed):
        q_pin = pin.neutral(model)
        for jid, value in zip(ids, q):
            q_pin[model.joints[jid].idx_q] = value
        pin.forwardKinematics(model, data, q_pin)
        pin.updateFramePlacements(model, data)
        J = pin.computeFrameJacobian(model, data, q_pin, frame, pin.LOCAL_WORLD_ALIGNED)
        J = J[:, [model.joints[jid].idx_v for jid in ids]]
        np.testing.assert_allclose(robot.fk(q), data.oMf[frame].homogeneous, rtol=0, atol=TOL)
        np.testing.assert_allclose(robot.jacobian(q), J, rtol=0, atol=TOL)


@pytest.mark.parametrize("multiplier, offset", [(1, 0), (-1, 0.01), (2, 0.0), (-0.5, 0.02)])
def test_finger_following_a_finger_off_the_chain_matches_pinocchio(multiplier: float, offset: float) -> None:
    xml = _gripper(multiplier, offset)
    robot = rk.Robot.from_urdf(xml, tip_link="right_finger")
    assert robot.dof == 4
    assert robot.joint_names == ["s1", "s2", "s3", "left"]  # the leader's value, not the follower's
    assert [j.name for j in robot.joints] == ["s1", "s2", "s3", "right"]
    assert robot.mimic[0].leader == "left" and robot.mimic[0].multiplier == multiplier
    _assert_matches_pinocchio_mimic(robot, xml, "right_finger", seed=1)


def test_leaders_and_followers_on_the_chain_match_pinocchio() -> None:
    robot = rk.Robot.from_urdf(COUPLED_ARM)
    assert robot.dof == 3 and robot.joint_names == ["j1", "p1", "j3"]
    assert robot.joint_types == ["R", "P", "R"]
    assert len(robot.joints) == 5
    _assert_matches_pinocchio_mimic(robot, COUPLED_ARM, "tip", seed=2)


def test_batches_and_tool_frame_jacobians_fold_the_same_way() -> None:
    robot = rk.Robot.from_urdf(COUPLED_ARM)
    Q = robot.random_q(6, seed=3)
    T, J, J_tool = robot.fk(Q), robot.jacobian(Q), robot.jacobian(Q, frame="tool")
    for k, q in enumerate(Q):
        np.testing.assert_allclose(T[k], robot.fk(q), rtol=0, atol=1e-15)
        np.testing.assert_allclose(J[k], robot.jacobian(q), rtol=0, atol=1e-15)
        np.testing.assert_allclose(J_tool[k], robot.jacobian(q, frame="tool"), rtol=0, atol=1e-15)


def test_jacobian_matches_finite_differences(fd_jacobian, close) -> None:
    robot = rk.Robot.from_urdf(COUPLED_ARM)
    for q in robot.random_q(5, seed=4):
        for frame in ("world", "tool"):
            close(robot.jacobian(q, frame=frame), fd_jacobian(robot, q, frame=frame), atol=1e-6)


def test_leader_limits_keep_every_follower_inside_its_own() -> None:
    robot = rk.Robot.from_urdf(COUPLED_ARM)
    # j2 = -2 j1 + 0.3 in [-1, 2]  ->  j1 in [-0.85, 0.65]; j1's own [-1.5, 1.5]
    # p2 = 0.5 p1 - 0.02 in [0, 0.1]  ->  p1 in [0.04, 0.24]; p1's own [0, 0.3]
    np.testing.assert_allclose(robot.limits[:, :2], [[-0.85, 0.04], [0.65, 0.24]], rtol=0, atol=1e-15)
    q = robot.random_q(1000, seed=5)
    chain = robot.coupling.expand(q)
    lower = np.array([j.lower for j in robot.joints])
    upper = np.array([j.upper for j in robot.joints])
    assert np.all((chain >= lower - 1e-12) & (chain <= upper + 1e-12))


def test_table_shows_the_relation() -> None:
    text = str(rk.Robot.from_urdf(COUPLED_ARM))
    assert "= -2 * j1 + 0.3" in text and "= 0.5 * p1 - 0.02" in text


def test_export_keeps_mimic_joints() -> None:
    for xml, tip in ((COUPLED_ARM, "tip"), (_gripper(2, 0.01), "right_finger")):
        robot = rk.Robot.from_urdf(xml, tip_link=tip)
        text = robot.to_urdf()
        back = rk.Robot.from_urdf(text, tip_link="tool")
        assert back.joint_names == robot.joint_names
        assert [(m.joint, m.leader, m.multiplier, m.offset) for m in back.mimic] == \
            [(m.joint, m.leader, m.multiplier, m.offset) for m in robot.mimic]
        np.testing.assert_allclose(back.limits, robot.limits, rtol=0, atol=1e-15)
        for q in robot.random_q(10, seed=6):
            np.testing.assert_allclose(back.fk(q), robot.fk(q), rtol=0, atol=1e-12)
        _assert_matches_pinocchio_mimic(back, text, "tool", seed=7)


def test_ik_on_a_gripper_chain_with_a_plus_minus_one_mimic() -> None:
    robot = rk.Robot.from_urdf(_gripper(-1, 0.01), tip_link="right_finger")
    q = robot.random_q(seed=8)
    T = robot.fk(q)
    res = rk.ik(robot, T, seed=0)
    assert res.success, res.reason
    np.testing.assert_allclose(robot.fk(res.q), T, rtol=0, atol=1e-5)


def test_ik_on_shared_leaders_solves_and_lock_helps_the_closed_forms() -> None:
    robot = rk.Robot.from_urdf(COUPLED_ARM)
    T = robot.fk(robot.random_q(seed=9))
    res = rk.ik(robot, rk.Target.position(T[:3, 3]), seed=0)  # 3 values: a position only
    assert res.success, res.reason
    np.testing.assert_allclose(robot.fk(res.q)[:3, 3], T[:3, 3], rtol=0, atol=1e-5)
    with pytest.raises(rk.NotSupportedError, match=r"has mimic joints \(j2, p2\)"):
        rk.ik_analytic(robot, T)
    locked = robot.lock({"j1": 0.2, "p1": 0.1})
    assert locked.dof == 1 and locked.mimic == ()
    q = np.array([0.7])
    np.testing.assert_allclose(locked.fk(q), robot.fk([0.2, 0.1, 0.7]), rtol=0, atol=1e-12)
    res = rk.ik(locked, rk.Target.position(locked.fk(q)[:3, 3]), seed=0)
    assert res.success, res.reason


def test_locking_a_follower_free_leader_keeps_the_coupling() -> None:
    robot = rk.Robot.from_urdf(COUPLED_ARM)
    locked = robot.lock({"j3": -0.4})
    assert locked.joint_names == ["j1", "p1"]
    assert [m.joint for m in locked.mimic] == ["j2", "p2"]
    for q in locked.random_q(5, seed=10):
        np.testing.assert_allclose(locked.fk(q), robot.fk([q[0], q[1], -0.4]), rtol=0, atol=1e-12)
        np.testing.assert_allclose(locked.jacobian(q), robot.jacobian([q[0], q[1], -0.4])[:, :2],
                                   rtol=0, atol=1e-12)


def test_chained_mimics_compose() -> None:
    # c follows b, b follows a: c = 3 (2 a + 0.1) - 0.2 = 6 a + 0.1
    xml = robot_xml("chained", *(link(n) for n in "wxyz"),
                    joint("a", "revolute", "w", "x", axis=(0, 0, 1), limit=(-3, 3)),
                    joint("b", "revolute", "x", "y", xyz=(0.3, 0, 0), axis=(0, 1, 0), limit=(-3, 3),
                          extra='<mimic joint="a" multiplier="2" offset="0.1"/>'),
                    joint("c", "revolute", "y", "z", xyz=(0.3, 0, 0), axis=(0, 1, 0), limit=(-3, 3),
                          extra='<mimic joint="b" multiplier="3" offset="-0.2"/>'))
    robot = rk.Robot.from_urdf(xml)
    assert robot.dof == 1
    np.testing.assert_allclose(robot.coupling.multiplier, [1, 2, 6])
    np.testing.assert_allclose(robot.coupling.offset, [0, 0.1, 0.1], atol=1e-15)
    np.testing.assert_allclose(robot.limits[:, 0], [(-3 - 0.1) / 6, (3 - 0.1) / 6], rtol=0, atol=1e-15)


def test_mimic_records_on_a_dh_robot() -> None:
    rows = [rk.DH(d=0.3, alpha=np.pi / 2), rk.DH(a=0.4), rk.DH(a=0.3)]
    robot = rk.Robot(dh_joints(rows), mimic=[Mimic("q3", "q2", multiplier=-1.0)])
    plain = rk.Robot.from_dh(rows)
    for q in robot.random_q(5, seed=11):
        np.testing.assert_allclose(robot.fk(q), plain.fk([q[0], q[1], -q[1]]), rtol=0, atol=1e-14)


@pytest.mark.parametrize("mimic, pattern", [
    ('<mimic joint="nothing"/>', r"joint 'right' mimics 'nothing', which is not a joint of this URDF"),
    ('<mimic joint="fix"/>', r"joint 'right' mimics 'fix', which is a fixed joint"),
    ("<mimic/>", r"joint 'right': <mimic> needs a joint attribute"),
    ('<mimic joint="left" multiplier="two"/>', r"joint 'right': <mimic> multiplier must be 1 finite"),
    ('<mimic joint="left" multiplier="1" offset="0.5"/>', r"no value of 'left' keeps mimic joint 'right'"),
])
def test_bad_mimic_elements_raise_model_errors(mimic: str, pattern: str) -> None:
    xml = MIMIC_XML.replace('<mimic joint="left" multiplier="1"/>', mimic)
    xml = xml.replace("</robot>", '<link name="extra"/><joint name="fix" type="fixed"><parent link="base"/>'
                      '<child link="extra"/></joint></robot>')
    with pytest.raises(rk.ModelError, match=pattern):
        rk.Robot.from_urdf(xml, tip_link="right_finger")


def test_mimic_cycle_is_refused() -> None:
    joints = dh_joints([rk.DH(a=0.4), rk.DH(a=0.3), rk.DH(a=0.2)])
    with pytest.raises(rk.ModelError, match="form a cycle"):
        rk.Robot(joints, mimic=[Mimic("q2", "q3"), Mimic("q3", "q2")])
