"""Planar 3-link arm (links 1, 1, 1): reach (x, y) first, the tool angle phi second.

The angle is a secondary objective in the null space of the (x, y) task, so (x, y) is met
exactly and phi as well as the geometry allows. Compared with solving (x, y, phi) as one
3-D task, which must give up on both when phi is impossible at (x, y).

Run: PYTHONPATH=src python examples/02_planar_tool_angle_null_space.py
"""

import numpy as np

import reachkit as rk
from reachkit.objectives import Orientation


def tool_angle(robot: rk.Robot, q: np.ndarray) -> float:
    T = robot.fk(q)
    return float(np.arctan2(T[1, 0], T[0, 0]))


def best_angle(x: float, y: float, phi: float) -> float:
    """Closest feasible tool angle: the wrist (x, y) - (cos, sin) must be within 2 m."""
    d, bearing = np.hypot(x, y), np.arctan2(y, x)
    half = np.arccos(np.clip((d * d - 3.0) / (2.0 * d), -1.0, 1.0))
    offset = np.arctan2(np.sin(phi - bearing), np.cos(phi - bearing))
    return float(bearing + np.clip(offset, -half, half))


def main() -> None:
    robot = rk.models.planar([1.0, 1.0, 1.0])
    cases = [(1.5, 1.0, 0.3, "reachable together"), (2.5, 0.5, 2.2, "phi impossible here"),
             (0.0, 2.7, 0.0, "phi impossible here")]
    print(f"{'x':>5} {'y':>5} {'phi':>6} | {'method':6} | {'xy err (m)':>10} {'phi got':>8} "
          f"{'best phi':>8} | {'3-D task: xy err':>16} {'phi got':>8}")
    for x, y, phi, note in cases:
        for method in ("pinv", "dls", "lm"):
            res = rk.ik(robot, rk.Target.planar(x, y), method=method, seed=0,
                        secondary=[Orientation(phi)])
            joint = rk.ik(robot, rk.Target.planar(x, y, phi), method=method, seed=0)
            print(f"{x:5.2f} {y:5.2f} {phi:6.2f} | {method:6} | {res.position_error:10.2e} "
                  f"{tool_angle(robot, res.q):8.4f} {best_angle(x, y, phi):8.4f} | "
                  f"{joint.position_error:16.2e} {tool_angle(robot, joint.q):8.4f}   ({note})")


if __name__ == "__main__":
    main()
