"""Visual and collision shapes per link, as read from a model file (`robot.geometry`).

A `Shape` keeps what the file says: its link, role ("visual" or "collision"), kind and
parameters, the pose of the shape in its link frame and, for meshes, the file and scale.
`Geometry` adds where each link sits on the robot: link -> (frame, T_frame_link), where
`frame` indexes `robot.frames(q)` (0 the base frame, i the link frame after joint i,
dof the last link frame with the tool applied). Links are the chain's own links and
every link fixed to them; links that move on joints outside the chain are left out.

Parameters (metres), following URDF:
- "box": (size_x, size_y, size_z), full edge lengths, centred on the shape frame;
- "cylinder": (radius, length) and "capsule": (radius, length), about the shape's z
  axis, centred (a capsule's length is between the centres of its end spheres);
- "sphere": (radius,);
- "mesh": (scale_x, scale_y, scale_z); `mesh` is the file path (resolved when it
  could be: package:// through package_dirs, relative to the model file), `uri` the
  name as written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from .errors import ReachkitError

Array = NDArray[np.float64]
KINDS = ("box", "cylinder", "sphere", "capsule", "mesh")
PARAMETER_COUNT = {"box": 3, "cylinder": 2, "sphere": 1, "capsule": 2, "mesh": 3}


@dataclass(frozen=True, eq=False)
class Shape:
    """One `<visual>` or `<collision>` shape. T_link_shape (4, 4): its pose in the link
    frame. rgba: the visual's colour, (r, g, b, a) in [0, 1], when the file gives one."""

    link: str
    role: str
    kind: str
    params: tuple[float, ...]
    T_link_shape: Array = field(default_factory=lambda: np.eye(4))
    mesh: str | None = None
    uri: str | None = None
    name: str | None = None
    material: str | None = None
    rgba: tuple[float, float, float, float] | None = None


@dataclass(frozen=True, eq=False)
class Geometry:
    """Shapes (file order) and where their links sit: link -> (frame, T_frame_link)."""

    shapes: tuple[Shape, ...] = ()
    frames: dict[str, tuple[int, Array]] = field(default_factory=dict)

    @property
    def visual(self) -> tuple[Shape, ...]:
        return tuple(s for s in self.shapes if s.role == "visual")

    @property
    def collision(self) -> tuple[Shape, ...]:
        return tuple(s for s in self.shapes if s.role == "collision")

    @property
    def links(self) -> list[str]:
        """Links with a place on the robot, in file order of their first shape."""
        return list(self.frames)

    def of_link(self, link: str) -> tuple[Shape, ...]:
        """The shapes of one link."""
        return tuple(s for s in self.shapes if s.link == link)

    def placed(self, role: str | None = None) -> Iterator[tuple[Shape, int, Array]]:
        """(shape, frame, T_frame_shape (4, 4)) for every shape (of `role` if given)."""
        for shape in self.shapes:
            if role is None or shape.role == role:
                frame, T_frame_link = self.frames[shape.link]
                yield shape, frame, T_frame_link @ shape.T_link_shape

    def world_poses(self, frames: Array, role: str | None = None) -> list[tuple[Shape, Array]]:
        """(shape, T_world_shape) for `frames` = robot.frames(q) (dof + 1, 4, 4)."""
        return [(s, frames[k] @ T) for s, k, T in self.placed(role)]

    def reframed(self, moves: Sequence[tuple[int, Array]]) -> Geometry:
        """The same shapes on a robot whose frames changed: old frame k becomes frame
        moves[k][0], and T_new_old = moves[k][1] (4, 4) maps old-frame coordinates."""
        frames = {link: (moves[k][0], moves[k][1] @ T) for link, (k, T) in self.frames.items()}
        return Geometry(self.shapes, frames)


class LazyGeometry:
    """A Geometry built on first use (parsing shapes of a big file costs time that pure
    kinematics never needs). Pickling builds it (the builder is a closure over the
    parsed file); a build that fails is pickled as that failure, raised on first use."""

    __slots__ = ("_build", "_value")

    def __init__(self, build: Callable[[], Geometry]) -> None:
        self._build = build
        self._value: Geometry | None = None

    def get(self) -> Geometry:
        if self._value is None:
            self._value = self._build()
        return self._value

    def __reduce__(self) -> tuple:
        try:
            return (_built, (self.get(),))
        except ReachkitError as exc:
            return (LazyGeometry, (_Failure(type(exc), str(exc)),))


def _built(geometry: Geometry) -> LazyGeometry:
    lazy = LazyGeometry(lambda: geometry)
    lazy._value = geometry
    return lazy


@dataclass(frozen=True)
class _Failure:
    """A picklable builder that raises the error a geometry build raised."""

    kind: type
    message: str

    def __call__(self) -> Geometry:
        raise self.kind(self.message)


EMPTY = Geometry()
