"""Hand-made capsule models of the built-in robots, and a skeleton for any other robot.

Each capsule is written as it sits at q = 0 in the world frame: (frame, p0, p1, radius),
frame indexing robot.frames(q); `place` moves it into that frame. Radii and end points
from the makers' published link dimensions and drawings (a little generous, 1-2 cm):
Panda (Franka data sheet: link housings ~0.12-0.14 m across, 0.333 / 0.316 / 0.384 m
links, 0.0825 m elbow offset, 0.088 m wrist offset; the arm up to its flange, no hand),
UR5 (UR data sheet: 0.089 m base height, 0.425 / 0.392 m links, shoulder offset
0.136 m, elbow offset 0.120 m, wrist housings 0.09 m across), Puma 560 (Corke's model:
0.4318 m upper arm and forearm, 0.15 m shoulder offset; the pedestal below the shoulder),
KUKA iiwa 14 (data sheet: 0.36 / 0.42 / 0.40 / 0.126 m, housings ~0.15-0.2 m across).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Written = tuple[int, Sequence[float], Sequence[float], float]

PANDA: list[Written] = [
    (0, (0, 0, 0.02), (0, 0, 0.13), 0.09),                 # link 0: base
    (1, (0, 0, 0.15), (0, 0, 0.28), 0.07),                 # link 1: column under the shoulder
    (2, (0, -0.06, 0.333), (0, 0.06, 0.333), 0.07),        # link 2: shoulder housing (joint 2 axis)
    (2, (0, 0, 0.40), (0, 0, 0.50), 0.065),                # link 2: upper arm
    (3, (0, 0, 0.55), (0, 0, 0.62), 0.065),                # link 3: upper arm below the elbow
    (3, (0.0825, 0, 0.60), (0.0825, 0, 0.649), 0.06),      # link 3: elbow housing
    (4, (0.0825, -0.05, 0.649), (0.0825, 0.05, 0.649), 0.06),  # link 4: elbow (joint 4 axis)
    (4, (0.03, 0, 0.69), (0, 0, 0.72), 0.06),              # link 4: forearm root
    (5, (0, 0.04, 0.80), (0, 0.04, 0.93), 0.06),           # link 5: forearm
    (5, (0, 0, 0.96), (0, 0, 1.00), 0.055),                # link 5: wrist root
    (6, (0, -0.05, 1.033), (0, 0.05, 1.033), 0.055),       # link 6: wrist (joint 6 axis)
    (6, (0.03, 0, 1.033), (0.088, 0, 1.033), 0.05),        # link 6: wrist offset
    (7, (0.088, 0, 1.01), (0.088, 0, 0.94), 0.05),         # link 7: flange housing
]

UR5: list[Written] = [
    (0, (0, 0, 0.0), (0, 0, 0.04), 0.075),                          # base
    (1, (0, 0, 0.04), (0, 0, 0.089), 0.065),                        # shoulder pan
    (1, (0, 0.0, 0.089), (0, -0.10, 0.089), 0.065),                 # shoulder lift housing
    (2, (-0.06, -0.136, 0.089), (-0.37, -0.136, 0.089), 0.06),      # upper arm
    (2, (-0.425, -0.16, 0.089), (-0.425, -0.05, 0.089), 0.06),      # elbow housing
    (3, (-0.06, -0.016, 0.089), (-0.35, -0.016, 0.089), 0.05),      # forearm
    (3, (-0.3923, -0.04, 0.089), (-0.3923, -0.10, 0.089), 0.045),   # wrist 1 housing
    (4, (-0.8173, -0.109, 0.12), (-0.8173, -0.109, 0.02), 0.045),   # wrist 2 housing
    (5, (-0.8173, -0.08, -0.0055), (-0.8173, -0.16, -0.0055), 0.045),  # wrist 3 housing
    (6, (-0.8173, -0.17, -0.0055), (-0.8173, -0.19, -0.0055), 0.04),   # flange
]

PUMA560: list[Written] = [
    (0, (0, 0, -0.66), (0, 0, -0.25), 0.10),              # pedestal
    (1, (0, 0, -0.18), (0, 0, -0.05), 0.09),              # trunk
    (1, (0, 0.08, 0), (0, -0.08, 0), 0.10),               # shoulder housing (joint 2 axis)
    (2, (0.05, -0.12, 0), (0.38, -0.12, 0), 0.07),        # upper arm
    (2, (0.4318, -0.08, 0), (0.4318, -0.18, 0), 0.07),    # elbow housing (joint 3 axis)
    (3, (0.4521, -0.15, 0.06), (0.4521, -0.15, 0.36), 0.05),  # forearm
    (4, (0.4521, -0.15, 0.4318), (0.4521, -0.15, 0.4318), 0.045),  # wrist centre
    (6, (0.4521, -0.15, 0.46), (0.4521, -0.15, 0.49), 0.03),  # flange
]

IIWA14: list[Written] = [
    (0, (0, 0, 0.02), (0, 0, 0.12), 0.11),                # base
    (1, (0, 0, 0.16), (0, 0, 0.30), 0.09),                # link 1
    (2, (0, 0, 0.40), (0, 0, 0.56), 0.09),                # link 2
    (3, (0, 0, 0.60), (0, 0, 0.73), 0.08),                # link 3
    (4, (0, 0, 0.82), (0, 0, 0.96), 0.08),                # link 4
    (5, (0, 0, 1.00), (0, 0, 1.12), 0.075),               # link 5
    (6, (0, 0, 1.18), (0, 0, 1.18), 0.075),               # link 6: wrist ball
    (7, (0, 0, 1.24), (0, 0, 1.28), 0.05),                # link 7: flange
]

HAND_MADE = {"panda": PANDA, "ur5": UR5, "puma560": PUMA560, "iiwa14": IIWA14}


def place(frames: Array, written: list[Written]) -> list[tuple[int, Array, Array, float]]:
    """(frame, a, b, radius) with a, b in frame coordinates, from capsules written in the
    world at q = 0 (frames = robot.frames(0))."""
    out = []
    for k, p0, p1, r in written:
        T_frame_world = np.linalg.inv(frames[k])
        a = T_frame_world[:3, :3] @ np.asarray(p0, float) + T_frame_world[:3, 3]
        b = T_frame_world[:3, :3] @ np.asarray(p1, float) + T_frame_world[:3, 3]
        out.append((k, a, b, float(r)))
    return out


def skeleton(frames_at: Sequence[Array]) -> list[tuple[int, Array, Array, float]]:
    """Capsules along the robot's bones, for robots with no collision shapes: for each
    pair of consecutive frames i, i + 1 whose origins are apart, a capsule between them
    on frame i + 1 or i (whichever keeps it fixed over the sampled configurations
    frames_at, each robot.frames(q)), radius a tenth of its length (1-6 cm)."""
    out = []
    F0 = frames_at[0]
    for i in range(len(F0) - 1):
        length = float(np.linalg.norm(F0[i + 1][:3, 3] - F0[i][:3, 3]))
        if length < 1e-6:
            continue
        r = min(max(0.1 * length, 0.01), 0.06)
        for host, other in ((i + 1, i), (i, i + 1)):
            local = [np.linalg.solve(F[host], F[other][:, 3])[:3] for F in frames_at]
            if np.ptp(np.array(local), axis=0).max() < 1e-9:
                out.append((host, np.linalg.solve(F0[host], F0[host][:, 3])[:3], local[0], r))
                break
    return out
