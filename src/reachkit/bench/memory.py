"""Memory: peak resident memory of a fresh process (reachkit vs the toolbox) and the
resident memory of one process over many batch solves, which must stay flat.

Each measurement runs in its own child process so the peers' libraries and earlier
benchmarks do not pollute it. Resident set sizes come from /proc (Linux) or
resource.getrusage.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

FLAT_MB = 5.0  # largest fitted RSS drift over the whole run that still counts as flat

# ru_maxrss survives fork + exec on Linux (a child reports its parent's high-water mark
# when that is larger), so the peak is read from /proc/self/status VmHWM where available.
PEAK_MB = """
def peak_mb():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

PEAK_REACHKIT = PEAK_MB + """
import json
import numpy as np
import reachkit as rk
robot = rk.models.load({robot!r})
T = robot.fk(robot.random_q({n}, seed=0))
rk.ik(robot, T[0])
out = rk.ik_batch(robot, T, progress=False)
print(json.dumps({{"peak_mb": peak_mb(), "success_rate": out.success_rate}}))
"""

PEAK_RTB = PEAK_MB + """
import json
import numpy as np
import roboticstoolbox as rtb
from spatialmath import SE3
rows = {rows!r}
cls = rtb.RevoluteMDH if {modified!r} else rtb.RevoluteDH
robot = rtb.DHRobot([cls(d=d, a=a, alpha=al, offset=o, qlim=ql, flip=f)
                     for d, a, al, o, ql, f in rows],
                    tool=SE3(np.array({tool!r}), check=False))
ets = robot.ets()
rng = np.random.default_rng(0)
ok = 0
for _ in range({n}):
    q = rng.uniform(ets.qlim[0], ets.qlim[1])
    ok += ets.ik_LM(ets.fkine(q).A, tol=0.5e-12).success
print(json.dumps({{"peak_mb": peak_mb(), "success_rate": ok / {n}}}))
"""

FLAT_CHILD = """
import json
from reachkit.bench.memory import flat_child
print(json.dumps(flat_child({robot!r}, {total}, {chunk})))
"""


def rss_mb() -> float:
    """Current resident set size of this process in MB."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def flat_child(robot_name: str, total: int, chunk: int) -> dict[str, Any]:
    """In this process: ik_batch over `total` solves in chunks of `chunk` fresh targets
    (seeded per chunk), sampling RSS after each chunk."""
    from .. import models
    from ..ik.solve import ik_batch

    robot = models.load(robot_name)
    samples = []
    solved = 0
    successes = 0
    k = 0
    while solved < total:
        m = min(chunk, total - solved)
        T = robot.fk(robot.random_q(m, seed=k))
        out = ik_batch(robot, T, seed=k, progress=False)
        successes += int(out.success.sum())
        solved += m
        k += 1
        samples.append((solved, rss_mb()))
    first = samples[0][1]
    # After the first chunk (which loads the kernels) RSS wobbles by a few MB as the
    # allocator reuses arrays; a leak shows as drift, the slope of a straight-line fit.
    xs = np.array([s[0] for s in samples], dtype=float)
    ys = np.array([s[1] for s in samples])
    slope = float(np.polyfit(xs, ys, 1)[0]) if len(samples) > 2 else 0.0
    return {"robot": robot_name, "solves": solved, "chunk": chunk,
            "success_rate": successes / max(solved, 1), "rss_after_first_chunk_mb": first,
            "rss_end_mb": float(ys[-1]), "rss_min_mb": float(ys.min()), "rss_max_mb": float(ys.max()),
            "drift_mb_per_million": slope * 1e6, "drift_mb": float(slope * (xs[-1] - xs[0])),
            "samples": samples}


def _run(code: str) -> dict[str, Any]:
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=3600)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(lines[-1])


def run(robot_name: str = "panda", solves: int = 100_000, chunk: int = 10_000,
        peak_n: int = 10_000, progress: Any = print) -> dict[str, Any]:
    from .. import models

    robot = models.load(robot_name)
    progress(f"[memory] {robot_name}: peak after import + {peak_n} batch solves; "
             f"RSS over {solves} batch solves")
    result: dict[str, Any] = {"robot": robot_name}
    result["reachkit_peak"] = _run(PEAK_REACHKIT.format(robot=robot_name, n=peak_n))
    if robot.dh_rows is not None:
        rows = [(r.d, r.a, r.alpha, r.offset, [float(lo), float(hi)], bool(r.flip))
                for r, lo, hi in zip(robot.dh_rows, robot.limits[0], robot.limits[1])]
        n_rtb = min(peak_n, 1000)
        result["rtb_peak"] = _run(PEAK_RTB.format(rows=rows, modified=robot.convention == "modified",
                                                  tool=robot.tool.tolist(), n=n_rtb))
        result["rtb_peak"]["solves"] = n_rtb
    flat = _run(FLAT_CHILD.format(robot=robot_name, total=solves, chunk=chunk))
    if "drift_mb" in flat:
        flat["flat"] = bool(abs(flat["drift_mb"]) < FLAT_MB)
    result["over_solves"] = flat
    return result
