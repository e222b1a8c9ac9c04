"""The `reachkit` command: a thin argparse layer over the public API.

Exit codes: 0 success, 1 a reachkit or file error (one line on stderr), 2 a usage error,
3 the solver ran but its best answer misses the target (`ik`, `demo`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from ..errors import ReachkitError

EXIT_ERROR = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _robot_arg(p: argparse.ArgumentParser) -> None:
    from .common import add_robot_arguments

    add_robot_arguments(p)


def _json_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON instead of text")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    from . import demo, kinematics, path, pictures, reach, view, warmup
    from .common import add_method_argument, positive_float, positive_int
    from .targets import add_target_arguments

    parser = _Parser(prog="reachkit", description="Inverse kinematics for serial robot arms.",
                     epilog="Angles are radians (add --deg for degrees), lengths metres. Exit codes: "
                            "0 ok, 1 error, 2 usage error, 3 target not reached.")
    parser.add_argument("--version", action="version", version=f"reachkit {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("models", help="list the built-in robot models")
    _json_arg(p)
    p.set_defaults(run=kinematics.run_models)

    p = sub.add_parser("show", help="print a robot's joint table and limits")
    _robot_arg(p)
    _json_arg(p)
    p.set_defaults(run=kinematics.run_show)

    p = sub.add_parser("fk", help="forward kinematics: tool pose for joint values")
    _robot_arg(p)
    p.add_argument("q", metavar="Q", nargs="+", type=float, help="one value per joint (rad or m)")
    p.add_argument("--deg", action="store_true", help="revolute joint values are in degrees")
    _json_arg(p)
    p.set_defaults(run=kinematics.run_fk)

    p = sub.add_parser("ik", help="inverse kinematics: joint values for a tool pose")
    _robot_arg(p)
    add_target_arguments(p)
    add_method_argument(p, "IK method")
    p.add_argument("--q0", nargs="+", type=float, metavar="Q", help="start configuration")
    p.add_argument("--seed", type=int, default=None, help="seed of the random restarts")
    p.add_argument("--all-solutions", action="store_true",
                   help="list every closed-form solution (needs reachkit.analytic)")
    p.add_argument("--free", type=float, metavar="VALUE",
                   help="7R arms with --all-solutions: the redundancy value in rad (the swivel "
                        "angle of SRS arms such as the iiwa, else the free joint's angle)")
    p.add_argument("--free-samples", type=positive_int, metavar="K",
                   help="7R arms with --all-solutions: K values of it over its range (default 8)")
    p.add_argument("--no-limits", action="store_true", help="ignore the joint limits")
    p.add_argument("--tolerance", type=positive_float,
                   help="position (m) and rotation (rad) tolerance (default 1e-6)")
    p.add_argument("--max-iterations", type=positive_int, help="iterations per search")
    p.add_argument("--scene", metavar="FILE",
                   help="keep the arm clear of the obstacles of a JSON/YAML scene file")
    p.add_argument("--self-collision", action="store_true", help="keep the arm's links apart")
    p.add_argument("--margin", type=float, default=0.0,
                   help="clearance (m) kept with --scene/--self-collision (default 0)")
    p.add_argument("--deg", action="store_true", help="angles (rpy, q0) in degrees")
    _json_arg(p)
    p.set_defaults(run=kinematics.run_ik)

    # Commands whose module owns its options (`add_arguments`) and its run function.
    for name, module, run, text in (
        ("plot", pictures, pictures.run_plot, "draw a picture (needs the `plot` extra: matplotlib)"),
        ("path", path, path.run_path, "follow a straight tool line without joint jumps"),
        ("reach", reach, reach.run_reach, ("reachability map: orientations reached per voxel, "
                                          "here or on a Dask cluster (--scheduler)")),
        ("demo", demo, demo.run_demo, "solve a few targets and draw a picture"),
        ("view", view, view.run_view, ("open the arm in a browser: drag a target, see it solved "
                                      "(needs the `view` extra: viser)")),
        ("warmup", warmup, warmup.run_warmup, ("compile every kernel now, in parallel processes, "
                                              "so that every feature starts from the cache")),
    ):
        p = sub.add_parser(name, help=text)
        module.add_arguments(p)
        p.set_defaults(run=run)

    p = sub.add_parser("bench", help="run the benchmarks (arguments go to reachkit.bench)",
                       add_help=False)
    p.add_argument("bench_args", nargs=argparse.REMAINDER)
    p.set_defaults(run=_run_bench)
    return parser


def _version() -> str:
    from .. import __version__

    return __version__


def _run_bench(args: argparse.Namespace) -> int:
    """Hand the remaining arguments to `reachkit.bench.main`."""
    try:
        from ..bench import main as bench_main
    except BrokenPipeError:  # e.g. `reachkit ... | head`: stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except ModuleNotFoundError as exc:
        if exc.name in ("reachkit.bench", "reachkit"):
            raise ReachkitError("the benchmarks (reachkit.bench) are not part of this version of reachkit") from exc
        from ..extras import install_hint

        raise ReachkitError(f"the benchmarks need {exc.name!r}: {install_hint('bench')}") from exc
    try:
        return int(bench_main(list(args.bench_args)) or 0)
    except SystemExit as exc:  # the benchmark's own argparse (--help, usage errors)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (never raises for user errors)."""
    parser = build_parser()
    # parse_known_args: argparse's REMAINDER cannot take a leading option such as
    # `reachkit bench --help`, so the bench subcommand collects the unknown ones.
    args, unknown = parser.parse_known_args(None if argv is None else list(argv))
    if getattr(args, "run", None) is _run_bench:
        args.bench_args = unknown + list(args.bench_args)
    elif unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return EXIT_USAGE
    from .common import UsageError

    try:
        return run(args)
    except UsageError as exc:
        print(f"reachkit {args.command}: error: {exc} (see reachkit {args.command} --help)",
              file=sys.stderr)
        return EXIT_USAGE
    except ReachkitError as exc:
        print(f"reachkit: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("reachkit"):
            raise
        print(f"reachkit: error: {exc.name} is not part of this version of reachkit", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `reachkit ... | head`: the reader left, stop quietly
        sys.stderr.close()
        return EXIT_ERROR
    except OSError as exc:
        where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
        print(f"reachkit: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("reachkit: interrupted", file=sys.stderr)
        return 130
