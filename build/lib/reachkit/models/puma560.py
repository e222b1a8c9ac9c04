"""Unimation Puma 560, the classic standard DH table (Corke, Robotics Toolbox), with the
base at the shoulder (no base offset). Limits from the Robotics Toolbox model."""

import numpy as np

from ..dh import DH
from ..robot import Robot

_DEG = np.pi / 180.0


def build() -> Robot:
    rows = [
        DH(d=0.0, a=0.0, alpha=np.pi / 2, qlim=(-160 * _DEG, 160 * _DEG)),
        DH(d=0.0, a=0.4318, alpha=0.0, qlim=(-45 * _DEG, 225 * _DEG)),
        DH(d=0.15005, a=0.0203, alpha=-np.pi / 2, qlim=(-225 * _DEG, 45 * _DEG)),
        DH(d=0.4318, a=0.0, alpha=np.pi / 2, qlim=(-110 * _DEG, 170 * _DEG)),
        DH(d=0.0, a=0.0, alpha=-np.pi / 2, qlim=(-100 * _DEG, 100 * _DEG)),
        DH(d=0.0, a=0.0, alpha=0.0, qlim=(-266 * _DEG, 266 * _DEG)),
    ]
    return Robot.from_dh(rows, name="puma560")
