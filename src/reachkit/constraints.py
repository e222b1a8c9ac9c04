"""Constraints a solve keeps besides the joint limits, as the user writes them; each
becomes an inequality-row provider of the kernels (`reachkit.kernels.ik.constraints`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import NotSupportedError, TargetError
from .kernels.ik import constraints as rows


@dataclass(frozen=True)
class ToolHalfSpace:
    """Keep the tool point on one side of a plane: normal . p_world_tool >= offset.

    normal: (3,) direction in the world frame (normalised here); offset: metres along it.
    Example: ToolHalfSpace([0, 0, 1], 0.05) keeps the tool 5 cm above the plane z = 0."""

    normal: Any
    offset: float

    def __post_init__(self) -> None:
        normal = np.asarray(self.normal, dtype=float) if _numeric(self.normal) else None
        if normal is None or normal.shape != (3,) or not np.all(np.isfinite(normal)):
            raise TargetError(f"ToolHalfSpace normal must be 3 finite numbers, got {self.normal!r}")
        scale = float(np.max(np.abs(normal)))
        if scale == 0.0:
            raise TargetError("ToolHalfSpace normal must not be zero")
        normal = normal / scale
        normal = normal / np.linalg.norm(normal)
        if isinstance(self.offset, bool) or not isinstance(self.offset, (int, float, np.number)) \
                or not math.isfinite(self.offset):
            raise TargetError(f"ToolHalfSpace offset must be a finite number (m), got {self.offset!r}")
        object.__setattr__(self, "normal", tuple(float(x) for x in normal))
        object.__setattr__(self, "offset", float(self.offset))

    def record(self) -> rows.ToolHalfSpace:
        """The kernels' row provider."""
        return rows.ToolHalfSpace(np.array(self.normal), self.offset)


@dataclass(frozen=True, eq=False)
class JointInequality:
    """Linear inequalities in joint space: A q >= b (rad or m), A (k, dof), b (k,) with
    k <= 16; e.g. coupled limits such as q2 + q3 <= 2.5 as A = [[0, -1, -1, ...]], b = [-2.5]."""

    A: Any
    b: Any

    def __post_init__(self) -> None:
        A = np.asarray(self.A, dtype=float) if _numeric(self.A) else None
        b = np.asarray(self.b, dtype=float) if _numeric(self.b) else None
        if A is None or b is None or A.ndim != 2 or b.shape != (A.shape[0],) \
                or not 1 <= A.shape[0] <= rows.ROW_CAPACITY \
                or not (np.all(np.isfinite(A)) and np.all(np.isfinite(b))):
            raise TargetError(f"JointInequality needs finite A (k, dof) and b (k,) with 1 <= k <= "
                              f"{rows.ROW_CAPACITY}, got shapes {np.shape(self.A)} and {np.shape(self.b)}")
        object.__setattr__(self, "A", np.ascontiguousarray(A))
        object.__setattr__(self, "b", np.ascontiguousarray(b))

    def record(self) -> rows.JointLinear:
        """The kernels' row provider."""
        return rows.JointLinear(self.A, self.b)


def _numeric(value: Any) -> bool:
    try:
        np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    return True


def row_provider(constraints: Sequence[Any] | None, dof: int) -> tuple:
    """The kernels' row provider of `constraints` (None or a list of constraint objects;
    one for now) for a robot of `dof` joints: `NO_ROWS` when there are none."""
    if constraints is None:
        return rows.NO_ROWS
    if not isinstance(constraints, (list, tuple)):
        raise TargetError(f"constraints must be a list of reachkit.constraints objects or None, "
                          f"got {type(constraints).__name__}")
    if not constraints:
        return rows.NO_ROWS
    for item in constraints:
        if not isinstance(item, (ToolHalfSpace, JointInequality)):
            raise TargetError(f"unknown constraint {item!r}; use reachkit.constraints."
                              "ToolHalfSpace or JointInequality")
    if len(constraints) > 1:
        raise NotSupportedError("one constraint per solve for now; got "
                                f"{len(constraints)}")
    item = constraints[0]
    if isinstance(item, JointInequality) and item.A.shape[1] != dof:
        raise TargetError(f"JointInequality A has {item.A.shape[1]} columns for a robot with "
                          f"{dof} joints")
    return item.record()


SLACK_TOLERANCE = rows.SLACK_TOLERANCE


COLLISION_ACTIVATION = 0.05  # m: pairs nearer than margin + this give rows


def collision_provider(robot: Any, scene: Any, self_collision: bool, margin: float) -> tuple:
    """The kernels' row provider keeping robot's collision shapes `margin` (m) from the
    scene (`reachkit.collision.Scene`, a list of shapes, or None) and, when
    self_collision, from each other; `NO_ROWS` when there is nothing to keep."""
    if not isinstance(self_collision, (bool, np.bool_)):
        raise TargetError(f"self_collision must be True or False, got {self_collision!r}")
    if isinstance(margin, bool) or not isinstance(margin, (int, float, np.number)) \
            or not math.isfinite(margin):
        raise TargetError(f"margin must be a finite number of metres, got {margin!r}")
    if scene is None and not self_collision:
        return rows.NO_ROWS
    import numba

    from .collision.kernels.layout import work_size
    from .collision.query import packed_for
    from .collision.scene import as_scene

    packed = packed_for(robot, as_scene(scene))
    work = np.zeros((numba.config.NUMBA_NUM_THREADS, work_size(packed)))
    return rows.LinkDistances(packed, float(margin), float(margin) + COLLISION_ACTIVATION,
                              bool(self_collision), work,
                              _clear_starts(robot, packed, float(margin), bool(self_collision)))


_CLEAR_STARTS: dict[tuple, tuple] = {}


def _clear_starts(robot: Any, packed: np.ndarray, margin: float,
                  self_collision: bool) -> np.ndarray:
    """The verdicts on robot's seed-table rows (`kernels/ik/clear_starts.py`) for one
    packed model and scene (`collision.query.packed_for`), margin and self_collision,
    shared by the solves that keep them: each row is checked once, not once per call
    (a reachability map calls ik_batch once per chunk)."""
    from .ik.seeds import seed_table

    table_q = seed_table(robot).q
    key = (id(packed), id(table_q), margin, self_collision)
    hit = _CLEAR_STARTS.get(key)
    if hit is None or hit[0] is not packed or hit[1] is not table_q:
        if len(_CLEAR_STARTS) > 16:
            _CLEAR_STARTS.clear()
        hit = _CLEAR_STARTS[key] = (packed, table_q, np.zeros(len(table_q)))
    return hit[2]
