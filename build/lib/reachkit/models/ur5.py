"""Universal Robots UR5: standard DH parameters published by Universal Robots.
Every joint turns +-360 degrees."""

import numpy as np

from ..dh import DH
from ..robot import Robot

_LIMIT = (-2 * np.pi, 2 * np.pi)


def build() -> Robot:
    rows = [
        DH(d=0.089159, a=0.0, alpha=np.pi / 2, qlim=_LIMIT),
        DH(d=0.0, a=-0.425, alpha=0.0, qlim=_LIMIT),
        DH(d=0.0, a=-0.39225, alpha=0.0, qlim=_LIMIT),
        DH(d=0.10915, a=0.0, alpha=np.pi / 2, qlim=_LIMIT),
        DH(d=0.09465, a=0.0, alpha=-np.pi / 2, qlim=_LIMIT),
        DH(d=0.0823, a=0.0, alpha=0.0, qlim=_LIMIT),
    ]
    return Robot.from_dh(rows, name="ur5")
