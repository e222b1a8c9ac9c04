"""04: Puma 560, every closed-form solution next to the numerical answer.

The published example pose has eight configurations (left/right arm, elbow up/down,
wrist flipped or not). The numerical solver finds one of them, the one its start leads
to; `ik_analytic` lists them all, each with its label, and `method="analytic"` picks the
one nearest a given start.
"""

import time

import numpy as np

import reachkit as rk

robot = rk.models.load("puma560")
q_published = np.array([0.7922, 0.9595, 0.6557, 0.0357, 0.8491, 0.9340])
T = robot.fk(q_published)
np.set_printoptions(precision=4, suppress=True)
print("target pose T =\n", T, "\n")

solutions = rk.analytic.solve(robot, T)
print(f"closed form ({solutions.family}): {len(solutions)} solutions")
for q, label in zip(solutions.q, solutions.labels):
    error = np.abs(rk.spatial.pose_error(robot.fk(q), T)).max()
    inside = "inside" if robot.within_limits(q) else "OUTSIDE"
    print(f"  {label:26s} q = {q}   |error| {error:.1e}   {inside} the joint limits")

match = np.abs(np.angle(np.exp(1j * (solutions.q - q_published)))).max(axis=1).argmin()
print(f"\nthe published q is solution {match + 1} ({solutions.labels[match]})")

res = rk.ik(robot, T, seed=0)
print(f"\nnumerical lm: q = {res.q}  ({res.reason}, {res.iterations} iterations)")
distances = np.abs(np.angle(np.exp(1j * (solutions.q - res.q)))).max(axis=1)
print(f"  it is the closed-form solution '{solutions.labels[distances.argmin()]}'")

nearest = rk.ik(robot, T, method="analytic", q0=np.zeros(6))
print(f"\nanalytic, nearest to q0 = 0: q = {nearest.q}  ({nearest.reason})")

start = time.perf_counter()
for _ in range(2000):
    rk.ik_analytic(robot, T)
per_pose = (time.perf_counter() - start) / 2000
print(f"\nall 8 solutions take {per_pose * 1e6:.1f} us per pose from Python")
