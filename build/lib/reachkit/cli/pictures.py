"""Subcommand `plot`: draw the arm, its workspace, a solve or a method comparison."""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from ..errors import ReachkitError
from ..ik.solve import ik
from ..ik.target import Target
from .common import emit, joint_values, load_robot, pose_from_args

KINDS = ("arm", "workspace", "progress", "animation", "compare")
NEEDS_POSE = ("progress", "animation", "compare")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of `reachkit plot ROBOT`."""
    p.add_argument("kind", nargs="?", default="arm", choices=KINDS,
                   help="what to draw (default arm); progress, animation and compare need --pose")
    p.add_argument("--q", nargs="+", type=float, metavar="Q", help="configuration for `arm` (default zeros)")
    p.add_argument("--pose", nargs="+", type=float, metavar="V", help="target X Y Z [ROLL PITCH YAW]")
    p.add_argument("--method", default="lm", help="IK method for progress / animation (default lm)")
    p.add_argument("--methods", nargs="+", help="methods for compare (default all numerical)")
    p.add_argument("--samples", type=int, default=5000, help="workspace samples (default 5000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--deg", action="store_true", help="angles in degrees")
    p.add_argument("-o", "--out", help="output file (default ROBOT-KIND.png, .gif for animation)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")


def run_plot(args: argparse.Namespace) -> int:
    """Draw the picture and say where it was written."""
    from .. import plot  # raises a MissingDependencyError (a ReachkitError) without matplotlib

    plot.common.matplotlib_module()
    import matplotlib

    matplotlib.use("Agg")
    robot = load_robot(args.robot)
    out = args.out or f"{robot.name.replace(' ', '_')}-{args.kind}.{'gif' if args.kind == 'animation' else 'png'}"
    info: dict[str, Any] = {"robot": robot.name, "kind": args.kind, "path": out}
    if args.kind == "arm":
        q = np.zeros(robot.dof) if args.q is None else joint_values(robot, args.q, args.deg)
        plot.arm(robot, q, path=out)
    elif args.kind == "workspace":
        plot.workspace(robot, samples=args.samples, path=out, seed=args.seed)
    else:
        if args.pose is None:
            raise ReachkitError(f"`plot {args.kind}` needs a target: --pose X Y Z [ROLL PITCH YAW]")
        T, full = pose_from_args(args.pose, args.deg)
        target = Target(T) if full else Target.position(T[:3, 3])
        if args.kind == "compare":
            plot.compare_methods(robot, target, methods=args.methods, path=out, seed=args.seed)
        else:
            res = ik(robot, target, method=args.method, seed=args.seed, trace=True)
            info.update(success=bool(res.success), iterations=res.iterations)
            if args.kind == "progress":
                plot.solve_progress(res, path=out, robot=robot, target=target)
            else:
                plot.animate(robot, res.trace, path=out, target=target)
    emit(info, f"wrote {out}", args.json)
    return 0
