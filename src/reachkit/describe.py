"""Readable text tables of a robot model, for `print(robot)` and `reachkit show`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .spatial import matrix_to_rpy

if TYPE_CHECKING:
    from .robot import Robot


def _degrees(value: float) -> str:
    """Degrees to 0.1; rounding then adding 0.0 turns -0.0 (and -0.04) into "0.0°"."""
    return f"{round(float(np.degrees(value)), 1) + 0.0:.1f}°"


def _number(value: float, angle: bool = False, unit: str = "") -> str:
    """A table cell: degrees for angles, else `value` with `unit` appended (no space, so a
    row splits into cells on whitespace); infinities without a unit."""
    if not np.isfinite(value):
        return "-inf" if value < 0 else "inf"
    if angle:
        return _degrees(value)
    return f"{value:.5g}{unit}"


def _joint_value(value: float, kind: str) -> str:
    """An offset or limit: degrees for revolute joints, metres ("0.25m") for prismatic ones."""
    return _number(value, angle=kind == "R", unit="" if kind == "R" else "m")


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    line = "  ".join(h.rjust(w) for h, w in zip(header, widths))
    body = ["  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in rows]
    return "\n".join([line, "-" * len(line), *body])


def _limits(robot: Robot, i: int) -> list[str]:
    kind = robot.joint_types[i]
    return [_joint_value(robot.limits[0, i], kind), _joint_value(robot.limits[1, i], kind)]


def _pose(T: np.ndarray) -> str:
    xyz = " ".join(f"{v:.4g}" for v in T[:3, 3])
    rpy = " ".join(_degrees(v) for v in matrix_to_rpy(T[:3, :3]))
    return f"xyz [{xyz}] m  rpy [{rpy}]"


def _mimic_text(multiplier: float, leader: str, offset: float) -> str:
    """"= m * leader + o" for a mimic joint."""
    text = f"= {multiplier:.4g} * {leader}"
    return text + (f" {'+' if offset >= 0 else '-'} {abs(offset):.4g}" if offset else "")


STANDARD_HEADER = ["theta", "d[m]", "a[m]", "alpha"]  # row j: Rz(theta) Tz(d) Tx(a) Rx(alpha)
MODIFIED_HEADER = ["a_{j-1}[m]", "alpha_{j-1}", "theta_j", "d_j[m]"]  # Craig: Rx Tx Rz Tz


def _dh_table(robot: Robot) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a DH robot, in the order its convention applies them: standard
    theta d a alpha; modified (Craig) a_{j-1} alpha_{j-1} theta_j d_j. The joint variable
    shows as q (-q when flipped); lengths in metres, angles in degrees."""
    modified = robot.convention == "modified"
    header = ["joint", "type", *(MODIFIED_HEADER if modified else STANDARD_HEADER),
              "offset", "lower", "upper"]
    rows = []
    for i, row in enumerate(robot.dh_rows or ()):
        variable = "-q" if row.flip else "q"  # flip: theta (or d) = -q + offset
        theta = _number(row.theta, True) if row.prismatic else variable
        d = variable if row.prismatic else _number(row.d)
        a, alpha = _number(row.a), _number(row.alpha, True)
        params = [a, alpha, theta, d] if modified else [theta, d, a, alpha]
        rows.append([robot.joint_names[i], row.kind, *params, _joint_value(row.offset, row.kind),
                     *_limits(robot, i)])
    return header, rows


def describe(robot: Robot) -> str:
    """A table: one row per joint with its type, parameters and limits."""
    title = f"{robot.name}: {robot.dof} joints ({''.join(robot.joint_types)})"
    if robot.dh_rows is not None:
        title += f", {robot.convention} DH"
        header, rows = _dh_table(robot)
    else:
        coupling = robot.coupling
        header = ["joint", "type", "origin xyz[m]", "origin rpy", "axis", "lower", "upper"]
        rows = []
        for i, joint in enumerate(robot.joints):
            T = joint.T_parent_joint
            c = int(coupling.index[i])
            follower = coupling.follows(i, joint.name)
            limits = ([_joint_value(joint.lower, joint.kind), _joint_value(joint.upper, joint.kind)]
                      if follower else _limits(robot, c))
            rows.append([
                joint.name, joint.kind,
                " ".join(f"{v:.4g}" for v in T[:3, 3]),
                " ".join(_degrees(v) for v in matrix_to_rpy(T[:3, :3])),
                " ".join(f"{v:.3g}" for v in joint.axis),
                *limits,
            ])
            if not coupling.identity:
                rows[-1].append(_mimic_text(coupling.multiplier[i], coupling.names[c],
                                            coupling.offset[i]) if follower else "")
        if not coupling.identity:
            header.append("mimics")
    lines = [title, _table(header, rows)]
    if not np.allclose(robot.base, np.eye(4)):
        lines.append(f"base: {_pose(robot.base)}")
    if not np.allclose(robot.tool, np.eye(4)):
        lines.append(f"tool: {_pose(robot.tool)}")
    return "\n".join(lines)
