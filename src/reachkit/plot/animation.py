"""`animate`: the arm following the solver's iterates, saved as a GIF (or MP4)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from .. import validate
from ..errors import ReachkitError
from ..extras import require
from ..ik.target import Target, as_target
from .arm import draw_arm, frame_size, goal_axes, set_view
from .common import MissingDependencyError, finish, is_planar, new_axes

if TYPE_CHECKING:
    from matplotlib.animation import FuncAnimation

    from ..robot import Robot


def animate(robot: Robot, trace: ArrayLike, path: str | os.PathLike[str] | None = "ik.gif",
            target: Target | ArrayLike | None = None, fps: int = 15, max_frames: int = 60,
            frames: bool = False) -> FuncAnimation:
    """Animate the arm through trace (k, dof), e.g. `res.trace` of `ik(..., trace=True)`.

    At most `max_frames` evenly spaced iterates are shown (always the first and the last),
    the final pose held for half a second. `.gif` files use pillow, `.mp4` needs ffmpeg;
    path=None only builds the animation (display it with `anim.to_jshtml()` in a notebook).
    Returns the matplotlib FuncAnimation; its figure is `anim._fig`.
    """
    rows = validate.joint_vector(trace, robot.dof, "trace", batch=True).reshape(-1, robot.dof)
    if len(rows) == 0:
        raise ReachkitError("the trace is empty: solve with reachkit.ik(..., trace=True)")
    if max_frames < 2 or fps < 1:
        raise ReachkitError(f"need max_frames >= 2 and fps >= 1, got {max_frames} and {fps}")
    pick = np.unique(np.linspace(0, len(rows) - 1, min(len(rows), max_frames)).round().astype(int))
    shown = np.vstack([rows[pick], np.repeat(rows[-1:], max(1, fps // 2), axis=0)])
    planar = is_planar(robot, rows[0])
    ax = new_axes(path, three_d=not planar, size=(5.0, 4.0), layout=None)  # fixed layout: fast frames
    ax.figure.subplots_adjust(left=0.14, right=0.96, bottom=0.12, top=0.92)
    all_frames = np.stack([robot.frames(q) for q in rows[pick]])
    size = frame_size(robot, all_frames[0])
    goal_target = None if target is None else as_target(target)
    goal = None if goal_target is None else goal_target.T
    points = all_frames[:, :, :3, 3].reshape(-1, 3)
    if goal is not None:
        points = np.vstack([points, goal[:3, 3]])

    from matplotlib.animation import FuncAnimation

    artists = draw_arm(ax, all_frames[0], planar, size, frames=frames, goal=goal,
                       goal_axes=goal_axes(goal_target, planar))
    set_view(ax, points, planar, size)

    def draw(k: int) -> list[Any]:
        step = pick[min(k, len(pick) - 1)]
        ax.set_title(f"{robot.name}: iterate {step} of {len(rows) - 1}", fontsize=9)
        return artists.update(robot.frames(shown[k]))

    anim = FuncAnimation(ax.figure, draw, frames=len(shown), interval=1000 / fps, blit=False)
    if path is not None:
        _save(anim, path, fps)
    finish(ax, None)
    return anim


def _save(anim: Any, path: str | os.PathLike[str], fps: int) -> None:
    folder = os.path.dirname(os.fspath(path))
    if folder:
        os.makedirs(folder, exist_ok=True)
    suffix = os.fspath(path).lower().rsplit(".", 1)[-1]
    if suffix == "gif":
        require("PIL", "plot", "writing a GIF (pillow)")
        from matplotlib.animation import PillowWriter

        anim.save(path, writer=PillowWriter(fps=fps), dpi=80)
    elif suffix == "mp4":
        from matplotlib.animation import FFMpegWriter

        if not FFMpegWriter.isAvailable():
            raise MissingDependencyError("MP4 animations need ffmpeg on the PATH; save a .gif instead")
        anim.save(path, writer=FFMpegWriter(fps=fps), dpi=100)
    else:
        raise ReachkitError(f"animation path must end in .gif or .mp4, got {os.fspath(path)!r}")
