"""Triangle meshes for the viewer, in pure NumPy: (vertices (n, 3) float32, faces (m, 3)
uint32) of unit primitives and of shapes read from a model file (`robot.geometry`)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ..geometry import Shape

Mesh = tuple[NDArray[np.float32], NDArray[np.uint32]]
SEGMENTS = 16  # around a cylinder or sphere: smooth enough at arm scale, cheap to send


def _mesh(vertices: NDArray[np.float64], faces: NDArray[np.int64]) -> Mesh:
    return vertices.astype(np.float32), faces.astype(np.uint32)


def _ring_faces(rings: int, segments: int, offset: int = 0) -> NDArray[np.int64]:
    """Quads (as two triangles) between consecutive rings of `segments` vertices."""
    faces = []
    for r in range(rings - 1):
        for s in range(segments):
            a, b = offset + r * segments + s, offset + r * segments + (s + 1) % segments
            c, d = a + segments, b + segments
            faces += [(a, b, d), (a, d, c)]
    return np.array(faces, dtype=np.int64).reshape(-1, 3)


def cylinder(radius: float, length: float, segments: int = SEGMENTS, centred: bool = True) -> Mesh:
    """A closed cylinder about z: from -length/2 to length/2 (centred) or from 0 to length."""
    angle = np.linspace(0.0, 2 * np.pi, segments, endpoint=False)
    circle = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    z0 = -length / 2 if centred else 0.0
    rings = [np.column_stack([circle, np.full(segments, z)]) for z in (z0, z0 + length)]
    vertices = np.vstack([*rings, [[0, 0, z0], [0, 0, z0 + length]]])
    bottom, top = 2 * segments, 2 * segments + 1
    caps = [(bottom, (s + 1) % segments, s) for s in range(segments)]
    caps += [(top, segments + s, segments + (s + 1) % segments) for s in range(segments)]
    return _mesh(vertices, np.vstack([_ring_faces(2, segments), np.array(caps)]))


def sphere(radius: float, segments: int = SEGMENTS) -> Mesh:
    """A UV sphere about the origin."""
    polar = np.linspace(0.0, np.pi, segments // 2 + 1)[1:-1]
    angle = np.linspace(0.0, 2 * np.pi, segments, endpoint=False)
    rings = [np.column_stack([radius * np.sin(p) * np.cos(angle), radius * np.sin(p) * np.sin(angle),
                              np.full(segments, radius * np.cos(p))]) for p in polar]
    vertices = np.vstack([*rings, [[0, 0, radius], [0, 0, -radius]]])
    n = len(polar)
    north, south = n * segments, n * segments + 1
    caps = [(north, s, (s + 1) % segments) for s in range(segments)]
    last = (n - 1) * segments
    caps += [(south, last + (s + 1) % segments, last + s) for s in range(segments)]
    return _mesh(vertices, np.vstack([_ring_faces(n, segments), np.array(caps)]))


def capsule(radius: float, length: float, segments: int = SEGMENTS) -> Mesh:
    """A capsule about z: a cylinder of `length` between two sphere centres, centred."""
    parts = [cylinder(radius, length, segments), _moved(sphere(radius, segments), length / 2),
             _moved(sphere(radius, segments), -length / 2)]
    return merge(parts)


def box(size: tuple[float, float, float]) -> Mesh:
    """A box with full edge lengths `size`, centred."""
    corners = np.array([[x, y, z] for x in (-1, 1) for y in (-1, 1) for z in (-1, 1)], float)
    faces = [(0, 1, 3), (0, 3, 2), (4, 6, 7), (4, 7, 5), (0, 4, 5), (0, 5, 1),
             (2, 3, 7), (2, 7, 6), (0, 2, 6), (0, 6, 4), (1, 5, 7), (1, 7, 3)]
    return _mesh(corners * np.asarray(size, float) / 2, np.array(faces))


def _moved(mesh: Mesh, dz: float) -> Mesh:
    vertices, faces = mesh
    return vertices + np.array([0, 0, dz], np.float32), faces


def merge(meshes: list[Mesh]) -> Mesh:
    """One mesh of several (vertex indices shifted)."""
    vertices, faces, count = [], [], 0
    for v, f in meshes:
        vertices.append(v)
        faces.append(f + count)
        count += len(v)
    return np.vstack(vertices).astype(np.float32), np.vstack(faces).astype(np.uint32)


def shape_mesh(shape: Shape) -> Mesh | None:
    """The mesh of a file's shape in its own frame; None when it cannot be built (a mesh
    file that is missing or unreadable, or trimesh not installed)."""
    p = shape.params
    if shape.kind == "box":
        return box((p[0], p[1], p[2]))
    if shape.kind == "cylinder":
        return cylinder(p[0], p[1])
    if shape.kind == "capsule":
        return capsule(p[0], p[1])
    if shape.kind == "sphere":
        return sphere(p[0])
    if shape.kind == "mesh" and shape.mesh:
        return _mesh_file(shape.mesh, np.asarray(p, float))
    return None


def _mesh_file(path: str, scale: NDArray[np.float64]) -> Mesh | None:
    """Vertices and faces of a mesh file (STL, OBJ, DAE ... through trimesh), scaled."""
    try:
        import trimesh
    except ImportError:
        return None
    try:
        loaded = trimesh.load(path, force="mesh")
    except Exception:
        return None
    if not len(getattr(loaded, "faces", ())):
        return None
    return _mesh(np.asarray(loaded.vertices) * scale, np.asarray(loaded.faces))
