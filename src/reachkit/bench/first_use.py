"""First use on a fresh install: each feature of `reachkit.warm_features` timed in a fresh
Python process with an empty Numba cache (NUMBA_CACHE_DIR a new temp directory, so every
kernel it needs compiles), all features together in one such process, and the warm
start-up (a fresh process on a filled cache: import, load Panda, first rk.ik), each as a
ratio to the Robotics Toolbox's start-up measured in the same run (a fresh process:
import roboticstoolbox, build its DH Panda, first ik_LM on a reachable pose). With
`after_plain`, each other feature is also timed on a cache that holds what a first plain
rk.ik compiled in another process, as a user meets it who solved once before: kernels
shared with that solve, compiled for it as a callee, are loaded, not compiled again.

reachkit runs from a fresh install (`fresh_install`: a new virtual environment with
reachkit and its core dependencies only, installed by pip from the checkout), as a new
user has it; `--here` runs it in this interpreter instead, extras and all (with scipy
installed, Numba imports scipy.linalg on its first compile or cache load, ~0.2 s).

Times are wall-clock seconds of the whole child process, timed from outside (interpreter
start included), for reachkit and the toolbox alike. Goals (issue 23): the first plain
rk.ik at most 4x the toolbox's start-up, every other feature at most 5x, all together at
most 15x, warm start-up at most 0.3x.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from ..warm_features import PLAIN_IK, feature_names
from .fresh_install import fresh_install
from .startup import Q_SOLVE, REACHKIT_CHILD, run_child, summary

GOAL_PLAIN, GOAL_FEATURE, GOAL_ALL, GOAL_WARM = 4.0, 5.0, 15.0, 0.3
ALL = "all features"
WARM = "warm start-up"
NOTE = "reachkit: compiling"  # how the compile note begins (reachkit.ik.compile_note)

FEATURE_CHILD = """
import json, time
t0 = time.perf_counter()
import numpy as np
import reachkit
from reachkit.warm_features import select
t1 = time.perf_counter()
for name, feature in select({names!r}):
    feature()
t2 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "solve_s": t2 - t1, "success": True}}))
"""

RTB_PANDA_CHILD = """
import json, time
t0 = time.perf_counter()
import numpy as np
import roboticstoolbox as rtb
t1 = time.perf_counter()
robot = rtb.models.DH.Panda()
sol = robot.ik_LM(robot.fkine(np.array({q!r})))
t2 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "solve_s": t2 - t1, "success": bool(sol.success)}}))
"""


def _child(code: str, env: dict[str, str] | None = None, timeout: float = 1800.0,
           python: str | None = None) -> dict[str, Any]:
    """run_child, with a timeout reported as an error instead of raised."""
    try:
        info = run_child(code, env, timeout=timeout, python=python)
    except subprocess.TimeoutExpired:
        return {"wall_s": timeout, "error": [f"timed out after {timeout:.0f} s"]}
    info["note_shown"] = NOTE in info.get("messages", "")
    return info


def cold_run(names: list[str], keep_cache: str | None = None,
             python: str | None = None) -> dict[str, Any]:
    """The features `names` in one fresh process (of `python`, see `run_child`) on an empty
    Numba cache (a new temp directory, removed afterwards), or on the cache directory
    `keep_cache` as it is, left in place."""
    cache = keep_cache or tempfile.mkdtemp(prefix="reachkit-first-use-")
    try:
        return _child(FEATURE_CHILD.format(names=names), {"NUMBA_CACHE_DIR": cache},
                      python=python)
    finally:
        if keep_cache is None:
            shutil.rmtree(cache, ignore_errors=True)


def runs_after_plain(names: list[str], python: str | None = None,
                     progress: Callable[[str], None] = print) -> dict[str, dict[str, Any]]:
    """Each of `names` in a fresh process on its own copy of the cache a first plain
    rk.ik left behind (compiled in another fresh process)."""
    plain_cache = tempfile.mkdtemp(prefix="reachkit-first-use-plain-")
    rows: dict[str, dict[str, Any]] = {}
    try:
        cold_run([PLAIN_IK], keep_cache=plain_cache, python=python)
        for name in names:
            cache = tempfile.mkdtemp(prefix="reachkit-first-use-after-")
            try:
                shutil.copytree(plain_cache, cache, dirs_exist_ok=True)
                rows[name] = cold_run([name], keep_cache=cache, python=python)
            finally:
                shutil.rmtree(cache, ignore_errors=True)
            progress(f"[first use] {name} after a plain rk.ik: {_brief(rows[name])}")
    finally:
        shutil.rmtree(plain_cache, ignore_errors=True)
    return rows


def goal(name: str) -> float:
    """The issue-23 goal for `name`, as a multiple of the toolbox's start-up."""
    return {PLAIN_IK: GOAL_PLAIN, ALL: GOAL_ALL, WARM: GOAL_WARM}.get(name, GOAL_FEATURE)


