"""Denavit-Hartenberg rows and their translation into `Joint`s.

Standard DH (Denavit-Hartenberg, as in Spong and Corke): link i is
    T_i = Rz(theta_i) Tz(d_i) Tx(a_i) Rx(alpha_i).
Modified DH (Craig): the row holds the parameters of the previous link's x axis,
    T_i = Rx(alpha_i-1) Tx(a_i-1) Rz(theta_i) Tz(d_i).
A revolute joint drives theta = q + offset; a prismatic one drives d = q + offset.
A flipped row (`flip=True`, the Robotics Toolbox's `flip`) turns the other way:
theta = -q + offset, or d = -q + offset.

A flipped row becomes a joint about (or along) -z with offset -offset: a rotation about
-z by q - offset is a rotation about z by -q + offset. The compiled chain aligns that
axis onto z like any URDF axis, so FK, Jacobians, every IK method and the closed forms
(which read the compiled chain) need nothing else.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .errors import ModelError
from .joint import Joint
from .spatial import rotx, rotz, transform, translation

CONVENTIONS = ("standard", "modified")


@dataclass(frozen=True)
class DH:
    """One DH row. Lengths in metres, angles in radians.

    For a revolute row `theta` is the joint variable (leave it 0, use `offset`); for a
    prismatic row `d` is (leave it 0, use `offset`). `qlim` = (lower, upper) limits the
    joint; None leaves it unlimited (a continuous joint). `flip` = True makes the joint
    turn (or slide) the other way: theta = -q + offset (d = -q + offset); the limits
    stay limits on q.
    """

    d: float = 0.0
    a: float = 0.0
    alpha: float = 0.0
    theta: float = 0.0
    offset: float = 0.0
    prismatic: bool = False
    qlim: tuple[float, float] | None = None
    flip: bool = False

    @property
    def kind(self) -> str:
        """"P" for a prismatic row, "R" for a revolute one."""
        return "P" if self.prismatic else "R"


def _rot_x(angle: float) -> np.ndarray:
    return transform(rotx(angle))


def _rot_z(angle: float) -> np.ndarray:
    return transform(rotz(angle))


def _check_row(index: int, row: DH) -> None:
    if not isinstance(row, DH):
        raise ModelError(f"DH row {index} must be a reachkit.DH, got {type(row).__name__}")
    values = {"d": row.d, "a": row.a, "alpha": row.alpha, "theta": row.theta, "offset": row.offset}
    for label, value in values.items():
        try:
            ok = math.isfinite(float(value))
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise ModelError(f"DH row {index}: {label} must be a finite number, got {value!r}")
    if not isinstance(row.prismatic, (bool, np.bool_)):
        raise ModelError(f"DH row {index}: prismatic must be True or False, got {row.prismatic!r}")
    if not isinstance(row.flip, (bool, np.bool_)):
        raise ModelError(f"DH row {index}: flip must be True or False, got {row.flip!r}")
    if not row.prismatic and row.theta != 0.0:
        raise ModelError(
            f"DH row {index}: theta is the joint variable of a revolute row; "
            f"put the constant {row.theta} in offset instead"
        )
    if row.prismatic and row.d != 0.0:
        raise ModelError(
            f"DH row {index}: d is the joint variable of a prismatic row; "
            f"put the constant {row.d} in offset instead"
        )
    if row.qlim is not None:
        try:
            lim = np.asarray(row.qlim, dtype=float)
        except (TypeError, ValueError):
            lim = np.full(1, np.nan)  # reported below
        if lim.shape != (2,) or np.isnan(lim).any():
            raise ModelError(f"DH row {index}: qlim must be (lower, upper), got {row.qlim!r}")
        if lim[0] > lim[1]:
            raise ModelError(f"DH row {index}: lower limit {lim[0]} is above upper limit {lim[1]}")


def dh_joints(rows: Sequence[DH], convention: str = "standard") -> list[Joint]:
    """Turn DH rows into Joints named q1, q2, ... ."""
    if not isinstance(convention, str) or convention not in CONVENTIONS:
        raise ModelError(f"unknown DH convention {convention!r}; use one of {CONVENTIONS}")
    rows = list(rows)
    if not rows:
        raise ModelError("the DH table is empty: give at least one reachkit.DH row")
    joints = []
    for i, row in enumerate(rows):
        _check_row(i, row)
        lower, upper = (-np.inf, np.inf) if row.qlim is None else map(float, row.qlim)
        if convention == "standard":
            after = translation(row.a, 0.0, 0.0) @ _rot_x(row.alpha)
            if row.prismatic:
                T_parent_joint, T_joint_link = _rot_z(row.theta), after
            else:
                T_parent_joint, T_joint_link = np.eye(4), translation(0.0, 0.0, row.d) @ after
        else:
            before = _rot_x(row.alpha) @ translation(row.a, 0.0, 0.0)
            if row.prismatic:
                T_parent_joint, T_joint_link = before @ _rot_z(row.theta), np.eye(4)
            else:
                T_parent_joint, T_joint_link = before, translation(0.0, 0.0, row.d)
        sign = -1.0 if row.flip else 1.0
        joints.append(Joint(
            name=f"q{i + 1}", kind=row.kind, T_parent_joint=T_parent_joint,
            axis=np.array([0.0, 0.0, sign]), T_joint_link=T_joint_link,
            offset=sign * float(row.offset), lower=lower, upper=upper,
        ))
    return joints
