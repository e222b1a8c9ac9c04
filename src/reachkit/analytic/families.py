"""The closed-form solver of each family, chosen by the type of its record.

A plan carries one of these records (`solver_record`); `kernels.solve_into` is compiled
for the record's type, and `solve_family` picks the solver at compile time, so a first
closed form compiles only its own family's solver. With the choice made at run time
from an integer code, every listing compiled all four (the first Puma 560 listing:
51 s of compile, 15 s with the general 6R eigen-solver left out).
"""

from typing import Any, NamedTuple

import numpy as np
from numba import types
from numba.extending import overload

from ..kernels.numba_internals import NO_INHERITANCE, LinkOnlyWhenNested
from .general6r import solve_general6r
from .geometry import GENERAL_6R, PLANAR_3R, WRIST_PRISMATIC_ARM
from .planar import solve_planar
from .reverse import REVERSED
from .spherical import solve_spherical
from .three_parallel import solve_three_parallel


class PlanarSolver(NamedTuple):
    """Planar 2R / 3R arms, SCARA included. code: the plan's solver code (see
    `geometry`; plus `reverse.REVERSED` for a chain solved from the tool)."""

    code: int


class SphericalWristSolver(NamedTuple):
    """Pieper arms with a spherical wrist (Puma, KUKA KR, Stanford type)."""

    code: int


class ThreeParallelSolver(NamedTuple):
    """Pieper arms with three parallel axes (UR type)."""

    code: int


class General6RSolver(NamedTuple):
    """Every other 6R arm: the elimination of `general6r`."""

    code: int


def solver_record(code: int) -> NamedTuple:
    """The record of the family that solves a plan's code."""
    forward = code - REVERSED if code > REVERSED else code
    if forward == GENERAL_6R:
        return General6RSolver(code)
    if forward <= PLANAR_3R:
        return PlanarSolver(code)
    if forward <= WRIST_PRISMATIC_ARM:
        return SphericalWristSolver(code)
    return ThreeParallelSolver(code)


def solve_family(solver: Any, code: int, params: np.ndarray, size: float, n: int,
                 T: np.ndarray, out_q: np.ndarray, out_labels: np.ndarray, fixed: np.ndarray,
                 orders: np.ndarray, offsets: np.ndarray, status: np.ndarray) -> int:
    """The raw solutions of the family of `solver` (a record above) for the forward code
    `code` and a valid pose T (4, 4) into out_q / out_labels; returns their count (see
    `kernels.solve_into` for the other arrays). Runs inside kernels only."""
    raise NotImplementedError("solve_family runs inside kernels only")


@overload(solve_family, jit_options={**NO_INHERITANCE, "pipeline_class": LinkOnlyWhenNested})
def _solve_family(solver, code, params, size, n, T, out_q, out_labels, fixed, orders,
                  offsets, status):
    family = solver.instance_class if isinstance(solver, types.BaseNamedTuple) else None
    if family is General6RSolver:
        def general(solver, code, params, size, n, T, out_q, out_labels, fixed, orders,
                    offsets, status):
            count, status[0] = solve_general6r(fixed, orders, T, out_q)
            for k in range(count):
                for j in range(6):
                    out_q[k, j] -= offsets[j]
                out_labels[k, :] = 0
            return count
        return general
    if family is PlanarSolver:
        return lambda solver, code, params, size, n, T, out_q, out_labels, fixed, orders, \
            offsets, status: solve_planar(params, n, size, T, out_q, out_labels)
    if family is SphericalWristSolver:
        return lambda solver, code, params, size, n, T, out_q, out_labels, fixed, orders, \
            offsets, status: solve_spherical(params, code, T, out_q, out_labels)
    if family is ThreeParallelSolver:
        return lambda solver, code, params, size, n, T, out_q, out_labels, fixed, orders, \
            offsets, status: solve_three_parallel(params, T, out_q, out_labels)
    return None
