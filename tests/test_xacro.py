"""Robot.from_xacro: a xacro file with macros, properties, arguments, a conditional and
an include, expanded by xacrodoc. Reference: the URDF that the `xacro` package itself
produces from the same file and arguments, loaded by Pinocchio (FK and Jacobian 1e-10).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from urdf_cases import assert_matches_pinocchio

import reachkit as rk

pytest.importorskip("xacrodoc")
xacro = pytest.importorskip("xacro")

SEGMENT = """<?xml version="1.0"?>
<robot xmlns:xacro="http://www.ros.org/wiki/xacro">
  <xacro:macro name="segment" params="i parent length axis:='0 1 0' tilt:=0">
    <link name="link${i}">
      <visual><origin xyz="0 0 ${length / 2}"/>
        <geometry><cylinder radius="${radius}" length="${length}"/></geometry></visual>
      <collision><geometry><mesh filename="package://demo_description/meshes/link${i}.stl"/></geometry></collision>
    </link>
    <joint name="joint${i}" type="revolute">
      <parent link="${parent}"/><child link="link${i}"/>
      <origin xyz="0 ${0.01 * i} ${length}" rpy="${tilt} 0 ${pi / 7 * i}"/>
      <axis xyz="${axis}"/>
      <limit lower="${-limit}" upper="${limit}" effort="10" velocity="1"/>
    </joint>
  </xacro:macro>
</robot>
"""

ARM = """
<robot name="xarm" xmlns:xacro="http://www.ros.org/wiki/xacro">
  <xacro:arg name="reach" default="0.3"/>
  <xacro:arg name="with_tool" default="true"/>
  <xacro:property name="radius" value="0.04"/>
  <xacro:property name="limit" value="${radians(150)}"/>
  <xacro:property name="reach" value="$(arg reach)"/>
  <xacro:include filename="segment.xacro"/>
  <link name="base_link"/>
  <xacro:segment i="1" parent="base_link" length="0.2" axis="0 0 1"/>
  <xacro:segment i="2" parent="link1" length="${reach}" tilt="0.3"/>
  <xacro:segment i="3" parent="link2" length="${reach * 0.8}"/>
  <xacro:segment i="4" parent="link3" length="0.1" axis="1 0 0"/>
  <xacro:segment i="5" parent="link4" length="0.1" axis="0 0.6 0.8"/>
  <xacro:if value="$(arg with_tool)">
    <link name="tool0"/>
    <joint name="flange" type="fixed"><parent link="link5"/><child link="tool0"/>
      <origin xyz="0 0 0.12" rpy="0 ${pi / 2} 0"/></joint>
  </xacro:if>
