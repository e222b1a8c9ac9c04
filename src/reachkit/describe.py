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


def _number(value: float, angle: bool = False) -> str:
    if not np.isfinite(value):
        return "-inf" if value < 0 else "inf"
    if angle:
        return _degrees(value)
    return f"{value:.5g}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    line = "  ".join(h.rjust(w) for h, w in zip(header, widths))
    body = ["  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in rows]
    return "\n".join([line, "-" * len(line), *body])


def _limits(robot: Robot, i: int) -> list[str]:
    is_angle = robot.joint_types[i] == "R"
    return [_number(robot.limits[0, i], is_angle), _number(robot.limits[1, i], is_angle)]


def _pose(T: np.ndarray) -> str:
    xyz = " ".join(f"{v:.4g}" for v in T[:3, 3])
    rpy = " ".join(_degrees(v) for v in matrix_to_rpy(T[:3, :3]))
    return f"xyz [{xyz}]  rpy [{rpy}]"


def _mimic_text(multiplier: float, leader: str, offset: float) -> str:
    """"= m * leader + o" for a mimic joint."""
    text = f"= {multiplier:.4g} * {leader}"
    return text + (f" {'+' if offset >= 0 else '-'} {abs(offset):.4g}" if offset else "")


def describe(robot: Robot) -> str:
    """A table: one row per joint with its type, parameters and limits."""
    title = f"{robot.name}: {robot.dof} joints ({''.join(robot.joint_types)})"
    if robot.dh_rows is not None:
        title += f", {robot.convention} DH"
        header = ["joint", "type", "theta", "d", "a", "alpha", "offset", "lower", "upper"]
        rows = []
        for i, row in enumerate(robot.dh_rows):
            variable = "-q" if row.flip else "q"  # flip: theta (or d) = -q + offset
            theta = _number(row.theta, True) if row.prismatic else variable
            d = variable if row.prismatic else _number(row.d)
            offset = _number(row.offset) if row.prismatic else _number(row.offset, True)
            rows.append([robot.joint_names[i], row.kind, theta, d, _number(row.a),
                         _number(row.alpha, True), offset, *_limits(robot, i)])
    else:
        coupling = robot.coupling
        header = ["joint", "type", "origin xyz", "origin rpy", "axis", "lower", "upper"]
        rows = []
        for i, joint in enumerate(robot.joints):
            T = joint.T_parent_joint
            c = int(coupling.index[i])
            follower = coupling.follows(i, joint.name)
            is_angle = joint.kind == "R"
            limits = ([_number(joint.lower, is_angle), _number(joint.upper, is_angle)] if follower
                      else _limits(robot, c))
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
