"""Distance queries, the user's front door: `distance`, `closest`, `in_collision`,
`collision_free`, and `collision_rows` (the solver rows at one q, for checks)."""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass
from typing import Any

import numba
import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import validate
from ..errors import OptionsError
from .kernels.layout import work_size
from .kernels.query import nearest_batch_into, nearest_into
from .kernels.rows import collision_rows_into
from .pack import pack_collision
from .scene import Scene, as_scene

Array = NDArray[np.float64]
_PACKS: "weakref.WeakKeyDictionary[Any, dict[int, tuple[Any, Array]]]" = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Contact:
    """The nearest pair at one configuration: distance (m, signed: < 0 overlapping),
    shape (index into robot.collision_model.shapes), other (obstacle index into
    scene.obstacles, or a second shape index when self_collision is True)."""

    distance: float
    shape: int
    other: int
    self_collision: bool


def packed_for(robot: Any, scene: Scene | None) -> Array:
    """The packed vector of robot.collision_model and scene, cached per (model, scene)."""
    model = robot.collision_model
    per_model = _PACKS.setdefault(model, {})
    key = id(scene)
    hit = per_model.get(key)
    if hit is None or hit[0] is not scene:
        if len(per_model) > 8:
            per_model.clear()
        hit = (scene, pack_collision(model, scene, frames=len(robot.driven_chain[0].kinds) + 1))
        per_model[key] = hit
    return hit[1]


def _margin(value: Any, label: str) -> float:
    if not validate.is_real(value) or not math.isfinite(value):
        raise OptionsError(f"{label} must be a finite number of metres, got {value!r}")
    return float(value)


def _nearest(robot: Any, q: ArrayLike, scene: Any, self_collision: bool,
             stop: float) -> tuple[Array, NDArray[np.int64], bool]:
    scene = as_scene(scene)
    if not isinstance(self_collision, (bool, np.bool_)):
        raise OptionsError(f"self_collision must be True or False, got {self_collision!r}")
    Q = validate.joint_vector(q, robot.dof, batch=True)
    packed = packed_for(robot, scene)
    c, coupling = robot.driven_chain
    single = Q.ndim == 1
    Q2 = Q.reshape(-1, robot.dof)
    Q2 = np.ascontiguousarray(Q2 if coupling is None else coupling.expand(Q2))  # chain values
    d = np.empty(len(Q2))
    which = np.empty((len(Q2), 3), dtype=np.int64)
    if single:
        work = np.empty(work_size(packed))
        d[0], which[0, 0], which[0, 1], s = nearest_into(packed, c.fixed, c.kinds, c.offsets, Q2[0],
                                                          bool(self_collision), stop, work)
        which[0, 2] = int(s)
    else:
        work = np.empty((numba.get_num_threads(), work_size(packed)))
        nearest_batch_into(packed, c.fixed, c.kinds, c.offsets, Q2, bool(self_collision), stop,
                           work, d, which)
    return d, which, single


def distance(robot: Any, q: ArrayLike, scene: Any = None, self_collision: bool = True) -> Any:
    """Smallest signed distance (m) between the robot's collision shapes and the scene's
    obstacles (and between its self-collision pairs): float for q (dof,), (N,) for
    q (N, dof); < 0 where shapes overlap, inf when nothing is checked."""
    d, _, single = _nearest(robot, q, scene, self_collision, -math.inf)
    return float(d[0]) if single else d


def closest(robot: Any, q: ArrayLike, scene: Any = None, self_collision: bool = True) -> Any:
    """The nearest pair: a `Contact` for q (dof,), a list of them for q (N, dof)."""
    d, which, single = _nearest(robot, q, scene, self_collision, -math.inf)
    out = [Contact(float(v), int(w[0]), int(w[1]), bool(w[2])) for v, w in zip(d, which)]
    return out[0] if single else out


def in_collision(robot: Any, q: ArrayLike, scene: Any = None, margin: float = 0.0,
                 self_collision: bool = True) -> Any:
    """True where some distance is below margin (m): bool for q (dof,), (N,) for q (N, dof).
    Stops at the first pair found (cheaper than `distance`)."""
    margin = _margin(margin, "margin")
    d, _, single = _nearest(robot, q, scene, self_collision, margin)
    hit = d < margin
    return bool(hit[0]) if single else hit


def collision_free(robot: Any, Q: ArrayLike, scene: Any = None, self_collision: bool = True,
                   margin: float = 0.0) -> NDArray[np.bool_]:
    """Mask (N,) of the configurations Q (N, dof) (or (dof,): shape (1,)) whose distance
    is at least margin (m): the filter for closed-form solutions."""
    Q = np.asarray(Q, dtype=float) if not isinstance(Q, np.ndarray) else Q
    if Q.ndim == 2 and Q.shape[0] == 0:
        return np.zeros(0, dtype=bool)
    hit = in_collision(robot, np.atleast_2d(Q), scene, margin, self_collision)
    return ~hit


def collision_rows(robot: Any, q: ArrayLike, scene: Any = None, self_collision: bool = True,
                   margin: float = 0.0, activation: float = 0.05,
                   kmax: int = 16) -> tuple[Array, Array]:
    """The solver's rows at q (dof,): G (k, dof) = dd/dq and h (k,) = margin - d for every
    pair nearer than `activation` (m), nearest first, at most kmax (`kernels.rows`)."""
    margin = _margin(margin, "margin")
    activation = _margin(activation, "activation")
    q = validate.joint_vector(q, robot.dof)
    packed = packed_for(robot, as_scene(scene))
    c, coupling = robot.driven_chain
    if coupling is not None:  # rows over the chain's joints, folded onto the joint values
        q = np.ascontiguousarray(coupling.expand(q))
    G = np.empty((kmax, c.kinds.shape[0]))
    h = np.empty(kmax)
    k = collision_rows_into(packed, c.fixed, c.kinds, c.offsets, q, margin, activation,
                            bool(self_collision), np.empty(work_size(packed)), G, h)
    G = G[:k] if coupling is None else coupling.fold(G[:k])
    return G.copy(), h[:k].copy()
