"""Secondary objectives for redundant arms, pursued in the null space of the primary task.

Each objective is a cost h(q) with a weight; the solvers (`pinv`, `dls`, `lm`) descend
H(q) = sum_k weight_k h_k(q) with steps

    dq = J^# (r - J z) + z = J^# r + (I - J^# J) z,   z = -alpha grad H(q),

so the secondary motion never disturbs the target to first order, and once the target is
met they keep moving along the self-motion manifold (`IKOptions.secondary_iterations`),
accepting only steps after which the target is still met and H is lower.

The math lives in Numba kernels (`reachkit.kernels.objectives`); these classes name and
parametrise it. To add one: a kind id and its branches in `objective_value` and
`add_objective_gradient`, and a subclass here whose `params` fills the kernel row.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import validate
from .errors import ModelError, TargetError
from .kernels import objectives as kernels
from .robot import Robot


def param_width(robot: Robot) -> int:
    """Length P = max(dof, 6) of every kernel parameter row."""
    return max(robot.dof, 6)


class Objective:
    """Base class: a weighted cost h(q) (to be lowered) with a kernel kind and a parameter row."""

    kind: int = -1

    def __init__(self, weight: float = 1.0) -> None:
        if not validate.is_real(weight) or not np.isfinite(weight) or weight < 0:
            raise TargetError(f"{type(self).__name__}: weight must be a non-negative number, got {weight!r}")
        self.weight = float(weight)

    def params(self, robot: Robot) -> NDArray[np.float64]:
        """The (max(dof, 6),) parameter row the kernel reads."""
        return np.zeros(param_width(robot))

    def _kernel_inputs(self, robot: Robot, q: ArrayLike) -> tuple:
        q = validate.joint_vector(q, _robot(robot).dof)
        lower, upper = robot.limits
        T = np.ascontiguousarray(robot.fk(q))
        J = np.ascontiguousarray(robot.jacobian(q))
        work = np.empty(kernels.work_shape(robot.dof))
        return q, np.ascontiguousarray(lower), np.ascontiguousarray(upper), T, J, work

    def value(self, robot: Robot, q: ArrayLike) -> float:
        """h(q), unweighted."""
        q, lower, upper, T, J, work = self._kernel_inputs(robot, q)
        return float(kernels.objective_value(self.kind, self.params(robot), q, lower, upper, T, J, work))

    def gradient(self, robot: Robot, q: ArrayLike) -> NDArray[np.float64]:
        """dh/dq (dof,), unweighted."""
        q, lower, upper, T, J, work = self._kernel_inputs(robot, q)
        grad = np.zeros(robot.dof)
        kernels.add_objective_gradient(self.kind, 1.0, self.params(robot), q, lower, upper,
                                       robot.chain.kinds, T, J, work, grad)
        return grad

    def __repr__(self) -> str:
        return f"{type(self).__name__}(weight={self.weight:g})"


def _robot(robot: Robot) -> Robot:
    if not isinstance(robot, Robot):
        raise ModelError(f"expected a reachkit.Robot, got {type(robot).__name__}")
    return robot


class Posture(Objective):
    """Stay near a rest posture: h = 0.5 |q - q_rest|^2 (q_rest (dof,), rad or m)."""

    kind = kernels.POSTURE

    def __init__(self, q_rest: ArrayLike, weight: float = 1.0) -> None:
        super().__init__(weight)
        self.q_rest = validate._as_float_array(q_rest, "Posture q_rest").reshape(-1)
        if not np.all(np.isfinite(self.q_rest)):
            raise TargetError(f"Posture: q_rest contains NaN or inf: {self.q_rest}")

    def params(self, robot: Robot) -> NDArray[np.float64]:
        row = np.zeros(param_width(robot))
        row[:robot.dof] = validate.joint_vector(self.q_rest, robot.dof, "Posture q_rest")
        return row


class JointLimits(Objective):
    """Stay away from the limits (Liegeois): h = 0.5 sum(((q - mid) / range)^2) over the
    joints with finite limits; unlimited joints do not count."""

    kind = kernels.JOINT_LIMITS


class Orientation(Objective):
    """The tool angle of a planar arm: h = 0.5 wrap(phi - phi_tool)^2, phi in radians from
    the world x axis to the tool x axis about world z (phi_tool = atan2(R[1,0], R[0,0]),
    differentiated exactly, so it is defined for any arm whose tool x axis is not vertical).

    The classic use: reach (x, y) with `Target.planar(x, y)` first and the angle second;
    when the angle is impossible at (x, y) the arm takes the closest one the geometry allows.
    """

    kind = kernels.ORIENTATION

    def __init__(self, phi: float, weight: float = 1.0) -> None:
        super().__init__(weight)
        if not validate.is_real(phi) or not np.isfinite(phi):
            raise TargetError(f"Orientation: phi must be a finite angle in radians, got {phi!r}")
        self.phi = float(phi)

    def params(self, robot: Robot) -> NDArray[np.float64]:
        row = np.zeros(param_width(robot))
        row[0] = self.phi
        return row


class Manipulability(Objective):
    """Stay away from singularities: maximise Yoshikawa's measure w = sqrt(det(Jm Jm^T)),
    i.e. h = -w, with Jm the rows of the world-frame geometric Jacobian chosen by `axes`.

    axes: a 6-mask over (vx vy vz wx wy wz), e.g. [1, 1, 1, 0, 0, 0] for translational
        manipulability; None picks the rows the robot can move at all (x, y, rz for a
        planar arm, all six for a spatial 6- or 7-axis arm), found from its Jacobian at a
        few seeded random configurations.
    The gradient is analytic (see `reachkit.kernels.objectives`).
    """

    kind = kernels.MANIPULABILITY

    def __init__(self, axes: ArrayLike | None = None, weight: float = 1.0) -> None:
        super().__init__(weight)
        self.axes = None
        if axes is not None:
            mask = np.array(axes, dtype=float).reshape(-1)
            if mask.shape != (6,) or not np.all((mask == 0) | (mask == 1)) or not mask.any():
                raise TargetError(f"Manipulability: axes must be six 0/1 flags with at least one 1, got {axes!r}")
            self.axes = mask

    def rows(self, robot: Robot) -> NDArray[np.float64]:
        """The (6,) 0/1 row mask in use for this robot."""
        if self.axes is not None:
            return self.axes.copy()
        rng = np.random.default_rng(0)
        low, high = robot.sampling_bounds()
        Q = rng.uniform(low, high, size=(8, robot.dof))
        # One configuration at a time: the batch kernel, compiled for eight, cost ~2 s
        # of compile on a first secondary solve.
        largest = np.max([np.abs(robot.jacobian(q)).max(axis=1) for q in Q], axis=0)
        return (largest > 1e-9).astype(float)

    def params(self, robot: Robot) -> NDArray[np.float64]:
        row = np.zeros(param_width(robot))
        row[:6] = self.rows(robot)
        return row

    def measure(self, robot: Robot, q: ArrayLike) -> float:
        """w(q) = sqrt(det(Jm Jm^T)) >= 0 (the negated cost)."""
        return -self.value(robot, q)


def pack(objectives: Sequence[Objective] | None, robot: Robot) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
    """(kinds (K,), weights (K,), params (K, max(dof, 6))) for the kernels."""
    objectives = list(objectives or [])
    for objective in objectives:
        if not isinstance(objective, Objective):
            raise TargetError(f"secondary objectives must be reachkit.objectives.* instances, got {objective!r}")
    kinds = np.array([o.kind for o in objectives], dtype=np.int64)
    weights = np.array([o.weight for o in objectives], dtype=float)
    params = np.zeros((len(objectives), param_width(robot)))
    for k, objective in enumerate(objectives):
        params[k] = objective.params(robot)
    for array in (kinds, weights, params):
        array.setflags(write=False)  # the kernels are compiled for read-only inputs
    return kinds, weights, params


__all__ = ["JointLimits", "Manipulability", "Objective", "Orientation", "Posture", "pack", "param_width"]
