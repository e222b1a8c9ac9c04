"""One chunk of a map: a pure, deterministic task (voxels x orientations -> index and
manipulability per voxel).

Every answer of `reachkit.ik_batch` depends only on (seed, target), never on the target's
place in a batch or on the thread count, the targets of a voxel are built from its
integer index alone (`VoxelGrid.centers_of`), and the per-voxel sums run over the
orientations in a fixed order; so a chunk gives the same bits in any process, with any
chunk size, on any number of threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from ..robot import Robot
from .grid import VoxelGrid
from .orientations import OrientationSet

_PLANAR_MASK = (1, 1, 0, 0, 0, 1)


@dataclass(frozen=True)
class Job:
    """Everything a chunk needs besides its voxels: the arm, the grid, the orientations
    and the solver settings (method, seed, options passed to `ik_batch`)."""

    robot: Robot
    grid: VoxelGrid
    orientations: OrientationSet
    method: str
    seed: int
    options: dict[str, Any] = field(default_factory=dict)


class ChunkResult(NamedTuple):
    """number: the chunk's place in the map; index (k,) fraction of orientations reached
    per voxel in [0, 1]; manipulability (k,) mean sqrt(det(J J^T)) over the reached ones
    (0 where none); solves: IK problems solved."""

    number: int
    index: NDArray[np.float64]
    manipulability: NDArray[np.float64]
    solves: int


def manipulability(robot: Robot, q: NDArray[np.float64]) -> NDArray[np.float64]:
    """Yoshikawa's w = product of the singular values of the world Jacobian, q (n, dof) ->
    (n,); sqrt(det(J J^T)) for 6 or more joints, the volume the arm can move in otherwise."""
    if q.shape[0] == 0:
        return np.zeros(0)
    return np.prod(np.linalg.svd(robot.jacobian(q), compute_uv=False), axis=-1)


def _targets(job: Job, centres: NDArray[np.float64]) -> Any:
    """The chunk's targets, voxel-major then orientation: (k m, 4, 4) poses, or planar
    Targets (x, y, phi) for planar arms."""
    from ..ik.target import Target
    from ..spatial import rotz, transform

    o = job.orientations
    if o.planar:
        return [Target(transform(rotz(float(phi)), (float(p[0]), float(p[1]), float(p[2]))),
                       mask=_PLANAR_MASK) for p in centres for phi in o.values]
    k, m = centres.shape[0], o.count
    T = np.zeros((k, m, 4, 4))
    T[:, :, :3, :3] = o.values[None]
    T[:, :, :3, 3] = centres[:, None, :]
    T[:, :, 3, 3] = 1.0
    return T.reshape(k * m, 4, 4)


def solve_chunk(job: Job, number: int, voxels: NDArray[np.int64],
                threads: int | None = None) -> ChunkResult:
    """Solve every (voxel, orientation) of the voxels (k,) (flat grid indices).

    threads: Numba threads for this call (Dask workers run one chunk per worker thread,
    so they pass 1); None leaves the process setting (all cores).
    """
    from ..ik.solve import ik_batch

    previous = None
    if threads is not None:
        import numba

        previous = numba.get_num_threads()
        numba.set_num_threads(max(1, min(int(threads), numba.config.NUMBA_NUM_THREADS)))  # type: ignore[attr-defined]
    try:
        out = ik_batch(job.robot, _targets(job, job.grid.centers_of(voxels)), method=job.method,
                       seed=job.seed, progress=False, **job.options)
    finally:
        if previous is not None:
            import numba

            numba.set_num_threads(previous)
    k, m = len(voxels), job.orientations.count
    reached = out.success.reshape(k, m)
    w_flat = np.zeros(k * m)
    w_flat[out.success] = manipulability(job.robot, out.q[out.success])
    w = w_flat.reshape(k, m)
    total, count = np.zeros(k), np.zeros(k)
    for j in range(m):  # a fixed order: the same sum in any chunk
        total += w[:, j]
        count += reached[:, j]
    index = count / m
    mean = np.divide(total, count, out=np.zeros(k), where=count > 0)
    return ChunkResult(number, index, mean, k * m)
