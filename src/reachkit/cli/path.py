"""Subcommand `path`: follow a straight line of the tool with `rk.ik_path`.

Exit codes as everywhere (`reachkit.cli`): 0 every waypoint reached, 1 an error (an
unreachable start pose, a bad file), 2 a usage error, 3 the path stopped."""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np

from ..errors import ReachkitError
from ..ik.solve import ik
from ..ik.target import Target
from ..robot import Robot
from .common import (
    UsageError,
    add_method_argument,
    add_robot_arguments,
    emit,
    joint_values,
    pose_dict,
    pose_from_args,
    pose_text,
    positive_float,
    robot_from_args,
    vector_text,
)

EXIT_NOT_REACHED = 3
_TABLE_ROWS = 12


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of `reachkit path`."""
    add_robot_arguments(p)
    p.add_argument("--from", dest="start", nargs="+", type=float, metavar="V",
                   help="start pose X Y Z [ROLL PITCH YAW] (default: the tool pose of --q0); "
                        "without angles the orientation of the start configuration is kept")
    p.add_argument("--to", dest="goal", nargs="+", type=float, required=True, metavar="V",
                   help="goal pose X Y Z [ROLL PITCH YAW]; without angles the start orientation")
    p.add_argument("--step", type=positive_float, default=0.005,
                   help="metres between waypoints (default 0.005)")
    p.add_argument("--angular-step", type=positive_float, default=0.02,
                   help="radians between waypoint orientations (default 0.02)")
    p.add_argument("--q0", nargs="+", type=float, metavar="Q",
                   help="start configuration (default: an IK solution of --from)")
    add_method_argument(p, "IK method tracking the line")
    p.add_argument("--max-joint-step", type=positive_float, default=0.05,
                   help="largest joint move between waypoints, rad or m (default 0.05)")
    p.add_argument("--no-limits", action="store_true", help="ignore the joint limits")
    p.add_argument("--deg", action="store_true", help="angles (rpy, q0) in degrees")
    p.add_argument("--plot", metavar="FILE",
                   help="save joint values and moves along the path (matplotlib)")
    p.add_argument("--animate", metavar="FILE", help="save the arm following the path as GIF or MP4")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")


def run_path(args: argparse.Namespace) -> int:
    """Follow the line; exit 0 when every waypoint is reached, 3 when the path stops."""
    from ..path import ik_path, line

    robot = robot_from_args(args)
    limits = not args.no_limits
    q_start, T_start = _start(robot, args, limits)
    T_goal, full_goal = pose_from_args(args.goal, args.deg)
    if not full_goal:
        T_goal[:3, :3] = T_start[:3, :3]
    poses = line(T_start, T_goal, step=args.step, angular_step=args.angular_step)
    began = time.perf_counter()
    result = ik_path(robot, poses, q_start, max_joint_step=args.max_joint_step, method=args.method,
                     joint_limits=limits)
    seconds = time.perf_counter() - began
    emit(_as_dict(robot, result, T_start, T_goal, seconds), _as_text(robot, result, poses, seconds),
         args.json)
    _pictures(robot, result, args)
    return 0 if result.success else EXIT_NOT_REACHED


def _start(robot: Robot, args: argparse.Namespace, joint_limits: bool) -> tuple[np.ndarray, np.ndarray]:
    """(q0 (dof,), T_start (4, 4)): --q0 as given, or an IK solution of --from."""
    if args.q0 is not None:
        q0 = joint_values(robot, args.q0, args.deg)
        T_q0 = robot.fk(q0)
        if args.start is None:
            return q0, T_q0
        T_start, full = pose_from_args(args.start, args.deg)
        if not full:
            T_start[:3, :3] = T_q0[:3, :3]
        return q0, T_start
    if args.start is None:
        raise UsageError("give the start: --from X Y Z [ROLL PITCH YAW], --q0 Q..., or both")
    T_start, full = pose_from_args(args.start, args.deg)
    target = Target(T_start) if full else Target.position(T_start[:3, 3])
    res = ik(robot, target, joint_limits=joint_limits)
    if not res.success:
        raise ReachkitError(f"the start pose (--from) is not reachable: {res.reason}; "
                            "give a reachable one or --q0")
    if not full:
        T_start[:3, :3] = robot.fk(res.q)[:3, :3]
    return res.q, T_start


def _as_dict(robot: Robot, result: Any, T_start: np.ndarray, T_goal: np.ndarray,
             seconds: float) -> dict[str, Any]:
    reached = result.reached
    return {
        "robot": robot.name, "method": result.method, "success": bool(result.success),
        "fraction": result.fraction, "reason": result.reason, "failure": result.failure,
        "failed_index": result.failed_index, "waypoints": len(result),
        "reached": int(reached.sum()), "max_joint_step": result.max_joint_step,
        "start": pose_dict(T_start), "goal": pose_dict(T_goal),
        "q": [row.tolist() if ok else None for row, ok in zip(result.q, reached)],
        "position_error": [float(e) if ok else None for e, ok in zip(result.position_error, reached)],
        "rotation_error": [float(e) if ok else None for e, ok in zip(result.rotation_error, reached)],
        "solves": result.solves, "subdivisions": result.subdivisions, "time_s": seconds,
    }


def _as_text(robot: Robot, result: Any, poses: np.ndarray, seconds: float) -> str:
    n = len(result)
    lines = [
        f"{robot.name}: {n} waypoints from {pose_text(poses[0])}",
        f"{' ' * len(robot.name)}  to {pose_text(poses[-1])}",
        (f"{'reached' if result.success else 'STOPPED'}: {int(result.reached.sum())}/{n} waypoints, "
         f"fraction {result.fraction:.3f}, largest joint move {result.max_joint_step:.4g}, "
         f"{result.method}, {result.solves} solves, {seconds * 1e3:.1f} ms"),
        f"reason: {result.reason}",
    ]
    rows = np.flatnonzero(result.reached)
    if len(rows):
        shown = np.unique(np.linspace(0, len(rows) - 1, min(len(rows), _TABLE_ROWS)).round().astype(int))
        lines.append("waypoint  q")
        lines.extend(f"{rows[k]:>8}  {vector_text(result.q[rows[k]])}" for k in shown)
    return "\n".join(lines)


def _pictures(robot: Robot, result: Any, args: argparse.Namespace) -> None:
    """--plot and --animate."""
    if args.plot:
        from ..path.figure import path_figure

        path_figure(robot, result, max_joint_step=args.max_joint_step, path=args.plot)
        _wrote(args.plot, args.json)
    if args.animate:
        if not result.reached.any():
            raise ReachkitError("nothing to animate: the path reached no waypoint")
        from ..plot import animate

        animate(robot, result.q_reached, path=args.animate)
        _wrote(args.animate, args.json)


def _wrote(path: str, as_json: bool) -> None:
    if not as_json:  # JSON output stays one document
        print(f"wrote {path}")
