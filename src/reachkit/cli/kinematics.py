"""Subcommands `models`, `show`, `fk` and `ik`."""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from .. import models
from ..ik.solve import ik
from ..ik.unreachable import unreachable_reason
from ..robot import Robot
from .common import (
    UsageError,
    emit,
    joint_values,
    pose_dict,
    pose_text,
    robot_from_args,
    vector_text,
)
from .targets import CliTarget, plane_hint, target_from_args
from .timing import Timing, timed

EXIT_NOT_REACHED = 3


def _finite_or_none(values: np.ndarray) -> list[float | None]:
    return [float(v) if np.isfinite(v) else None for v in values]


def run_models(args: argparse.Namespace) -> int:
    """List the built-in models with their joint count and types."""
    rows = []
    for name in models.available():
        robot = models.load(name)
        rows.append({"name": name, "dof": robot.dof, "joint_types": "".join(robot.joint_types)})
    width = max(len(r["name"]) for r in rows)
    text = "\n".join(f"{r['name']:<{width}}  {r['dof']:>2} joints  {r['joint_types']}" for r in rows)
    emit(rows, text, args.json)
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print the joint table of a robot and its tool pose at q = 0."""
    robot = robot_from_args(args)
    T_home = robot.fk(np.zeros(robot.dof))
    data = {
        "name": robot.name, "dof": robot.dof, "joint_names": robot.joint_names,
        "joint_types": robot.joint_types,
        "limits": {"lower": _finite_or_none(robot.limits[0]), "upper": _finite_or_none(robot.limits[1])},
        "base": robot.base.tolist(), "tool": robot.tool.tolist(), "home_pose": pose_dict(T_home),
    }
    emit(data, f"{robot}\ntool at q = 0: {pose_text(T_home)}", args.json)
    return 0


def run_fk(args: argparse.Namespace) -> int:
    """Tool pose (world frame) for joint values given on the command line."""
    robot = robot_from_args(args)
    q = joint_values(robot, args.q, args.deg)
    T = robot.fk(q)
    data = {"robot": robot.name, "q": q.tolist(), **pose_dict(T)}
    matrix = np.array2string(T, precision=6, suppress_small=True)
    emit(data, f"{robot.name} tool pose\n{pose_text(T)}\n{matrix}", args.json)
    return 0


def _result_dict(res: Any, timing: Timing) -> dict[str, Any]:
    return {"success": bool(res.success), "q": res.q.tolist(), "method": res.method,
            "position_error": res.position_error, "rotation_error": res.rotation_error,
            "iterations": res.iterations, "restarts": res.restarts, "reason": res.reason,
            "notes": list(res.notes), "min_distance": res.min_distance, **timing.as_dict()}


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """Solver options given on the command line (validated by argparse's types)."""
    options: dict[str, Any] = {}
    if args.tolerance is not None:
        options.update(position_tolerance=args.tolerance, rotation_tolerance=args.tolerance)
    if args.max_iterations is not None:
        options["max_iterations"] = args.max_iterations
    return options


def _collision(args: argparse.Namespace) -> dict[str, Any]:
    """rk.ik's scene=, self_collision=, margin= from --scene FILE, --self-collision, --margin."""
    if args.scene is None and not args.self_collision:
        return {}
    from ..collision import Scene

    scene = None if args.scene is None else Scene.from_file(args.scene)
    return {"scene": scene, "self_collision": args.self_collision, "margin": args.margin}


def run_ik(args: argparse.Namespace) -> int:
    """Solve one target; exit 0 when reached, 3 when the best answer misses it."""
    robot = robot_from_args(args)
    goal = target_from_args(args, robot)
    hint = plane_hint(robot, goal)
    if args.all_solutions and (args.scene is not None or args.self_collision):
        raise UsageError("--all-solutions does not take --scene/--self-collision yet; "
                         "use rk.ik_analytic(robot, T, scene=...) from Python")
    if args.all_solutions:
        return _all_solutions(args, robot, goal, hint)
    q0 = None if args.q0 is None else joint_values(robot, args.q0, args.deg)
    options = {**_options(args), **_collision(args)}
    res, timing = timed(lambda: ik(robot, goal.target, method=args.method, q0=q0, seed=args.seed,
                                   joint_limits=not args.no_limits, **options))
    T_reached = robot.fk(res.q)
    data = {"robot": robot.name, "target": pose_dict(goal.T), "target_kind": goal.kind,
            "full_pose": goal.full, **_result_dict(res, timing), "reached": pose_dict(T_reached)}
    status = "reached" if res.success else "NOT reached"
    rotation = "" if goal.full else f" ({goal.describe()})"
    lines = [
        f"{robot.name}: target {status} with {res.method} ({res.reason})",
        f"q [rad/m]: {vector_text(res.q)}",
        f"position error {res.position_error:.2e} m, rotation error {res.rotation_error:.2e} rad"
        + rotation,
        f"{res.iterations} iterations, {res.restarts} restarts, {timing.text()}",
        f"tool at q: {pose_text(T_reached)}",
        *([] if res.min_distance is None else [f"smallest collision distance {res.min_distance:.4f} m"]),
        *(f"note: {n}" for n in res.notes),
    ]
    if hint and not res.success:
        data["hint"] = hint
        lines.append(f"hint: {hint}")
    emit(data, "\n".join(lines), args.json)
    return 0 if res.success else EXIT_NOT_REACHED


def _all_solutions(args: argparse.Namespace, robot: Robot, goal: CliTarget, hint: str | None) -> int:
    """Every closed-form solution; exit 3 when none reaches the pose inside the limits."""
    if goal.kind == "position":
        raise UsageError("--all-solutions needs a full pose (--pose X Y Z ROLL PITCH YAW) "
                         "or, for planar arms, --planar X Y PHI")
    from ..analytic import solve
    from ..analytic.api import is_7r
    from ..spatial import pose_error

    free, samples = getattr(args, "free", None), getattr(args, "free_samples", None)
    if is_7r(robot) and free is None and samples is None:
        samples = 8
    solutions = solve(robot, goal.T, free=free, free_samples=samples)
    qs = solutions.q.reshape(-1, robot.dof)
    labels = list(solutions.labels)
    mask = goal.target.mask
    errors = [pose_error(robot.fk(q), goal.T) * mask for q in qs]
    inside = [args.no_limits or bool(robot.within_limits(q)) for q in qs]
    reason = _closed_form_reason(robot, goal, len(qs), sum(inside))
    data = {"robot": robot.name, "target": pose_dict(goal.T), "target_kind": goal.kind,
            "count": len(qs), "within_limits": sum(inside), "reason": reason,
            "family": getattr(solutions, "family", None),
            "solutions": [{"label": lab, "q": q.tolist(), "within_limits": ok,
                           "position_error": float(np.linalg.norm(e[:3])),
                           "rotation_error": float(np.linalg.norm(e[3:]))}
                          for lab, q, e, ok in zip(labels, qs, errors, inside)]}
    width = max((len(lab) for lab in labels), default=0)
    header = (f"{robot.name}: {len(qs)} closed-form solution(s), {sum(inside)} inside the joint "
              f"limits ({reason})")
    lines = [header]
    lines += [f"{lab:<{width}}  q [rad/m]: {vector_text(q)}  "
              f"(error {np.linalg.norm(e[:3]):.1e} m, {np.linalg.norm(e[3:]):.1e} rad"
              f"{'' if ok else ', outside limits'})"
              for lab, q, e, ok in zip(labels, qs, errors, inside)]
    if hint and not qs.size:
        data["hint"] = hint
        lines.append(f"hint: {hint}")
    emit(data, "\n".join(lines), args.json)
    return 0 if any(inside) else EXIT_NOT_REACHED


def _closed_form_reason(robot: Robot, goal: CliTarget, count: int, inside: int) -> str:
    """The same words as `rk.ik`'s reasons for what the closed form found; when nothing
    reaches the pose, why (beyond the arm's reach, off its plane) where that is provable."""
    if count == 0:
        why = unreachable_reason(robot, goal.T, goal.target.mask)
        return why or "unreachable: no closed-form solution reaches this pose"
    if inside == 0:
        return "unreachable inside the joint limits: every closed-form solution lies outside them"
    return "reached"
