"""What every picture shares: lazy matplotlib, new axes, saving, planar-arm detection."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..extras import MissingDependencyError, install_hint, require

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..robot import Robot

INSTALL_HINT = install_hint("plot")
__all__ = ["INSTALL_HINT", "MissingDependencyError", "finish", "is_planar", "matplotlib_module",
           "new_axes", "new_figure", "save_figure", "set_equal_3d"]


def matplotlib_module() -> Any:
    """The matplotlib module, or a MissingDependencyError saying how to install it."""
    return require("matplotlib", "plot", "reachkit.plot")


def new_figure(path: str | os.PathLike[str] | None, size: tuple[float, float] = (6.0, 5.0),
               layout: str | None = "constrained") -> Figure:
    """A fresh Figure (size in inches). With a path it is not registered with pyplot
    (nothing to close, no window); without one it is a pyplot figure, so `plt.show()`
    displays it."""
    matplotlib_module()
    if path is not None:
        from matplotlib.figure import Figure

        return Figure(figsize=size, layout=layout)
    import matplotlib.pyplot as plt

    return plt.figure(figsize=size, layout=layout)


def new_axes(path: str | os.PathLike[str] | None, three_d: bool = False,
             size: tuple[float, float] = (6.0, 5.0), layout: str | None = "constrained") -> Axes:
    """Fresh axes on a `new_figure`; 3-D ones when three_d."""
    return new_figure(path, size, layout).add_subplot(projection="3d" if three_d else None)


def save_figure(fig: Figure, path: str | os.PathLike[str] | None, dpi: int = 110) -> None:
    """Save `fig` to path (PNG, SVG, PDF ... from the suffix; folders made) when given."""
    if path is not None:
        folder = os.path.dirname(os.fspath(path))
        if folder:
            os.makedirs(folder, exist_ok=True)
        fig.savefig(path, dpi=dpi)


def finish(ax: Axes, path: str | os.PathLike[str] | None, dpi: int = 110) -> Axes:
    """Save the figure of `ax` when a path is given; return `ax`."""
    save_figure(ax.figure, path, dpi)
    return ax


def is_planar(robot: Robot, q: ArrayLike | None = None, tolerance: float = 1e-9) -> bool:
    """True when the arm moves in a plane z = const: every revolute axis is parallel to the
    world z axis, every prismatic axis lies in the xy-plane, and every frame origin has the
    same z (checked at q, default zeros)."""
    q = np.zeros(robot.dof) if q is None else np.asarray(q, dtype=float)
    J = robot.jacobian(q)
    revolute = np.array(robot.joint_types) == "R"
    tilt = np.where(revolute, np.hypot(J[3], J[4]), np.abs(J[2]))
    prismatic_rotates = np.where(revolute, 0.0, np.abs(J[3:]).sum(axis=0))
    z = robot.frames(q)[:, 2, 3]
    return bool(np.all(tilt < tolerance) and np.all(prismatic_rotates < tolerance)
                and np.ptp(z) < tolerance)


def set_equal_3d(ax: Any, points: NDArray[np.float64]) -> None:
    """Equal scale on the three axes of a 3-D plot around `points` (n, 3)."""
    low, high = points.min(axis=0), points.max(axis=0)
    centre, half = (low + high) / 2, max(float(np.max(high - low)) / 2, 1e-3) * 1.1
    ax.set_xlim(centre[0] - half, centre[0] + half)
    ax.set_ylim(centre[1] - half, centre[1] + half)
    ax.set_zlim(centre[2] - half, centre[2] + half)
    ax.set_box_aspect((1, 1, 1))
