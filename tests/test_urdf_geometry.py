"""`robot.geometry`: visual and collision shapes of a URDF, `package://` through
package_dirs, placement on the robot's frames (world poses against Pinocchio's geometry
model to 1e-10), read lazily, and kept through `robot.to_urdf()`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from urdf_cases import MIMIC_XML, TOL, joint, robot_xml

import reachkit as rk
from reachkit.geometry import LazyGeometry

pin = pytest.importorskip("pinocchio")


def _link(name: str, *shapes: str) -> str:
    return f'<link name="{name}">{"".join(shapes)}</link>'


def _shape(role: str, geometry: str, xyz=(0, 0, 0), rpy=(0, 0, 0), extra: str = "") -> str:
    return (f'<{role}><origin xyz="{" ".join(map(str, xyz))}" rpy="{" ".join(map(str, rpy))}"/>'
            f"<geometry>{geometry}</geometry>{extra}</{role}>")


RED = '<material name="red"/>'
ARM = robot_xml(
    "shapes",
    '<material name="red"><color rgba="1 0 0 1"/></material>',
    _link("world"),
    _link("base", _shape("visual", '<cylinder radius="0.1" length="0.2"/>', (0, 0, 0.1), extra=RED),
          _shape("collision", '<cylinder radius="0.11" length="0.2"/>', (0, 0, 0.1))),
    _link("upper", _shape("visual", '<box size="0.1 0.08 0.4"/>', (0, 0, 0.2), (0.1, 0.2, 0.3),
                          extra='<material name="blue"><color rgba="0 0 1 0.5"/></material>'),
          _shape("collision", '<cylinder radius="0.05" length="0.3"/>', (0, 0, 0.2), (0, 0.1, 0))),
    _link("fore", _shape("collision", '<sphere radius="0.06"/>', (0.3, 0, 0)),
          _shape("collision", '<box size="0.3 0.05 0.05"/>', (0.15, 0, 0), (0, 0, 0.4))),
    _link("hand", _shape("collision", '<sphere radius="0.04"/>', (0, 0, 0.03))),
    _link("camera", _shape("collision", '<box size="0.02 0.05 0.02"/>', (0.01, 0, 0))),
    _link("finger", _shape("collision", '<box size="0.01 0.01 0.05"/>')),
    _link("tcp"),
    joint("mount", "fixed", "world", "base", xyz=(0.2, 0.1, 0), rpy=(0, 0, 0.5)),
    joint("j1", "revolute", "base", "upper", xyz=(0, 0, 0.2), axis=(0, 0, 1), limit=(-3, 3)),
    joint("j2", "revolute", "upper", "fore", xyz=(0, 0, 0.4), rpy=(0.3, 0, 0), axis=(0, 1, 0), limit=(-2, 2)),
    joint("j3", "revolute", "fore", "hand", xyz=(0.3, 0, 0), axis=(1, 0, 0.2), limit=(-2, 2)),
    joint("cam", "fixed", "fore", "camera", xyz=(0.1, 0, 0.06), rpy=(0, -0.5, 0)),
    joint("grip", "prismatic", "hand", "finger", xyz=(0, 0.02, 0.05), axis=(0, 1, 0), limit=(0, 0.04)),
    joint("tool", "fixed", "hand", "tcp", xyz=(0, 0, 0.1), rpy=(0, 0.2, 0)),
)


def _pin_world_poses(xml: str, role, q: np.ndarray, joint_names: list[str]) -> dict[tuple[str, int], np.ndarray]:
    """World poses of Pinocchio's geometry objects, keyed by (link, index within link)."""
    model = pin.buildModelFromXML(xml)
    geometry = pin.buildGeomFromUrdfString(model, xml, role)
    data, gdata = model.createData(), pin.GeometryData(geometry)
    q_pin = pin.neutral(model)
    for name, value in zip(joint_names, q):
        q_pin[model.joints[model.getJointId(name)].idx_q] = value
    pin.forwardKinematics(model, data, q_pin)
    pin.updateGeometryPlacements(model, data, geometry, gdata, q_pin)
    poses, counts = {}, {}
    for obj, placement in zip(geometry.geometryObjects, gdata.oMg):
        link = model.frames[obj.parentFrame].name
        k = counts.get(link, 0)
        counts[link] = k + 1
        poses[(link, k)] = placement.homogeneous
    return poses


