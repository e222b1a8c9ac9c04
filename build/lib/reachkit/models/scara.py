"""A SCARA arm (Adept Cobra 600): two horizontal links, a prismatic quill, a roll joint.
Standard DH table and limits as in the Robotics Toolbox model."""

import numpy as np

from ..dh import DH
from ..robot import Robot

_DEG = np.pi / 180.0


def build() -> Robot:
    rows = [
        DH(d=0.387, a=0.325, alpha=0.0, qlim=(-50 * _DEG, 50 * _DEG)),
        DH(d=0.0, a=0.275, alpha=np.pi, qlim=(-88 * _DEG, 88 * _DEG)),
        DH(a=0.0, alpha=0.0, prismatic=True, qlim=(0.0, 0.21)),
        DH(d=0.0, a=0.0, alpha=0.0, qlim=(-np.pi, np.pi)),
    ]
    return Robot.from_dh(rows, name="scara")
