"""The mesh-fit check of issue 19: the KUKA iiwa 14's STL collision meshes (rtbdata) in coal
against reachkit's fitted capsules, at random configurations. A "false free" is a
configuration where coal finds a mesh touching an obstacle (or, for the self pairs the
capsule model checks, another link's mesh) while the capsules report free space.

Used by tests/test_collision_meshes.py and
benchmarks/bench_mesh_fit.py (10,000 configurations each)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

import reachkit as rk
from reachkit.collision import Box, Scene, Sphere, in_collision

try:
    import rtbdata
    IIWA = Path(rtbdata.__file__).parent / "xacro/kuka_description/kuka_lbr_iiwa/urdf/lbr_iiwa_14_r820.urdf"
except ImportError:  # pragma: no cover
    IIWA = Path("/nonexistent")


def load_iiwa(folder: Path) -> rk.Robot:
    """The iiwa 14 from rtbdata's URDF, its package:// meshes found through folder."""
    link = folder / "kuka_lbr_iiwa_support"
    if not link.exists():
        link.symlink_to(IIWA.parents[1])
    return rk.Robot.from_urdf(str(IIWA), package_dirs=str(folder))


def obstacles() -> list[Any]:
    """A box in front of the arm and two spheres around it (as tests/test_collision_model)."""
    T_box = np.eye(4)
    T_box[:3, 3] = [0.45, 0.0, 0.5]
    return [Box(T_box, [0.2, 0.6, 0.3]), Sphere([0.0, 0.4, 0.9], 0.15),
            Sphere([-0.3, -0.3, 0.4], 0.1)]


def _coal_obstacles(coal: Any, items: list[Any]) -> list[tuple[Any, Any]]:
    out = []
    for o in items:
        if isinstance(o, Box):
            T = o.T_world_box
            out.append((coal.Box(*o.size), coal.Transform3s(T[:3, :3], T[:3, 3])))
        else:
            out.append((coal.Sphere(o.radius), coal.Transform3s(np.eye(3), o.center)))
    return out


def _coal_meshes(coal: Any, robot: rk.Robot) -> list[tuple[Any, int, np.ndarray]]:
    """(BVH model, frame index, T_frame_mesh) of every collision mesh."""
    import trimesh

    meshes = []
    for shape, k, T_frame_shape in robot.geometry.placed("collision"):
        m = trimesh.load(shape.mesh, force="mesh")
        bvh = coal.BVHModelOBBRSS()
        bvh.beginModel(len(m.faces), len(m.vertices))
        v = np.asarray(m.vertices, float) * np.array(shape.params)
        for a, b, c in m.faces:
            bvh.addTriangle(v[a], v[b], v[c])
        bvh.endModel()
        meshes.append((bvh, k, np.asarray(T_frame_shape)))
    return meshes


def _collide(coal: Any, a: Any, Ta: Any, b: Any, Tb: Any) -> bool:
    return bool(coal.collide(a, Ta, b, Tb, coal.CollisionRequest(), coal.CollisionResult()))


def false_free(robot: rk.Robot, n: int, seed: int = 4) -> dict[str, Any]:
    """Check n random configurations. Returns counts: 'obstacle_hits' / 'self_hits'
    (configurations where coal finds the meshes touching), 'false_free_obstacle' /
    'false_free_self' (of those, where the capsules report free: must be 0), the
    capsules' hit counts, and the seconds spent."""
    import coal

    start = time.perf_counter()
    model = robot.collision_model
    scene = Scene(obstacles())
    world = _coal_obstacles(coal, list(scene.obstacles))
    meshes = _coal_meshes(coal, robot)
    by_frame = {k: i for i, (_, k, _) in enumerate(meshes)}
    frames = [s[0] for s in model.shapes]
    self_pairs = sorted({(by_frame[frames[a]], by_frame[frames[b]]) for a, b in model.pairs
                         if frames[a] in by_frame and frames[b] in by_frame})
    Q = robot.random_q(n, seed=seed)
    ours_world = in_collision(robot, Q, scene, self_collision=False)
    ours_self = in_collision(robot, Q, None, self_collision=True)
    counts = dict.fromkeys(("obstacle_hits", "self_hits", "false_free_obstacle",
                            "false_free_self"), 0)
    for q, hit_world, hit_self in zip(Q, ours_world, ours_self):
        F = robot.frames(q)
        placed = []
        for bvh, k, T in meshes:
            Tw = F[k] @ T
            placed.append((bvh, coal.Transform3s(Tw[:3, :3], Tw[:3, 3])))
        touch_world = any(_collide(coal, m, Tm, g, Tg) for m, Tm in placed for g, Tg in world)
        touch_self = any(_collide(coal, *placed[i], *placed[j]) for i, j in self_pairs)
        counts["obstacle_hits"] += touch_world
        counts["self_hits"] += touch_self
        counts["false_free_obstacle"] += touch_world and not hit_world
        counts["false_free_self"] += touch_self and not hit_self
    counts.update(configurations=n, capsule_obstacle_hits=int(ours_world.sum()),
                  capsule_self_hits=int(ours_self.sum()), self_pairs=len(self_pairs),
                  meshes=len(meshes), seconds=time.perf_counter() - start)
    return counts
