"""Franka Panda (7 axes): hold a full 6-D pose while the null space drifts toward a rest
posture, away from the joint limits, or away from singularities.

Run: PYTHONPATH=src python examples/08_panda_posture.py
"""

import numpy as np

import reachkit as rk
from reachkit.objectives import JointLimits, Manipulability, Posture

Q_REST = np.array([0.0, -0.3, 0.0, -2.2, 0.0, 2.0, 0.8])


def limit_margin(robot: rk.Robot, Q: np.ndarray) -> np.ndarray:
    """Smallest distance to a limit over the joints, as a fraction of each joint's range."""
    lower, upper = robot.limits
    return (np.minimum(Q - lower, upper - Q) / (upper - lower)).min(axis=1)


def solve(robot, targets, secondary, q0s=None):
    results = [rk.ik(robot, T, method="lm", seed=k, secondary=secondary,
                     q0=None if q0s is None else q0s[k]) for k, T in enumerate(targets)]
    worst = max(max(r.position_error for r in results), max(r.rotation_error for r in results))
    return np.array([r.q for r in results]), all(r.success for r in results), worst


def main() -> None:
    robot = rk.models.load("panda")
    rng = np.random.default_rng(21)
    lower, upper = robot.limits
    Q = np.clip(Q_REST + rng.normal(0.0, 0.5, size=(20, robot.dof)), lower + 1e-3, upper - 1e-3)
    targets = robot.fk(Q)
    manip = Manipulability()

    print("20 poses near rest, method lm")
    for label, secondary, q0s in [("no objective, q0=None", None, None),
                                  ("Posture(q_rest), q0=None", [Posture(Q_REST)], None),
                                  ("no objective, q0=config holding the pose", None, Q),
                                  ("Posture(q_rest), q0=config holding the pose", [Posture(Q_REST)], Q),
                                  ("JointLimits(), q0=config holding the pose", [JointLimits()], Q),
                                  ("Manipulability(), q0=config holding the pose", [manip], Q)]:
        q, ok, worst = solve(robot, targets, secondary, q0s)
        dist = np.linalg.norm(q - Q_REST, axis=1).mean()
        w = np.mean([manip.measure(robot, qi) for qi in q])
        print(f"  {label:46s} all met: {ok}  worst err {worst:.1e}  mean |q - q_rest| {dist:.3f}  "
              f"mean min limit margin {limit_margin(robot, q).mean():.3f}  mean manipulability {w:.4f}")


if __name__ == "__main__":
    main()
