"""`Joint`: one movable joint of a serial chain, in the form every model builder produces."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from . import validate
from .errors import ModelError, TargetError


@dataclass(frozen=True)
class Joint:
    """A revolute ("R") or prismatic ("P") joint between two links.

    The chain goes: link frame i-1 --T_parent_joint--> joint frame --motion(q)--> moved
    joint frame --T_joint_link--> link frame i. The motion is a rotation about `axis`
    (revolute, by q + offset radians) or a translation along it (prismatic, q + offset
    metres); `axis` is a unit vector in the joint frame.
    """

    name: str
    kind: str
    T_parent_joint: NDArray[np.float64] = field(default_factory=lambda: np.eye(4))
    axis: NDArray[np.float64] = field(default_factory=lambda: np.array([0.0, 0.0, 1.0]))
    T_joint_link: NDArray[np.float64] = field(default_factory=lambda: np.eye(4))
    offset: float = 0.0
    lower: float = -np.inf
    upper: float = np.inf

    def __post_init__(self) -> None:
        if self.kind not in ("R", "P"):
            raise ModelError(f"joint {self.name!r}: kind must be 'R' or 'P', got {self.kind!r}")
        for label in ("T_parent_joint", "T_joint_link"):
            try:  # made exactly rigid: the kernels never read the bottom rows
                T = validate.rigid(getattr(self, label), label)
            except TargetError as exc:
                raise ModelError(f"joint {self.name!r}: {label} must be a finite rigid 4x4 "
                                 f"transform: {exc}") from exc
            object.__setattr__(self, label, T)
        try:
            axis = np.asarray(self.axis, dtype=float).reshape(-1)
        except (TypeError, ValueError) as exc:
            raise ModelError(f"joint {self.name!r}: axis must be a non-zero 3-vector, got {self.axis!r}") from exc
        norm = float(np.linalg.norm(axis)) if axis.size == 3 else 0.0
        if axis.size != 3 or not np.isfinite(norm) or norm < 1e-12:
            raise ModelError(f"joint {self.name!r}: axis must be a non-zero 3-vector, got {self.axis!r}")
        object.__setattr__(self, "axis", axis / norm)
        values = (self.offset, self.lower, self.upper)
        if not all(validate.is_real(v) for v in values) or np.isnan(values).any() \
                or not np.isfinite(self.offset):
            raise ModelError(f"joint {self.name!r}: offset and limits must be numbers, got {values}")
        if self.lower > self.upper:
            raise ModelError(
                f"joint {self.name!r}: lower limit {self.lower} is above upper limit {self.upper}"
            )
