"""`VoxelGrid`: voxel centres over an arm's reach ball, clipped by an optional box.

The centres lie on the lattice c + k * resolution (k integer per axis) around the centre c
of the reach ball (`reachkit.ik.reach.reach_bound`), so a map is symmetric about the first
joint and a centre is computed from its integer index alone: the same voxel has the same
centre, bit for bit, whichever chunk or process computes it. Planar arms get one layer,
in the plane the arm moves in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import ReachkitError
from ..ik.reach import reach_bound
from ..robot import Robot


@dataclass(frozen=True)
class VoxelGrid:
    """A box of voxels, world frame, metres.

    centre (3,): centre of the reach ball; the voxel (i, j, k) has its centre at
    centre + (start + (i, j, k)) * resolution. start (3,) ints, shape (nx, ny, nz).
    radius: the reach ball's radius (m); voxels whose centre lies outside it are provably
    unreachable and never solved.
    """

    centre: tuple[float, float, float]
    resolution: float
    start: tuple[int, int, int]
    shape: tuple[int, int, int]
    radius: float

    @property
    def size(self) -> int:
        """Number of voxels nx * ny * nz."""
        return int(np.prod(self.shape))

    def centers_of(self, flat: NDArray[np.int64]) -> NDArray[np.float64]:
        """Centres (k, 3), world frame, m, of voxels given by flat C-order indices (k,)."""
        ijk = np.stack(np.unravel_index(np.asarray(flat, dtype=np.int64), self.shape), axis=-1)
        steps = (ijk + np.asarray(self.start, dtype=np.int64)).astype(np.float64)
        return np.asarray(self.centre) + steps * self.resolution

    def centers(self) -> NDArray[np.float64]:
        """Every centre, (nx, ny, nz, 3), world frame, m."""
        return self.centers_of(np.arange(self.size)).reshape(*self.shape, 3)

    def active(self) -> NDArray[np.int64]:
        """Flat indices (ascending) of the voxels whose centre lies in the reach ball."""
        flat = np.arange(self.size, dtype=np.int64)
        offsets = self.centers_of(flat) - np.asarray(self.centre)
        return flat[np.einsum("ij,ij->i", offsets, offsets) <= self.radius ** 2]

    def to_dict(self) -> dict:
        """JSON-ready description (for metadata and stores)."""
        return {"centre": list(self.centre), "resolution": self.resolution,
                "start": list(self.start), "shape": list(self.shape), "radius": self.radius}

    @classmethod
    def from_dict(cls, d: dict) -> VoxelGrid:
        """The inverse of `to_dict`."""
        return cls(tuple(float(v) for v in d["centre"]), float(d["resolution"]),  # type: ignore[arg-type]
                   tuple(int(v) for v in d["start"]), tuple(int(v) for v in d["shape"]),  # type: ignore[arg-type]
                   float(d["radius"]))


def plane_height(robot: Robot, tolerance: float = 1e-9) -> float | None:
    """The z (m, world frame) of the plane a planar arm moves in, or None if the arm is not
    planar: every revolute axis parallel to world z, prismatic axes in the xy-plane, every
    frame origin at one height (checked at q = 0)."""
    q = np.zeros(robot.dof)
    J = robot.jacobian(q)
    revolute = np.array(robot.joint_types) == "R"
    tilt = np.where(revolute, np.hypot(J[3], J[4]), np.abs(J[2]))
    turns = np.where(revolute, 0.0, np.abs(J[3:]).sum(axis=0))
    z = robot.frames(q)[:, 2, 3]
    if np.all(tilt < tolerance) and np.all(turns < tolerance) and np.ptp(z) < tolerance:
        return float(z[-1])
    return None


def check_box(box: ArrayLike | None) -> NDArray[np.float64] | None:
    """box: None or (2, 3) [lower; upper] corners, world frame, m."""
    if box is None:
        return None
    try:
        b = np.array(box, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ReachkitError(f"box must be a (2, 3) array [lower; upper] in metres, got {box!r}") from exc
    if b.shape != (2, 3) or not np.all(np.isfinite(b)) or np.any(b[0] > b[1]):
        raise ReachkitError("box must be a finite (2, 3) array [lower corner; upper corner] with "
                            f"lower <= upper on every axis (metres), got {b.tolist()}")
    return b


def voxel_grid(robot: Robot, resolution: float, box: NDArray[np.float64] | None = None,
               plane_z: float | None = None) -> VoxelGrid:
    """The grid over the reach ball of `robot` at `resolution` (m), clipped by `box`
    ((2, 3) or None); one layer at z = plane_z for planar arms."""
    centre, radius = reach_bound(robot)
    c = np.array(centre, dtype=np.float64)
    if plane_z is not None:
        c[2] = plane_z
    if not math.isfinite(radius):
        if box is None:
            raise ReachkitError(f"{robot.name}: the reach is unbounded (an unlimited prismatic "
                                "joint); give box=[[xmin, ymin, zmin], [xmax, ymax, zmax]]")
        radius = float(np.linalg.norm(np.maximum(np.abs(box[0] - c), np.abs(box[1] - c))))
    lower, upper = c - radius, c + radius
    if box is not None:
        lower, upper = np.maximum(lower, box[0]), np.minimum(upper, box[1])
    start = np.ceil((lower - c) / resolution - 1e-9).astype(np.int64)
    stop = np.floor((upper - c) / resolution + 1e-9).astype(np.int64)
    if plane_z is not None:
        if box is not None and not box[0, 2] - 1e-9 <= plane_z <= box[1, 2] + 1e-9:
            raise ReachkitError(f"the box {box.tolist()} misses the plane z = {plane_z} the arm "
                                "moves in")
        start[2] = stop[2] = 0
    shape = stop - start + 1
    if np.any(shape < 1):
        raise ReachkitError(f"the box {None if box is None else box.tolist()} holds no voxel "
                            f"centre inside the reach ball (centre {c.tolist()}, radius "
                            f"{radius:.4g} m) at resolution {resolution} m")
    return VoxelGrid(tuple(float(v) for v in c), float(resolution),  # type: ignore[arg-type]
                     tuple(int(v) for v in start), tuple(int(v) for v in shape),  # type: ignore[arg-type]
                     float(radius))
