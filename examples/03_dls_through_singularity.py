"""Damped least squares versus the pseudoinverse through a singularity.

A planar 2-link arm (two 1 m links) tracks a target that moves along y = 0.05 m from
x = 1.5 m out to x = 2.05 m, 2.5 % beyond the stretched arm's reach (2 m), and back.
Each control tick takes ONE step of the IK method from the previous configuration
(resolved-rate control, tick dt = 20 ms). Near the stretched-arm singularity the
Jacobian's smallest singular value goes to zero:

- pinv: dq = J^+ e divides by that singular value: the joint speeds blow up.
- dls:  dq = J^T (J J^T + mu^2 I)^-1 e with damping mu growing as the singular value
  falls: joint speeds stay bounded, at the price of a small tracking error near the edge.

Run: PYTHONPATH=src python examples/03_dls_through_singularity.py
"""

import importlib.util
from pathlib import Path

import numpy as np

import reachkit as rk

robot = rk.models.load("planar2r")
DT = 0.02  # seconds per control tick
Y = 0.05
xs = np.r_[np.linspace(1.5, 2.05, 51), np.linspace(2.05, 1.5, 51)[1:]]
METHODS = {
    "pinv": {},
    "dls": {"dls_mu_max": 0.3, "dls_sigma_eps": 0.3},  # damping up to 0.3 below sigma = 0.3
}


def track(method: str, options: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Joint speed (rad/s, max over joints), tracking error (m) and sigma_min per tick."""
    q = rk.ik(robot, rk.Target.planar(xs[0], Y), q0=[-0.5, 1.0]).q  # start on the path
    speed, error, sigma = [], [], []
    for x in xs[1:]:
        target = rk.Target.planar(x, Y)
        res = rk.ik(robot, target, method=method, q0=q, trace=True, joint_limits=False,
                    max_iterations=1, max_restarts=0, gain=1.0, max_step=np.inf, **options)
        q_next = res.trace[-1]  # the one step taken (res.q would be the best iterate)
        speed.append(np.abs(q_next - q).max() / DT)
        q = q_next
        error.append(np.linalg.norm(robot.fk(q)[:2, 3] - [x, Y]))
        sigma.append(np.linalg.svd(robot.jacobian(q)[:2], compute_uv=False).min())
    return np.array(speed), np.array(error), np.array(sigma)


results = {name: track(name, options) for name, options in METHODS.items()}
print(f"{robot.name}: target along y = {Y} m, x 1.5 -> 2.05 -> 1.5 m, {len(xs) - 1} ticks of {DT * 1e3:.0f} ms")
print(f"{'method':<6} {'max joint speed':>16} {'median':>8} {'max track err':>14} {'final err':>10}")
for name, (speed, error, _) in results.items():
    print(f"{name:<6} {speed.max():>12.1f} rad/s {np.median(speed):>8.2f} {error.max():>12.3f} m "
          f"{error[-1]:>10.1e}")
ratio = results["pinv"][0].max() / results["dls"][0].max()
print(f"pinv's peak joint speed is {ratio:.0f}x that of dls")

if importlib.util.find_spec("matplotlib"):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    out = Path("out/examples/03_dls_through_singularity.png")
    out.parent.mkdir(parents=True, exist_ok=True)
    fig = Figure(figsize=(8, 6), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True)
    ticks = np.arange(1, len(xs))
    for name, (speed, error, _) in results.items():
        top.semilogy(ticks, speed, label=name)
        bottom.semilogy(ticks, np.maximum(error, 1e-9), label=name)
    beyond = np.flatnonzero(np.hypot(xs[1:], Y) > 2.0)
    for ax in (top, bottom):
        ax.axvspan(beyond[0], beyond[-1] + 1, color="0.9", label="target out of reach")
        ax.grid(True, which="both", alpha=0.3)
    top.set_ylabel("max joint speed (rad/s)")
    bottom.set_ylabel("tracking error (m)")
    bottom.set_xlabel("control tick")
    top.legend()
    top.set_title("planar 2R arm through the stretched-arm singularity")
    fig.savefig(out, dpi=100)
    print(f"wrote {out}")
else:
    print("no picture: pip install 'reachkit[plot]' for matplotlib")
