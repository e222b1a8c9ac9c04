"""`reachability`: the front door of reachability maps."""

from __future__ import annotations

import math
import os
import time
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import ReachkitError
from ..robot import Robot
from .chunk import ChunkResult, Job
from .grid import check_box, plane_height, voxel_grid
from .map import ReachabilityMap
from .metadata import identity
from .orientations import orientation_set

#: Solves per chunk aimed at by the default chunk size (a few ik_batch kernel calls).
TARGET_SOLVES_PER_CHUNK = 8192


def _positive_resolution(resolution: Any) -> float:
    if isinstance(resolution, bool) or not isinstance(resolution, (int, float, np.number)) \
            or not math.isfinite(float(resolution)) or float(resolution) <= 0:
        raise ReachkitError(f"resolution must be a positive number of metres, got {resolution!r}")
    return float(resolution)


def _seed(seed: Any) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ReachkitError(f"seed must be a non-negative int (the map is deterministic), got {seed!r}")
    return int(seed)


def _chunk_size(chunk_size: Any, per_voxel: int) -> int:
    if chunk_size is None:
        return max(1, TARGET_SOLVES_PER_CHUNK // per_voxel)
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, (int, np.integer)) or chunk_size < 1:
        raise ReachkitError(f"chunk_size must be a positive number of voxels, got {chunk_size!r}")
    return int(chunk_size)


def reachability(robot: Robot, resolution: float = 0.05, orientations: int | ArrayLike = 32,
                 seed: int = 0, scheduler: Any = None, store: str | os.PathLike[str] | None = None,
                 scene: Any = None, *, box: ArrayLike | None = None, method: str = "lm",
                 chunk_size: int | None = None, progress: bool | None = None,
                 connect_timeout: float = 10.0, **options: Any) -> ReachabilityMap:
    """Reachability map of `robot`: for every voxel centre (world frame, m) inside its reach
    ball (clipped by box, (2, 3) [lower; upper]), the fraction of `orientations` the arm
    reaches (`ik_batch` with method, seed and options) and the mean manipulability
    sqrt(det(J J^T)) of the reached ones.

    orientations: n (super-Fibonacci rotations over SO(3); n tool angles for planar arms,
    whose map is one layer in their plane), or explicit (m, 3, 3) rotations (see
    `reach.approach_cone`), or (m,) angles for planar arms. scheduler: None runs here on
    every core (no extra needed); a dask.distributed Client or a scheduler address runs
    the chunks on that cluster (extra `dask`; workers need the same reachkit).
    store: a Zarr path; each finished chunk is written there and a rerun computes only the
    missing ones; a store of another map is an error and is left untouched. chunk_size:
    voxels per task (default about 8192 solves); it never changes the map. scene: a
    `reachkit.Scene` (or what `ik_batch(scene=)` takes): an orientation counts as reached
    only by a collision-free answer (self_collision= and margin= go to ik_batch too).
    The same seed gives the same map, bit for bit, whatever the workers or chunking.
    """
    if not isinstance(robot, Robot):
        raise ReachkitError(f"robot must be a reachkit.Robot, got {type(robot).__name__}")
    res = _positive_resolution(resolution)
    seed = _seed(seed)
    plane_z = plane_height(robot)
    options = dict(options)
    if scene is not None:  # every solve keeps the arm clear of it, as ik_batch(scene=) does
        from ..collision.scene import as_scene

        options["scene"] = as_scene(scene)
    job = Job(robot, voxel_grid(robot, res, check_box(box), plane_z),
              orientation_set(orientations, plane_z is not None), method, seed, options)
    from ..ik.solve import ik_batch

    ik_batch(robot, np.empty((0, 4, 4)), method=method, seed=seed, **options)  # checks options
    meta = identity(job, check_box(box))
    voxels = job.grid.active()
    return _run(job, meta, voxels, _chunk_size(chunk_size, job.orientations.count), scheduler,
                store, progress, connect_timeout)


def _run(job: Job, meta: dict[str, Any], voxels: NDArray[np.int64], chunk_size: int,
         scheduler: Any, store_path: Any, progress: bool | None,
         connect_timeout: float) -> ReachabilityMap:
    """Open the store, run the missing chunks, assemble the map."""
    start = time.perf_counter()
    store = None
    if store_path is not None:
        from .store import open_store

        store = open_store(store_path, meta, voxels, chunk_size)
        chunk_size = store.chunk_size
    index, manip = np.zeros(len(voxels)), np.zeros(len(voxels))
    bounds = [(a, min(a + chunk_size, len(voxels))) for a in range(0, len(voxels), chunk_size)]
    done = store.done() if store is not None else np.zeros(len(bounds), dtype=bool)
    if store is not None and done.any():
        _, index[:], manip[:] = store.read()
    pending = [(n, voxels[a:b]) for n, (a, b) in enumerate(bounds) if not done[n]]
    solves = 0

    def on_done(result: ChunkResult) -> None:
        nonlocal solves
        a, b = bounds[result.number]
        index[a:b], manip[a:b] = result.index, result.manipulability
        solves += result.solves
        if store is not None:
            store.write(result.number, result.index, result.manipulability)

    show = progress if progress is not None else len(pending) > 1 and \
        sum(len(v) for _, v in pending) * job.orientations.count > 200_000
    where = "local"
    if scheduler is None:
        from .local import run_local

        run_local(job, pending, on_done, show)
    else:
        from .dask_runner import connect, run_dask

        client, owned = connect(scheduler, connect_timeout)
        where = str(client.scheduler.address)
        try:
            run_dask(client, job, pending, on_done, show)
        finally:
            if owned:
                client.close()
    run = {"chunks": len(bounds), "computed_chunks": len(pending), "chunk_size": chunk_size,
           "solves": solves, "seconds": time.perf_counter() - start, "scheduler": where}
    return ReachabilityMap.from_flat(job.grid, voxels, index, manip, meta, run)
