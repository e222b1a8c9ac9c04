"""Ten thousand IK solves in one call with `rk.ik_batch` on the Franka Panda.

Targets are tool poses of random configurations inside the joint limits (so each one is
reachable); the solver starts from its own seeded random configurations, not from the
answers. Prints solves per second and the success rate, checked by forward kinematics.

Run: PYTHONPATH=src python examples/07_batch_10k.py
"""

import importlib.util
import time
from pathlib import Path

import numpy as np

import reachkit as rk

N = 10_000
robot = rk.models.load("panda")
q_true = robot.random_q(N, seed=7)
targets = robot.fk(q_true)  # (N, 4, 4) tool poses in the world frame

rk.ik_batch(robot, targets[:8])  # load the compiled kernels before timing
start = time.perf_counter()
out = rk.ik_batch(robot, targets, method="lm", seed=0, progress=True)
seconds = time.perf_counter() - start

T = robot.fk(out.q)  # independent check of the reported errors
position_error = np.linalg.norm(T[:, :3, 3] - targets[:, :3, 3], axis=1)
print(f"{robot.name}: {N} full-pose targets with lm in {seconds:.2f} s "
      f"= {N / seconds:,.0f} solves/s")
print(f"success rate {out.success_rate:.4f}; median iterations {np.median(out.iterations):.0f}, "
      f"median restarts {np.median(out.restarts):.0f}")
print(f"position error of the successes: max {position_error[out.success].max():.1e} m "
      f"(solver tolerance 1e-6)")
print(f"all answers inside the joint limits: {bool(np.all(robot.within_limits(out.q)))}")

if importlib.util.find_spec("matplotlib"):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    out_path = Path("out/examples/07_batch_10k.png")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fig = Figure(figsize=(8, 3.5), layout="constrained")
    left, right = fig.subplots(1, 2)
    left.hist(out.iterations, bins=50, color="tab:blue")
    left.set_xlabel("iterations per target")
    left.set_ylabel("targets")
    right.hist(np.log10(np.maximum(out.position_error, 1e-16)), bins=50, color="tab:green")
    right.set_xlabel("log10 position error (m)")
    fig.suptitle(f"{robot.name}: {N} targets, {N / seconds:,.0f} solves/s, "
                 f"success {out.success_rate:.2%}")
    fig.savefig(out_path, dpi=100)
    print(f"wrote {out_path}")
else:
    print("no picture: pip install 'reachkit[plot]' for matplotlib")
