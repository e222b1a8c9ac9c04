"""Subcommand `reach`: a reachability map with `rk.reachability`, saved to Zarr or npz."""

from __future__ import annotations

import argparse
import os
from typing import Any

import numpy as np

from .common import (
    add_method_argument,
    add_robot_arguments,
    emit,
    positive_float,
    positive_int,
    robot_from_args,
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of `reachkit reach`."""
    add_robot_arguments(p)
    p.add_argument("--resolution", type=positive_float, default=0.05,
                   help="voxel edge in metres (default 0.05)")
    p.add_argument("--orientations", type=positive_int, default=32,
                   help="tool orientations per voxel, spread over SO(3); tool angles for planar "
                        "arms (default 32)")
    p.add_argument("--seed", type=int, default=0, help="seed of the solver (default 0)")
    add_method_argument(p, "IK method solving each voxel's orientations")
    p.add_argument("--box", nargs=6, type=float, metavar=("XMIN", "YMIN", "ZMIN", "XMAX", "YMAX", "ZMAX"),
                   help="clip the map to this box (world frame, m)")
    p.add_argument("--chunk-size", type=positive_int, help="voxels per task (default ~8192 solves)")
    p.add_argument("--out", required=True, metavar="PATH",
                   help="map.zarr (a Zarr store, written chunk by chunk: rerun the same command "
                        "to finish an interrupted map; needs the `dask` extra) or map.npz")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="a Dask scheduler, e.g. tcp://127.0.0.1:8786 (default: this machine); "
                        "its workers need the same reachkit installed")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")


def run_reach(args: argparse.Namespace) -> int:
    """Compute the map, write it to --out, print a summary."""
    from ..reach import reachability

    robot = robot_from_args(args)
    out = os.fspath(args.out)
    npz = out.endswith(".npz")
    options: dict[str, Any] = {}
    if args.chunk_size is not None:
        options["chunk_size"] = args.chunk_size
    rmap = reachability(robot, resolution=args.resolution, orientations=args.orientations,
                        seed=args.seed, scheduler=args.scheduler, store=None if npz else out,
                        box=None if args.box is None else np.reshape(args.box, (2, 3)),
                        method=args.method, progress=False if args.no_progress else None,
                        **options)
    if npz:
        rmap.save(out)
    reached = rmap.index > 0
    summary = {"robot": robot.name, "out": out, "shape": list(rmap.index.shape),
               "resolution": rmap.resolution, "orientations": args.orientations,
               "voxels_reached": int(reached.sum()),
               "mean_index_reached": float(rmap.index[reached].mean()) if reached.any() else 0.0,
               **{k: rmap.run[k] for k in ("chunks", "computed_chunks", "solves", "seconds",
                                            "scheduler")}}
    rate = summary["solves"] / summary["seconds"] if summary["seconds"] > 0 else 0.0
    text = (f"{robot.name}: {summary['shape']} voxels of {rmap.resolution} m x "
            f"{args.orientations} orientations -> {out}\n"
            f"reached voxels: {summary['voxels_reached']}, mean index there "
            f"{summary['mean_index_reached']:.3f}\n"
            f"chunks computed: {summary['computed_chunks']} of {summary['chunks']} "
            f"({summary['solves']} solves in {summary['seconds']:.2f} s, {rate:.0f}/s, "
            f"{summary['scheduler']})")
    emit(summary, text, args.json)
    return 0
