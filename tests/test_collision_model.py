"""Collision models from URDF <collision> shapes: primitives covered, meshes (through
trimesh) covered so that coal on the meshes never finds a collision where the capsules
report free space; self-collision pairs; missing meshes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import reachkit as rk
from reachkit.collision import Box, Scene, Sphere, in_collision
from reachkit.collision.fit import box_capsules

RTB = Path(rk.__file__).parents[0]  # placeholder, replaced below when rtbdata is present
try:
    import rtbdata
    IIWA = Path(rtbdata.__file__).parent / "xacro/kuka_description/kuka_lbr_iiwa/urdf/lbr_iiwa_14_r820.urdf"
except ImportError:  # pragma: no cover
    IIWA = Path("/nonexistent")

URDF = """<robot name="boxes">
<link name="base"><collision><origin xyz="0 0 0.1"/><geometry><cylinder radius="0.1" length="0.2"/></geometry></collision></link>
<link name="upper"><collision><origin xyz="0 0 0.2" rpy="0.1 0.2 0.3"/><geometry><box size="0.08 0.12 0.4"/></geometry></collision></link>
<link name="fore"><collision><origin xyz="0.15 0 0"/><geometry><box size="0.3 0.3 0.02"/></geometry></collision>
  <collision><origin xyz="0.3 0 0"/><geometry><sphere radius="0.05"/></geometry></collision></link>
