"""The solver's view of a robot's joints: its chain, and how the dof joint values drive
the chain's joints (`reachkit.coupling`; see `kernels.ik.records.Arm`)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from ..kernels.transform import PRISMATIC, REVOLUTE
from ..robot import Robot


class SolverJoints(NamedTuple):
    """n chain joints driven by d joint values. fixed (n + 1, 4, 4), chain_kinds (n,)
    int64, offsets (n,): the compiled chain. coupled: whether any chain joint is not
    simply its own value; then chain joint i = multiplier[i] q[leader[i]] + shift[i]
    (leader, multiplier, shift (n,)). kinds (d,) int64: REVOLUTE for a joint value the
    solver may move by 2 pi (wrapping it into its limits), PRISMATIC otherwise."""

    fixed: NDArray[np.float64]
    chain_kinds: NDArray[np.int64]
    offsets: NDArray[np.float64]
    coupled: bool
    leader: NDArray[np.int64]
    multiplier: NDArray[np.float64]
    shift: NDArray[np.float64]
    kinds: NDArray[np.int64]


def solver_joints(robot: Robot) -> SolverJoints:
    """The robot's `SolverJoints` (see `Robot.driven_chain`)."""
    chain, coupling = robot.driven_chain
    n = chain.kinds.shape[0]
    if coupling is None:
        return SolverJoints(chain.fixed, chain.kinds, chain.offsets, False,
                            np.arange(n, dtype=np.int64), np.ones(n), np.zeros(n), chain.kinds)
    return SolverJoints(chain.fixed, chain.kinds, chain.offsets, True, coupling.index,
                        coupling.multiplier, coupling.offset,
                        wrapping_kinds(chain.kinds, coupling.index, coupling.multiplier, robot.dof))


def wrapping_kinds(chain_kinds: NDArray[np.int64], leader: NDArray[np.int64],
                   multiplier: NDArray[np.float64], dof: int) -> NDArray[np.int64]:
    """(dof,) REVOLUTE where moving the joint value by 2 pi leaves every chain joint it
    drives at an equivalent angle (all revolute, integer multipliers), else PRISMATIC: a
    leader whose follower turns at half its rate must keep its value as it is."""
    kinds = np.full(dof, REVOLUTE, dtype=np.int64)
    for kind, k, m in zip(chain_kinds, leader, multiplier):
        if kind != REVOLUTE or m != round(m):
            kinds[k] = PRISMATIC
    return kinds
