"""KUKA LBR iiwa 14 R820: standard DH table (link lengths 0.36, 0.42, 0.40, 0.126 m) and
the joint limits from KUKA's data sheet."""

import numpy as np

from ..dh import DH
from ..robot import Robot

_DEG = np.pi / 180.0


def build() -> Robot:
    half_pi = np.pi / 2
    rows = [
        DH(d=0.36, alpha=-half_pi, qlim=(-170 * _DEG, 170 * _DEG)),
        DH(d=0.0, alpha=half_pi, qlim=(-120 * _DEG, 120 * _DEG)),
        DH(d=0.42, alpha=half_pi, qlim=(-170 * _DEG, 170 * _DEG)),
        DH(d=0.0, alpha=-half_pi, qlim=(-120 * _DEG, 120 * _DEG)),
        DH(d=0.4, alpha=-half_pi, qlim=(-170 * _DEG, 170 * _DEG)),
        DH(d=0.0, alpha=half_pi, qlim=(-120 * _DEG, 120 * _DEG)),
        DH(d=0.126, alpha=0.0, qlim=(-175 * _DEG, 175 * _DEG)),
    ]
    return Robot.from_dh(rows, name="iiwa14")
