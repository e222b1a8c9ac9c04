"""The chain walk of the collision kernels: walk frames, joint axes and world segments.

Walk frame 0 is the world; walk frame k >= 1 is the motion frame of joint k - 1 after it
moved (see `layout`). Rows of `frames` (F, 12) hold the top three rows of each pose,
row-major; rows of `axes` (n, 6) hold each joint's origin and unit axis (world frame),
what a point Jacobian needs: dp/dq_i = z_i x (p - o_i) (revolute) or z_i (prismatic).
"""

import numpy as np

from ...kernels.jit import kernel
from ...kernels.transform import REVOLUTE
from ...kernels.trig import sincos


@kernel(fastmath={"contract"})
def walk_into(fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray, q: np.ndarray,
              frames: np.ndarray, axes: np.ndarray) -> None:
    """Fill frames (n + 1, 12) and axes (n, 6) for q (n,) of a chain (fixed (n + 1, 4, 4),
    kinds, offsets (n,), as `reachkit.chain.Chain`)."""
    n = kinds.shape[0]
    for c in range(12):
        frames[0, c] = 0.0
    frames[0, 0] = 1.0
    frames[0, 5] = 1.0
    frames[0, 10] = 1.0
    r00, r01, r02, px = fixed[0, 0, 0], fixed[0, 0, 1], fixed[0, 0, 2], fixed[0, 0, 3]
    r10, r11, r12, py = fixed[0, 1, 0], fixed[0, 1, 1], fixed[0, 1, 2], fixed[0, 1, 3]
    r20, r21, r22, pz = fixed[0, 2, 0], fixed[0, 2, 1], fixed[0, 2, 2], fixed[0, 2, 3]
    for i in range(n):
        axes[i, 0] = px
        axes[i, 1] = py
        axes[i, 2] = pz
        axes[i, 3] = r02
        axes[i, 4] = r12
        axes[i, 5] = r22
        value = q[i] + offsets[i]
        if kinds[i] == REVOLUTE:
            s, c = sincos(value)
            r00, r01 = c * r00 + s * r01, c * r01 - s * r00
            r10, r11 = c * r10 + s * r11, c * r11 - s * r10
            r20, r21 = c * r20 + s * r21, c * r21 - s * r20
        else:
            px += r02 * value
            py += r12 * value
            pz += r22 * value
        W = frames[i + 1]
        W[0], W[1], W[2], W[3] = r00, r01, r02, px
        W[4], W[5], W[6], W[7] = r10, r11, r12, py
        W[8], W[9], W[10], W[11] = r20, r21, r22, pz
        F = fixed[i + 1]
        r00, r01, r02, px = (r00 * F[0, 0] + r01 * F[1, 0] + r02 * F[2, 0],
                             r00 * F[0, 1] + r01 * F[1, 1] + r02 * F[2, 1],
                             r00 * F[0, 2] + r01 * F[1, 2] + r02 * F[2, 2],
                             r00 * F[0, 3] + r01 * F[1, 3] + r02 * F[2, 3] + px)
        r10, r11, r12, py = (r10 * F[0, 0] + r11 * F[1, 0] + r12 * F[2, 0],
                             r10 * F[0, 1] + r11 * F[1, 1] + r12 * F[2, 1],
                             r10 * F[0, 2] + r11 * F[1, 2] + r12 * F[2, 2],
                             r10 * F[0, 3] + r11 * F[1, 3] + r12 * F[2, 3] + py)
        r20, r21, r22, pz = (r20 * F[0, 0] + r21 * F[1, 0] + r22 * F[2, 0],
                             r20 * F[0, 1] + r21 * F[1, 1] + r22 * F[2, 1],
                             r20 * F[0, 2] + r21 * F[1, 2] + r22 * F[2, 2],
                             r20 * F[0, 3] + r21 * F[1, 3] + r22 * F[2, 3] + pz)


@kernel(fastmath={"contract"})
def segments_into(shapes: np.ndarray, frames: np.ndarray, segments: np.ndarray) -> None:
    """World end points segments (S, 6) = [a, b] of every shape (S, 8) given walk frames."""
    for s in range(shapes.shape[0]):
        W = frames[int(shapes[s, 0])]
        for end in range(2):
            x = shapes[s, 2 + 3 * end]
            y = shapes[s, 3 + 3 * end]
            z = shapes[s, 4 + 3 * end]
            segments[s, 3 * end] = W[0] * x + W[1] * y + W[2] * z + W[3]
            segments[s, 3 * end + 1] = W[4] * x + W[5] * y + W[6] * z + W[7]
            segments[s, 3 * end + 2] = W[8] * x + W[9] * y + W[10] * z + W[11]
