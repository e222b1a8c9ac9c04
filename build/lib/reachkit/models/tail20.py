"""A 20-link hyper-redundant "tail": 5 cm links whose joints alternate between yaw and
pitch (DH alpha alternating +-90 degrees), each bending at most 60 degrees. 1 m long."""

import numpy as np

from ..dh import DH
from ..robot import Robot

LINKS = 20
LINK_LENGTH = 0.05
BEND_LIMIT = np.pi / 3


def build() -> Robot:
    rows = [
        DH(a=LINK_LENGTH, alpha=(np.pi / 2 if i % 2 == 0 else -np.pi / 2),
           qlim=(-BEND_LIMIT, BEND_LIMIT))
        for i in range(LINKS)
    ]
    return Robot.from_dh(rows, name="tail20")
