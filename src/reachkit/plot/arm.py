"""`arm`: a stick figure of the robot at one configuration, joints and frames visible."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import validate
from ..ik.target import Target, as_target
from .common import finish, is_planar, new_axes, set_equal_3d

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..robot import Robot

AXIS_COLOURS = ("tab:red", "tab:green", "tab:blue")  # x, y, z of each frame
LINK_COLOUR = "0.25"
JOINT_COLOUR = "tab:orange"
TARGET_COLOUR = "tab:purple"


def arm(robot: Robot, q: ArrayLike, path: str | os.PathLike[str] | None = None,
        ax: Axes | None = None, target: Target | ArrayLike | None = None,
        frames: bool = True, title: str | None = None, scene: Any = None,
        show_collision: bool = False) -> Axes:
    """Draw the arm at q (dof,): links as lines between frame origins, joints as dots, the
    x/y/z axes of every frame (red/green/blue) and the tool frame, in the world frame.

    Planar arms (see `is_planar`) are drawn in 2-D (x, y), every other arm in 3-D. `target`
    (a `Target` or (4, 4) pose) is marked with a cross. Saves to `path` when given, draws
    into `ax` when given (a 3-D axes for non-planar arms); returns the Axes. `scene` (a
    `reachkit.collision.Scene`) draws the obstacles, show_collision the robot's collision
    capsules (`robot.collision_model`), see `plot.collision`.
    """
    q = validate.joint_vector(q, robot.dof)
    planar = is_planar(robot, q)
    if ax is None:
        ax = new_axes(path, three_d=not planar)
    T_frames = robot.frames(q)
    size = frame_size(robot, T_frames)
    goal = None if target is None else as_target(target)
    T_goal = None if goal is None else goal.T
    draw_arm(ax, T_frames, planar, size, frames=frames, goal=T_goal, goal_axes=goal_axes(goal, planar))
    if scene is not None or show_collision:
        from ..collision.scene import as_scene
        from .collision import draw_collision_model, draw_scene

        if scene is not None:
            draw_scene(ax, as_scene(scene), planar, 20 * size)
        if show_collision:
            draw_collision_model(ax, robot, T_frames, planar)
    points = T_frames[:, :3, 3] if T_goal is None else np.vstack([T_frames[:, :3, 3], T_goal[:3, 3]])
    set_view(ax, points, planar, size)
    ax.set_title(title if title is not None else f"{robot.name}  q = [{' '.join(f'{v:.2f}' for v in q)}]",
                 fontsize=9)
    return finish(ax, path)


def frame_size(robot: Robot, T_frames: NDArray[np.float64]) -> float:
    """Length (m) of the drawn frame axes: a tenth of the arm's extent."""
    from ..ik.reach import reach_bound

    _, radius = reach_bound(robot)
    if not np.isfinite(radius) or radius <= 0:
        radius = float(np.ptp(T_frames[:, :3, 3], axis=0).max()) or 1.0
    return 0.1 * radius


def goal_axes(target: Target | None, planar: bool) -> tuple[int, ...]:
    """Which axes (0 x, 1 y, 2 z) of the goal frame to draw: a planar target with phi
    shows its x axis (the tool direction), a 3-D target with orientation all three, a
    position-only target none."""
    if target is None:
        return ()
    mask = target.mask
    if planar:
        return (0,) if mask[5] else ()
    return (0, 1, 2) if np.any(mask[3:]) else ()


class ArmArtists:
    """The lines of one drawn arm (links, joints, tool, frame axes, goal), created once and
    moved with `update`, so animations need not redraw the axes."""

    def __init__(self, ax: Any, n_frames: int, planar: bool, size: float, frames: bool = True,
                 goal: NDArray[np.float64] | None = None, goal_axes: tuple[int, ...] = ()) -> None:
        self.planar, self.size, self.n_frames = planar, size, n_frames
        empty: list[list[float]] = [[]] * (2 if planar else 3)
        self.links = ax.plot(*empty, "-", color=LINK_COLOUR, lw=3, zorder=2)[0]
        self.joints = ax.plot(*empty, "o", color=JOINT_COLOUR, ms=7, mec="k", zorder=3)[0]
        self.tip = ax.plot(*empty, "s", color="k", ms=5, zorder=3)[0]
        n_axes = (2 if planar else 3) if frames else 0
        self.axes = [[ax.plot(*empty, color=AXIS_COLOURS[a], lw=1.2, zorder=4)[0] for a in range(n_axes)]
                     for _ in range(n_frames)]
        if goal is not None:
            dims = slice(0, 2) if planar else slice(0, 3)
            ax.plot(*goal[:3, 3][dims, None], "x", color=TARGET_COLOUR, ms=12, mew=2.5, zorder=5)
            for axis in goal_axes:  # the goal's orientation: dashed axes, x as the tool direction
                tip = goal[:3, 3] + 2.0 * size * goal[:3, axis]
                ax.plot(*np.stack([goal[:3, 3], tip])[:, dims].T, "--", color=AXIS_COLOURS[axis],
                        lw=1.8, zorder=5)

    def _set(self, line: Any, points: NDArray[np.float64]) -> None:
        if self.planar:
            line.set_data(points[:, 0], points[:, 1])
        else:
            line.set_data_3d(points[:, 0], points[:, 1], points[:, 2])

    def update(self, T_frames: NDArray[np.float64]) -> list[Any]:
        """Move the lines to world frames (dof + 1, 4, 4); return the changed artists."""
        p = T_frames[:, :3, 3]
        self._set(self.links, p)
        self._set(self.joints, p[:-1])
        self._set(self.tip, p[-1:])
        changed = [self.links, self.joints, self.tip]
        for k, (T, lines) in enumerate(zip(T_frames, self.axes)):
            scale = self.size * (1.5 if k == self.n_frames - 1 else 1.0)
            for axis, line in enumerate(lines):
                self._set(line, np.stack([T[:3, 3], T[:3, 3] + scale * T[:3, axis]]))
                changed.append(line)
        return changed


def draw_arm(ax: Any, T_frames: NDArray[np.float64], planar: bool, size: float,
             frames: bool = True, goal: NDArray[np.float64] | None = None,
             goal_axes: tuple[int, ...] = ()) -> ArmArtists:
    """Draw links, joints, frames (and the goal) into ax; return the artists."""
    artists = ArmArtists(ax, len(T_frames), planar, size, frames, goal, goal_axes)
    artists.update(T_frames)
    return artists


def set_view(ax: Any, points: NDArray[np.float64], planar: bool, size: float) -> None:
    """Axis labels and equal scaling around points (n, 3)."""
    margin = 2.0 * size
    if planar:
        low, high = points[:, :2].min(axis=0) - margin, points[:, :2].max(axis=0) + margin
        ax.set_xlim(low[0], high[0])
        ax.set_ylim(low[1], high[1])
        ax.set_aspect("equal")
        ax.grid(True, alpha=0.3)
    else:
        set_equal_3d(ax, np.vstack([points - margin, points + margin]))
        ax.set_zlabel("z (m)")
    ax.set_xlabel("x (m)")
    ax.set_ylabel("y (m)")
