"""Spheres and capsules that cover a URDF collision shape (in the shape's link frame).

- sphere, capsule: exact.
- cylinder: the capsule of the same radius and axis length; it covers the cylinder and
  reaches `radius` beyond each flat end (its over-approximation).
- box: cut into k = 1..4 equal slabs along one of its axes; each slab is covered by the
  smallest-volume capsule (axis along one of the box axes, through the slab's centre)
  containing its 8 corners, so the capsules contain the whole box. k and the cut axis
  minimise total capsule volume x (1 + 0.1 (k - 1)).
- mesh (STL, OBJ, DAE through trimesh, the "mesh" extra): its triangles are split into
  k = 1..3 groups along a principal axis; each group's capsule contains all vertices of
  its triangles, so it contains those triangles (a capsule is convex): every triangle of
  the mesh lies inside the union. k chosen as for boxes.
A capsule containing points along a given axis line: for a trial radius r >= the largest
distance rho_i from the line, the segment is [max_i(s_i - w_i), min_i(s_i + w_i)]
(s_i along the axis, w_i = sqrt(r^2 - rho_i^2)); r is chosen among 24 trial values up to
twice the largest rho for the least volume.

`over` in each fit: the largest distance (m) from the capsules' surfaces to the shape
(box: exact point-box distance at 600 samples per capsule; mesh: beyond the face planes of
the mesh's convex hull, a lower bound).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError
from ..extras import require
from ..geometry import Shape

Array = NDArray[np.float64]
Capsules = list[tuple[Array, Array, float]]  # (a (3,), b (3,), radius) per capsule


@dataclass(frozen=True)
class Fit:
    """How one file shape became capsules: kind, capsule count, over-approximation (m)."""

    link: str
    kind: str
    capsules: int
    over: float


def capsule_around(points: Array, axis: Array) -> tuple[Array, Array, float]:
    """Smallest-volume capsule with the given unit axis containing points (m, 3)."""
    s = points @ axis
    perp = points - np.outer(s, axis)
    center = 0.5 * (perp.min(axis=0) + perp.max(axis=0))
    rho = np.linalg.norm(perp - center, axis=1)
    r0 = float(rho.max())
    best = None
    for r in np.linspace(r0, 2.0 * r0 + 1e-12, 24) if r0 > 0 else [0.0]:
        w = np.sqrt(np.maximum(r * r - rho * rho, 0.0))
        s1, s0 = float(np.max(s - w)), float(np.min(s + w))
        if s0 > s1:  # the whole set fits in a ball on the axis
            s0 = s1 = 0.5 * (s0 + s1)
        volume = math.pi * r * r * (s1 - s0) + 4.0 / 3.0 * math.pi * r ** 3
        if best is None or volume < best[0]:
            best = (volume, s0, s1, r)
    _, s0, s1, r = best
    return center + s0 * axis, center + s1 * axis, r * (1 + 1e-12) + 1e-12


def _volume(capsules: Capsules) -> float:
    return sum(math.pi * r * r * float(np.linalg.norm(b - a)) + 4 / 3 * math.pi * r ** 3
               for a, b, r in capsules)


def _best_axis(points: Array, axes: Array) -> tuple[Array, Array, float]:
    fits = [capsule_around(points, ax) for ax in axes]
    return min(fits, key=lambda f: _volume([f]))


def box_capsules(size: Array) -> Capsules:
    """Capsules covering the box [-size/2, size/2] (box frame)."""
    half = 0.5 * np.asarray(size, dtype=float)
    best: tuple[float, Capsules] | None = None
    corners = np.array([[x, y, z] for x in (-1, 1) for y in (-1, 1) for z in (-1, 1)], float)
    for cut in range(3):
        for k in range(1, 5):
            capsules = []
            for piece in range(k):
                h = half.copy()
                h[cut] = half[cut] / k
                c = np.zeros(3)
                c[cut] = -half[cut] + (2 * piece + 1) * h[cut]
                capsules.append(_best_axis(c + corners * h, np.eye(3)))
            score = _volume(capsules) * (1 + 0.1 * (k - 1))
            if best is None or score < best[0]:
                best = (score, capsules)
    return best[1]


def mesh_capsules(vertices: Array, faces: NDArray[np.int64]) -> Capsules:
    """Capsules covering every triangle of a mesh (vertices (m, 3), faces (f, 3))."""
    centered = vertices - vertices.mean(axis=0)
    _, _, axes = np.linalg.svd(centered, full_matrices=False)
    centroid_s = vertices[faces].mean(axis=1) @ axes[0]
    best: tuple[float, Capsules] | None = None
    for k in range(1, 4):
        edges = np.linspace(centroid_s.min(), centroid_s.max(), k + 1)
        group = np.clip(np.searchsorted(edges, centroid_s, side="right") - 1, 0, k - 1)
        capsules = [_best_axis(vertices[np.unique(faces[group == g])], axes)
                    for g in range(k) if np.any(group == g)]
        score = _volume(capsules) * (1 + 0.1 * (k - 1))
        if best is None or score < best[0]:
            best = (score, capsules)
    return best[1]


def _surface_samples(a: Array, b: Array, r: float, count: int, rng: np.random.Generator) -> Array:
    """Points on the surface of a capsule: random directions from random axis points."""
    d = rng.normal(size=(count, 3))
    d /= np.linalg.norm(d, axis=1, keepdims=True)
    return a + rng.uniform(0, 1, (count, 1)) * (b - a) + r * d


def box_over(size: Array, capsules: Capsules) -> float:
    rng = np.random.default_rng(0)
    half = 0.5 * np.asarray(size, dtype=float)
    worst = 0.0
    for a, b, r in capsules:
        p = _surface_samples(a, b, r, 600, rng)
        gap = np.maximum(np.abs(p) - half, 0.0)
        worst = max(worst, float(np.linalg.norm(gap, axis=1).max()))
    return worst


def load_mesh(shape: Shape) -> tuple[Array, NDArray[np.int64], object]:
    """(vertices (m, 3) scaled, faces (f, 3), the trimesh object) of a mesh shape."""
    if not shape.mesh or not Path(shape.mesh).is_file():
        raise ModelError(f"link {shape.link!r}: collision mesh {shape.uri or shape.mesh!r} not found "
                         f"(resolved to {shape.mesh!r}); pass package_dirs= or fix the path")
    trimesh = require("trimesh", "mesh", "fitting collision meshes")
    try:
        mesh = trimesh.load(shape.mesh, force="mesh")
    except Exception as exc:  # trimesh raises many kinds
        raise ModelError(f"link {shape.link!r}: cannot read mesh {shape.mesh!r}: {exc}") from exc
    if len(mesh.faces) == 0:
        raise ModelError(f"link {shape.link!r}: mesh {shape.mesh!r} has no triangles")
    vertices = np.asarray(mesh.vertices, dtype=float) * np.asarray(shape.params, dtype=float)
    return vertices, np.asarray(mesh.faces, dtype=np.int64), mesh


def mesh_over(vertices: Array, capsules: Capsules) -> float:
    """A lower bound (m) of the largest distance from the capsules' surfaces to the mesh:
    the largest distance of surface samples beyond a face plane of its convex hull."""
    import trimesh

    hull = trimesh.Trimesh(vertices=vertices).convex_hull
    rng = np.random.default_rng(0)
    p = np.vstack([_surface_samples(a, b, r, 400, rng) for a, b, r in capsules])
    normals = np.asarray(hull.face_normals)
    beyond = p @ normals.T - np.sum(normals * hull.triangles[:, 0], axis=1)
    return float(max(beyond.max(), 0.0))


def fit_shape(shape: Shape) -> tuple[Capsules, Fit]:
    """Capsules (shape frame) covering one collision shape, and how tight they are."""
    kind, params = shape.kind, np.asarray(shape.params, dtype=float)
    if kind == "sphere":
        caps: Capsules = [(np.zeros(3), np.zeros(3), float(params[0]))]
        over = 0.0
    elif kind in ("capsule", "cylinder"):
        r, length = float(params[0]), float(params[1])
        caps = [(np.array([0, 0, -length / 2]), np.array([0, 0, length / 2]), r)]
        over = 0.0 if kind == "capsule" else r
    elif kind == "box":
        caps = box_capsules(params)
        over = box_over(params, caps)
    elif kind == "mesh":
        vertices, faces, _ = load_mesh(shape)
        caps = mesh_capsules(vertices, faces)
        over = mesh_over(vertices, caps)
    else:
        raise ModelError(f"link {shape.link!r}: cannot fit a collision shape of kind {kind!r}")
    return caps, Fit(shape.link, kind, len(caps), over)
