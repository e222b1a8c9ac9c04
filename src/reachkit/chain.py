"""`Chain`: a robot compiled once into the flat arrays the Numba kernels read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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


def _rotations_z_to(axes: NDArray[np.float64]) -> NDArray[np.float64]:
    """Rotations (m, 4, 4) whose z columns are the unit vectors `axes` (m, 3)."""
    helper = np.zeros_like(axes)
    use_x = np.abs(axes[:, 0]) < 0.9
    helper[use_x, 0] = 1.0
    helper[~use_x, 1] = 1.0
    x = np.cross(helper, axes)
    for row in x:  # row by row: the same rounding as a single vector's norm
        row /= np.linalg.norm(row)
    y = np.cross(axes, x)
    T = np.zeros((axes.shape[0], 4, 4))
    T[:, :3, 0], T[:, :3, 1], T[:, :3, 2], T[:, 3, 3] = x, y, axes, 1.0
    return T


def compile_chain(joints: Sequence[Joint], base: NDArray[np.float64],
                  tool: NDArray[np.float64]) -> Chain:
    """Fold every constant transform together and rotate each joint axis onto local z.
    `joints` must not be empty (the Robot checks). Works on whole stacks, so a chain of
    20,000 joints compiles in milliseconds."""
    n = len(joints)
    axes = np.array([j.axis for j in joints], dtype=float).reshape(n, 3)
    align = np.zeros((n, 4, 4))
    align[:] = np.eye(4)
    tilted = (axes[:, 0] != 0.0) | (axes[:, 1] != 0.0) | (axes[:, 2] != 1.0)
    if tilted.any():
        align[tilted] = _rotations_z_to(axes[tilted])
    pre = np.array([j.T_parent_joint for j in joints]) @ align
    link_frames = align.transpose(0, 2, 1) @ np.array([j.T_joint_link for j in joints])
    # align is a pure rotation, so its transpose is its inverse.
    fixed = np.empty((n + 1, 4, 4))
    fixed[0] = base @ pre[0]
    fixed[1:n] = link_frames[:-1] @ pre[1:]
    fixed[n] = link_frames[n - 1] @ tool
    kinds = np.array([REVOLUTE if j.kind == "R" else PRISMATIC for j in joints], dtype=np.int64)
    offsets = np.array([j.offset for j in joints], dtype=float)
    arrays = [fixed, pre, link_frames, kinds, offsets, base.copy(), tool.copy()]
    for a in arrays:
        a.setflags(write=False)
    return Chain(*arrays)