def run(names: list[str], repeats: int = 3, together: bool = True,
        progress: Callable[[str], None] = print, python: str | None = None,
        after_plain: bool = True) -> dict[str, Any]:
    """Measure everything (see the module docstring); returns a JSON-ready dict. python:
    the interpreter of the installation whose first use is timed (`fresh_install`); by
    default this one, with this checkout's src first on the path."""
    toolbox_code = RTB_PANDA_CHILD.format(q=Q_SOLVE)
    warm_code = REACHKIT_CHILD.format(robot="panda", q=Q_SOLVE)
    toolbox_runs = [_child(toolbox_code) for _ in range(repeats + 1)][1:]  # 1st: disk caches
    progress(f"[first use] toolbox start-up x{repeats}: {_brief(summary(toolbox_runs))}")
    rows: dict[str, dict[str, Any]] = {}
    for name in names:
        rows[name] = cold_run([name], python=python)
        progress(f"[first use] {name}: {_brief(rows[name])}")
    if after_plain:
        later = runs_after_plain([n for n in names if n != PLAIN_IK], python, progress)
        for name, row in later.items():
            if "error" not in row:
                rows[name]["after_plain_s"] = row["wall_s"]
    warm_cache = tempfile.mkdtemp(prefix="reachkit-first-use-all-")
    try:
        if together:
            rows[ALL] = cold_run(names, keep_cache=warm_cache, python=python)
            progress(f"[first use] {ALL} ({len(names)}): {_brief(rows[ALL])}")
        _child(warm_code, {"NUMBA_CACHE_DIR": warm_cache}, python=python)  # fills what is missing
        warm_runs = []
        for _ in range(repeats):
            warm_runs.append(_child(warm_code, {"NUMBA_CACHE_DIR": warm_cache}, python=python))
            toolbox_runs.append(_child(toolbox_code))
    finally:
        shutil.rmtree(warm_cache, ignore_errors=True)
    rows[WARM] = summary(warm_runs)
    rows[WARM]["note_shown"] = any(r.get("note_shown") for r in warm_runs)
    toolbox = summary(toolbox_runs)
    progress(f"[first use] {WARM} x{repeats}: {_brief(rows[WARM])}")
    for name, row in rows.items():
        row["goal_ratio"] = goal(name)
        if "wall_s" in row and "wall_s" in toolbox and "error" not in row:
            row["ratio"] = row["wall_s"] / toolbox["wall_s"]
    paired = _paired_ratios(warm_runs, toolbox_runs[-repeats:])
    if paired:  # each warm run against the toolbox run right after it: less load noise
        rows[WARM].update(ratio=float(np.median(paired)), ratio_to_median=rows[WARM].get("ratio"))
    for row in rows.values():
        if "ratio" in row:
            row["goal_met"] = bool(row["ratio"] <= row["goal_ratio"])
    installation = "fresh install (core dependencies only)" if python else "this interpreter"
    return {"machine": _machine(), "installation": installation, "toolbox": toolbox,
            "features": rows}


def _paired_ratios(runs: list[dict[str, Any]], peers: list[dict[str, Any]]) -> list[float]:
    """wall_s of each run over that of its peer run, for the pairs where neither failed."""
    return [r["wall_s"] / p["wall_s"] for r, p in zip(runs, peers)
            if "error" not in r and "error" not in p]


def _brief(row: dict[str, Any]) -> str:
    if "error" in row:
        return f"FAILED: {row['error']}"
    return f"{row['wall_s']:.2f} s (import {row['import_s']:.2f} s, calls {row['solve_s']:.2f} s)"


