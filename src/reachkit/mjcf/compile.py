"""An MJCF file compiled by MuJoCo's own parser (extra "mjcf": the `mujoco` package), and
the kinematic content of the compiled model as plain records.

MuJoCo resolves everything MJCF can say about frames before reachkit looks: default
classes and childclass, angle units, euler sequences, axis-angle and xyaxes
orientations, fromto, includes. reachkit then reads the compiled body tree:
body_parentid, body_pos / body_quat (each body frame in its parent's frame) and, per
joint, its type, anchor jnt_pos and axis jnt_axis (body frame), range and qpos0.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError
from ..extras import require
from ..spatial import quaternion_to_matrix, transform

Array = NDArray[np.float64]
JOINT_KINDS = {0: "free", 1: "ball", 2: "slide", 3: "hinge"}  # mjtJoint


def import_mujoco() -> Any:
    """The mujoco module, or a MissingDependencyError (a NotSupportedError) saying how to
    install it."""
    return require("mujoco", "mjcf", "reading MJCF files")


@dataclass(frozen=True, eq=False)
class MjJoint:
    """One joint of a body: kind "hinge" / "slide" / "ball" / "free"; anchor (3,) and
    unit axis (3,) in the body frame; ref = qpos0, the value at which the body sits at
    its modelled pose; lower, upper: the range, -inf / inf when unlimited."""

    name: str
    kind: str
    anchor: Array
    axis: Array
    ref: float
    lower: float
    upper: float


@dataclass(frozen=True, eq=False)
class MjBody:
    """A body: its parent's index (-1 for the world body), pose T_parent_body (4, 4) in
    the parent body frame and its joints in file order."""

    name: str
    parent: int
    T_parent_body: Array
    joints: tuple[MjJoint, ...]


@dataclass(frozen=True, eq=False)
class MjEquality:
    """An active joint equality: joint1 - ref1 = polycoef(joint2 - ref2), polycoef (5,)
    the polynomial's coefficients a0..a4 (joint2 None: joint1 held at ref1 + a0)."""

    name: str
    joint1: str
    joint2: str | None
    polycoef: Array


@dataclass(frozen=True, eq=False)
class MjcfModel:
    """Bodies in MuJoCo's order (0 is the world body; a parent precedes its children),
    joints by name, active joint equalities, and the compiled MjModel itself."""

    name: str
    bodies: tuple[MjBody, ...]
    model: Any
    joints: dict[str, MjJoint]
    equalities: tuple[MjEquality, ...]


def compile_mjcf(source: str | os.PathLike[str]) -> MjcfModel:
    """Compile an MJCF file path (or MJCF XML text) with MuJoCo and read its bodies."""
    mujoco = import_mujoco()
    text = isinstance(source, str) and source.lstrip("\ufeff \t\r\n").startswith("<")
    if not text and (not isinstance(source, (str, os.PathLike)) or not Path(source).is_file()):
        raise ModelError(f"no MJCF file at {source!r} (pass the path of a MuJoCo .xml file or its text)")
    try:
        model = (mujoco.MjModel.from_xml_string(source.lstrip("\ufeff \t\r\n")) if text
                 else mujoco.MjModel.from_xml_path(str(source)))
    except (ValueError, RuntimeError) as exc:  # MuJoCo names the element and line
        raise ModelError(f"MuJoCo could not compile the MJCF: {str(exc).strip()}") from exc
    bodies = tuple(_body(model, b) for b in range(model.nbody))
    joints = {j.name: j for body in bodies for j in body.joints}
    return MjcfModel(name=model.names[:model.names.index(b"\0")].decode() or "robot",
                     bodies=bodies, model=model, joints=joints, equalities=_equalities(model))


def _equalities(model: Any) -> tuple[MjEquality, ...]:
    found = []
    for e in range(model.neq):
        if int(model.eq_type[e]) != 2 or not model.eq_active0[e]:  # mjEQ_JOINT
            continue
        second = int(model.eq_obj2id[e])
        found.append(MjEquality(
            name=_name(model, "eq", e, f"equality{e}"),
            joint1=_name(model, "joint", int(model.eq_obj1id[e]), f"joint{int(model.eq_obj1id[e])}"),
            joint2=None if second < 0 else _name(model, "joint", second, f"joint{second}"),
            polycoef=np.array(model.eq_data[e, :5], dtype=float)))
    return tuple(found)


def _name(model: Any, kind: str, index: int, fallback: str) -> str:
    return getattr(model, kind)(index).name or fallback


def _body(model: Any, b: int) -> MjBody:
    name = _name(model, "body", b, "world" if b == 0 else f"body{b}")
    T = transform(quaternion_to_matrix(model.body_quat[b]), model.body_pos[b])
    first, count = int(model.body_jntadr[b]), int(model.body_jntnum[b])
    joints = tuple(_joint(model, j) for j in range(first, first + count)) if count > 0 else ()
    return MjBody(name=name, parent=int(model.body_parentid[b]) if b else -1, T_parent_body=T,
                  joints=joints)


def _joint(model: Any, j: int) -> MjJoint:
    kind = JOINT_KINDS.get(int(model.jnt_type[j]), "unknown")
    limited = bool(model.jnt_limited[j])
    lower, upper = (float(v) for v in model.jnt_range[j]) if limited else (-np.inf, np.inf)
    ref = float(model.qpos0[model.jnt_qposadr[j]]) if kind in ("hinge", "slide") else 0.0
    return MjJoint(name=_name(model, "joint", j, f"joint{j}"), kind=kind,
                   anchor=np.array(model.jnt_pos[j], dtype=float),
                   axis=np.array(model.jnt_axis[j], dtype=float), ref=ref, lower=lower, upper=upper)
