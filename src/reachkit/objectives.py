"""Secondary objectives for redundant arms, pursued in the null space of the primary task.

Each objective is a cost h(q) with a weight; the solvers (`pinv`, `dls`, `lm`) add the
motion -weight * grad h projected so that it does not disturb the target. The math lives
in Numba kernels (`reachkit.kernels.objectives`); these classes name and parametrise it.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import validate
from .errors import ModelError, TargetError
from .kernels import objectives as kernels
from .robot import Robot


class Objective:
    """Base class: a weighted cost h(q) with a kernel kind and a parameter row."""

    kind: int = -1

    def __init__(self, weight: float = 1.0) -> None:
        if not validate.is_real(weight) or not np.isfinite(weight) or weight < 0:
            raise TargetError(f"{type(self).__name__}: weight must be a non-negative number, got {weight!r}")
        self.weight = float(weight)

    def params(self, robot: Robot) -> NDArray[np.float64]:
        """The (dof,) parameter row the kernel reads."""
        return np.zeros(robot.dof)

    def value(self, robot: Robot, q: ArrayLike) -> float:
        """h(q), unweighted."""
        q = validate.joint_vector(q, _robot(robot).dof)
        lower, upper = robot.limits
        return float(kernels.objective_value(self.kind, self.params(robot), q, lower, upper, robot.fk(q)))

    def gradient(self, robot: Robot, q: ArrayLike) -> NDArray[np.float64]:
        """dh/dq (dof,), unweighted."""
        q = validate.joint_vector(q, _robot(robot).dof)
        lower, upper = robot.limits
        grad = np.zeros(robot.dof)
        kernels.add_objective_gradient(self.kind, 1.0, self.params(robot), q, lower, upper,
                                       robot.fk(q), robot.jacobian(q), grad)
        return grad


def _robot(robot: Robot) -> Robot:
    if not isinstance(robot, Robot):
        raise ModelError(f"expected a reachkit.Robot, got {type(robot).__name__}")
    return robot


class Posture(Objective):
    """Stay near a rest posture: h = 0.5 |q - q_rest|^2."""

    kind = kernels.POSTURE

    def __init__(self, q_rest: ArrayLike, weight: float = 1.0) -> None:
        super().__init__(weight)
        self.q_rest = validate._as_float_array(q_rest, "Posture q_rest").reshape(-1)
        if not np.all(np.isfinite(self.q_rest)):
            raise TargetError(f"Posture: q_rest contains NaN or inf: {self.q_rest}")

    def params(self, robot: Robot) -> NDArray[np.float64]:
        return validate.joint_vector(self.q_rest, robot.dof, "Posture q_rest")


class JointLimits(Objective):
    """Stay away from the limits: h = 0.5 sum(((q - mid) / range)^2) over limited joints."""

    kind = kernels.JOINT_LIMITS


class Orientation(Objective):
    """The tool angle of a planar arm: h = 0.5 (phi - phi_tool)^2, phi in radians measured
    from the world x axis to the tool x axis about world z."""

    kind = kernels.ORIENTATION

    def __init__(self, phi: float, weight: float = 1.0) -> None:
        super().__init__(weight)
        if not validate.is_real(phi) or not np.isfinite(phi):
            raise TargetError(f"Orientation: phi must be a finite angle in radians, got {phi!r}")
        self.phi = float(phi)

    def params(self, robot: Robot) -> NDArray[np.float64]:
        row = np.zeros(robot.dof)
        row[0] = self.phi
        return row


def pack(objectives: Sequence[Objective] | None, robot: Robot) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
    """(kinds (K,), weights (K,), params (K, dof)) for the kernels."""
    objectives = list(objectives or [])
    for objective in objectives:
        if not isinstance(objective, Objective):
            raise TargetError(f"secondary objectives must be reachkit.objectives.* instances, got {objective!r}")
    kinds = np.array([o.kind for o in objectives], dtype=np.int64)
    weights = np.array([o.weight for o in objectives], dtype=float)
    params = np.zeros((len(objectives), robot.dof))
    for k, objective in enumerate(objectives):
        params[k] = objective.params(robot)
    for array in (kinds, weights, params):
        array.setflags(write=False)  # the kernels are compiled for read-only inputs
    return kinds, weights, params


__all__ = ["JointLimits", "Objective", "Orientation", "Posture", "pack"]
