"""`workspace`: sampled reachable tool positions, coloured by manipulability."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import ReachkitError
from .common import finish, is_planar, new_axes, set_equal_3d

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..robot import Robot

CHUNK = 5000
PROGRESS_ABOVE = 20_000


def manipulability(robot: Robot, q: ArrayLike) -> NDArray[np.float64]:
    """Yoshikawa's measure w = sqrt(det(J J^T)) of the world Jacobian (6, dof), computed
    as the product of its singular values, for q (dof,) -> () or (N, dof) -> (N,).
    For arms with fewer than 6 joints this is sqrt(det(J^T J)), the volume of the
    velocity ellipsoid in the directions the arm can move; 0 at a singularity."""
    J = robot.jacobian(q)
    return np.prod(np.linalg.svd(J, compute_uv=False), axis=-1)


def workspace(robot: Robot, samples: int = 5000, path: str | os.PathLike[str] | None = None,
              ax: Axes | None = None, seed: int | None = 0, progress: bool | None = None,
              cmap: str = "viridis") -> Axes:
    """Scatter `samples` tool positions (world frame, m) of uniform random configurations
    inside the limits, coloured by `manipulability`. Planar arms are drawn in x-y, others
    in 3-D. A tqdm bar shows progress when progress=True (None: when samples > 20,000).
    The same seed gives the same picture. Returns the Axes (with a colour bar)."""
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 1:
        raise ReachkitError(f"samples must be a positive integer, got {samples!r}")
    q = robot.random_q(int(samples), seed=seed)
    points, w = _sample(robot, q, progress if progress is not None else samples > PROGRESS_ABOVE)
    planar = is_planar(robot)
    if ax is None:
        ax = new_axes(path, three_d=not planar, size=(6.5, 5.0))
    dims = 2 if planar else 3
    size = float(np.clip(40000.0 / samples, 3.0, 20.0))  # points^2: visible at 5,000 and 50,000
    order = np.argsort(w)  # well-conditioned points on top
    scatter = ax.scatter(*points[order, :dims].T, c=w[order], s=size, cmap=cmap, linewidths=0)
    ax.figure.colorbar(scatter, ax=ax, shrink=0.8, label="manipulability sqrt(det(J J^T))")
    ax.set_xlabel("x (m)")
    ax.set_ylabel("y (m)")
    if planar:
        ax.set_aspect("equal")
    else:
        ax.set_zlabel("z (m)")
        set_equal_3d(ax, points)
    ax.set_title(f"{robot.name}: {samples} sampled tool positions", fontsize=9)
    return finish(ax, path)


def _sample(robot: Robot, q: NDArray[np.float64], show: bool) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Tool positions (N, 3) and manipulability (N,), chunk by chunk with a progress bar."""
    points = np.empty((len(q), 3))
    w = np.empty(len(q))
    bar: Any = None
    if show:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(q), desc=f"reachkit workspace ({robot.name})", unit="sample")
    for start in range(0, len(q), CHUNK):
        part = slice(start, min(start + CHUNK, len(q)))
        points[part] = robot.fk(q[part])[:, :3, 3]
        w[part] = manipulability(robot, q[part])
        if bar is not None:
            bar.update(part.stop - part.start)
    if bar is not None:
        bar.close()
    return points, w
