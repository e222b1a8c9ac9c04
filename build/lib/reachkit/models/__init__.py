"""Built-in robot models, one file each, from published parameters.

>>> import reachkit as rk
>>> rk.models.available()[:3]
['iiwa14', 'panda', 'planar2r']
>>> robot = rk.models.load("puma560")
"""

from __future__ import annotations

from typing import Callable

from ..errors import ModelError
from ..robot import Robot
from . import iiwa14, panda, puma560, scara, stanford, tail20, ur5
from .planar import build_planar2r, build_planar3r
from .planar import planar as planar

_BUILDERS: dict[str, Callable[[], Robot]] = {
    "iiwa14": iiwa14.build,
    "panda": panda.build,
    "planar2r": build_planar2r,
    "planar3r": build_planar3r,
    "puma560": puma560.build,
    "scara": scara.build,
    "stanford": stanford.build,
    "tail20": tail20.build,
    "ur5": ur5.build,
}


def available() -> list[str]:
    """Names of the built-in models, sorted."""
    return sorted(_BUILDERS)


def load(name: str) -> Robot:
    """A fresh built-in model by name (case-insensitive); see `available()`."""
    key = str(name).strip().lower()
    if key not in _BUILDERS:
        raise ModelError(f"unknown model {name!r}; built-in models are: {', '.join(available())}")
    return _BUILDERS[key]()


__all__ = ["available", "load", "planar"]
