"""Planar arms: revolute joints about z, links along x, moving in the xy-plane.

Tool position x = sum_i l_i cos(q_1 + ... + q_i), y likewise with sin; tool angle
phi = q_1 + ... + q_n. Joints are continuous (unlimited)."""

from __future__ import annotations

import math
from typing import Iterable, Sequence

import numpy as np

from ..dh import DH
from ..errors import ModelError
from ..robot import Robot
from ..validate import is_real


def planar(lengths: Sequence[float], name: str | None = None) -> Robot:
    """A planar arm with one revolute joint per link; `lengths` in metres."""
    if isinstance(lengths, (str, bytes)) or not isinstance(lengths, Iterable) \
            or (isinstance(lengths, np.ndarray) and lengths.ndim != 1):
        raise ModelError(f"lengths must be a list of link lengths in metres, got {lengths!r}")
    lengths = list(lengths)
    if not lengths:
        raise ModelError("a planar arm needs at least one link length")
    for i, length in enumerate(lengths):  # NumPy integers and floats count, bools do not
        if not is_real(length) or not math.isfinite(length) or length <= 0:
            raise ModelError(f"link length {i} must be a positive number of metres, got {length!r}")
    rows = [DH(a=float(length)) for length in lengths]
    default = "planar(" + ", ".join(f"{length:g}" for length in lengths) + ")"
    return Robot.from_dh(rows, name=name or default)  # not the built-ins' names


def build_planar2r() -> Robot:
    """Two links of 1 m."""
    return planar([1.0, 1.0], name="planar2r")


def build_planar3r() -> Robot:
    """Three links of 1 m: reach (x, y) and the tool angle phi."""
    return planar([1.0, 1.0, 1.0], name="planar3r")