def _ours(robot: rk.Robot, q: np.ndarray, role: str) -> dict[tuple[str, int], np.ndarray]:
    poses, counts = {}, {}
    for shape, T in robot.geometry.world_poses(robot.frames(q), role):
        k = counts.get(shape.link, 0)
        counts[shape.link] = k + 1
        poses[(shape.link, k)] = T
    return poses


def test_shapes_are_read_with_their_parameters() -> None:
    robot = rk.Robot.from_urdf(ARM, tip_link="tcp")
    geometry = robot.geometry
    assert [(s.link, s.kind) for s in geometry.visual] == [("base", "cylinder"), ("upper", "box")]
    assert [(s.link, s.kind) for s in geometry.collision] == [
        ("base", "cylinder"), ("upper", "cylinder"), ("fore", "sphere"), ("fore", "box"),
        ("hand", "sphere"), ("camera", "box")]
    base_visual, upper_visual = geometry.visual
    assert base_visual.params == (0.1, 0.2) and base_visual.rgba == (1.0, 0.0, 0.0, 1.0)
    assert upper_visual.params == (0.1, 0.08, 0.4) and upper_visual.rgba == (0.0, 0.0, 1.0, 0.5)
    assert upper_visual.material == "blue"
    assert geometry.collision[1].params == (0.05, 0.3)
    np.testing.assert_allclose(upper_visual.T_link_shape[:3, 3], [0, 0, 0.2])
    # finger moves on a joint outside the chain: not part of this robot's geometry
    assert "finger" not in geometry.frames and "camera" in geometry.frames


def test_world_poses_of_shapes_match_pinocchio() -> None:
    robot = rk.Robot.from_urdf(ARM, tip_link="tcp")
    assert robot.joint_names == ["j1", "j2", "j3"]
    for q in robot.random_q(10, seed=1):
        for role, pin_role in (("collision", pin.GeometryType.COLLISION), ("visual", pin.GeometryType.VISUAL)):
            reference = _pin_world_poses(ARM, pin_role, q, robot.joint_names)
            ours = _ours(robot, q, role)
            reference = {key: T for key, T in reference.items() if key[0] != "finger"}
            assert ours.keys() == reference.keys()
            for key, T in ours.items():
                np.testing.assert_allclose(T, reference[key], rtol=0, atol=TOL, err_msg=str(key))


def test_a_sub_chain_places_links_above_its_base_nowhere() -> None:
    robot = rk.Robot.from_urdf(ARM, base_link="upper", tip_link="hand")
    assert set(robot.geometry.frames) == {"upper", "fore", "camera", "hand", "tcp"}
    full = rk.Robot.from_urdf(ARM, tip_link="hand")
    q = np.array([0.3, -0.4, 0.8])
    T_world_upper = full.frames(q)[1]
    for shape, T in robot.geometry.world_poses(robot.frames(q[1:])):
        match = [T_full for s, T_full in full.geometry.world_poses(full.frames(q)) if s is not None
                 and s.link == shape.link and s.role == shape.role and s.params == shape.params]
        np.testing.assert_allclose(T_world_upper @ T, match[0], rtol=0, atol=1e-12)


def test_shapes_are_read_on_first_use_and_bad_ones_name_their_link() -> None:
    bad = ARM.replace('<sphere radius="0.06"/>', '<sphere radius="-0.06"/>')
    robot = rk.Robot.from_urdf(bad, tip_link="tcp")
    assert isinstance(robot._geometry, LazyGeometry)
    np.testing.assert_array_equal(robot.fk(np.zeros(3)), rk.Robot.from_urdf(ARM, tip_link="tcp").fk(np.zeros(3)))
    with pytest.raises(rk.ModelError, match=r"link 'fore': <collision> number 1: <sphere> sizes"):
        _ = robot.geometry


