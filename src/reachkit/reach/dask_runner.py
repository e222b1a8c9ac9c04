"""Run a map's chunks on a Dask cluster (`dask.distributed`, extra `dask`).

The chunks are pure tasks (`chunk.solve_chunk`); each runs on one worker thread with one
Numba thread, so a worker started with `--nthreads k` solves k chunks at once. Workers
need the same reachkit version installed (checked before anything is submitted). Results
come back to this process, which writes the store: workers need no shared filesystem.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import ReachkitError
from ..extras import require
from .chunk import ChunkResult, Job, solve_chunk


def _distributed() -> Any:
    return require("distributed", "dask", "scheduler=")


def connect(scheduler: Any, timeout: float) -> tuple[Any, bool]:
    """(client, owned): the Client given, or one connected to the address (owned: close it
    when done). An unreachable address is a ReachkitError after `timeout` seconds."""
    distributed = _distributed()
    if isinstance(scheduler, distributed.Client):
        return scheduler, False
    if not isinstance(scheduler, str) or not scheduler:
        raise ReachkitError("scheduler must be None (this machine), a dask.distributed.Client "
                            f"or a scheduler address such as 'tcp://127.0.0.1:8786', got {scheduler!r}")
    try:
        client = distributed.Client(scheduler, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ReachkitError(f"cannot reach the Dask scheduler at {scheduler} within {timeout:g} s "
                            f"({type(exc).__name__}: {exc}); start it with `dask scheduler` "
                            "and workers with `dask worker ADDRESS`, or pass scheduler=None to "
                            "run on this machine") from exc
    return client, True


def worker_version() -> str:
    """reachkit's version where this runs (called on every worker)."""
    from .. import __version__

    return __version__


def check_workers(client: Any) -> int:
    """Number of workers; ReachkitError when there are none, or one lacks reachkit or has
    another version."""
    from .. import __version__

    try:
        versions = client.run(worker_version)
    except Exception as exc:  # a worker that cannot import reachkit fails to unpickle
        raise ReachkitError(f"the Dask workers cannot run reachkit ({type(exc).__name__}: "
                            f"{exc}); install reachkit {__version__} on every worker") from exc
    if not versions:
        raise ReachkitError("the Dask cluster has no workers; start some with "
                            "`dask worker SCHEDULER_ADDRESS`")
    other = {w: v for w, v in versions.items() if v != __version__}
    if other:
        raise ReachkitError(f"Dask workers run another reachkit version than this process "
                            f"({__version__}): {other}; install the same version everywhere")
    return len(versions)


def run_dask(client: Any, job: Job, chunks: Sequence[tuple[int, NDArray[np.int64]]],
             on_done: Callable[[ChunkResult], None], progress: bool) -> None:
    """Submit every chunk, hand each result to on_done as it arrives (any order)."""
    distributed = _distributed()
    check_workers(client)
    [job_future] = client.scatter([job], broadcast=True, hash=False)
    token = uuid.uuid4().hex[:12]  # fresh keys: never a result cached from another map
    futures = [client.submit(solve_chunk, job_future, number, voxels, 1, pure=False,
                             key=f"reachkit-chunk-{number}-{token}")
               for number, voxels in chunks]
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=sum(len(v) for _, v in chunks), desc="reachkit reachability (dask)",
                   unit="voxel")
    try:
        for future in distributed.as_completed(futures):
            result = future.result()
            on_done(result)
            future.release()
            if bar is not None:
                bar.update(len(result.index))
    finally:
        if bar is not None:
            bar.close()
        for future in futures:
            future.cancel()
