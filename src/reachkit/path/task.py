"""`PathTask`: everything `ik_path` was asked, checked once and shared by its parts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..ik.options import IKOptions
from ..ik.target import Target
from ..objectives import Objective
from ..robot import Robot
from .conditioning import length_scale
from .kernels import BOUND, LOWER, MASK, PARAM_ROWS, SCALARS, UPPER

Array = NDArray[np.float64]

DEFAULT_OPTIONS = IKOptions()  # built once: an IKOptions checks every field (~50 us)


@dataclass(frozen=True, eq=False)
class PathTask:
    """A checked `ik_path` request.

    robot: the arm. bound: (dof,) largest joint move between waypoints (rad / m).
    mask: (6,) 0/1 over (x y z rx ry rz) of the pose components that count, or None for
        the full pose. joint_limits: keep every configuration inside `robot.limits`.
    method: the numerical method given to `rk.ik` ("lm", ...) or "analytic".
    secondary: null-space objectives for every solve (None: none).
    options: extra `rk.ik` options (tolerances, damping ...).
    check_midpoint: solve the pose halfway between two waypoints and check it lies
        between their configurations (catches a branch switch hidden by a small step).
    max_depth: how many times a segment may be halved to follow the arm continuously.
    """

    robot: Robot
    bound: Array
    mask: Array | None
    joint_limits: bool
    method: str
    secondary: list[Objective] | None
    options: dict[str, Any] = field(default_factory=dict)
    check_midpoint: bool = True
    max_depth: int = 4

    @property
    def rows(self) -> NDArray[np.bool_]:
        """(6,) the pose components that count."""
        return np.ones(6, dtype=bool) if self.mask is None else self.mask.astype(bool)

    @property
    def tolerances(self) -> tuple[float, float]:
        """(position m, rotation rad) tolerances of the solves."""
        get = self.options.get
        return (float(get("position_tolerance", DEFAULT_OPTIONS.position_tolerance)),
                float(get("rotation_tolerance", DEFAULT_OPTIONS.rotation_tolerance)))

    def kernel_params(self) -> Array:
        """The (PARAM_ROWS, max(dof, 6)) `params` array of `kernels.accept_step`: limits,
        bound, mask, and (length scale, slack = 10 x the larger solver tolerance)."""
        dof = self.robot.dof
        tolerance = max(self.tolerances)
        params = np.zeros((PARAM_ROWS, max(dof, 6)))
        params[LOWER, :dof], params[UPPER, :dof] = self.robot.limits
        params[BOUND, :dof] = self.bound
        params[MASK, :6] = 1.0 if self.mask is None else self.mask
        params[SCALARS, :2] = length_scale(self.robot), 10.0 * tolerance
        return params

    def target(self, T_world_tool: Array) -> Target | Array:
        """What `rk.ik` is given for a waypoint: the plain pose (its fast path) when the
        whole pose counts, else a masked `Target`."""
        return T_world_tool if self.mask is None else Target(T_world_tool, mask=self.mask)
