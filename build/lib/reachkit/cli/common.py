"""Helpers shared by the subcommands: loading a robot, parsing poses, printing."""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Sequence

import numpy as np
from numpy.typing import NDArray

from ..errors import NotSupportedError, TargetError
from ..robot import Robot
from ..spatial import matrix_to_rpy, rpy_to_matrix, transform


def load_robot(spec: str) -> Robot:
    """A built-in model by name, or a URDF file: a path ending in .urdf or any existing file."""
    from .. import models

    if spec.strip().lower() in models.available():
        return models.load(spec)
    if spec.lower().endswith(".urdf") or os.path.isfile(spec):
        if not os.path.isfile(spec):
            raise FileNotFoundError(2, "no such URDF file", spec)
        try:
            return Robot.from_urdf(spec)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("reachkit"):
                raise NotSupportedError("URDF import is not available in this version of reachkit") from exc
            raise
    return models.load(spec)  # raises ModelError listing the built-in names


def angles(values: Sequence[float], degrees: bool) -> NDArray[np.float64]:
    """Values as a float array, converted from degrees to radians when asked."""
    array = np.asarray(values, dtype=float)
    return np.radians(array) if degrees else array


def joint_values(robot: Robot, values: Sequence[float], degrees: bool) -> NDArray[np.float64]:
    """q (dof,) from the command line: revolute joints in degrees when asked, prismatic in m."""
    q = np.asarray(values, dtype=float)
    if q.shape != (robot.dof,):
        raise TargetError(f"{robot.name} has {robot.dof} joints; give {robot.dof} joint values, got {q.size}")
    if degrees:
        revolute = np.array(robot.joint_types) == "R"
        q = np.where(revolute, np.radians(q), q)
    return q


def pose_from_args(values: Sequence[float], degrees: bool) -> tuple[NDArray[np.float64], bool]:
    """(T (4, 4) in the world frame, full_pose) from X Y Z [ROLL PITCH YAW] (metres, URDF rpy)."""
    v = np.asarray(values, dtype=float)
    if v.size not in (3, 6):
        raise TargetError(f"--pose takes X Y Z or X Y Z ROLL PITCH YAW, got {v.size} numbers")
    if not np.all(np.isfinite(v)):
        raise TargetError(f"--pose contains NaN or inf: {' '.join(str(x) for x in v)}")
    if v.size == 3:
        return transform(p=v), False
    rpy = angles(v[3:], degrees)
    return transform(rpy_to_matrix(*rpy), v[:3]), True


def pose_dict(T: NDArray[np.float64]) -> dict[str, Any]:
    """JSON-ready description of a pose: position (m), rpy (rad), matrix."""
    return {"position": T[:3, 3].tolist(), "rpy": matrix_to_rpy(T[:3, :3]).tolist(), "matrix": T.tolist()}


def pose_text(T: NDArray[np.float64]) -> str:
    """One line: xyz in metres, rpy in radians and degrees."""
    xyz = " ".join(f"{x:.6g}" for x in T[:3, 3])
    rpy = matrix_to_rpy(T[:3, :3])
    return (f"xyz [{xyz}] m  rpy [{' '.join(f'{a:.6g}' for a in rpy)}] rad "
            f"([{' '.join(f'{a:.2f}' for a in np.degrees(rpy))}] deg)")


def vector_text(q: NDArray[np.float64]) -> str:
    return " ".join(f"{x:.6g}" for x in q)


def emit(data: dict[str, Any] | list[Any], text: str, as_json: bool) -> None:
    """Print `text`, or `data` as JSON when --json was given."""
    if as_json:
        json.dump(data, sys.stdout, indent=2, allow_nan=False, default=_jsonable)
        sys.stdout.write("\n")
    else:
        print(text)


def _jsonable(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
