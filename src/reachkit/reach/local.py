"""Run a map's chunks on this machine, one after the other, each on every core.

Why not Dask's threads scheduler or a LocalCluster by default: `ik_batch` is already one
Numba kernel running on every core, so chunks in parallel threads would only compete for
the same cores (and need the `dask` extra), and worker processes would each load the
compiled solver and pay pickling. In-process, the map runs at `ik_batch`'s own
throughput with nothing beyond reachkit's core dependencies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from .chunk import ChunkResult, Job, solve_chunk


def run_local(job: Job, chunks: Sequence[tuple[int, NDArray[np.int64]]],
              on_done: Callable[[ChunkResult], None], progress: bool) -> None:
    """Solve chunks (number, voxels) in order, handing each result to on_done as it
    finishes; a tqdm bar counts voxels when progress is True."""
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=sum(len(v) for _, v in chunks), desc="reachkit reachability",
                   unit="voxel")
    try:
        for number, voxels in chunks:
            on_done(solve_chunk(job, number, voxels))
            if bar is not None:
                bar.update(len(voxels))
    finally:
        if bar is not None:
            bar.close()
