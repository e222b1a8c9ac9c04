"""`CollisionModel`: a robot's spheres and capsules per frame of robot.frames(q), and the
shape pairs checked for self-collision (`robot.collision_model`).

Where the shapes come from (`source`): "file" (the model file's <collision> elements,
fitted by `fit`), "hand-made" (the built-in robots, `builtin`) or "skeleton" (capsules
along the bones, for a robot with neither).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import ModelError
from . import builtin
from .fit import Fit, fit_shape
from .kernels import layout as L
from .pairs import sampled_pairs

Array = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class CollisionModel:
    """shapes: list of (frame, kind, params), frame indexing robot.frames(q); kind "sphere":
    params (cx, cy, cz, r), "capsule": (ax, ay, az, bx, by, bz, r), in that frame (m).
    pairs (K, 2): indices into shapes checked for self-collision. segments (S, 8): the
    kernels' shape rows (`kernels.layout`), over every chain joint (mimic joints
    included: the kernels take the chain's values, `coupling.expand`). fits: how each
    file shape was covered; pair_counts: what the pair sampling found."""

    shapes: list[tuple[int, str, tuple[float, ...]]]
    pairs: NDArray[np.int64]
    source: str
    segments: Array
    fits: tuple[Fit, ...] = ()
    pair_counts: dict[str, int] = field(default_factory=dict)

    def with_pairs(self, pairs: ArrayLike) -> CollisionModel:
        """The same shapes with these self-collision pairs (K, 2) of shape indices."""
        try:
            P = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        except (TypeError, ValueError) as exc:
            raise ModelError(f"pairs must be (K, 2) shape indices, got {pairs!r}") from exc
        if P.size and (P.min() < 0 or P.max() >= len(self.shapes) or np.any(P[:, 0] == P[:, 1])):
            raise ModelError(f"pairs must index two different shapes of {len(self.shapes)}")
        P.setflags(write=False)
        return replace(self, pairs=P, pair_counts={"given": len(P)})

    def packed(self) -> Array:
        """The robot part of the packed layout: shape rows (S, 8) (`kernels.layout`)."""
        return self.segments


def _capsules(robot: Any) -> tuple[list[tuple[int, Array, Array, float]], str, tuple[Fit, ...]]:
    shapes = robot.geometry.collision
    if shapes:
        out, fits = [], []
        for shape, frame, T in robot.geometry.placed("collision"):
            capsules, fit = fit_shape(shape)
            fits.append(fit)
            for a, b, r in capsules:
                out.append((frame, T[:3, :3] @ a + T[:3, 3], T[:3, :3] @ b + T[:3, 3], r))
        return out, "file", tuple(fits)
    written = builtin.HAND_MADE.get(robot.name)
    if written is not None and robot.dh_rows is not None and robot.dof == max(w[0] for w in written):
        return builtin.place(robot.frames(np.zeros(robot.dof)), written), "hand-made", ()
    samples = [robot.frames(q) for q in [np.zeros(robot.dof), *robot.random_q(3, seed=0)]]
    return builtin.skeleton(samples), "skeleton", ()


def _walk_rows(robot: Any, capsules: list[tuple[int, Array, Array, float]]) -> Array:
    """Shape rows in walk frames: walk frame k >= 1 is the moved motion frame of joint
    k - 1; robot frame k = walk_k @ link_frames[k - 1] (k < n), walk_n @ fixed[n]; robot
    frame 0 (the base) is placed in the world. Frames are those of every chain joint,
    followers of mimic joints included (the kernels walk the chain's values)."""
    chain, _ = robot.driven_chain
    n = len(chain.kinds)
    rows = np.zeros((len(capsules), L.SHAPE_FIELDS))
    for s, (k, a, b, r) in enumerate(capsules):
        if k == 0:
            T = chain.base
        elif k < n:
            T = chain.link_frames[k - 1]
        else:
            T = chain.fixed[n]
        rows[s] = [k, r, *(T[:3, :3] @ a + T[:3, 3]), *(T[:3, :3] @ b + T[:3, 3])]
    rows.setflags(write=False)
    return rows


def build_collision_model(robot: Any, samples: int = 2000, seed: int = 0) -> CollisionModel:
    """The collision model of a robot (see the module docstring); self-collision pairs
    from `samples` random configurations (`pairs.sampled_pairs`)."""
    capsules, source, fits = _capsules(robot)
    if not capsules:
        raise ModelError(f"robot {robot.name!r}: no collision shapes could be made")
    shapes = []
    for k, a, b, r in capsules:
        if np.allclose(a, b, rtol=0, atol=1e-12):
            shapes.append((k, "sphere", (*map(float, a), r)))
        else:
            shapes.append((k, "capsule", (*map(float, a), *map(float, b), r)))
    frames = np.array([c[0] for c in capsules], dtype=np.int64)
    ends = np.array([[c[1], c[2]] for c in capsules])
    radii = np.array([c[3] for c in capsules])
    pairs, counts = sampled_pairs(robot, frames, ends, radii, samples=samples, seed=seed)
    pairs.setflags(write=False)
    return CollisionModel(shapes, pairs, source, _walk_rows(robot, capsules), fits, counts)
