"""Reachability maps: throughput against ik_batch, Dask scaling, and a cluster estimate.

1. A Panda map (default 0.2 m voxels, 16 orientations) with `rk.reachability` on this
   machine against `rk.ik_batch` on exactly the same poses in one call, same process,
   same seed (goal: the map at >= 80 % of ik_batch's solves per second).
2. The same map on a LocalCluster of 1 worker process and of 2 (one thread each, one
   Numba thread per chunk), after a warm-up map on each cluster so that every worker has
   loaded the compiled solver (goal: >= 1.7x). Each map is checked equal, bit for bit, to
   the local one. The load average is printed before and after: the machine may be shared.
3. From the 1-worker rate (solves per second per core) and the measured 2-worker
   efficiency, an estimate of a reuleaux-size map (2.5 cm voxels over the Panda's reach
   ball, 32 orientations) on 20 and 100 cores.

    PYTHONPATH=src python benchmarks/bench_reach.py [--resolution 0.2] [--orientations 16] [--save]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
from pathlib import Path
from typing import Any

import numpy as np

import reachkit as rk
from reachkit.reach.chunk import _targets

RESULTS = Path(__file__).parent / "results"


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def _timed(fn: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def _same(a: rk.ReachabilityMap, b: rk.ReachabilityMap) -> bool:
    return bool(np.array_equal(a.index, b.index) and np.array_equal(a.manipulability, b.manipulability))


def _on_cluster(robot: rk.Robot, workers: int, settings: dict, reference: rk.ReachabilityMap) -> dict:
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        rk.reachability(robot, resolution=0.6, orientations=2, scheduler=client, chunk_size=1)
        rmap, seconds = _timed(lambda: rk.reachability(robot, **settings, scheduler=client,
                                                       chunk_size=64))
    solves = rmap.run["solves"]
    return {"workers": workers, "seconds": seconds, "solves_per_s": solves / seconds,
            "equal_to_local": _same(rmap, reference)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--resolution", type=float, default=0.2)
    parser.add_argument("--orientations", type=int, default=16)
    parser.add_argument("--save", action="store_true", help="write benchmarks/results/reach_2cores.*")
    args = parser.parse_args(argv)
    panda = rk.models.load("panda")
    settings = {"resolution": args.resolution, "orientations": args.orientations, "seed": 0}
    print(_load())
    rk.reachability(panda, resolution=0.6, orientations=2)  # compile or load the kernels
    local, t_map = _timed(lambda: rk.reachability(panda, **settings, progress=False))
    poses = _targets(local_job(panda, settings), local.grid.centers_of(local.grid.active()))
    out, t_batch = _timed(lambda: rk.ik_batch(panda, poses, seed=0, progress=False))
    solves = local.run["solves"]
    assert solves == len(poses)
    agree = np.array_equal(out.success.reshape(-1, args.orientations).mean(axis=1),
                           local.index.ravel()[local.grid.active()])
    map_rate, batch_rate = solves / t_map, solves / t_batch
    print(f"Panda map {local.grid.shape} voxels of {args.resolution} m, {len(local.grid.active())} "
          f"in the reach ball x {args.orientations} orientations = {solves} solves, "
          f"{local.run['chunks']} chunks, {np.count_nonzero(local.index)} voxels reached")
    print(f"  rk.reachability (local): {t_map:.2f} s, {map_rate:,.0f} solves/s")
    print(f"  rk.ik_batch same poses:  {t_batch:.2f} s, {batch_rate:,.0f} solves/s")
    print(f"  map / ik_batch: {map_rate / batch_rate:.1%} (goal >= 80 %); index agrees with "
          f"ik_batch's successes: {agree}")
    print(_load())
    cluster = []
    try:
        for workers in (1, 2):
            row = _on_cluster(panda, workers, settings, local)
            cluster.append(row)
            print(f"  Dask LocalCluster {workers} worker(s) x 1 thread: {row['seconds']:.2f} s, "
                  f"{row['solves_per_s']:,.0f} solves/s, equal to local map: {row['equal_to_local']}")
    except ImportError as exc:
        print(f"  Dask skipped: {exc}")
    print(_load())
    result: dict[str, Any] = {"solves": solves, "map_seconds": t_map, "ik_batch_seconds": t_batch,
                              "map_over_batch": map_rate / batch_rate, "cluster": cluster,
                              "load_after": os.getloadavg()}
    if len(cluster) == 2:
        speedup = cluster[1]["solves_per_s"] / cluster[0]["solves_per_s"]
        per_core = cluster[0]["solves_per_s"]
        efficiency = min(1.0, speedup / 2)
        radius = rk.reach.voxel_grid(panda, 0.025).radius
        big = math.floor(4 / 3 * math.pi * radius ** 3 / 0.025 ** 3) * 32
        print(f"  scaling 1 -> 2 workers: {speedup:.2f}x (goal >= 1.7x)")
        print(f"  estimate, 2.5 cm Panda map x 32 orientations = {big / 1e6:.1f} M solves (this "
              f"map's mix of reachable and unreachable targets) at {per_core:,.0f} solves/s/core:")
        for cores in (20, 100):
            ideal = big / (per_core * cores) / 3600
            print(f"    {cores} cores: {ideal:.2f} h at full efficiency, {ideal / efficiency:.2f} h "
                  f"at the {efficiency:.0%} measured here")
        result.update(speedup=speedup, big_solves=big, per_core=per_core, efficiency=efficiency)
    if args.save:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "reach_2cores.json").write_text(json.dumps(result, indent=2, default=float))
        print(f"saved {RESULTS / 'reach_2cores.json'}")
    return result


def local_job(robot: rk.Robot, settings: dict) -> Any:
    """The Job a map with these settings solves (for the same poses in one ik_batch call)."""
    from reachkit.reach.chunk import Job
    from reachkit.reach.grid import plane_height, voxel_grid
    from reachkit.reach.orientations import orientation_set

    grid = voxel_grid(robot, settings["resolution"], None, plane_height(robot))
    return Job(robot, grid, orientation_set(settings["orientations"], False), "lm", settings["seed"])


if __name__ == "__main__":
    main()
