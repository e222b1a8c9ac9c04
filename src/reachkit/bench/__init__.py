"""Benchmarks against the field: success, time per solve, batch throughput, start-up,
memory and scaling. `reachkit bench` and `benchmarks/bench_ik.py` call `main`.

Peers (extra "bench") are optional: a missing library is reported as "not installed".
Every peer solves the same kinematics (built from reachkit's model and checked by FK),
the same seeded targets from the same seeded starts, and every answer is judged by
reachkit's FK at 1e-6 m / 1e-6 rad with the joint limits. Timings are in-process and
interleaved, so read the ratios rather than the absolute times on a busy machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

SECTIONS = ("success", "batch", "startup", "memory", "scaling")
DEFAULT_ROBOTS = ("panda", "ur5", "puma560", "iiwa14", "tail20")


def _csv(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _first_sentence(text: str | None) -> str:
    """The docstring's first sentence on one line (its first line alone stops mid-list)."""
    words = " ".join((text or "").split())
    return words.split(". ")[0].rstrip(".") + "."


def parser() -> argparse.ArgumentParser:
    from .peers import DEFAULT_PEERS

    p = argparse.ArgumentParser(prog="reachkit bench", description=_first_sentence(__doc__))
    p.add_argument("--robots", type=_csv, default=list(DEFAULT_ROBOTS),
                   help="comma-separated built-in robots (default: %(default)s)")
    p.add_argument("--peers", type=_csv, default=list(DEFAULT_PEERS),
                   help="comma-separated peers; reachkit:METHOD adds a reachkit method "
                        "(default: %(default)s)")
    p.add_argument("--only", type=_csv, default=list(SECTIONS),
                   help=f"sections to run, from {','.join(SECTIONS)} (default: all)")
    p.add_argument("--n", type=int, default=200, help="targets per robot (default: %(default)s)")
    p.add_argument("--slow-n", type=int, default=20,
                   help="targets for pure-Python peers, ikine_LM and ikpy (default: %(default)s)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--layout", choices=["blocks", "interleaved"], default="blocks",
                   help="time each solver's own loop (blocks) or alternate solvers target by "
                        "target (interleaved) (default: %(default)s)")
    p.add_argument("--start", choices=["given", "own"], default="given",
                   help="every peer starts from the same seeded random q0 (given), or as its "
                        "library does without one (own: q0=None) (default: %(default)s)")
    p.add_argument("--batch-robot", default="panda")
    p.add_argument("--batch-n", type=int, default=20_000, help="targets of the batch run")
    p.add_argument("--threads", type=lambda s: [int(x) for x in _csv(s)], default=[1, 2])
    p.add_argument("--startup-repeats", type=int, default=3)
    p.add_argument("--no-cold", action="store_true", help="skip the empty-cache start-up run")
    p.add_argument("--memory-solves", type=int, default=100_000,
                   help="batch solves for the memory run (the issue asks for 1000000)")
    p.add_argument("--scaling-dofs", type=lambda s: [int(x) for x in _csv(s)],
                   default=[3, 5, 10, 20, 30, 50])
    p.add_argument("--scaling-methods", type=_csv, default=["lm", "dls", "ccd"])
    p.add_argument("--scaling-n", type=int, default=20, help="targets per chain and method")
    p.add_argument("--json", dest="json_path", metavar="PATH",
                   help="write all results as JSON to PATH ('-' for stdout)")
    p.add_argument("--plot", metavar="PATH", help="save a figure (time per solve, scaling)")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    return p


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run the chosen sections; returns the results dict (keys: the section names)."""
    import numba

    log = (lambda *a: None) if args.quiet else (lambda msg: print(msg, file=sys.stderr, flush=True))
    results: dict[str, Any] = {"meta": {"seed": args.seed, "n": args.n, "tolerance": 1e-6,
                                        "layout": args.layout, "start": args.start,
                                        "numba_threads": numba.config.NUMBA_NUM_THREADS,
                                        "started": time.strftime("%Y-%m-%d %H:%M:%S")}}
    if "success" in args.only:
        from . import success_time

        results["success"] = success_time.run(args.robots, args.peers, args.n, args.seed,
                                              args.slow_n, progress=log, layout=args.layout,
                                              start=args.start)
    if "batch" in args.only:
        from . import batch

        results["batch"] = batch.run(args.batch_robot, args.batch_n, args.seed, args.threads,
                                     progress=log)
    if "startup" in args.only:
        from . import startup

        results["startup"] = startup.run(args.batch_robot, args.startup_repeats,
                                         cold=not args.no_cold, progress=log)
    if "memory" in args.only:
        from . import memory

        results["memory"] = memory.run(args.batch_robot, args.memory_solves,
                                       chunk=min(10_000, args.memory_solves), progress=log)
    if "scaling" in args.only:
        from . import scaling

        results["scaling"] = scaling.run(args.scaling_dofs, args.scaling_methods, args.scaling_n,
                                         args.seed, progress=log)
    return results


def main(argv: list[str] | None = None) -> int:
    """Entry point of `reachkit bench`; returns the process exit code."""
    from . import report

    args = parser().parse_args(argv)
    unknown = sorted(set(args.only) - set(SECTIONS))
    if unknown:
        print(f"reachkit bench: unknown section(s) {unknown}; choose from {', '.join(SECTIONS)}",
              file=sys.stderr)
        return 2
    try:
        from .peers import make_peer

        for key in args.peers:
            make_peer(key)
        from .. import models

        for name in args.robots + [args.batch_robot]:
            models.load(name)
    except Exception as exc:
        print(f"reachkit bench: {exc}", file=sys.stderr)
        return 2
    results = run(args)
    if args.json_path == "-":
        print(report.to_json(results))
    else:
        print(report.text(results))
        if args.json_path:
            with open(args.json_path, "w") as f:
                f.write(report.to_json(results))
    if args.plot:
        try:
            report.plot(results, args.plot)
        except ImportError:
            print("reachkit bench: --plot needs matplotlib (extra 'plot')", file=sys.stderr)
            return 1
    return 0


__all__ = ["main", "parser", "run"]
