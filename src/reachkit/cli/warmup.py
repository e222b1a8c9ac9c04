"""Subcommand `warmup`: compile every kernel once, in parallel processes, with a progress
bar; afterwards every feature starts from Numba's on-disk cache."""

from __future__ import annotations

import argparse
import sys
import time

from .common import positive_int

EXIT_FAILED = 1


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--jobs", "-j", type=positive_int, default=None,
                   help="worker processes (default: one per CPU)")
    p.add_argument("--only", type=_names, default=None, metavar="NAMES",
                   help="comma-separated features to compile (default: all; see --list)")
    p.add_argument("--list", action="store_true", help="list the features and exit")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def run_warmup(args: argparse.Namespace) -> int:
    """Run the features, print each one's time and the total; exit 1 if any failed."""
    from ..precompile import WarmTime, default_jobs, failure_text, run_features
    from ..warm_features import FEATURES, describe, select

    if args.list:
        for name, fn in FEATURES:
            print(f"{name:<20} {describe(fn)}")
        return 0
    features = select(args.only)
    jobs = min(args.jobs or default_jobs(), len(features))
    print(f"reachkit warmup: compiling the kernels of {len(features)} feature(s) in {jobs} "
          f"process(es); this takes a while once, afterwards every feature starts from the cache")
    sys.stdout.flush()

    def report(result: WarmTime) -> None:
        from tqdm.auto import tqdm

        status = "ok" if result.error is None else "FAILED"
        tqdm.write(f"  {result.name:<20} {result.seconds:7.1f} s  {status}", file=sys.stdout)

    start = time.perf_counter()
    results = run_features(features, jobs, progress=not args.no_progress, on_done=report)
    total = time.perf_counter() - start
    failed = [r for r in results if r.error]
    print(f"total {total:.1f} s for {len(results)} feature(s)"
          + (f", {len(failed)} failed" if failed else ""))
    if failed:
        print(f"reachkit: error: warm-up failed:\n{failure_text(results)}", file=sys.stderr)
        for r in failed:
            print(f"\n--- {r.name} ---\n{r.error}{r.messages}", file=sys.stderr)
        return EXIT_FAILED
    return 0