@pytest.mark.parametrize("geometry, message", [
    ("", "needs one <geometry>"),
    ('<cone radius="1"/>', "unknown geometry <cone>"),
    ('<box size="1 2"/>', "<box> size must be 3 finite numbers"),
    ('<cylinder radius="0.1"/>', "<cylinder> needs a length attribute"),
    ("<mesh/>", "<mesh> needs a filename"),
])
def test_bad_shapes_raise_model_errors(geometry: str, message: str) -> None:
    xml = ARM.replace('<geometry><sphere radius="0.04"/></geometry>', f"<geometry>{geometry}</geometry>")
    with pytest.raises(rk.ModelError, match=rf"link 'hand': <collision> number 1: {message}"):
        _ = rk.Robot.from_urdf(xml, tip_link="tcp").geometry


def _mesh_arm(filename: str) -> str:
    mesh = f'<mesh filename="{filename}" scale="0.001 0.002 0.003"/>'
    return robot_xml("meshy", _link("a"), _link("b", _shape("visual", mesh, (0.1, 0, 0))),
                     joint("j", "revolute", "a", "b", axis=(0, 0, 1), limit=(-1, 1)))


def test_package_paths_resolve_through_package_dirs(tmp_path: Path) -> None:
    mesh = tmp_path / "ros" / "arm_description" / "meshes" / "b.stl"
    mesh.parent.mkdir(parents=True)
    mesh.write_text("solid b\nendsolid b\n")
    xml = _mesh_arm("package://arm_description/meshes/b.stl")
    unresolved = rk.Robot.from_urdf(xml).geometry.visual[0]
    assert unresolved.mesh is None and unresolved.uri == "package://arm_description/meshes/b.stl"
    for dirs in (tmp_path / "ros", [str(tmp_path / "nothing_here_" if False else tmp_path), tmp_path / "ros"],
                 tmp_path / "ros" / "arm_description"):
        shape = rk.Robot.from_urdf(xml, package_dirs=dirs).geometry.visual[0]
        assert shape.mesh == str(mesh.resolve())
        assert shape.params == (0.001, 0.002, 0.003)
    with pytest.raises(rk.ModelError, match=r"link 'b': <visual> number 1: mesh 'package://other/b.stl' is in "
                                            r"no package directory given"):
        _ = rk.Robot.from_urdf(_mesh_arm("package://other/b.stl"), package_dirs=tmp_path).geometry
    with pytest.raises(rk.ModelError, match="is not a directory"):
        rk.Robot.from_urdf(xml, package_dirs=tmp_path / "missing")


def test_relative_and_file_mesh_paths_resolve_against_the_urdf_folder(tmp_path: Path) -> None:
    (tmp_path / "urdf").mkdir()
    for name, expected in (("../meshes/b.stl", tmp_path / "meshes" / "b.stl"),
                           (f"file://{tmp_path}/m/b.stl", tmp_path / "m" / "b.stl")):
        path = tmp_path / "urdf" / "arm.urdf"
        path.write_text(_mesh_arm(name))
        assert rk.Robot.from_urdf(path).geometry.visual[0].mesh == str(expected)


def _by_role_and_frame(robot: rk.Robot) -> list:
    """Shapes with their frames, in export order: visual then collision, by frame."""
    frames = robot.geometry.frames
    return sorted(robot.geometry.shapes, key=lambda s: (s.role != "visual", frames[s.link][0]))


