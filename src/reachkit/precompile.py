"""Compile every kernel ahead of first use: run each feature of `warm_features` once, in
parallel worker processes, so Numba's on-disk cache holds every kernel afterwards.

Numba compiles in the calling thread, so features compile side by side only in separate
processes; they share the cache directory (writes are atomic renames). Workers are
spawned, not forked: a fork would copy a parent that may already hold compiled code or
Numba's threading layer.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Callable, Sequence

from .errors import ReachkitError
from .warm_features import Feature, select

REFRESH_S = 1.0  # how often the progress bar's clock is redrawn while workers compile


@dataclass(frozen=True)
class WarmTime:
    """One feature's warm-up: name, seconds it took in its worker (compiling or loading
    its kernels, and running once), the worker's stderr (compile notes, warnings), and
    the error (last traceback line and traceback) when it failed, else None."""

    name: str
    seconds: float
    messages: str = ""
    error: str | None = None


def run_one(name: str, feature: Feature) -> WarmTime:
    """Run one feature in this process and time it; never raises. stderr is captured so
    the compile notes of parallel workers do not break the parent's progress bar."""
    captured = io.StringIO()
    start = time.perf_counter()
    error = None
    with contextlib.redirect_stderr(captured):
        try:
            feature()
        except Exception:  # reported to the parent, which decides what to do
            error = traceback.format_exc()
    return WarmTime(name, time.perf_counter() - start, captured.getvalue(), error)


def default_jobs() -> int:
    """Worker processes by default: one per CPU."""
    return os.cpu_count() or 1


def run_features(features: Sequence[tuple[str, Feature]], jobs: int | None = None,
                 progress: bool = True,
                 on_done: Callable[[WarmTime], None] | None = None) -> list[WarmTime]:
    """Run `features` in at most `jobs` spawned workers (default: one per CPU), with a
    tqdm bar on stderr when `progress`. `on_done` is called in this process as each
    feature finishes (write through `tqdm.write` there). Returns one `WarmTime` per
    feature in the order given; a worker that died shows as a failed feature."""
    from tqdm.auto import tqdm

    workers = max(1, min(jobs or default_jobs(), len(features)))
    done: dict[str, WarmTime] = {}
    with tqdm(total=len(features), desc="reachkit warmup", unit="feature",
              disable=not progress, file=sys.stderr) as bar, \
            ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        pending: dict[Future[WarmTime], str] = {pool.submit(run_one, name, fn): name
                                                for name, fn in features}
        while pending:
            finished, _ = wait(pending, timeout=REFRESH_S, return_when=FIRST_COMPLETED)
            for future in finished:
                result = _outcome(pending.pop(future), future)
                done[result.name] = result
                bar.set_postfix_str(result.name, refresh=False)
                bar.update(1)
                if on_done is not None:
                    on_done(result)
            bar.refresh()
    return [done[name] for name, _ in features]


def _outcome(name: str, future: Future[WarmTime]) -> WarmTime:
    """The worker's result, or a failed WarmTime when the worker itself broke."""
    try:
        return future.result()
    except Exception as exc:  # BrokenProcessPool (a worker died), pickling errors
        return WarmTime(name, float("nan"), error=f"{type(exc).__name__}: {exc}")


def failure_text(results: Sequence[WarmTime]) -> str:
    """One line per failed feature: its name and the last line of its error."""
    return "\n".join(f"{r.name}: {last_line(r.error)}" for r in results if r.error)


def last_line(text: str | None) -> str:
    lines = (text or "").strip().splitlines()
    return lines[-1] if lines else "failed"


def warmup(jobs: int | None = None, only: Sequence[str] | None = None,
           progress: bool = True) -> dict[str, float]:
    """Compile every reachkit kernel now (or those of the features named in `only`; see
    `reachkit.warm_features.feature_names()`), in `jobs` parallel processes (default one
    per CPU), so that each feature's first use later loads them from Numba's cache.

    Returns {feature: seconds it took}. Raises `reachkit.OptionsError` for an unknown
    feature and `reachkit.ReachkitError` naming the features that failed.
    """
    results = run_features(select(None if only is None else list(only)), jobs, progress)
    if any(r.error for r in results):
        raise ReachkitError(f"warm-up failed:\n{failure_text(results)}")
    return {r.name: r.seconds for r in results}
