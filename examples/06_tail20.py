"""A 20-link hyper-redundant tail (yaw/pitch joints, +-60 degrees each) reaching a point
while keeping smooth: Posture(zeros) in the null space spreads the bending over all links
instead of kinking a few.

Run: PYTHONPATH=src python examples/06_tail20.py
"""

import numpy as np

import reachkit as rk
from reachkit.objectives import Posture


def main() -> None:
    robot = rk.models.load("tail20")
    straight = np.zeros(robot.dof)
    rng = np.random.default_rng(4)
    points = [robot.fk(rng.uniform(-0.6, 0.6, robot.dof))[:3, 3] for _ in range(5)]
    print(f"{'point (m)':>24} | {'objective':9} | {'err (m)':>8} {'max bend (deg)':>14} "
          f"{'sum q^2':>8} {'max |q_i - q_i+2| (deg)':>24}")
    for p in points:
        for label, secondary in (("none", None), ("smooth", [Posture(straight)])):
            res = rk.ik(robot, rk.Target.position(p), method="lm", seed=1, secondary=secondary)
            q = res.q
            kink = np.degrees(np.abs(q[2:] - q[:-2]).max())  # same-axis neighbours
            print(f"{np.array2string(p, precision=3):>24} | {label:9} | {res.position_error:8.1e} "
                  f"{np.degrees(np.abs(q).max()):14.1f} {np.sum(q * q):8.3f} {kink:24.1f}")


if __name__ == "__main__":
    main()
