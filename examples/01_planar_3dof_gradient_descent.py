"""Gradient descent (Jacobian transpose) on a planar 3-link arm.

The arm has three 1 m links in the xy-plane. We ask for a tool position (x, y) and a tool
angle phi, and solve with method "jt": each step moves the joints along -grad E,
E = 0.5 |e|^2, whose gradient is -J^T e, with a line search so that E never rises.
It converges linearly: many cheap iterations, compared here with Levenberg-Marquardt.

Run: PYTHONPATH=src python examples/01_planar_3dof_gradient_descent.py
Writes out/examples/01_planar_3dof_gradient_descent.png when matplotlib is installed.
"""

import importlib.util
from pathlib import Path

import numpy as np

import reachkit as rk

robot = rk.models.load("planar3r")
target = rk.Target.planar(1.2, 1.6, phi=np.radians(60))  # metres, radians
q0 = np.radians([10.0, 20.0, 30.0])

res = rk.ik(robot, target, method="jt", q0=q0, trace=True)

print(f"robot: {robot.name}, target x=1.2 m, y=1.6 m, phi=60 deg")
print(f"jt: success={res.success}  iterations={res.iterations}  restarts={res.restarts}")
print(f"    q = {np.degrees(res.q).round(2)} deg")
print(f"    position error {res.position_error:.2e} m, rotation error {res.rotation_error:.2e} rad")
T = robot.fk(res.q)
print(f"    FK check: tool at ({T[0, 3]:.6f}, {T[1, 3]:.6f}), "
      f"angle {np.degrees(np.arctan2(T[1, 0], T[0, 0])):.4f} deg")

# The cost 0.5 |e|^2 of every iterate: the line search keeps it from rising.
errors = np.array([rk.spatial.pose_error(robot.fk(q), target.T) * target.mask for q in res.trace])
cost = 0.5 * np.sum(errors**2, axis=1)
print(f"    cost: {cost[0]:.3e} -> {cost[-1]:.3e}; never rose: {bool(np.all(np.diff(cost) <= 1e-15))}")

lm = rk.ik(robot, target, method="lm", q0=q0)
print(f"lm for comparison: success={lm.success}  iterations={lm.iterations}")

if importlib.util.find_spec("matplotlib"):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    out = Path("out/examples/01_planar_3dof_gradient_descent.png")
    out.parent.mkdir(parents=True, exist_ok=True)
    fig = Figure(figsize=(10, 4), layout="constrained")
    left, right = fig.subplots(1, 2)
    rk.plot.arm(robot, res.q, ax=left, target=target, title="jt solution")
    rk.plot.solve_progress(res, ax=right, robot=robot, target=target, tolerance=1e-6)
    fig.savefig(out, dpi=100)
    print(f"wrote {out}")
else:
    print("no picture: pip install 'reachkit[plot]' for matplotlib")
