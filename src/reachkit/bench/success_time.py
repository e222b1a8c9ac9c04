"""Success rate and time per solve of every peer on the same seeded targets.

For each robot: n targets (FK of seeded random q inside the limits) and n seeded random
starts q0, the same for every peer (start "given"); or, with start "own", no q0: each
peer starts as its library does by default (reachkit: its seed table; the toolbox: a
random configuration). Peers are timed in the same process, either in blocks
(each peer's loop over all targets, BLOCK_ROUNDS times in alternating order) or
interleaved target by target (see `_timed_solves`). Slow pure-Python peers get the
first `slow_n` targets only; their ratios use reachkit's times on those same targets.
Success is reachkit's FK check (1e-6 m and rad, limits), run after all the timing.
"""

from __future__ import annotations

import time
from typing import Any, Sequence

import numpy as np

from .. import models
from ..robot import Robot
from .kinematics import TOLERANCE, check_answer, targets
from .peers import NotApplicable, NotInstalled, Peer, make_peer

REFERENCE = "reachkit"
WARMUP = 3
BLOCK_ROUNDS = 4  # loops over all targets per peer in the "blocks" layout


def _stats(times: Sequence[float]) -> dict[str, float]:
    t = np.asarray(times) * 1e6
    return {"median_us": float(np.median(t)), "p95_us": float(np.percentile(t, 95)),
            "mean_us": float(np.mean(t))}


def _setup_peers(robot: Robot, keys: Sequence[str]) -> tuple[dict[str, Peer], dict[str, dict]]:
    ready: dict[str, Peer] = {}
    rows: dict[str, dict] = {}
    for key in keys:
        peer = make_peer(key)
        try:
            peer.setup(robot)
        except NotInstalled as exc:
            rows[key] = {"name": peer.name, "status": "not installed", "detail": str(exc)}
            continue
        except NotApplicable as exc:
            rows[key] = {"name": peer.name, "status": "n/a", "detail": str(exc)}
            continue
        except Exception as exc:  # a peer that breaks on setup is reported, not fatal
            rows[key] = {"name": peer.name, "status": "error", "detail": f"{type(exc).__name__}: {exc}"}
            continue
        ready[key] = peer
    return ready, rows


def _solve_once(peer: Peer, i: int, T: np.ndarray, q0: np.ndarray) -> tuple:
    """(target index, seconds, answer q or None, iterations, failure); `_checked` checks
    the answer later, so that the FK check does not run between timed solves (it would
    leave the next solve's caches cold, which a user's loop of solves does not)."""
    peer.last_iterations = None
    start = time.perf_counter()
    try:
        q = peer.solve(T, q0)
        failure = None
    except Exception as exc:
        q, failure = None, f"{type(exc).__name__}: {exc}"
    elapsed = time.perf_counter() - start
    if q is not None:  # a copy: a peer may hand out a buffer that its next solve reuses
        q = np.array(q, dtype=float, copy=True)
    return (i, elapsed, q, peer.last_iterations, failure)


def _checked(robot: Robot, entry: tuple, T: np.ndarray) -> tuple:
    """A `_solve_once` entry with its answer checked against T: (target index, seconds,
    success, iterations, position error, rotation error, failure)."""
    i, elapsed, q, iterations, failure = entry
    ok, p_err, r_err = check_answer(robot, q, T)
    return (i, elapsed, ok, iterations, p_err, r_err, failure)


def _timed_solves(robot: Robot, ready: dict[str, Peer], T_all: np.ndarray, q0_all: np.ndarray,
                  slow_n: int, layout: str) -> dict[str, list]:
    """Every peer on every target, as `_checked` entries. layout "interleaved": target by
    target, peers in a rotating order (machine load hits all alike, but each call finds
    caches cold); "blocks": each peer solves all its targets in a row, BLOCK_ROUNDS times
    in alternating order, and the fastest time of each target counts (how a user's loop
    runs; bursts of load on a shared machine hit single rounds, not all of them). The
    answers are checked after all the timing."""
    order = list(ready)
    count = {key: (min(slow_n, len(T_all)) if ready[key].slow else len(T_all)) for key in order}
    if layout == "interleaved":
        log: dict[str, list] = {k: [] for k in ready}
        for i in range(len(T_all)):
            shift = i % len(order)
            for key in order[shift:] + order[:shift]:
                if i < count[key]:
                    log[key].append(_solve_once(ready[key], i, T_all[i], q0_all[i]))
    else:
        rounds = []
        for r in range(BLOCK_ROUNDS):
            rounds.append({key: [_solve_once(ready[key], i, T_all[i], q0_all[i])
                                 for i in range(count[key])]
                           for key in (order if r % 2 == 0 else order[::-1])})
        log = {key: [min(runs, key=lambda e: e[1]) for runs in zip(*(rnd[key] for rnd in rounds))]
               for key in order}
    return {key: [_checked(robot, e, T_all[e[0]]) for e in entries] for key, entries in log.items()}


