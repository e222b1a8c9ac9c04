"""The same kinematics for every peer: targets, a URDF and a Robotics Toolbox DHRobot
built from one reachkit model, and checks that each peer's FK agrees with reachkit's.

Every peer answer is judged by reachkit's FK with one tolerance (`TOLERANCE` metres on
the position error and radians on the rotation error) and by the joint limits.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
from numpy.typing import NDArray

from ..robot import Robot
from ..spatial import matrix_to_rpy, pose_error

Array = NDArray[np.float64]

TOLERANCE = 1e-6
LIMIT_SLACK = 1e-9
FK_AGREEMENT = 1e-9


def targets(robot: Robot, n: int, seed: int) -> tuple[Array, Array]:
    """n reachable targets: FK of seeded uniform random q inside the limits.
    Returns (q_true (n, dof), T (n, 4, 4))."""
    q = robot.random_q(n, seed=seed)
    return q, robot.fk(q)


def check_answer(robot: Robot, q: Array | None, T_target: Array,
                 tolerance: float = TOLERANCE) -> tuple[bool, float, float]:
    """(success, position error m, rotation error rad) of a peer's answer by reachkit FK;
    success needs both errors within `tolerance` and q inside the joint limits."""
    if q is None:
        return False, float("inf"), float("inf")
    q = np.asarray(q, dtype=float).reshape(-1)
    if q.shape[0] != robot.dof or not np.all(np.isfinite(q)):
        return False, float("inf"), float("inf")
    e = pose_error(robot.fk(q), T_target)
    p_err, r_err = float(np.linalg.norm(e[:3])), float(np.linalg.norm(e[3:]))
    inside = bool(robot.within_limits(q, tolerance=LIMIT_SLACK))
    return (p_err <= tolerance and r_err <= tolerance and inside), p_err, r_err


def fk_disagreement(robot: Robot, peer_fk: Callable[[Array], Array], samples: int = 20,
                    seed: int = 12345) -> float:
    """Largest |T_peer - T_reachkit| entry over seeded random q."""
    worst = 0.0
    for q in robot.random_q(samples, seed=seed):
        worst = max(worst, float(np.max(np.abs(np.asarray(peer_fk(q)) - robot.fk(q)))))
    return worst


def _motion(kind: int, value: float) -> Array:
    """The joint motion about / along local z by `value`."""
    T = np.eye(4)
    if kind == 0:
        c, s = np.cos(value), np.sin(value)
        T[:2, :2] = [[c, -s], [s, c]]
    else:
        T[2, 3] = value
    return T


def _origin(T: Array) -> str:
    xyz = " ".join(f"{v:.17g}" for v in T[:3, 3])
    rpy = " ".join(f"{v:.17g}" for v in matrix_to_rpy(T[:3, :3]))
    return f'<origin xyz="{xyz}" rpy="{rpy}"/>'


def urdf_from_robot(robot: Robot) -> str:
    """URDF text with links base_link, link1 ... linkN and a fixed `tool` link, from the
    compiled chain (base, tool and joint offsets folded into the fixed joint origins).
    Used for Pinocchio and ikpy until `Robot.to_urdf()` lands in this branch."""
    c = robot.chain
    n = robot.dof
    lower, upper = robot.limits
    parts = [f'<?xml version="1.0"?>\n<robot name="{robot.name}">', '  <link name="base_link"/>']
    parent = "base_link"
    before = np.eye(4)
    for i in range(n):
        child = f"link{i + 1}"
        kind = "revolute" if c.kinds[i] == 0 else "prismatic"
        lo = lower[i] if np.isfinite(lower[i]) else -1e3
        hi = upper[i] if np.isfinite(upper[i]) else 1e3
        parts.append(f'  <link name="{child}"/>')
        parts.append(
            f'  <joint name="{robot.joint_names[i]}" type="{kind}">\n'
            f'    <parent link="{parent}"/>\n    <child link="{child}"/>\n'
            f'    {_origin(before @ c.fixed[i])}\n    <axis xyz="0 0 1"/>\n'
            f'    <limit lower="{lo:.17g}" upper="{hi:.17g}" effort="100" velocity="10"/>\n'
            f'  </joint>')
        before = _motion(int(c.kinds[i]), float(c.offsets[i]))
        parent = child
    parts.append('  <link name="tool"/>')
    parts.append(f'  <joint name="tool_joint" type="fixed">\n    <parent link="{parent}"/>\n'
                 f'    <child link="tool"/>\n    {_origin(before @ c.fixed[n])}\n  </joint>')
    parts.append("</robot>\n")
    return "\n".join(parts)


def rtb_from_robot(robot: Robot) -> Any:
    """A `roboticstoolbox.DHRobot` with reachkit's DH rows (flip included), convention,
    limits, base and tool. Raises ValueError for robots without DH rows."""
    import roboticstoolbox as rtb
    from spatialmath import SE3

    if robot.dh_rows is None:
        raise ValueError(f"{robot.name} has no DH table")
    modified = robot.convention == "modified"
    links = []
    for row, lo, hi in zip(robot.dh_rows, robot.limits[0], robot.limits[1]):
        qlim = None if not (np.isfinite(lo) and np.isfinite(hi)) else [float(lo), float(hi)]
        if row.prismatic:
            cls = rtb.PrismaticMDH if modified else rtb.PrismaticDH
            link = cls(theta=row.theta, a=row.a, alpha=row.alpha, offset=row.offset, qlim=qlim,
                       flip=row.flip)
        else:
            cls = rtb.RevoluteMDH if modified else rtb.RevoluteDH
            link = cls(d=row.d, a=row.a, alpha=row.alpha, offset=row.offset, qlim=qlim, flip=row.flip)
        links.append(link)
    return rtb.DHRobot(links, name=robot.name, base=SE3(robot.base, check=False),
                       tool=SE3(robot.tool, check=False))
