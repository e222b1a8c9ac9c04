"""The numerical methods, one file each. A `Method` names its kernel step rule and the
budgets that suit it; the search they share is `reachkit.kernels.ik.search`."""

from __future__ import annotations

from ...errors import OptionsError
from .base import Method
from .ccd import CCD
from .dls import DLS
from .fd import FD
from .gn import GN
from .jt import JT
from .lm import LM
from .nr import NR
from .pinv import PINV

METHODS: dict[str, Method] = {m.name: m for m in (LM, NR, GN, DLS, PINV, JT, FD, CCD)}
ANALYTIC = "analytic"


def method_names() -> list[str]:
    """Every name `ik(method=...)` accepts."""
    return [*METHODS, ANALYTIC]


def get_method(name: str) -> Method:
    """The numerical method called `name`."""
    key = name.lower() if isinstance(name, str) else ""
    if key not in METHODS:
        raise OptionsError(f"unknown IK method {name!r}; choose one of: {', '.join(method_names())}")
    return METHODS[key]


__all__ = ["ANALYTIC", "METHODS", "Method", "get_method", "method_names"]
