"""A map's metadata: what it was computed from, checked before a store is reused.

Two runs share a store only when every entry of `identity` agrees: the robot (name and a
digest of its kinematics), the grid, the orientations, the seed, the solver method and
options, the scene's obstacles (a digest; stores older than scenes read as None) and the
reachkit version. The chunk size is a store's layout, not part of a map's identity: a
rerun adopts the store's.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np

from ..errors import ReachkitError
from ..robot import Robot
from .chunk import Job

FORMAT = "reachkit-reachability-map/1"
LAYOUT = ("chunk_size", "voxels")  # a store's layout, not the map's identity


def robot_digest(robot: Robot) -> str:
    """sha256 (16 hex digits) of the arm's kinematics: the compiled chain, joint types,
    limits and dof. Two robots with equal digests give equal maps."""
    h = hashlib.sha256()
    c = robot.chain
    for a in (c.fixed, c.pre, c.link_frames, c.kinds, c.offsets, c.base, c.tool, robot.limits):
        h.update(np.ascontiguousarray(a).tobytes())
    h.update(("".join(robot.joint_types) + str(robot.dof)).encode())
    return h.hexdigest()[:16]


def scene_digest(scene: Any) -> str:
    """sha256 (16 hex digits) of a `reachkit.Scene`'s packed obstacles: two scenes with
    equal digests give equal maps."""
    h = hashlib.sha256()
    for a in scene.packed():
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()[:16]


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return repr(value)


def identity(job: Job, box: np.ndarray | None) -> dict[str, Any]:
    """The JSON-ready entries that define a map (see the module docstring)."""
    from .. import __version__

    return {
        "format": FORMAT,
        "robot": job.robot.name,
        "robot_digest": robot_digest(job.robot),
        "resolution": job.grid.resolution,
        "box": None if box is None else box.tolist(),
        "grid": job.grid.to_dict(),
        "orientations": job.orientations.describe(),
        "seed": job.seed,
        "method": job.method,
        "solver_options": {k: _jsonable(v) for k, v in sorted(job.options.items())
                           if k != "scene"},
        "scene": None if job.options.get("scene") is None else scene_digest(job.options["scene"]),
        "reachkit_version": __version__,
    }


def normalised(meta: dict[str, Any]) -> dict[str, Any]:
    """meta as it reads back from JSON (tuples become lists)."""
    return json.loads(json.dumps(meta))


def check_same(found: dict[str, Any], wanted: dict[str, Any], where: str) -> None:
    """Raise a ReachkitError naming every entry on which the store `where` differs."""
    found, wanted = normalised(found), normalised(wanted)
    keys = sorted(k for k in set(found) | set(wanted)
                  if k not in LAYOUT and found.get(k) != wanted.get(k))
    if keys:
        diffs = "; ".join(f"{k}: store has {found.get(k)!r}, this run {wanted.get(k)!r}"
                          for k in keys)
        raise ReachkitError(f"the store {where} holds another map ({diffs}); nothing was "
                            "written: give another store path or the same settings")