def run_robot(robot: Robot, keys: Sequence[str], n: int, seed: int, slow_n: int,
              layout: str = "blocks", start: str = "given") -> dict[str, Any]:
    """One robot: {peer key: row} with success rate, time statistics, iterations, ratios.
    start: "given" (the same seeded q0 for every peer) or "own" (q0 None)."""
    keys = [REFERENCE] + [k for k in keys if k != REFERENCE]
    ready, rows = _setup_peers(robot, keys)
    if start == "own":
        for key in [k for k, peer in ready.items() if not peer.own_start]:
            rows[key] = {"name": ready.pop(key).name, "status": "n/a", "detail": "needs a start q0"}
    _, T_all = targets(robot, n, seed)
    q0_all = robot.random_q(n, seed=seed + 1) if start == "given" else [None] * n
    _, T_warm = targets(robot, WARMUP, seed + 2)
    for peer in ready.values():  # compile / first-call costs stay out of the timings
        for T in T_warm:
            try:
                peer.solve(T, q0_all[0])
            except Exception:
                pass
    log = _timed_solves(robot, ready, T_all, q0_all, slow_n, layout)
    ref_times = {i: t for i, t, *_ in log.get(REFERENCE, [])}
    for key, entries in log.items():
        idx = [e[0] for e in entries]
        times = [e[1] for e in entries]
        its = [e[3] for e in entries if e[3] is not None]
        ok = [e[2] for e in entries]
        errors = [e[6] for e in entries if e[6]]
        row: dict[str, Any] = {"name": ready[key].name, "status": "ok", "n": len(entries),
                               "success_rate": float(np.mean(ok)) if ok else 0.0,
                               **_stats(times),
                               "median_iterations": float(np.median(its)) if its else None,
                               "exceptions": len(errors)}
        if errors:
            row["first_exception"] = errors[0]
        if ref_times and all(i in ref_times for i in idx):
            ref = _stats([ref_times[i] for i in idx])
            row["ratio_median"] = row["median_us"] / ref["median_us"]
            row["ratio_p95"] = row["p95_us"] / ref["p95_us"]
            row["ratio_mean"] = row["mean_us"] / ref["mean_us"]
        rows[key] = row
    return {"robot": robot.name, "dof": robot.dof, "n": n, "seed": seed, "start": start,
            "tolerance": TOLERANCE, "peers": {k: rows[k] for k in keys if k in rows}}


def python_overhead(robot: Robot, n: int, seed: int, method: str = "lm") -> dict[str, float]:
    """reachkit's per-call Python overhead: median time of `rk.ik` minus the median time
    of the same solve by the compiled kernel alone (the entry point `rk.ik` calls, arrays
    packed beforehand), interleaved."""
    from ..ik import solve as S
    from ..ik.target import FULL_POSE_TASK

    from ..kernels.ik.front import plain_entry

    robot_vector = S._packed(robot).robot
    plan = S._resolve(method, {}, True)
    entry = plain_entry(plan.budget, plan.rule)
    _, T_all = targets(robot, n, seed)
    q0_all = robot.random_q(n, seed=seed + 1)

    def kernel(T: np.ndarray, q0: np.ndarray) -> None:
        entry(robot_vector, T, FULL_POSE_TASK, plan.budget, plan.rule, q0.copy(), 1,
              S.DEFAULT_SEED)

    def front(T: np.ndarray, q0: np.ndarray) -> None:
        S.ik(robot, T, method=method, q0=q0)

    for f in (kernel, front):
        f(T_all[0], q0_all[0])
    t_front, t_kernel = [], []
    for i in range(n):
        pair = ((front, t_front), (kernel, t_kernel)) if i % 2 else ((kernel, t_kernel), (front, t_front))
        for f, sink in pair:
            start = time.perf_counter()
            f(T_all[i], q0_all[i])
            sink.append(time.perf_counter() - start)
    front_us, kernel_us = np.median(t_front) * 1e6, np.median(t_kernel) * 1e6
    diff = (np.asarray(t_front) - np.asarray(t_kernel)) * 1e6
    return {"robot": robot.name, "method": method, "n": n, "ik_median_us": float(front_us),
            "kernel_median_us": float(kernel_us), "overhead_us": float(np.median(diff)),
            "overhead_fraction": float(np.median(diff) / front_us)}


def run(robot_names: Sequence[str], keys: Sequence[str], n: int, seed: int, slow_n: int,
        progress: Any = print, layout: str = "blocks", start: str = "given") -> dict[str, Any]:
    out: dict[str, Any] = {"robots": {}, "overhead": {}, "layout": layout, "start": start}
    for name in robot_names:
        robot = models.load(name)
        progress(f"[success] {name}: {n} targets, peers {', '.join(keys)}, start {start}")
        out["robots"][name] = run_robot(robot, keys, n, seed, slow_n, layout, start)
        out["overhead"][name] = python_overhead(robot, min(n, 500), seed)
    return out
