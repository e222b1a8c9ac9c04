"""Targets on the command line: `--pose X Y Z [ROLL PITCH YAW]` or `--planar X Y [PHI]`."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..ik.target import Target
from ..robot import Robot
from ..spatial import rotz, transform
from .common import UsageError, angles, pose_from_args

PLANE_TOLERANCE = 1e-9  # m: how far off an arm's plane a position target may lie unnoticed


@dataclass(frozen=True)
class CliTarget:
    """A target read from the command line.

    target: what the solver gets; T: (4, 4) goal pose in the world frame (for a planar
    target: z on the arm's plane, rotation about z by phi); kind: "pose" (6-D),
    "position" (x y z) or "planar" (x y, with phi when `has_phi`).
    """

    target: Target
    T: NDArray[np.float64]
    kind: str
    has_phi: bool = False

    @property
    def full(self) -> bool:
        """True when every component of the pose counts."""
        return self.kind == "pose"

    def describe(self) -> str:
        """A few words for the output: what kind of target this is."""
        if self.kind == "planar":
            return "planar target (x, y, phi)" if self.has_phi else "planar target (x, y)"
        return "full pose" if self.full else "position-only target"


def add_target_arguments(p: argparse.ArgumentParser) -> None:
    """--pose and --planar (one of them)."""
    group = p.add_mutually_exclusive_group()
    group.add_argument("--pose", nargs="+", type=float, metavar="V",
                       help="X Y Z (position only) or X Y Z ROLL PITCH YAW (full pose, URDF rpy)")
    group.add_argument("--planar", nargs="+", type=float, metavar="V",
                       help="planar arms: X Y (position in the arm's plane) or X Y PHI (plus the "
                            "tool angle from the x axis)")


def has_target(args: argparse.Namespace) -> bool:
    """True when --pose or --planar was given."""
    return args.pose is not None or getattr(args, "planar", None) is not None


def target_from_args(args: argparse.Namespace, robot: Robot) -> CliTarget:
    """The target of --pose or --planar (UsageError when neither or a wrong count)."""
    if getattr(args, "planar", None) is not None:
        return planar_target(robot, args.planar, args.deg)
    if args.pose is None:
        raise UsageError("give a target: --pose X Y Z [ROLL PITCH YAW] or --planar X Y [PHI]")
    T, full = pose_from_args(args.pose, args.deg)
    if full:
        return CliTarget(Target(T), T, "pose")
    return CliTarget(Target.position(T[:3, 3]), T, "position")


def planar_target(robot: Robot, values: list[float], degrees: bool) -> CliTarget:
    """X Y [PHI] as a `Target.planar`; T lies on the arm's plane (z of its base frame)."""
    v = np.asarray(values, dtype=float)
    if v.size not in (2, 3):
        raise UsageError(f"--planar takes X Y or X Y PHI, got {v.size} numbers")
    if not np.all(np.isfinite(v)):
        raise UsageError(f"--planar contains NaN or inf: {' '.join(str(x) for x in v)}")
    phi = None if v.size == 2 else float(angles(v[2:], degrees)[0])
    target = Target.planar(v[0], v[1], phi)
    z_plane = float(robot.frames(np.zeros(robot.dof))[0, 2, 3])
    T = transform(rotz(0.0 if phi is None else phi), (v[0], v[1], z_plane))
    return CliTarget(target, T, "planar", phi is not None)


def plane_hint(robot: Robot, goal: CliTarget) -> str | None:
    """A hint when a 3-D position or pose is given to an arm that moves in a plane and the
    point lies off that plane (the arm cannot reach it): use --planar."""
    if goal.kind == "planar":
        return None
    from ..plot.common import is_planar  # no matplotlib needed

    if not is_planar(robot):
        return None
    z_plane = float(robot.frames(np.zeros(robot.dof))[0, 2, 3])
    if abs(goal.T[2, 3] - z_plane) <= PLANE_TOLERANCE and goal.kind == "position":
        return None
    return (f"{robot.name} moves in the plane z = {z_plane:g}; for a planar target "
            f"(x, y and the tool angle phi) use --planar X Y [PHI]")
