"""A picture of a followed path: joint values and joint moves per waypoint (matplotlib,
imported only when a picture is drawn)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import numpy as np

from ..robot import Robot
from .result import PathResult

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def path_figure(robot: Robot, result: PathResult, max_joint_step: float | None = None,
                path: str | os.PathLike[str] | None = None) -> Figure:
    """Two panels over the waypoint index: joint values (rad / m) of the reached waypoints
    and the largest joint move into each one, with the bound when given; the failed
    waypoint is marked. Saved to `path` (PNG, SVG, PDF ...) when given. Needs matplotlib
    (the `plot` extra; a MissingDependencyError says how to install it)."""
    from ..plot.common import new_figure, save_figure

    fig = new_figure(path, (8.0, 6.0))
    top, bottom = fig.subplots(2, 1, sharex=True)
    q = result.q_reached
    index = np.arange(len(q))
    for j, name in enumerate(robot.joint_names):
        top.plot(index, q[:, j], label=name)
    if len(q) > 1:
        moves = np.abs(np.diff(q, axis=0)).max(axis=1)
        bottom.plot(index[1:], moves, color="k", label="largest joint move")
    if max_joint_step is not None:
        bottom.axhline(max_joint_step, color="r", linestyle="--", label="max_joint_step")
    if result.failed_index is not None:
        for ax in (top, bottom):
            ax.axvline(result.failed_index, color="r", alpha=0.5)
    top.set_ylabel("joint value (rad / m)")
    top.legend(fontsize=7, ncol=4)
    bottom.set_ylabel("move per waypoint")
    bottom.set_xlabel("waypoint")
    bottom.legend(fontsize=7)
    top.set_title(f"{robot.name}: {result.reason}"[:110], fontsize=9)
    for ax in (top, bottom):
        ax.grid(True, alpha=0.3)
    save_figure(fig, path)
    return fig
