"""Read a `Scene` from JSON or YAML (format: `reachkit.collision.scene`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from ..spatial import rpy_to_matrix
from .shapes import Box, Capsule, HalfSpace, PointCloud, SceneError, Sphere


def read_scene(path: Path) -> Any:
    from .scene import Scene

    if not path.is_file():
        raise SceneError(f"scene file {str(path)!r} does not exist")
    text = path.read_text()
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError as exc:
            raise SceneError(f"{path}: reading YAML needs PyYAML (pip install pyyaml); "
                             "or write the scene as JSON") from exc
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise SceneError(f"{path}: not valid YAML: {exc}") from exc
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SceneError(f"{path}: not valid JSON: {exc}") from exc
    if isinstance(data, dict):
        data = data.get("obstacles")
    if not isinstance(data, list):
        raise SceneError(f"{path}: expected {{\"obstacles\": [...]}} or a list of obstacles")
    obstacles = []
    for i, item in enumerate(data):
        try:
            obstacles.append(_obstacle(item, path.parent))
        except SceneError as exc:
            raise SceneError(f"{path}: obstacle {i}: {exc}") from exc
        except (KeyError, TypeError, ValueError) as exc:
            raise SceneError(f"{path}: obstacle {i} ({item!r}): missing or bad field {exc}") from exc
    return Scene(obstacles)


def _obstacle(item: Any, folder: Path) -> Any:
    if not isinstance(item, dict) or "type" not in item:
        raise SceneError("each obstacle needs a \"type\": sphere, capsule, box, halfspace or pointcloud")
    kind = str(item["type"]).lower().replace("_", "").replace("-", "")
    if kind == "sphere":
        return Sphere(item["center"], item["radius"])
    if kind == "capsule":
        return Capsule(item["p0"], item["p1"], item["radius"])
    if kind == "box":
        if "pose" in item:
            T = item["pose"]
        else:
            T = np.eye(4)
            T[:3, :3] = rpy_to_matrix(*item.get("rpy", (0.0, 0.0, 0.0)))
            T[:3, 3] = item.get("center", (0.0, 0.0, 0.0))
        return Box(T, item["size"])
    if kind == "halfspace":
        return HalfSpace(item["normal"], item["offset"])
    if kind == "pointcloud":
        if "file" in item:
            file = folder / item["file"]
            if not file.is_file():
                raise SceneError(f"point cloud file {str(file)!r} does not exist")
            points = np.load(file) if file.suffix == ".npy" else np.loadtxt(file, ndmin=2)
        else:
            points = item["points"]
        return PointCloud(points, item.get("radius", 0.0))
    raise SceneError(f"unknown obstacle type {item['type']!r}; use sphere, capsule, box, "
                     "halfspace or pointcloud")
