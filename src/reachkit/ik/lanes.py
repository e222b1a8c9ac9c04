"""Batch kernels on every core, driven from Python threads.

Lane i of L solves items i, i + L, i + 2L, ...: the kernel releases the GIL (nogil), so
the lanes run in parallel; the strided split balances the work without a shared counter
(items cost alike on average), and no item's answer depends on its lane. Numba's own
parallel loops (`prange`) would compile the whole solver a second time, as the loop's
body, with every callee optimised again: ik_batch's first use took 2.6x a plain solve's
compile, and takes about one plain solve's with lanes.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

# Items a lane should have at least: fewer are not worth waking a thread for (~50 us).
MIN_ITEMS_PER_LANE = 16

_pool: ThreadPoolExecutor | None = None


def lane_count(items: int, min_per_lane: int = MIN_ITEMS_PER_LANE) -> int:
    """How many lanes `items` items get: Numba's thread count (`numba.set_num_threads`
    sets it, e.g. to 1 in a Dask worker), fewer for small batches (at least
    `min_per_lane` items a lane), at least 1."""
    if items < 2 * min_per_lane:  # one lane, without asking Numba (~0.7 us)
        return 1
    import numba

    return max(1, min(numba.get_num_threads(), items // min_per_lane))


def lane_rows(rows: Any, lane: int) -> Any:
    """The inequality-row provider a lane passes its kernel: providers with per-thread
    scratch (`work`, one row per thread, read at `numba.get_thread_id()`, which is 0 on
    every Python thread) get their lane's row alone."""
    if "work" in getattr(rows, "_fields", ()):
        return rows._replace(work=rows.work[lane:lane + 1])
    return rows


def run_lanes(solve_lane: Callable[[int, int], Any], items: int,
              min_per_lane: int = MIN_ITEMS_PER_LANE) -> None:
    """solve_lane(lane, lanes) for every lane of `lane_count(items)`; lane 0 on this
    thread, the others on a shared pool; re-raises the first exception of any lane."""
    global _pool
    lanes = lane_count(items, min_per_lane)
    if lanes == 1:
        solve_lane(0, 1)
        return
    if _pool is None:  # as many threads as Numba may ever be set to use, less this one
        import numba

        _pool = ThreadPoolExecutor(max_workers=max(1, numba.config.NUMBA_NUM_THREADS - 1),
                                   thread_name_prefix="reachkit-lane")
    others = [_pool.submit(solve_lane, lane, lanes) for lane in range(1, lanes)]
    try:
        solve_lane(0, lanes)
    finally:
        for lane in others:
            lane.result()
