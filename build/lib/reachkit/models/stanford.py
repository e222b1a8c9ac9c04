"""Stanford arm (Scheinman): spherical wrist, prismatic third joint. Standard DH table and
limits as in the Robotics Toolbox model."""

import numpy as np

from ..dh import DH
from ..robot import Robot

_DEG = np.pi / 180.0


def build() -> Robot:
    rows = [
        DH(d=0.412, a=0.0, alpha=-np.pi / 2, qlim=(-170 * _DEG, 170 * _DEG)),
        DH(d=0.154, a=0.0, alpha=np.pi / 2, qlim=(-170 * _DEG, 170 * _DEG)),
        DH(theta=-np.pi / 2, a=0.0203, alpha=0.0, prismatic=True, qlim=(0.3048, 1.27)),
        DH(d=0.0, a=0.0, alpha=-np.pi / 2, qlim=(-170 * _DEG, 170 * _DEG)),
        DH(d=0.0, a=0.0, alpha=np.pi / 2, qlim=(-90 * _DEG, 90 * _DEG)),
        DH(d=0.0, a=0.0, alpha=0.0, qlim=(-170 * _DEG, 170 * _DEG)),
    ]
    return Robot.from_dh(rows, name="stanford")
