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

SMALL_S = 0.1  # a version below this is mostly Numba's fixed cost per function


def measure(feature: str, top: int) -> None:
    """Run `feature` here (the cache directory must already be empty) and print the profile."""
    from numba.core import event

    versions: list[tuple[float, str, str, bool]] = []  # (own s, kernel, argument types, from Python)
    open_compiles: list[list[float]] = []  # [start, time in nested compiles]
    llvm_s = [0.0, 0.0, 0]  # total, entered at, depth

    class Compiles(event.Listener):
        def on_start(self, ev: event.Event) -> None:
            open_compiles.append([time.perf_counter(), 0.0])

        def on_end(self, ev: event.Event) -> None:
            start, nested = open_compiles.pop()
            elapsed = time.perf_counter() - start
            if open_compiles:
                open_compiles[-1][1] += elapsed
            name = ev.data["dispatcher"].py_func.__qualname__
            versions.append((elapsed - nested, name, str(ev.data["args"]), not open_compiles))

    class Llvm(event.Listener):
        def on_start(self, ev: event.Event) -> None:
            if llvm_s[2] == 0:
                llvm_s[1] = time.perf_counter()
            llvm_s[2] += 1

        def on_end(self, ev: event.Event) -> None:
            llvm_s[2] -= 1
            if llvm_s[2] == 0:
                llvm_s[0] += time.perf_counter() - llvm_s[1]

    event.register("numba:compile", Compiles())
    event.register("numba:llvm_lock", Llvm())
    from reachkit.warm_features import FEATURES

    run = dict(FEATURES)[feature]
    start = time.perf_counter()
    run()
    total = time.perf_counter() - start
    compiled = sum(version[0] for version in versions)
    small = [version[0] for version in versions if version[0] < SMALL_S]
    print(f"{feature}: {total:.2f} s, compiling {compiled:.2f} s: LLVM {llvm_s[0]:.2f} s, "
          f"Numba's front end {compiled - llvm_s[0]:.2f} s")
    print(f"{len(versions)} kernel versions; {len(small)} below {SMALL_S} s: {sum(small):.2f} s")
    print(f"{'own s':>7}  kernel (argument types); * called from Python, the others link only")
    for own, name, args, from_python in sorted(versions, reverse=True)[:top]:
        print(f"{own:7.2f} {'*' if from_python else ' '}{name} {args[:110]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("feature", help="a name of `reachkit warmup --list`")
    parser.add_argument("--top", type=int, default=25, help="costliest versions to list")
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)  # the child
    args = parser.parse_args()
    if args.here:
        measure(args.feature, args.top)
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from reachkit.warm_features import feature_names

    if args.feature not in feature_names():
        parser.error(f"unknown feature {args.feature!r}; one of: {', '.join(feature_names())}")
    with tempfile.TemporaryDirectory(prefix="reachkit-compile-profile-") as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        src = str(Path(__file__).resolve().parents[1] / "src")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
        child = [sys.executable, __file__, args.feature, "--top", str(args.top), "--here"]
        return subprocess.run(child, check=False, env=env).returncode  # stderr: the compile notes


if __name__ == "__main__":
    sys.exit(main())
