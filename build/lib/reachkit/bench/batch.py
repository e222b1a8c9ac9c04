"""Batch throughput: `ik_batch` solves per second with 1 and 2 Numba threads, next to the
toolbox's C++ ik_LM called in a loop (it has no batch call) on the same targets."""

from __future__ import annotations

import time
from typing import Any, Sequence

import numba
import numpy as np

from .. import models
from ..ik.solve import ik_batch
from .kinematics import targets
from .peers import NotApplicable, NotInstalled, RtbCpp

REPEATS = 3


def run(robot_name: str = "panda", n: int = 20_000, seed: int = 0,
        threads: Sequence[int] = (1, 2), peer_n: int = 1000, progress: Any = print) -> dict[str, Any]:
    """Solves per second of ik_batch (best of REPEATS runs per thread count, thread counts
    interleaved) and of a Python loop over rtb ik_LM on the first `peer_n` targets."""
    robot = models.load(robot_name)
    _, T_all = targets(robot, n, seed)
    available = numba.config.NUMBA_NUM_THREADS
    threads = [t for t in threads if t <= available]
    previous = numba.get_num_threads()
    progress(f"[batch] {robot_name}: {n} targets, threads {threads}")
    ik_batch(robot, T_all[:64], progress=False)  # compile / load the parallel kernel
    best: dict[int, float] = {t: np.inf for t in threads}
    success: dict[int, float] = {}
    try:
        for _ in range(REPEATS):
            for t in threads:
                numba.set_num_threads(t)
                start = time.perf_counter()
                out = ik_batch(robot, T_all, progress=False)
                best[t] = min(best[t], time.perf_counter() - start)
                success[t] = out.success_rate
    finally:
        numba.set_num_threads(previous)
    result: dict[str, Any] = {
        "robot": robot_name, "n": n, "seed": seed, "numba_threads_available": available,
        "reachkit": {str(t): {"solves_per_s": n / best[t], "seconds": best[t],
                              "success_rate": success[t]} for t in threads},
    }
    peer = RtbCpp("ik_LM")
    try:
        peer.setup(robot)
    except (NotInstalled, NotApplicable) as exc:
        result["rtb ik_LM loop"] = {"status": str(exc)}
        return result
    q0 = robot.random_q(peer_n, seed=seed + 1)
    m = min(peer_n, n)
    start = time.perf_counter()
    for i in range(m):
        peer.solve(T_all[i], q0[i])
    elapsed = time.perf_counter() - start
    result["rtb ik_LM loop"] = {"n": m, "solves_per_s": m / elapsed, "threads": 1}
    return result
