"""The viewer's solver state, without any GUI: the configuration shown, the target, the
method, the last result and the closed-form solutions of the target. `Viewer` draws it;
tests can drive it directly."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import validate
from ..errors import NotSupportedError, OptionsError
from ..ik.result import IKResult
from ..ik.target import Target
from ..robot import Robot

Array = NDArray[np.float64]


def start_configuration(robot: Robot) -> Array:
    """q = 0 moved into the limits (the table's zero pose, where the limits allow it)."""
    lower, upper = robot.limits
    return np.clip(np.zeros(robot.dof), lower, upper)


def planar_angle(T: Array) -> float:
    """The tool angle phi (rad) of a pose: its x axis measured from the world x axis."""
    return float(np.arctan2(T[1, 0], T[0, 0]))


@dataclass
class SolverState:
    """What the viewer solves: target T (4, 4) world frame, by `method` with `options`,
    from the configuration shown (q), with or without orientation."""

    robot: Robot
    q: Array
    method: str = "lm"
    options: dict[str, Any] = field(default_factory=dict)
    orientation: bool = True
    planar: bool = False
    T_target: Array = field(default_factory=lambda: np.eye(4))
    result: IKResult | None = None
    solutions: Array = field(default_factory=lambda: np.empty((0, 0)))
    solve_seconds: float = 0.0
    analytic: bool = True
    lock: threading.Lock = field(default_factory=threading.Lock)

    def target(self) -> Target:
        """The solver's target: full pose, position only, or planar (x, y[, phi])."""
        T = self.T_target
        if self.planar:
            return Target.planar(T[0, 3], T[1, 3], planar_angle(T) if self.orientation else None)
        return Target(T) if self.orientation else Target.position(T[:3, 3])

    def set_method(self, method: str) -> None:
        from ..ik.methods import method_names

        if method not in method_names():
            raise OptionsError(f"unknown IK method {method!r}; choose one of {', '.join(method_names())}")
        self.method = method

    def solve(self, T_target: ArrayLike | None = None) -> IKResult:
        """Solve the target (T_target, if given, replaces it) from the current q; the
        answer becomes the configuration shown even when it misses (the closest found)."""
        from ..ik.solve import ik

        with self.lock:
            if T_target is not None:
                self.T_target = np.array(validate.pose(T_target, "target"), dtype=float)
            start = time.perf_counter()
            res = ik(self.robot, self.target(), method=self.method, q0=self.q, seed=0,
                     **self.options)
            self.solve_seconds = time.perf_counter() - start
            self.result, self.q = res, res.q.copy()
            self.solutions = self.closed_forms()
            return res

    def closed_forms(self) -> Array:
        """Every closed-form solution of the target, (k, dof); (0, dof) when the arm has no
        closed form (remembered: not asked again) or the target is out of reach."""
        if not self.analytic:
            return np.empty((0, self.robot.dof))
        from ..analytic import ik_analytic

        T = self.T_target
        if self.planar:
            T = self.target().T.copy()
            T[2, 3] = self.robot.frames(self.q)[0, 2, 3]
        try:
            return np.asarray(ik_analytic(self.robot, T), float).reshape(-1, self.robot.dof)
        except NotSupportedError:
            self.analytic = False
            return np.empty((0, self.robot.dof))
