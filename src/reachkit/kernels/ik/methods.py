"""The method switch, the only one: which step family a rule record takes
(`records.LM`, ...). A search is compiled for one rule type, so it compiles that
method's step and nothing else. (Which generalised inverse a Jacobian rule uses is
the rule's own business: `least_squares.solve_task`.)

Adding a method: a rule record in `records.py`, its step (in `steps.py` or a file of
its own), one line below, and its Python description in `reachkit.ik.methods`."""

from numba import types
from numba.extending import overload

from ..numba_internals import OVERLOAD_OPTIONS
from .records import CCD, DLS, FD, GN, JT, LM, Pinv
from .steps import coordinate_step, finite_difference_step, jacobian_step, transpose_step


def method_step(rule, rows, arm, goal, budget, ws, m: int, E: float, unit_task: bool,
                clamp_steps: bool, polishing: bool, first: bool) -> bool:
    """One step of the rule's method (see `steps.py`); False when the search stalled.
    first: the search's first step; polishing: the final line-search pass. rows: an
    inequality-row provider (`constraints.py`), kept by the Jacobian methods."""
    raise NotImplementedError("method_step runs inside kernels only")


@overload(method_step, jit_options={**OVERLOAD_OPTIONS, "forceinline": True})
def _method_step(rule, rows, arm, goal, budget, ws, m, E, unit_task, clamp_steps, polishing, first):
    kind = rule.instance_class if isinstance(rule, types.BaseNamedTuple) else None
    if kind in (LM, DLS, Pinv):
        return lambda rule, rows, arm, goal, budget, ws, m, E, unit_task, clamp_steps, polishing, \
            first: jacobian_step(rule, rows, arm, goal, budget, ws, m, E, unit_task, clamp_steps,
                                 polishing)
    if kind is GN:
        return lambda rule, rows, arm, goal, budget, ws, m, E, unit_task, clamp_steps, polishing, \
            first: jacobian_step(rule, rows, arm, goal, budget, ws, m, E, unit_task, clamp_steps, True)
    if kind is JT:
        return lambda rule, rows, arm, goal, budget, ws, m, E, unit_task, clamp_steps, polishing, \
            first: transpose_step(arm, goal, budget, ws, m, E, first)
    if kind is FD:
        return lambda rule, rows, arm, goal, budget, ws, m, E, unit_task, clamp_steps, polishing, \
            first: finite_difference_step(rule, arm, goal, budget, ws, m, E, first)
    if kind is CCD:
        return lambda rule, rows, arm, goal, budget, ws, m, E, unit_task, clamp_steps, polishing, \
            first: coordinate_step(arm, goal, budget, ws)
    return None


def has_null_space(rule) -> bool:
    """Whether the rule's method can refine secondary objectives in its task's null
    space (pinv, dls, lm)."""
    raise NotImplementedError("has_null_space runs inside kernels only")


@overload(has_null_space, inline="always")
def _has_null_space(rule):
    kind = rule.instance_class if isinstance(rule, types.BaseNamedTuple) else None
    answer = kind in (LM, DLS, Pinv)
    return lambda rule: answer


def races_table_start(rule) -> bool:
    """Whether a search from a given q0 races the nearest seed-table start (LM only:
    see `search.RACE_MARGIN`)."""
    raise NotImplementedError("races_table_start runs inside kernels only")


@overload(races_table_start, inline="always")
def _races_table_start(rule):
    answer = isinstance(rule, types.BaseNamedTuple) and rule.instance_class is LM
    return lambda rule: answer
