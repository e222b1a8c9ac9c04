"""Mimic joints: chain joints driven by another joint's value, q_follower = m q_leader + o.

A robot's coordinates (its `dof` joint values) drive its chain joints: chain joint i
takes the value multiplier[i] * q[index[i]] + offset[i]. An ordinary joint is its own
coordinate (multiplier 1, offset 0); a mimic joint (URDF `<mimic>`) follows its
leader's coordinate. A leader off the chain (a gripper's other finger) is still a
coordinate, named after it. FK expands q to the chain's values; the Jacobian folds a
follower's column into its leader's: J = J_chain C with C[i, index[i]] = multiplier[i].
A leader's limits are narrowed so that every follower stays inside its own limits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from . import validate
from .errors import ModelError
from .joint import Joint

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Mimic:
    """Chain joint `joint` follows `leader`: q_joint = multiplier * q_leader + offset.

    When the leader is not a joint of the chain, leader_kind ("R" / "P") and
    leader_lower / leader_upper describe it (the coordinate it becomes).
    """

    joint: str
    leader: str
    multiplier: float = 1.0
    offset: float = 0.0
    leader_kind: str | None = None
    leader_lower: float = -math.inf
    leader_upper: float = math.inf


@dataclass(frozen=True, eq=False)
class Coupling:
    """names / kinds (dof,): the coordinates; index (n,) int64, multiplier (n,), offset
    (n,): how they drive the n chain joints; limits (2, dof) narrowed so every follower
    stays in range; identity: True when no joint mimics another."""

    names: tuple[str, ...]
    kinds: tuple[str, ...]
    index: NDArray[np.int64]
    multiplier: Array
    offset: Array
    limits: Array
    identity: bool

    def matrix(self) -> Array:
        """C (n, dof): d q_chain / d q, C[i, index[i]] = multiplier[i] (dense)."""
        C = np.zeros((self.index.shape[0], len(self.names)))
        C[np.arange(self.index.shape[0]), self.index] = self.multiplier
        return C

    def expand(self, q: Array) -> Array:
        """Chain joint values (..., n) of coordinates q (..., dof)."""
        return q[..., self.index] * self.multiplier + self.offset

    def fold(self, J_chain: Array) -> Array:
        """Jacobian (..., 6, dof) of a chain Jacobian (..., 6, n): J_chain C, summed
        column by column (no dense C)."""
        columns = np.moveaxis(J_chain * self.multiplier, -1, 0)  # (n, ..., 6)
        folded = np.zeros((len(self.names),) + columns.shape[1:])
        np.add.at(folded, self.index, columns)
        return np.moveaxis(folded, 0, -1)

    def follows(self, i: int, name: str) -> bool:
        """True when chain joint i (named `name`) is not simply its own coordinate."""
        return not (self.names[self.index[i]] == name and self.multiplier[i] == 1.0
                    and self.offset[i] == 0.0)


def _check(mimic: Mimic, names: list[str]) -> None:
    where = f"mimic joint {mimic.joint!r}"
    if mimic.joint not in names:
        raise ModelError(f"{where}: no such joint on the chain (joints: {', '.join(names)})")
    for label in ("multiplier", "offset"):
        value = getattr(mimic, label)
        if not validate.is_real(value) or not math.isfinite(value):
            raise ModelError(f"{where}: {label} must be a finite number, got {value!r}")
    if mimic.leader == mimic.joint:
        raise ModelError(f"{where}: a joint cannot mimic itself")


def _resolve(mimics: dict[str, Mimic], name: str) -> tuple[str, float, float]:
    """(final leader, multiplier, offset) of joint `name`, following chains of mimics."""
    multiplier, offset, seen = 1.0, 0.0, [name]
    while name in mimics:
        m = mimics[name]
        multiplier, offset = multiplier * m.multiplier, offset + multiplier * m.offset
        name = m.leader
        if name in seen:
            raise ModelError(f"mimic joints {' -> '.join(map(repr, seen + [name]))} form a cycle")
        seen.append(name)
    return name, multiplier, offset


def _narrow(lower: float, upper: float, joint: Joint, m: float, o: float) -> tuple[float, float]:
    """The leader range [lower, upper] narrowed so that m q + o stays in joint's limits."""
    if m == 0.0:
        if not joint.lower <= o <= joint.upper:
            raise ModelError(f"mimic joint {joint.name!r}: multiplier 0 holds it at {o}, outside "
                             f"its limits [{joint.lower}, {joint.upper}]")
        return lower, upper
    a, b = (joint.lower - o) / m, (joint.upper - o) / m
    return max(lower, min(a, b)), min(upper, max(a, b))


