"""Franka Emika Panda: the modified (Craig) DH table and joint limits published by Franka,
with the flange (0.107 m along the last z axis) as the tool frame."""

import numpy as np

from ..dh import DH
from ..robot import Robot
from ..spatial import translation

FLANGE = 0.107


def build() -> Robot:
    half_pi = np.pi / 2
    rows = [
        DH(a=0.0, alpha=0.0, d=0.333, qlim=(-2.8973, 2.8973)),
        DH(a=0.0, alpha=-half_pi, d=0.0, qlim=(-1.7628, 1.7628)),
        DH(a=0.0, alpha=half_pi, d=0.316, qlim=(-2.8973, 2.8973)),
        DH(a=0.0825, alpha=half_pi, d=0.0, qlim=(-3.0718, -0.0698)),
        DH(a=-0.0825, alpha=-half_pi, d=0.384, qlim=(-2.8973, 2.8973)),
        DH(a=0.0, alpha=half_pi, d=0.0, qlim=(-0.0175, 3.7525)),
        DH(a=0.088, alpha=half_pi, d=0.0, qlim=(-2.8973, 2.8973)),
    ]
    return Robot.from_dh(rows, convention="modified", name="panda", tool=translation(0.0, 0.0, FLANGE))
