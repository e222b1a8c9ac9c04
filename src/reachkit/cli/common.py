"""Helpers shared by the subcommands: loading a robot, parsing poses, printing."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError, TargetError
from ..robot import Robot
from ..spatial import matrix_to_rpy, rpy_to_matrix, transform


class UsageError(TargetError):
    """Arguments the command cannot use as given (wrong count, bad value): exit code 2."""


MODEL_SUFFIXES = (".urdf", ".xacro", ".xml", ".mjcf")


def add_robot_arguments(p: argparse.ArgumentParser) -> None:
    """ROBOT, --base-link and --tip-link: a built-in model or a chain in a model file."""
    p.add_argument("robot", metavar="ROBOT",
                   help="built-in model name (see `reachkit models`) or a URDF, xacro or MJCF file")
    p.add_argument("--base-link", metavar="NAME",
                   help="first link (MJCF: body) of the chain in a model file (default: the root)")
    p.add_argument("--tip-link", metavar="NAME",
                   help="last link (MJCF: body) of the chain in a model file; needed where the "
                        "file branches (default: the leaf reached through the most joints)")


def robot_from_args(args: argparse.Namespace) -> Robot:
    """The robot named by ROBOT, --base-link and --tip-link (see `load_robot`)."""
    return load_robot(args.robot, getattr(args, "base_link", None), getattr(args, "tip_link", None))


def load_robot(spec: str, base: str | None = None, tip: str | None = None) -> Robot:
    """A built-in model by name, or a URDF, xacro or MJCF file (by content) with the chain
    from `base` to `tip` (link names; MJCF body names)."""
    from .. import models
    from ..model_file import load_model_file

    if spec.strip().lower() in models.available() and not os.path.isfile(spec):
        if base is not None or tip is not None:
            raise UsageError(f"--base-link and --tip-link choose a chain in a model file; "
                             f"{spec!r} is a built-in model")
        return models.load(spec)
    if os.path.isfile(spec):
        try:
            return load_model_file(spec, base, tip)
        except ModelError as exc:
            raise ModelError(_option_words(str(exc))) from exc
    if spec.lower().endswith(MODEL_SUFFIXES) or os.sep in spec:
        raise FileNotFoundError(2, "no such model file", spec)
    return models.load(spec)  # raises ModelError listing the built-in names


def _option_words(message: str) -> str:
    """A model reader's advice in the command line's words: tip_link= becomes --tip-link."""
    for keyword, option in (("tip_link=", "--tip-link"), ("base_link=", "--base-link"),
                            ("tip_body=", "--tip-link"), ("base_body=", "--base-link")):
        message = message.replace(keyword, option)
    return message


def _positive(text: str, convert: type[float | int], need: str) -> Any:
    """`text` as a finite number > 0 of type `convert`; argparse's usage error (exit 2)
    saying `need` otherwise."""
    try:
        value = convert(text)
    except ValueError:
        value = None
    if value is None or not (np.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be {need}, got {text!r}")
    return value


def positive_float(text: str) -> float:
    """argparse type: a finite number > 0 (tolerances, steps)."""
    return float(_positive(text, float, "a positive number"))


def positive_int(text: str) -> int:
    """argparse type: a whole number > 0 (iteration counts, samples, ports)."""
    return int(_positive(text, int, "a whole number of at least 1"))


def add_method_argument(p: argparse.ArgumentParser, purpose: str, flag: str = "--method") -> None:
    """--method (default lm), checked against the method names: a usage error (exit 2)
    lists them. flag="--methods" takes several (default: all numerical ones)."""
    from ..ik.methods import method_names

    if flag == "--methods":
        p.add_argument(flag, nargs="+", choices=method_names(), metavar="METHOD",
                       help=f"{purpose} (default: every numerical method)")
    else:
        p.add_argument(flag, default="lm", choices=method_names(), metavar="METHOD",
                       help=f"{purpose}: {', '.join(method_names())} (default lm)")


def angles(values: Sequence[float], degrees: bool) -> NDArray[np.float64]:
    """Values as a float array, converted from degrees to radians when asked."""
    array = np.asarray(values, dtype=float)
    return np.radians(array) if degrees else array


def joint_values(robot: Robot, values: Sequence[float], degrees: bool) -> NDArray[np.float64]:
    """q (dof,) from the command line: revolute joints in degrees when asked, prismatic in m."""
    q = np.asarray(values, dtype=float)
    if q.shape != (robot.dof,):
        raise UsageError(f"{robot.name} has {robot.dof} joints; give {robot.dof} joint values, got {q.size}")
    if degrees:
        revolute = np.array(robot.joint_types) == "R"
        q = np.where(revolute, np.radians(q), q)
    return q


def pose_from_args(values: Sequence[float], degrees: bool) -> tuple[NDArray[np.float64], bool]:
    """(T (4, 4) in the world frame, full_pose) from X Y Z [ROLL PITCH YAW] (metres, URDF rpy)."""
    v = np.asarray(values, dtype=float)
    if v.size not in (3, 6):
        raise UsageError(f"--pose takes X Y Z or X Y Z ROLL PITCH YAW, got {v.size} numbers"
                         + (" (for a planar x, y, phi target use --planar X Y [PHI])" if v.size == 2 else ""))
    if not np.all(np.isfinite(v)):
        raise UsageError(f"--pose contains NaN or inf: {' '.join(str(x) for x in v)}")
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
