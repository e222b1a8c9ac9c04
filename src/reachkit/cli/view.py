"""Subcommand `view`: the arm in a browser (the `view` extra: viser), served on 127.0.0.1."""

from __future__ import annotations

import argparse

from .common import add_method_argument, add_robot_arguments, positive_int, robot_from_args


def add_arguments(p: argparse.ArgumentParser) -> None:
    """ROBOT and the options of `reachkit view`."""
    add_robot_arguments(p)
    p.add_argument("--port", type=positive_int, default=8080, help="port on 127.0.0.1 (default 8080)")
    add_method_argument(p, "IK method solving the dragged target")
    p.add_argument("--q", nargs="+", type=float, metavar="Q", help="start configuration (default: "
                   "the middle of the limits, zeros where unlimited)")
    p.add_argument("--deg", action="store_true", help="--q in degrees (revolute joints)")


def run_view(args: argparse.Namespace) -> int:
    """Serve the viewer until Ctrl-C."""
    from ..view import view
    from .common import joint_values

    robot = robot_from_args(args)
    q = None if args.q is None else joint_values(robot, args.q, args.deg)
    view(robot, port=args.port, method=args.method, q=q, block=True)
    return 0
