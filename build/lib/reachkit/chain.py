"""`Chain`: a robot compiled once into the flat arrays the Numba kernels read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from numpy.typing import NDArray

from .joint import Joint
from .kernels.transform import PRISMATIC, REVOLUTE


@dataclass(frozen=True, eq=False)
class Chain:
    """Read-only arrays for n joints, every joint moving along or about local z.

    fixed (n + 1, 4, 4): constant transform before joint i moves; fixed[n] after the last
        joint, tool included. FK is fixed[0] M_0(q_0) fixed[1] ... M_n-1 fixed[n].
    pre (n, 4, 4): link frame i - 1 (base frame for i = 0) to the motion frame of joint i.
    link_frames (n, 4, 4): moved motion frame of joint i to link frame i.
    kinds (n,) int64: 0 revolute, 1 prismatic. offsets (n,): added to q.
    base, tool (4, 4): world to base frame, last link frame to tool frame.
    """

    fixed: NDArray[np.float64]
    pre: NDArray[np.float64]
    link_frames: NDArray[np.float64]
    kinds: NDArray[np.int64]
    offsets: NDArray[np.float64]
    base: NDArray[np.float64]
    tool: NDArray[np.float64]


def _rotation_z_to(axis: NDArray[np.float64]) -> NDArray[np.float64]:
    """A rotation (4, 4) whose z column is the unit vector `axis`."""
    z = axis
    helper = np.array([1.0, 0.0, 0.0]) if abs(z[0]) < 0.9 else np.array([0.0, 1.0, 0.0])
    x = np.cross(helper, z)
    x /= np.linalg.norm(x)
    y = np.cross(z, x)
    T = np.eye(4)
    T[:3, 0], T[:3, 1], T[:3, 2] = x, y, z
    return T


def compile_chain(joints: Sequence[Joint], base: NDArray[np.float64],
                  tool: NDArray[np.float64]) -> Chain:
    """Fold every constant transform together and rotate each joint axis onto local z.
    `joints` must not be empty (the Robot checks)."""
    n = len(joints)
    pre = np.empty((n, 4, 4))
    link_frames = np.empty((n, 4, 4))
    for i, joint in enumerate(joints):
        if np.allclose(joint.axis, (0.0, 0.0, 1.0), atol=0.0, rtol=0.0):
            align = np.eye(4)
        else:
            align = _rotation_z_to(joint.axis)
        pre[i] = joint.T_parent_joint @ align
        link_frames[i] = align.T @ joint.T_joint_link
        # align is a pure rotation, so its transpose is its inverse.
    fixed = np.empty((n + 1, 4, 4))
    fixed[0] = base @ pre[0]
    for i in range(1, n):
        fixed[i] = link_frames[i - 1] @ pre[i]
    fixed[n] = link_frames[n - 1] @ tool
    kinds = np.array([REVOLUTE if j.kind == "R" else PRISMATIC for j in joints], dtype=np.int64)
    offsets = np.array([j.offset for j in joints], dtype=float)
    arrays = [fixed, pre, link_frames, kinds, offsets, base.copy(), tool.copy()]
    for a in arrays:
        a.setflags(write=False)
    return Chain(*arrays)
