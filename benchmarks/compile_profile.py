"""Where a feature's first use spends its compile time: one feature of
`reachkit.warm_features`, run in a fresh process with an empty Numba cache, and every
kernel version Numba compiled for it, with the time spent in it alone (its callees'
compiles, which happen inside it, subtracted).

    PYTHONPATH=src python benchmarks/compile_profile.py ik_lm
    PYTHONPATH=src python benchmarks/compile_profile.py ik_secondary --top 40

Printed: the total, the share spent inside LLVM (C++: optimisation and machine code; the
rest is Numba's Python front end: typing, lowering, its passes), how many versions were
compiled and what the small ones cost together (Numba's fixed cost per function), and
the costliest versions. A kernel compiled only for its caller is "link only": its own
time is typing and lowering; the kernel called from Python then optimises and makes
machine code for its whole tree (`reachkit/kernels/numba_internals.py`).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from numba.core import event

SMALL_S = 0.1  # a version below this is mostly Numba's fixed cost per function
SRC = Path(__file__).resolve().parents[1] / "src"


class _Versions(event.Listener):
    """Every kernel version compiled: (own s, kernel, argument types, called from Python),
    own time being its compile's minus the compiles nested in it (its callees')."""

    def __init__(self) -> None:
        self.versions: list[tuple[float, str, str, bool]] = []
        self._open: list[list[float]] = []  # per compile under way: [start, nested s]

    def on_start(self, ev: event.Event) -> None:
        self._open.append([time.perf_counter(), 0.0])

    def on_end(self, ev: event.Event) -> None:
        start, nested = self._open.pop()
        elapsed = time.perf_counter() - start
        if self._open:
            self._open[-1][1] += elapsed
        self.versions.append((elapsed - nested, ev.data["dispatcher"].py_func.__qualname__,
                              str(ev.data["args"]), not self._open))


class _Inside(event.Listener):
    """Seconds spent inside an event (outermost entries only: the LLVM lock nests)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._depth = 0
        self._entered = 0.0

    def on_start(self, ev: event.Event) -> None:
        if self._depth == 0:
            self._entered = time.perf_counter()
        self._depth += 1

    def on_end(self, ev: event.Event) -> None:
        self._depth -= 1
        if self._depth == 0:
            self.seconds += time.perf_counter() - self._entered


def measure(feature: str, top: int) -> None:
    """Run `feature` here (the cache directory must already be empty) and print the profile."""
    compiles, llvm = _Versions(), _Inside()
    event.register("numba:compile", compiles)
    event.register("numba:llvm_lock", llvm)
    from reachkit.warm_features import select

    [(_, run)] = select([feature])
    start = time.perf_counter()
    run()
    total = time.perf_counter() - start
    own = [version[0] for version in compiles.versions]
    small = [seconds for seconds in own if seconds < SMALL_S]
    print(f"{feature}: {total:.2f} s, compiling {sum(own):.2f} s: LLVM {llvm.seconds:.2f} s, "
          f"Numba's front end {sum(own) - llvm.seconds:.2f} s")
    print(f"{len(own)} kernel versions; {len(small)} below {SMALL_S} s: {sum(small):.2f} s")
    print(f"{'own s':>7}  kernel (argument types); * called from Python, the others link only")
    for seconds, name, args, from_python in sorted(compiles.versions, reverse=True)[:top]:
        print(f"{seconds:7.2f} {'*' if from_python else ' '}{name} {args[:110]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("feature", help="a name of `reachkit warmup --list`")
    parser.add_argument("--top", type=int, default=25, help="costliest versions to list")
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)  # the child
    args = parser.parse_args()
    if args.here:
        measure(args.feature, args.top)
        return 0
    sys.path.insert(0, str(SRC))
    from reachkit.warm_features import feature_names

    if args.feature not in feature_names():
        parser.error(f"unknown feature {args.feature!r}; one of: {', '.join(feature_names())}")
    with tempfile.TemporaryDirectory(prefix="reachkit-compile-profile-") as cache:
        path = os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))
        env = dict(os.environ, NUMBA_CACHE_DIR=cache, PYTHONPATH=path)
        child = [sys.executable, __file__, args.feature, "--top", str(args.top), "--here"]
        return subprocess.run(child, check=False, env=env).returncode  # stderr: the compile notes


if __name__ == "__main__":
    sys.exit(main())