def build_coupling(joints: Sequence[Joint], mimic: Sequence[Mimic] | None) -> Coupling:
    """The coupling of chain `joints` with the `mimic` relations (None or empty: every
    joint is its own coordinate). ModelError for unknown joints, bad numbers, cycles,
    a joint that mimics twice, and a leader whose narrowed range is empty."""
    names = [j.name for j in joints]
    mimic = list(mimic or ())
    if not mimic:
        return _identity(joints, names)
    if not all(isinstance(m, Mimic) for m in mimic):
        raise ModelError("mimic must be a list of reachkit.coupling.Mimic records")
    mimics: dict[str, Mimic] = {}
    for m in mimic:
        _check(m, names)
        if m.joint in mimics:
            raise ModelError(f"mimic joint {m.joint!r} is given two leaders")
        mimics[m.joint] = m
    external = {m.leader: m for m in mimic if m.leader not in names}
    coordinates: dict[str, int] = {}  # name -> index, in order of first use on the chain
    relation = []
    for name in names:
        leader, multiplier, offset = _resolve(mimics, name)
        relation.append((coordinates.setdefault(leader, len(coordinates)), multiplier, offset))
    by_name = dict(zip(names, joints))
    order = list(coordinates)
    kinds, bounds = [], []
    for c in coordinates:
        if c in by_name:
            kinds.append(by_name[c].kind)
            bounds.append([by_name[c].lower, by_name[c].upper])
        else:
            m = external[c]
            kind = m.leader_kind or by_name[m.joint].kind
            if kind not in ("R", "P"):
                raise ModelError(f"leader {c!r}: kind must be 'R' or 'P', got {kind!r}")
            kinds.append(kind)
            bounds.append([m.leader_lower, m.leader_upper])
    for joint, (c, multiplier, offset) in zip(joints, relation):
        if joint.name != order[c]:
            bounds[c] = list(_narrow(bounds[c][0], bounds[c][1], joint, multiplier, offset))
            if bounds[c][0] > bounds[c][1]:
                raise ModelError(f"no value of {order[c]!r} keeps mimic joint {joint.name!r} "
                                 f"(q = {multiplier} * {order[c]} + {offset}) inside its limits "
                                 f"[{joint.lower}, {joint.upper}]")
    index = np.array([r[0] for r in relation], dtype=np.int64)
    multiplier = np.array([r[1] for r in relation], dtype=float)
    offset = np.array([r[2] for r in relation], dtype=float)
    limits = np.array(bounds, dtype=float).reshape(len(order), 2).T.copy()
    identity = not mimics
    for a in (index, multiplier, offset):
        a.setflags(write=False)
    return Coupling(tuple(order), tuple(kinds), index, multiplier, offset, limits, identity)


def _identity(joints: Sequence[Joint], names: list[str]) -> Coupling:
    """Every joint its own coordinate (the common case, built without the general loop)."""
    n = len(joints)
    index, multiplier, offset = np.arange(n, dtype=np.int64), np.ones(n), np.zeros(n)
    for a in (index, multiplier, offset):
        a.setflags(write=False)
    limits = np.array([[j.lower for j in joints], [j.upper for j in joints]], dtype=float)
    return Coupling(tuple(names), tuple(j.kind for j in joints), index, multiplier, offset, limits, True)


def direct_joints(joints: Sequence[Joint], coupling: Coupling) -> list[Joint] | None:
    """Joints that take the coordinates directly, one each, when the coupling allows it:
    every coordinate drives one chain joint with multiplier +1 or -1 (a gripper finger
    that mimics the other finger, off the chain). Rot(a, m q + o + offset) equals
    Rot(m a, q + m (o + offset)) for m = +-1 (likewise for slides), so such a joint is an
    ordinary joint about m a with offset m (o + offset), which every kernel, solver and
    closed form handles. None when some coordinate drives several joints or scales one."""
    if coupling.identity:
        return list(joints)
    if len(set(coupling.index.tolist())) != len(joints) or not np.all(np.abs(coupling.multiplier) == 1.0):
        return None
    direct = []
    for joint, m, o in zip(joints, coupling.multiplier, coupling.offset):
        direct.append(Joint(name=joint.name, kind=joint.kind, T_parent_joint=joint.T_parent_joint,
                            axis=m * joint.axis, T_joint_link=joint.T_joint_link,
                            offset=float(m * (o + joint.offset)), lower=joint.lower, upper=joint.upper))
    return direct
