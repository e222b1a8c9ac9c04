"""Start-up time: a fresh Python process that imports the library, builds Panda and
solves one pose, timed from outside (interpreter start included) and inside.

reachkit runs warm (Numba cache filled by a first run) and cold (NUMBA_CACHE_DIR set to
a fresh empty directory, so every kernel compiles). The toolbox builds the same DH model
from literal numbers and calls the C++ ik_LM. Warm runs are interleaved and repeated.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from .. import models

Q_SOLVE = [0.3, -0.5, 0.2, -2.0, 0.1, 1.8, 0.5]

REACHKIT_CHILD = """
import json, time
t0 = time.perf_counter()
import numpy as np
import reachkit as rk
t1 = time.perf_counter()
robot = rk.models.load({robot!r})
res = rk.ik(robot, robot.fk(np.array({q!r})))
t2 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "solve_s": t2 - t1, "success": bool(res.success)}}))
"""

RTB_CHILD = """
import json, time
t0 = time.perf_counter()
import numpy as np
import roboticstoolbox as rtb
from spatialmath import SE3
t1 = time.perf_counter()
rows = {rows!r}
cls = rtb.RevoluteMDH if {modified!r} else rtb.RevoluteDH
robot = rtb.DHRobot([cls(d=d, a=a, alpha=al, offset=o, qlim=ql, flip=f)
                     for d, a, al, o, ql, f in rows],
                    tool=SE3(np.array({tool!r}), check=False))
ets = robot.ets()
T = ets.fkine(np.array({q!r})).A
sol = ets.ik_LM(T, tol=0.5e-12)
t2 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "solve_s": t2 - t1, "success": bool(sol.success)}}))
"""


def _src_path() -> str:
    return str(Path(__file__).resolve().parents[2])


def run_child(code: str, env_extra: dict[str, str] | None = None,
              timeout: float = 900.0, python: str | None = None) -> dict[str, Any]:
    """Run `code` in a fresh interpreter and return the JSON it prints last, plus wall_s
    (s, timed from outside, interpreter start included) and messages (its other output),
    or wall_s and error. python: the interpreter of an installation to run (its own
    reachkit, nothing added to the path); by default this one, with this checkout's src
    first on the path. env_extra is added to the environment."""
    env = dict(os.environ)
    if python is None:
        env["PYTHONPATH"] = _src_path() + os.pathsep + env.get("PYTHONPATH", "")
    else:
        env.pop("PYTHONPATH", None)
    env.update(env_extra or {})
    start = time.perf_counter()
    proc = subprocess.run([python or sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=timeout)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        return {"wall_s": wall, "error": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
    lines = [line for line in proc.stdout.strip().splitlines() if line.startswith("{")]
    info = json.loads(lines[-1]) if lines else {}
    other_out = [line for line in proc.stdout.splitlines() if not line.startswith("{")]
    info.update({"wall_s": wall, "messages": "\n".join(other_out + proc.stderr.splitlines())[-2000:]})
    return info


def _rtb_code(robot_name: str) -> str | None:
    robot = models.load(robot_name)
    if robot.dh_rows is None or any(r.prismatic for r in robot.dh_rows):
        return None
    rows = [(r.d, r.a, r.alpha, r.offset, [float(lo), float(hi)], bool(r.flip))
            for r, lo, hi in zip(robot.dh_rows, robot.limits[0], robot.limits[1])]
    return RTB_CHILD.format(rows=rows, modified=robot.convention == "modified",
                            tool=np.asarray(robot.tool).tolist(), q=Q_SOLVE[:robot.dof])


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians (s) of wall_s, import_s and solve_s over the runs that did not fail."""
    good = [r for r in runs if "error" not in r]
    if not good:
        return {"error": runs[-1].get("error") if runs else "no runs"}
    med = lambda key: float(np.median([r[key] for r in good]))
    return {"wall_s": med("wall_s"), "import_s": med("import_s"), "solve_s": med("solve_s"),
            "runs": len(good), "success": all(r["success"] for r in good)}


def run(robot_name: str = "panda", repeats: int = 3, cold: bool = True,
        progress: Any = print) -> dict[str, Any]:
    robot = models.load(robot_name)
    rk_code = REACHKIT_CHILD.format(robot=robot_name, q=Q_SOLVE[:robot.dof])
    rtb_code = _rtb_code(robot_name)
    progress(f"[startup] {robot_name}: warm x{repeats}" + (", cold x1" if cold else ""))
    run_child(rk_code)  # fill the Numba cache
    rk_runs, rtb_runs = [], []
    for _ in range(repeats):
        rk_runs.append(run_child(rk_code))
        if rtb_code:
            rtb_runs.append(run_child(rtb_code))
    result: dict[str, Any] = {"robot": robot_name, "reachkit_warm": summary(rk_runs)}
    result["rtb_warm"] = summary(rtb_runs) if rtb_code else {"error": "no DH model"}
    warm, peer = result["reachkit_warm"], result["rtb_warm"]
    if "wall_s" in warm and "wall_s" in peer:
        result["warm_ratio_wall"] = warm["wall_s"] / peer["wall_s"]
        result["warm_ratio_import_and_solve"] = ((warm["import_s"] + warm["solve_s"])
                                                 / (peer["import_s"] + peer["solve_s"]))
    if cold:
        cache = tempfile.mkdtemp(prefix="reachkit-numba-cold-")
        try:
            info = run_child(rk_code, {"NUMBA_CACHE_DIR": cache})
        finally:
            shutil.rmtree(cache, ignore_errors=True)
        info["note_shown"] = bool(info.get("messages", "").strip())
        result["reachkit_cold"] = info
    return result
