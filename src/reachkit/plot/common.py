"""What every picture shares: lazy matplotlib, new axes, saving, planar-arm detection."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import NotSupportedError
from ..extras import install_hint

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..robot import Robot

INSTALL_HINT = install_hint("plot")


class MissingDependencyError(NotSupportedError, ImportError):
    """An optional package the picture needs (matplotlib, pillow) is not installed."""


def matplotlib_module() -> Any:
    """The matplotlib module, or a MissingDependencyError saying how to install it."""
    try:
        import matplotlib
    except ImportError as exc:
        raise MissingDependencyError(f"reachkit.plot needs matplotlib: {INSTALL_HINT}") from exc
    return matplotlib


def new_axes(path: str | os.PathLike[str] | None, three_d: bool = False,
             size: tuple[float, float] = (6.0, 5.0), layout: str | None = "constrained") -> Axes:
    """Fresh axes. With a path the figure is not registered with pyplot (nothing to close,
    no window); without one it is a pyplot figure, so `plt.show()` displays it."""
    matplotlib_module()
    projection = "3d" if three_d else None
    if path is not None:
        from matplotlib.figure import Figure

        fig = Figure(figsize=size, layout=layout)
    else:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=size, layout=layout)
    return fig.add_subplot(projection=projection)


def finish(ax: Axes, path: str | os.PathLike[str] | None, dpi: int = 110) -> Axes:
    """Save the figure of `ax` when a path is given; return `ax`."""
    if path is not None:
        folder = os.path.dirname(os.fspath(path))
        if folder:
            os.makedirs(folder, exist_ok=True)
        ax.figure.savefig(path, dpi=dpi)
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