def test_export_keeps_the_shapes_in_place() -> None:
    for robot in (rk.Robot.from_urdf(ARM, tip_link="tcp"), rk.Robot.from_urdf(ARM, base_link="upper")):
        back = rk.Robot.from_urdf(robot.to_urdf())
        assert len(back.geometry.shapes) == len(robot.geometry.shapes)
        for q in robot.random_q(5, seed=2):
            F, F_back = robot.frames(q), back.frames(q)
            ours = [(s, F[robot.geometry.frames[s.link][0]] @ robot.geometry.frames[s.link][1] @ s.T_link_shape)
                    for s in _by_role_and_frame(robot)]
            theirs = [(s, F_back[back.geometry.frames[s.link][0]] @ back.geometry.frames[s.link][1]
                       @ s.T_link_shape) for s in _by_role_and_frame(back)]
            for (a, Ta), (b, Tb) in zip(ours, theirs):
                assert (a.role, a.kind, a.params, a.rgba) == (b.role, b.kind, b.params, b.rgba)
                np.testing.assert_allclose(Tb, Ta, rtol=0, atol=1e-12)


def test_exported_shapes_load_in_pinocchio() -> None:
    robot = rk.Robot.from_urdf(ARM, tip_link="tcp")
    text = robot.to_urdf()
    back = rk.Robot.from_urdf(text)
    q = np.array([0.5, -1.0, 0.7])
    reference = _pin_world_poses(text, pin.GeometryType.COLLISION, q, robot.joint_names)
    ours = _ours(back, q, "collision")
    assert ours.keys() == reference.keys()
    for key, T in ours.items():
        np.testing.assert_allclose(T, reference[key], rtol=0, atol=TOL)


def test_dh_robots_have_empty_geometry() -> None:
    robot = rk.models.load("puma560")
    assert robot.geometry.shapes == ()
    assert "<visual>" not in robot.to_urdf()


def test_capsules_are_read_and_exported() -> None:
    # URDF has no capsule in its spec, but several tools write one; urdfdom refuses it.
    xml = ARM.replace('<cylinder radius="0.05" length="0.3"/>', '<capsule radius="0.05" length="0.3"/>')
    robot = rk.Robot.from_urdf(xml, tip_link="tcp")
    capsule = robot.geometry.collision[1]
    assert (capsule.kind, capsule.params) == ("capsule", (0.05, 0.3))
    back = rk.Robot.from_urdf(robot.to_urdf())
    assert [s.kind for s in back.geometry.collision].count("capsule") == 1


def test_a_bad_shape_in_a_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad_shape.urdf"
    path.write_text(ARM.replace('<sphere radius="0.06"/>', '<sphere radius="-0.06"/>'))
    robot = rk.Robot.from_urdf(path, tip_link="tcp")
    with pytest.raises(rk.ModelError, match=r"bad_shape\.urdf: link 'fore': <collision> number 1"):
        _ = robot.geometry


def test_robots_with_geometry_pickle() -> None:
    # reachability maps ship robots to Dask workers: the lazy reader must not stop pickling
    import pickle

    robot = rk.Robot.from_urdf(ARM, tip_link="tcp")
    back = pickle.loads(pickle.dumps(robot))
    q = robot.random_q(seed=5)
    np.testing.assert_array_equal(back.fk(q), robot.fk(q))
    for (a, Ta), (b, Tb) in zip(robot.geometry.world_poses(robot.frames(q)),
                                back.geometry.world_poses(back.frames(q))):
        assert (a.link, a.kind, a.params) == (b.link, b.kind, b.params)
        np.testing.assert_array_equal(Ta, Tb)
    broken = rk.Robot.from_urdf(ARM.replace('<sphere radius="0.06"/>', '<sphere radius="-0.06"/>'), tip_link="tcp")
    with pytest.raises(rk.ModelError, match="sizes must not be negative"):
        _ = pickle.loads(pickle.dumps(broken)).geometry
    mimic = pickle.loads(pickle.dumps(rk.Robot.from_urdf(MIMIC_XML, tip_link="right_finger")))
    assert mimic.mimic[0].leader == "left"
