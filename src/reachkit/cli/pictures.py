"""Subcommand `plot`: draw the arm, its workspace, a solve or a method comparison."""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from ..ik.solve import ik
from .common import (
    add_method_argument,
    add_robot_arguments,
    emit,
    joint_values,
    positive_int,
    robot_from_args,
)
from .targets import add_target_arguments, has_target, plane_hint, target_from_args

KINDS = ("arm", "workspace", "progress", "animation", "compare")
NEEDS_TARGET = ("progress", "animation", "compare")
EXIT_NOT_REACHED = 3


def add_arguments(p: argparse.ArgumentParser) -> None:
    """ROBOT and the options of `reachkit plot`."""
    add_robot_arguments(p)
    p.add_argument("kind", nargs="?", default="arm", choices=KINDS,
                   help="what to draw (default arm); progress, animation and compare need "
                        "--pose or --planar")
    p.add_argument("--q", nargs="+", type=float, metavar="Q", help="configuration for `arm` (default zeros)")
    add_target_arguments(p)
    add_method_argument(p, "IK method for progress / animation")
    add_method_argument(p, "methods for compare", flag="--methods")
    p.add_argument("--samples", type=positive_int, default=5000, help="workspace samples (default 5000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--deg", action="store_true", help="angles in degrees")
    p.add_argument("-o", "--out", help="output file (default ROBOT-KIND.png, .gif for animation)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")


def run_plot(args: argparse.Namespace) -> int:
    """Draw the picture and say where it was written; exit 3 when the drawn solve (progress,
    animation) misses its target: the picture shows the failure, and the exit code says so."""
    from .. import plot  # raises a MissingDependencyError (a ReachkitError) without matplotlib
    from .common import UsageError

    plot.common.matplotlib_module()
    import matplotlib

    matplotlib.use("Agg")
    if args.kind in NEEDS_TARGET and not has_target(args):
        raise UsageError(f"`plot {args.kind}` needs a target: --pose X Y Z [ROLL PITCH YAW] "
                         "or --planar X Y [PHI]")
    robot = robot_from_args(args)
    out = args.out or f"{robot.name.replace(' ', '_')}-{args.kind}.{'gif' if args.kind == 'animation' else 'png'}"
    info: dict[str, Any] = {"robot": robot.name, "kind": args.kind, "path": out}
    lines = []
    if args.kind == "arm":
        q = np.zeros(robot.dof) if args.q is None else joint_values(robot, args.q, args.deg)
        plot.arm(robot, q, path=out)
    elif args.kind == "workspace":
        plot.workspace(robot, samples=args.samples, path=out, seed=args.seed)
    else:
        goal = target_from_args(args, robot)
        if args.kind == "compare":
            plot.compare_methods(robot, goal.target, methods=args.methods, path=out, seed=args.seed)
        else:
            res = ik(robot, goal.target, method=args.method, seed=args.seed, trace=True)
            info.update(success=bool(res.success), iterations=res.iterations, reason=res.reason)
            if args.kind == "progress":
                plot.solve_progress(res, path=out)
            else:
                plot.animate(robot, res.trace, path=out, target=goal.target)
            if not res.success:
                lines.append(f"{robot.name}: target NOT reached with {res.method} ({res.reason}); "
                             "the picture shows the failed solve")
                hint = plane_hint(robot, goal)
                if hint:
                    info["hint"] = hint
                    lines.append(f"hint: {hint}")
    lines.append(f"wrote {out}")
    emit(info, "\n".join(lines), args.json)
    return 0 if info.get("success", True) else EXIT_NOT_REACHED