</robot>
"""


@pytest.fixture
def arm_file(tmp_path: Path) -> Path:
    (tmp_path / "segment.xacro").write_text(SEGMENT)
    path = tmp_path / "arm.urdf.xacro"
    path.write_text(ARM)
    return path


def _reference_urdf(path: Path, **args: str) -> str:
    """The URDF the xacro package writes for `path` with `args`."""
    return xacro.process_file(str(path), mappings=args).toxml()


@pytest.mark.parametrize("args", [{}, {"reach": "0.45"}, {"reach": "0.25", "with_tool": "false"}])
def test_xacro_matches_the_urdf_xacro_writes(arm_file: Path, args: dict) -> None:
    robot = rk.Robot.from_xacro(arm_file, **args)
    reference = _reference_urdf(arm_file, **args)
    tip = "link5" if args.get("with_tool") == "false" else "tool0"
    assert robot.joint_names == [f"joint{i}" for i in range(1, 6)]
    np.testing.assert_allclose(robot.limits, np.radians([[-150] * 5, [150] * 5]), rtol=0, atol=1e-15)
    assert_matches_pinocchio(robot, reference, tip=tip, seed=4)
    plain = rk.Robot.from_urdf(reference)
    q = robot.random_q(seed=1)
    np.testing.assert_allclose(robot.fk(q), plain.fk(q), rtol=0, atol=1e-15)


def test_arguments_reach_the_model(arm_file: Path) -> None:
    short, long = rk.Robot.from_xacro(arm_file, reach=0.2), rk.Robot.from_xacro(arm_file, reach=0.5)
    assert short.joints[1].T_parent_joint[2, 3] == pytest.approx(0.2)
    assert long.joints[1].T_parent_joint[2, 3] == pytest.approx(0.5)
    assert rk.Robot.from_xacro(arm_file, base_link="link2", tip_link="link4").joint_names == ["joint3", "joint4"]


def test_geometry_and_package_dirs(arm_file: Path, tmp_path: Path) -> None:
    meshes = tmp_path / "pkgs" / "demo_description" / "meshes"
    meshes.mkdir(parents=True)
    for i in (1, 2, 3):
        (meshes / f"link{i}.stl").write_text("solid\nendsolid\n")
    mesh = meshes / "link3.stl"
    robot = rk.Robot.from_xacro(arm_file, package_dirs=[tmp_path / "pkgs"], tip_link="link3")
    visual = robot.geometry.visual
    assert [(s.kind, s.params) for s in visual] == [("cylinder", (0.04, 0.2)), ("cylinder", (0.04, 0.3)),
                                                    ("cylinder", (0.04, 0.24))]
    collision = robot.geometry.of_link("link3")[1]
    assert collision.mesh == str(mesh.resolve())


def test_ik_solves_a_xacro_arm(arm_file: Path) -> None:
    robot = rk.Robot.from_xacro(arm_file)
    T = robot.fk(robot.random_q(seed=3))
    res = rk.ik(robot, rk.Target.position(T[:3, 3]), seed=0)
    assert res.success, res.reason
    np.testing.assert_allclose(robot.fk(res.q)[:3, 3], T[:3, 3], atol=1e-5)


def test_bad_xacro_names_the_file_and_the_fault(tmp_path: Path) -> None:
    path = tmp_path / "broken.xacro"
    path.write_text('<robot name="x" xmlns:xacro="http://www.ros.org/wiki/xacro"><link name="a"/>'
                    '<xacro:missing_macro/></robot>')
    with pytest.raises(rk.ModelError, match=r"broken\.xacro: xacro could not expand the file: .*missing_macro"):
        rk.Robot.from_xacro(path)
    with pytest.raises(rk.ModelError, match="no xacro file at"):
        rk.Robot.from_xacro(tmp_path / "nowhere.xacro")
    path.write_text('<robot name="x"><link name="a"/><link name="b"/>'
                    '<joint name="j" type="revolute"><parent link="a"/><child link="c"/></joint></robot>')
    with pytest.raises(rk.ModelError, match=r"broken\.xacro \(expanded by xacro\): joint 'j': child link 'c'"):
        rk.Robot.from_xacro(path)


def test_missing_xacrodoc_gives_a_clear_error(arm_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "xacrodoc", None)
    with pytest.raises(rk.NotSupportedError, match=r'needs xacrodoc: pip install xacrodoc .*\.\[xacro\]'):
        rk.Robot.from_xacro(arm_file)


def test_find_looks_in_package_dirs(tmp_path: Path) -> None:
    package = tmp_path / "ws" / "demo_description"
    (package / "urdf").mkdir(parents=True)
    (package / "package.xml").write_text("<package><name>demo_description</name></package>")
    (package / "urdf" / "segment.xacro").write_text(SEGMENT)
    top = tmp_path / "elsewhere" / "arm.urdf.xacro"
    top.parent.mkdir()
    top.write_text(ARM.replace('filename="segment.xacro"', 'filename="$(find demo_description)/urdf/segment.xacro"'))
    robot = rk.Robot.from_xacro(top, package_dirs=[tmp_path / "ws"])
    assert robot.dof == 5
    with pytest.raises(rk.ModelError, match=r"arm\.urdf\.xacro: xacro could not expand the file: .*demo_description"):
        rk.Robot.from_xacro(top, package_dirs=[tmp_path / "elsewhere"])
