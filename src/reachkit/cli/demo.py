"""Subcommand `demo`: solve a few targets on built-in arms, print what happened, draw it."""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from .. import models
from ..extras import install_hint
from ..ik.solve import ik
from ..ik.target import Target
from .common import emit
from .timing import Timing, timed

PLANAR_METHODS = ("jt", "pinv", "dls", "lm", "ccd")
PUMA_TARGETS = 3


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--out", default="reachkit-demo.png", help="picture to write (default %(default)s)")
    p.add_argument("--no-plot", action="store_true", help="do not draw a picture")
    p.add_argument("--seed", type=int, default=0, help="seed of the random targets (default 0)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")


def _row(robot_name: str, target: str, res: Any, timing: Timing) -> dict[str, Any]:
    return {"robot": robot_name, "target": target, "method": res.method, "success": bool(res.success),
            "position_error": res.position_error, "rotation_error": res.rotation_error,
            "iterations": res.iterations, "restarts": res.restarts, "time_us": timing.solve_s * 1e6,
            "first_call_ms": timing.first_s * 1e3, "q": res.q.tolist()}


def _solve(robot: Any, target: Target, method: str, label: str) -> tuple[dict[str, Any], Any]:
    """Solve and time the solve once the kernels are loaded (see `timing.timed`)."""
    res, timing = timed(lambda: ik(robot, target, method=method, seed=0))
    return _row(robot.name, label, res, timing), res


def run_demo(args: argparse.Namespace) -> int:
    """Puma 560 full poses with lm, and a planar 3-link arm with several methods."""
    rows = []
    puma = models.load("puma560")
    rng = np.random.default_rng(args.seed)
    for k in range(PUMA_TARGETS):
        T = puma.fk(puma.random_q(seed=rng))  # reachable by construction
        p = " ".join(f"{v:.2f}" for v in T[:3, 3])
        rows.append(_solve(puma, Target(T), "lm", f"pose {k + 1} at [{p}] m")[0])
    planar = models.load("planar3r")
    goal = Target.planar(1.6, 1.2, phi=np.pi / 4)
    solved = {}
    for method in PLANAR_METHODS:
        row, res = _solve(planar, goal, method, "x 1.6 y 1.2 phi 45 deg")
        rows.append(row)
        solved[method] = res
    picture = None if args.no_plot else _picture(planar, goal, solved, args.out)
    first = max(r["first_call_ms"] for r in rows)
    text = _table(rows) + (f"\n(us: one solve with the kernels loaded; a method's first call in this "
                           f"process also loads its kernels, up to {first:.0f} ms here; the first run "
                           "on a machine compiles them once: `reachkit warmup` does it ahead)")
    if picture:
        text += f"\nwrote {picture}"
    elif not args.no_plot:
        text += f"\nno picture: matplotlib is not installed ({install_hint('plot')})"
    emit({"results": rows, "picture": picture}, text, args.json)
    return 0 if all(r["success"] for r in rows) else 3


def _table(rows: list[dict[str, Any]]) -> str:
    head = f"{'robot':<9} {'target':<30} {'method':<6} {'ok':<3} {'pos err m':>9} {'rot err rad':>11} {'iter':>5} {'us':>8}"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r['robot']:<9} {r['target']:<30} {r['method']:<6} {'yes' if r['success'] else 'NO':<3} "
                     f"{r['position_error']:>9.1e} {r['rotation_error']:>11.1e} {r['iterations']:>5} "
                     f"{r['time_us']:>8.1f}")
    return "\n".join(lines)


def _picture(robot: Any, goal: Target, solved: dict[str, Any], path: str) -> str | None:
    """The planar arm at each method's answer, side by side; None without matplotlib."""
    from ..extras import MissingDependencyError
    from ..plot.common import new_figure, save_figure

    try:
        fig = new_figure(path, (3.0 * len(solved), 3.2))  # off pyplot: no window, no backend
    except MissingDependencyError:
        return None
    from ..plot import arm

    for ax, (method, res) in zip(fig.subplots(1, len(solved)), solved.items()):
        arm(robot, res.q, ax=ax, target=goal, title=f"{method}: {res.iterations} it, "
            f"{'ok' if res.success else 'failed'}")
    save_figure(fig, path, dpi=100)
    return path
