"""The geoms of an MJCF chain's bodies as `geometry.Shape`s (read on first use of
`robot.geometry`).

Bodies placed: the base body, the chain's bodies and every body welded to them (no joint
on the way, no mocap body). A geom with contype = conaffinity = 0 collides with nothing and is a
"visual" shape, any other a "collision" one. MuJoCo's half sizes become URDF-style
full ones: box (2 sx, 2 sy, 2 sz), cylinder and capsule (radius, 2 half-length).
MuJoCo re-centres mesh vertices (mesh_pos, mesh_quat); the Shape's pose is the mesh
file's own frame, T_body_file = T_body_geom inv(T_mesh), with the file's path and scale.
Planes, height fields, ellipsoids and SDF geoms are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..geometry import Geometry, Shape
from ..spatial import inverse, quaternion_to_matrix, transform
from .compile import MjcfModel, import_mujoco

_TYPES = {2: "sphere", 3: "capsule", 5: "cylinder", 6: "box", 7: "mesh"}  # mjtGeom


def _welded(mj: MjcfModel, roots: dict[int, int]) -> dict[int, int]:
    """body -> frame for `roots` (body -> frame) and the bodies welded below them."""
    children: dict[int, list[int]] = {}
    for b, body in enumerate(mj.bodies[1:], start=1):
        children.setdefault(body.parent, []).append(b)
    placed = dict(roots)
    stack = list(roots)
    while stack:
        body = stack.pop()
        for child in children.get(body, []):
            if child not in placed and not mj.bodies[child].joints \
                    and mj.model.body_mocapid[child] < 0:  # mocap bodies move on their own
                placed[child] = placed[body]
                stack.append(child)
    return placed


def _pose(pos: np.ndarray, quat: np.ndarray) -> np.ndarray:
    return transform(quaternion_to_matrix(quat), pos)


def _shape(model: Any, g: int, link: str) -> Shape | None:
    kind = _TYPES.get(int(model.geom_type[g]))
    if kind is None:
        return None
    size = [float(v) for v in model.geom_size[g]]
    T = _pose(model.geom_pos[g], model.geom_quat[g])
    mesh = uri = None
    if kind == "box":
        params = (2 * size[0], 2 * size[1], 2 * size[2])
    elif kind in ("cylinder", "capsule"):
        params = (size[0], 2 * size[1])
    elif kind == "sphere":
        params = (size[0],)
    else:
        m = int(model.geom_dataid[g])
        params = tuple(float(v) for v in model.mesh_scale[m])
        T = T @ inverse(_pose(model.mesh_pos[m], model.mesh_quat[m]))
        start = int(model.mesh_pathadr[m])
        uri = model.paths[start:].split(b"\0", 1)[0].decode() if start >= 0 else None
        mesh = uri
    visual = model.geom_contype[g] == 0 and model.geom_conaffinity[g] == 0
    material = int(model.geom_matid[g])
    rgba = model.mat_rgba[material] if material >= 0 else model.geom_rgba[g]
    name = model.geom(g).name or None
    return Shape(link=link, role="visual" if visual else "collision", kind=kind, params=params,
                 T_link_shape=T, mesh=mesh, uri=uri, name=name,
                 material=model.mat(material).name if material >= 0 else None,
                 rgba=tuple(float(v) for v in rgba))


def mjcf_geometry(mj: MjcfModel, base: int, path: Sequence[int], frames: np.ndarray,
                  q_frames: np.ndarray) -> Geometry:
    """Shapes of the bodies placed on a robot whose chain runs through bodies `path` from
    body `base`; `frames` = robot.frames(q) at the joints' qpos values `q_frames`
    (used to express each body in its robot frame; the transforms are constant)."""
    mujoco = import_mujoco()
    model = mj.model
    roots, k = {base: 0}, 0
    for b in path:
        k += len(mj.bodies[b].joints)
        roots[b] = k
    placed = _welded(mj, roots)
    data = mujoco.MjData(model)
    data.qpos[:] = model.qpos0
    joint_ids = [model.joint(j.name).id for b in path for j in mj.bodies[b].joints]
    data.qpos[[model.jnt_qposadr[j] for j in joint_ids]] = q_frames
    mujoco.mj_kinematics(model, data)

    def world(body: int) -> np.ndarray:
        T = np.eye(4)
        T[:3, :3], T[:3, 3] = data.xmat[body].reshape(3, 3), data.xpos[body]
        return T

    T_base_world = inverse(world(base))
    placements = {mj.bodies[b].name: (f, inverse(frames[f]) @ T_base_world @ world(b))
                  for b, f in sorted(placed.items())}
    shapes = []
    for g in range(model.ngeom):
        body = int(model.geom_bodyid[g])
        if body in placed:
            shape = _shape(model, g, mj.bodies[body].name)
            if shape is not None:
                shapes.append(shape)
    return Geometry(tuple(shapes), placements)
