"""`robot.lock({name: value})`: the same robot with some joints fixed at given values.

A locked joint's motion at its value becomes a constant transform, folded into the next
kept joint's T_parent_joint (or into the tool when no joint follows). FK of the locked
robot at the kept joints' values equals FK of the full robot with the locked values
inserted; the kept joints keep their names, axes, offsets and limits.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from . import validate
from .coupling import Mimic
from .errors import ModelError
from .geometry import LazyGeometry
from .joint import Joint
from .spatial import axis_angle_to_matrix, inverse, transform, translation

if TYPE_CHECKING:
    from .robot import Robot


def joint_motion(joint: Joint, q: float) -> np.ndarray:
    """The motion (4, 4) of `joint` at value q: about / along its axis by q + offset."""
    value = q + joint.offset
    if joint.kind == "R":
        return transform(axis_angle_to_matrix(joint.axis, value))
    return translation(*(joint.axis * value))


def _checked_values(robot: Robot, values: Mapping[str, float]) -> dict[int, float]:
    if not isinstance(values, Mapping):
        raise ModelError(f"lock takes a mapping {{joint name: value}}, got {type(values).__name__}")
    names = robot.joint_names
    locked = {}
    for name, value in values.items():
        if name not in names:
            raise ModelError(f"cannot lock {name!r}: no such joint (joints: {', '.join(names)})")
        if not validate.is_real(value) or not math.isfinite(value):
            raise ModelError(f"cannot lock {name!r} at {value!r}: the value must be a finite number")
        i = names.index(name)
        lower, upper = robot.limits[:, i]
        if not lower - 1e-12 <= value <= upper + 1e-12:
            raise ModelError(f"cannot lock {name!r} at {value}: outside its limits [{lower}, {upper}]")
        locked[i] = float(value)
    if len(locked) == robot.dof:
        raise ModelError("cannot lock every joint: a robot needs at least one movable joint")
    # keys: indices of joint values (coordinates), which mimic joints follow
    return locked


def lock_joints(robot: Robot, values: Mapping[str, float]) -> Robot:
    """A new Robot: `robot` with the joints named in `values` fixed at those values
    (radians or metres). Locking a mimic leader fixes its followers too. ModelError for
    unknown names, non-finite values, values outside the limits, or locking every joint."""
    from .robot import Robot

    locked = _checked_values(robot, values)
    coupling = robot.coupling
    joints: list[Joint] = []
    mimic: list[Mimic] = []
    kept: list[int] = []  # chain joints kept
    carry = np.eye(4)
    for i, joint in enumerate(robot.joints):
        c, m, o = int(coupling.index[i]), float(coupling.multiplier[i]), float(coupling.offset[i])
        if c in locked:
            carry = carry @ joint.T_parent_joint @ joint_motion(joint, m * locked[c] + o) @ joint.T_joint_link
            continue
        joints.append(Joint(name=joint.name, kind=joint.kind, T_parent_joint=carry @ joint.T_parent_joint,
                            axis=joint.axis, T_joint_link=joint.T_joint_link, offset=joint.offset,
                            lower=joint.lower, upper=joint.upper))
        if coupling.follows(i, joint.name):
            lower, upper = robot.limits[:, c]
            mimic.append(Mimic(joint=joint.name, leader=coupling.names[c], multiplier=m, offset=o,
                               leader_kind=coupling.kinds[c], leader_lower=lower, leader_upper=upper))
        kept.append(i)
        carry = np.eye(4)
    tool = carry @ robot.tool
    shape = Robot(joints, name=robot.name, base=robot.base, tool=tool, mimic=mimic)
    columns = [robot.joint_names.index(name) for name in shape.joint_names]
    limits = robot.limits[:, columns]
    geometry = None
    if robot._geometry is not None:  # kept lazy: a file's shapes are read on first use
        moves = _frame_moves(robot, shape, locked, kept, columns)
        geometry = LazyGeometry(lambda: robot.geometry.reframed(moves))
    return Robot(joints, name=robot.name, base=robot.base, tool=tool, limits=limits,
                 geometry=geometry, mimic=mimic)


def _frame_moves(full: Robot, locked_robot: Robot, locked: dict[int, float], kept: list[int],
                 columns: list[int]) -> list[tuple[int, np.ndarray]]:
    """For each frame k of the full robot's chain: (its frame in the locked robot,
    T_new_old (4, 4)), measured at one configuration (the transforms are constant)."""
    q_full = np.zeros(full.dof)
    for c, value in locked.items():
        q_full[c] = value
    old = full.frames(q_full)
    new = locked_robot.frames(q_full[columns])
    moves = []
    for k in range(len(full.joints) + 1):
        m = sum(1 for i in kept if i < k)  # old frame k follows chain joint k - 1
        moves.append((m, inverse(new[m]) @ old[k]))
    return moves
