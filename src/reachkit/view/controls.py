"""The viewer's side panel: method, orientation and ghost switches, a status line, one
slider per joint (limits as bounds) and, with a path, a step slider and a play button."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .viewer import Viewer

UNLIMITED_PRISMATIC = 1.0  # m each way for a slider of a prismatic joint without limits


def slider_bounds(viewer: Viewer) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) of the joint sliders: the limits, +-pi (revolute) or +-1 m
    (prismatic) where a joint is unlimited."""
    lower, upper = viewer.robot.limits
    prismatic = np.array(viewer.robot.joint_types) == "P"
    span = np.where(prismatic, UNLIMITED_PRISMATIC, np.pi)
    return np.where(np.isfinite(lower), lower, -span), np.where(np.isfinite(upper), upper, span)


def build_controls(viewer: Viewer, methods: list[str]) -> dict[str, Any]:
    """Add the panel to viewer.server.gui; returns the handles by name."""
    gui = viewer.server.gui
    handles: dict[str, Any] = {}
    gui.add_markdown(f"**{viewer.robot.name}**: {viewer.robot.dof} joints "
                     f"({''.join(viewer.robot.joint_types)}). Drag the target frame.")
    handles["method"] = gui.add_dropdown("method", tuple(methods), initial_value=viewer.state.method)
    handles["method"].on_update(lambda _: viewer.set_method(handles["method"].value))
    handles["orientation"] = gui.add_checkbox("match orientation", initial_value=True)
    handles["orientation"].on_update(lambda _: viewer.set_orientation(handles["orientation"].value))
    handles["ghosts"] = gui.add_checkbox("closed-form ghosts", initial_value=True)
    handles["ghosts"].on_update(lambda _: viewer.refresh())
    handles["status"] = gui.add_markdown("")
    lower, upper = slider_bounds(viewer)
    sliders = []
    with gui.add_folder("joints"):
        for i, name in enumerate(viewer.robot.joint_names):
            step = (upper[i] - lower[i]) / 1000
            slider = gui.add_slider(name, min=float(lower[i]), max=float(upper[i]), step=float(step),
                                    initial_value=float(np.clip(viewer.state.q[i], lower[i], upper[i])))
            slider.on_update(_on_slider(viewer, i, slider))
            sliders.append(slider)
    handles["sliders"] = sliders
    return handles


def _on_slider(viewer: Viewer, index: int, slider: Any) -> Callable[[Any], None]:
    def update(event: Any) -> None:
        if getattr(event, "client", None) is None:  # set from Python (the viewer syncing)
            return
        q = viewer.q
        q[index] = slider.value
        viewer.set_q(q, move_target=True)
    return update


def build_path_controls(viewer: Viewer, count: int) -> dict[str, Any]:
    """A step slider and a play button for a path of `count` configurations."""
    gui = viewer.server.gui
    with gui.add_folder("path"):
        step = gui.add_slider("step", min=0, max=max(count - 1, 1), step=1, initial_value=0)
        play = gui.add_button("play")
    step.on_update(lambda _: viewer.show_path_step(int(step.value)))
    play.on_click(lambda _: viewer.play_path())
    return {"path_step": step, "path_play": play}
