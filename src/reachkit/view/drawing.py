"""`ArmDrawing`: arms in the viewer's scene (the arm itself, or all ghosts at once), moved
by `update` without re-sending meshes.

Sticks and joint balls are two batched meshes (one message each per update, however many
links and ghosts); a file's visual shapes are one mesh handle each.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .parts import Part, ball_mesh, stick_mesh, stick_poses, world_poses

ARM_COLOUR = (230, 95, 0)        # sticks and meshes without a colour of their own
JOINT_COLOUR = (60, 60, 70)
GHOST_COLOUR = (70, 150, 255)
HIDDEN = 1e-6                    # scale of a zero-length stick


class ArmDrawing:
    """Handles under scene node `name`: the file's parts when given, else sticks between
    frame origins and balls on them. `opacity` < 1 draws translucent ghosts."""

    def __init__(self, scene: Any, name: str, scale: float, parts: list[Part] | None = None,
                 colour: tuple[int, int, int] = ARM_COLOUR, opacity: float | None = None) -> None:
        self.parts = parts or []
        self.handles = [scene.add_mesh_simple(f"{name}/part{k}", *part.mesh,
                                              color=part.colour or colour, opacity=opacity)
                        for k, part in enumerate(self.parts)]
        self.sticks: Any = None
        self.balls: Any = None
        if not self.parts:
            radius = 0.025 * scale
            one = (np.array([[1.0, 0, 0, 0]]), np.zeros((1, 3)))
            self.sticks = scene.add_batched_meshes_simple(
                f"{name}/links", *stick_mesh(radius), *one, batched_scales=np.ones((1, 3)),
                batched_colors=colour, opacity=opacity, lod="off")
            self.balls = scene.add_batched_meshes_simple(
                f"{name}/joints", *ball_mesh(1.6 * radius), *one,
                batched_colors=colour if opacity is not None else JOINT_COLOUR, opacity=opacity,
                lod="off")

    def update(self, frames: NDArray[np.float64]) -> None:
        """Move the arm to frames (dof + 1, 4, 4) (robot.frames(q))."""
        self.update_many([frames])

    def update_many(self, frame_sets: Sequence[NDArray[np.float64]]) -> None:
        """Draw one arm per frames (dof + 1, 4, 4) in frame_sets (sticks only; the file's
        parts follow the first); none hides the drawing."""
        if not frame_sets:
            self.set_visible(False)
            return
        positions, wxyz = world_poses(self.parts, frame_sets[0])
        for handle, p, w in zip(self.handles, positions, wxyz):
            handle.position, handle.wxyz = p, w
        if self.sticks is not None:
            sticks = [stick_poses(frames) for frames in frame_sets]
            start = np.vstack([s[0] for s in sticks])
            lengths = np.concatenate([s[2] for s in sticks])
            scales = np.ones((len(lengths), 3))
            scales[:, 2] = np.where(lengths > 0, lengths, HIDDEN)
            scales[lengths <= 0] = HIDDEN
            self.sticks.batched_positions = start
            self.sticks.batched_wxyzs = np.vstack([s[1] for s in sticks])
            self.sticks.batched_scales = scales
            origins = np.vstack([frames[:, :3, 3] for frames in frame_sets])
            self.balls.batched_positions = origins
            self.balls.batched_wxyzs = np.tile([1.0, 0.0, 0.0, 0.0], (len(origins), 1))
        self.set_visible(True)

    def set_visible(self, visible: bool) -> None:
        for handle in (*self.handles, self.sticks, self.balls):
            if handle is not None and handle.visible != visible:
                handle.visible = visible