<link name="hand"><collision><geometry><mesh filename="{mesh}" scale="0.5 0.5 0.5"/></geometry></collision></link>
<joint name="j1" type="revolute"><parent link="base"/><child link="upper"/><origin xyz="0 0 0.2"/><axis xyz="0 0 1"/><limit lower="-3" upper="3" effort="1" velocity="1"/></joint>
<joint name="j2" type="revolute"><parent link="upper"/><child link="fore"/><origin xyz="0 0 0.4"/><axis xyz="0 1 0"/><limit lower="-2" upper="2" effort="1" velocity="1"/></joint>
<joint name="j3" type="revolute"><parent link="fore"/><child link="hand"/><origin xyz="0.35 0 0"/><axis xyz="1 0 0"/><limit lower="-2" upper="2" effort="1" velocity="1"/></joint>
</robot>"""


def _inside_some(points: np.ndarray, capsules: list) -> np.ndarray:
    inside = np.zeros(len(points), dtype=bool)
    for a, b, r in capsules:
        u = b - a
        t = np.clip(((points - a) @ u) / max(u @ u, 1e-300), 0, 1)
        inside |= np.linalg.norm(a + t[:, None] * u - points, axis=1) <= r + 1e-12
    return inside


@pytest.mark.parametrize("size", [(0.3, 0.3, 0.02), (0.1, 0.1, 0.1), (0.5, 0.05, 0.05), (1, 0.4, 0.2)])
def test_box_capsules_contain_the_box(size) -> None:
    rng = np.random.default_rng(0)
    half = 0.5 * np.array(size)
    points = rng.uniform(-half, half, (20000, 3))
    corners = np.array([[x, y, z] for x in (-1, 1) for y in (-1, 1) for z in (-1, 1)]) * half
    caps = box_capsules(np.array(size))
    assert _inside_some(np.vstack([points, corners]), caps).all()
    assert len(caps) <= 4


@pytest.fixture
def mesh_robot(tmp_path) -> rk.Robot:
    trimesh = pytest.importorskip("trimesh")
    trimesh.creation.annulus(0.05, 0.12, 0.1).export(tmp_path / "ring.stl")
    (tmp_path / "arm.urdf").write_text(URDF.format(mesh="ring.stl"))
    return rk.Robot.from_urdf(str(tmp_path / "arm.urdf"))


def test_file_shapes_are_covered(mesh_robot: rk.Robot) -> None:
    import trimesh

    model = mesh_robot.collision_model
    assert model.source == "file"
    kinds = [f.kind for f in model.fits]
    assert kinds == ["cylinder", "box", "box", "sphere", "mesh"]
    assert model.fits[0].over == pytest.approx(0.1)  # a cylinder's capsule: r past each end
    assert all(f.over < 0.1 for f in model.fits[1:])
    ring = trimesh.load(Path(mesh_robot.geometry.collision[-1].mesh), force="mesh")
    rng = np.random.default_rng(1)
    for q in mesh_robot.random_q(5, seed=2):
        F = mesh_robot.frames(q)
        caps = []
        for frame, kind, p in model.shapes:
            a, b = (p[:3], p[:3]) if kind == "sphere" else (p[:3], p[3:6])
            T = F[frame]
            caps.append((T[:3, :3] @ a + T[:3, 3], T[:3, :3] @ b + T[:3, 3], p[-1]))
        for shape, T in mesh_robot.geometry.world_poses(F, "collision"):
            if shape.kind == "box":
                local = rng.uniform(-0.5, 0.5, (5000, 3)) * np.array(shape.params)
            elif shape.kind == "cylinder":
                r, length = shape.params
                ang, rad = rng.uniform(0, 2 * np.pi, 5000), r * np.sqrt(rng.uniform(0, 1, 5000))
                local = np.column_stack([rad * np.cos(ang), rad * np.sin(ang),
                                         rng.uniform(-length / 2, length / 2, 5000)])
            elif shape.kind == "mesh":
                local = trimesh.sample.sample_surface(ring, 5000, seed=3)[0] * 0.5
            else:
                continue
            world = local @ T[:3, :3].T + T[:3, 3]
            assert _inside_some(world, caps).all(), shape.kind


def test_missing_mesh_is_a_model_error(tmp_path) -> None:
    (tmp_path / "arm.urdf").write_text(URDF.format(mesh="nowhere.stl"))
    robot = rk.Robot.from_urdf(str(tmp_path / "arm.urdf"))
    with pytest.raises(rk.ModelError, match="not found"):
        robot.collision_model


def test_pairs_override_and_sampling() -> None:
    robot = rk.models.load("panda")
    model = robot.collision_model
    counts = model.pair_counts
    assert counts["candidates"] == counts["never"] + counts["always"] + counts["kept"]
    frames = np.array([s[0] for s in model.shapes])
    assert np.all(np.abs(frames[model.pairs[:, 0]] - frames[model.pairs[:, 1]]) > 1)
    assert model.with_pairs([[0, 12]]).pairs.tolist() == [[0, 12]]


@pytest.mark.skipif(not IIWA.is_file(), reason="rtbdata's iiwa 14 URDF and meshes not installed")
def test_iiwa_meshes_zero_false_free(tmp_path) -> None:
    """coal on the STL meshes against a few obstacles at random configurations: wherever a
    mesh collides, the capsule model collides too."""
    coal = pytest.importorskip("coal")
    pytest.importorskip("trimesh")
    import trimesh

    (tmp_path / "kuka_lbr_iiwa_support").symlink_to(IIWA.parents[1])
    robot = rk.Robot.from_urdf(str(IIWA), package_dirs=str(tmp_path))
    model = robot.collision_model
    assert model.source == "file" and all(f.kind == "mesh" for f in model.fits)
    T_box = np.eye(4)
    T_box[:3, 3] = [0.45, 0.0, 0.5]
    obstacles = [Box(T_box, [0.2, 0.6, 0.3]), Sphere([0.0, 0.4, 0.9], 0.15), Sphere([-0.3, -0.3, 0.4], 0.1)]
    scene = Scene(obstacles)
    coal_obstacles = [(coal.Box(0.2, 0.6, 0.3), T_box)]
    for s in obstacles[1:]:
        T = np.eye(4)
        T[:3, 3] = s.center
        coal_obstacles.append((coal.Sphere(s.radius), T))
    meshes = []
    for shape, k, T_frame_shape in robot.geometry.placed("collision"):
        m = trimesh.load(shape.mesh, force="mesh")
        bvh = coal.BVHModelOBBRSS()
        bvh.beginModel(len(m.faces), len(m.vertices))
        v = np.asarray(m.vertices, float) * np.array(shape.params)
        for a, b, c in m.faces:
            bvh.addTriangle(v[a], v[b], v[c])
        bvh.endModel()
        meshes.append((bvh, k, T_frame_shape))
    Q = robot.random_q(1000, seed=4)
    ours = in_collision(robot, Q, scene, self_collision=False)
    mesh_hits = 0
    for q, hit in zip(Q, ours):
        F = robot.frames(q)
        truth = False
        for bvh, k, T in meshes:
            Tw = F[k] @ T
            for geom, To in coal_obstacles:
                req, res = coal.CollisionRequest(), coal.CollisionResult()
                if coal.collide(bvh, coal.Transform3s(Tw[:3, :3], Tw[:3, 3]), geom,
                                coal.Transform3s(To[:3, :3], To[:3, 3]), req, res):
                    truth = True
                    break
            if truth:
                break
        mesh_hits += truth
        assert hit or not truth, "capsules report free space where the meshes collide"
    assert mesh_hits > 50