def _machine() -> dict[str, Any]:
    import numba

    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "numba": numba.__version__, "numpy": np.__version__, "platform": platform.platform()}


def table(result: dict[str, Any]) -> str:
    """The figures as a text table: seconds, ratio to the toolbox, goal, met, note shown."""
    toolbox = result["toolbox"]
    lines = [f"reachkit: {result.get('installation', 'this interpreter')}",
             (f"{'feature':<22} {'s':>8} {'x toolbox':>10} {'goal':>6} {'met':>4} "
              f"{'note':>5} {'after':>6}"),
             "-" * 67]
    for name, row in result["features"].items():
        if "error" in row:
            lines.append(f"{name:<22} FAILED: {row['error']}")
            continue
        ratio = f"{row['ratio']:.2f}x" if "ratio" in row else "n/a"
        met = ("yes" if row["goal_met"] else "NO") if "goal_met" in row else "n/a"
        note = "yes" if row.get("note_shown") else "no"
        after = f"{row['after_plain_s']:.2f}" if "after_plain_s" in row else ""
        lines.append(f"{name:<22} {row['wall_s']:>8.2f} {ratio:>10} {row['goal_ratio']:>5g}x "
                     f"{met:>4} {note:>5} {after:>6}")
    if "wall_s" in toolbox:
        lines.append(f"toolbox start-up: {toolbox['wall_s']:.2f} s (median of {toolbox['runs']}: "
                     f"import {toolbox['import_s']:.2f} s, DH Panda + first ik_LM "
                     f"{toolbox['solve_s']:.3f} s)")
    else:
        lines.append(f"toolbox start-up: {toolbox.get('error')} (no ratios)")
    lines.append("s: wall time of a fresh process (import + first use), empty Numba cache except "
                 "for the warm start-up (median; its ratio: median over each run and the toolbox "
                 "run right after it); note: reachkit's compile note was shown; after: s on a "
                 "cache holding what a first plain rk.ik compiled in another process")
    return "\n".join(lines)


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bench_first_use", description=__doc__.splitlines()[0])
    p.add_argument("--only", type=_names, default=None, metavar="NAMES",
                   help=f"comma-separated features (default all: {','.join(feature_names())})")
    p.add_argument("--repeats", type=int, default=3,
                   help="toolbox and warm start-up runs, median (default %(default)s)")
    p.add_argument("--no-together", action="store_true",
                   help="skip the run of all features in one process")
    p.add_argument("--no-after", action="store_true",
                   help="skip timing each feature after a first plain rk.ik in another process")
    p.add_argument("--here", action="store_true",
                   help="time reachkit in this interpreter, not in a fresh install of the checkout")
    p.add_argument("--save", action="store_true", help="write the figures as JSON to --out")
    p.add_argument("--out", type=Path, default=None,
                   help="JSON file (default benchmarks/results/first_use_<cpus>cores.json)")
    return p


def main(argv: list[str] | None = None, results_dir: Path | None = None,
         checkout: Path | None = None) -> int:
    """The benchmark's command line; checkout: the directory holding pyproject.toml that
    the fresh install comes from (without it, as with --here, this interpreter runs)."""
    args = parser().parse_args(argv)
    names = args.only or feature_names()
    unknown = sorted(set(names) - set(feature_names()))
    if unknown:
        parser().error(f"unknown feature(s) {', '.join(unknown)}; choose from {', '.join(feature_names())}")
    log = lambda text: print(text, file=sys.stderr, flush=True)
    if args.here or checkout is None:
        result = run(names, repeats=args.repeats, together=not args.no_together, progress=log,
                     after_plain=not args.no_after)
    else:
        log(f"[first use] installing {checkout} into a fresh virtual environment")
        with fresh_install(checkout) as python:
            result = run(names, repeats=args.repeats, together=not args.no_together,
                         progress=log, python=python, after_plain=not args.no_after)
    print(table(result))
    if args.save:
        out = args.out or (results_dir or Path("benchmarks/results")) / \
            f"first_use_{os.cpu_count()}cores.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, default=str) + "\n")
        print(f"wrote {out}")
    return 0 if all("error" not in row for row in result["features"].values()) else 1
