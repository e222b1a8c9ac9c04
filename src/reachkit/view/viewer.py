"""`Viewer`: the arm in a browser, on viser, served on 127.0.0.1.

The scene holds the arm (the file's meshes, or sticks and joints), a target frame to
drag (each move is solved by `rk.ik` from the configuration shown, by the method chosen
in the panel), every closed-form solution of the target as a translucent ghost
(`rk.ik_analytic`, where the arm has a closed form), joint sliders within the limits,
and optionally a collision scene, a reachability map and a path to play.

The Python side is the API tests and scripts use: `set_target(T)` moves the target and
solves as a drag would; `set_q(q)`, `q`, `result`, `solutions`, `close()`.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import validate
from ..ik.result import IKResult
from ..robot import Robot
from ..spatial import matrix_to_quaternion, quaternion_to_matrix
from .controls import build_controls, build_path_controls
from .drawing import GHOST_COLOUR, ArmDrawing
from .hooks import draw_reachability, draw_scene, path_configurations
from .parts import arm_scale, file_parts
from .solving import SolverState, start_configuration

MAX_GHOSTS = 16          # 6R arms have at most 16 closed-form solutions
GHOST_OPACITY = 0.3
PATH_FPS = 30
SAME_Q = 1e-5            # rad or m: a ghost this close to the arm is the arm (not drawn)


class Viewer:
    """A running viewer (see the module notes); `close()` stops its server."""

    def __init__(self, server: Any, robot: Robot, *, method: str = "lm", q: ArrayLike | None = None,
                 scene: Any = None, reachability: Any = None, path: Any = None,
                 options: dict[str, Any] | None = None) -> None:
        from ..ik.methods import method_names
        from ..plot.common import is_planar

        self.server, self.robot = server, robot
        q0 = start_configuration(robot) if q is None else validate.joint_vector(q, robot.dof)
        self.state = SolverState(robot, q0.copy(), options=dict(options or {}),
                                 planar=is_planar(robot))
        self.state.set_method(method)
        self.scale = arm_scale(robot)
        frames = robot.frames(q0)
        self.arm = ArmDrawing(server.scene, "/arm", self.scale, file_parts(robot))
        self.ghosts = ArmDrawing(server.scene, "/ghosts", self.scale, colour=GHOST_COLOUR,
                                 opacity=GHOST_OPACITY)
        self.state.T_target = frames[-1].copy()
        self.target_handle = self._add_target(frames[-1])
        server.gui.configure_theme(control_width="small", show_share_button=False)
        self.controls = build_controls(self, method_names())
        self._extras(scene, reachability, path)
        self._syncing = False
        self._camera(frames)
        self.set_q(q0, move_target=False)
        self.state.solutions = self.state.closed_forms()
        self.refresh()
        self._loader = threading.Thread(target=self._load_solver, daemon=True)
        self._loader.start()

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait until the solver's kernels are loaded (compiled, on a machine's first use:
        Numba holds Python's lock while compiling, so the page answers slowly until then);
        True when they are."""
        self._loader.join(timeout)
        return not self._loader.is_alive()

    def _load_solver(self) -> None:
        """Solve the start pose once off the GUI thread, so that the first drag does not
        wait for the solver's kernels to load (tens of ms with a warm cache)."""
        from ..ik.solve import ik

        try:
            ik(self.robot, self.state.target(), method=self.state.method, q0=self.state.q, seed=0,
               **self.state.options)
        except Exception:
            pass

    # ---- Python API ---------------------------------------------------------------
    @property
    def port(self) -> int:
        return int(self.server.get_port())

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def q(self) -> NDArray[np.float64]:
        """(dof,) the configuration shown (a copy)."""
        return self.state.q.copy()

    @property
    def result(self) -> IKResult | None:
        """The last solve's result (None before the first drag or set_target)."""
        return self.state.result

    @property
    def solutions(self) -> NDArray[np.float64]:
        """(k, dof) the closed-form solutions shown as ghosts."""
        return self.state.solutions.copy()

    @property
    def T_target(self) -> NDArray[np.float64]:
        return self.state.T_target.copy()

    def set_target(self, T_world_target: ArrayLike) -> IKResult:
        """Move the target frame to T (4, 4) and solve, as dragging it there would."""
        T = np.array(validate.pose(T_world_target, "target"), dtype=float)
        self.target_handle.position = T[:3, 3]
        self.target_handle.wxyz = matrix_to_quaternion(T[:3, :3])
        return self._solve(T)

    def set_q(self, q: ArrayLike, move_target: bool = True) -> None:
        """Show configuration q (dof,); with move_target the target follows the tool."""
        q = validate.joint_vector(q, self.robot.dof).copy()
        self.state.q = q
        frames = self.robot.frames(q)
        self.arm.update(frames)
        if move_target:
            self.state.T_target = frames[-1].copy()
            self.target_handle.position = frames[-1][:3, 3]
            self.target_handle.wxyz = matrix_to_quaternion(frames[-1][:3, :3])
            self.state.solutions = self.state.closed_forms()
            self.refresh()
        self._sync_sliders()

    def set_method(self, method: str) -> None:
        self.state.set_method(method)
        self._solve(None)

    def set_orientation(self, on: bool) -> None:
        """Solve the full pose (on) or the position only (off; planar arms: x, y only)."""
        self.state.orientation = bool(on)
        self._solve(None)

    def close(self) -> None:
        """Stop the server (the page shows "disconnected")."""
        from . import quiet

        self._playing = False
        with quiet():
            self.server.stop()

    # ---- drawing ------------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw the ghosts and the status line from the solver state."""
        show = bool(self.controls["ghosts"].value)
        sols = self.state.solutions[:MAX_GHOSTS] if show else np.empty((0, self.robot.dof))
        others = [q for q in sols if not self._is_shown(q)]  # the arm itself is no ghost
        self.ghosts.update_many([self.robot.frames(q) for q in others])
        self.controls["status"].content = self._status()

    def _is_shown(self, q: NDArray[np.float64]) -> bool:
        """True when q is the configuration shown (revolute joints compared modulo 2 pi)."""
        delta = np.asarray(q) - self.state.q
        revolute = np.array(self.robot.joint_types) == "R"
        delta = np.where(revolute, (delta + np.pi) % (2 * np.pi) - np.pi, delta)
        return bool(np.all(np.abs(delta) < SAME_Q))

    def _status(self) -> str:
        res, state = self.state.result, self.state
        at_one = any(self._is_shown(q) for q in state.solutions)
        ghosts = (f"{len(state.solutions)} closed-form solutions"
                  + (" (the arm is at one, the others are ghosts)" if at_one else " (ghosts)")
                  if state.analytic else "no closed form for this arm")
        if res is None:
            return ghosts
        outcome = "reached" if res.success else f"NOT reached ({res.reason})"
        return (f"{res.method}: {outcome}, {res.iterations} iterations, "
                f"{state.solve_seconds * 1e6:.0f} us; error {res.position_error:.1e} m, "
                f"{res.rotation_error:.1e} rad; {ghosts}")

    def _solve(self, T: NDArray[np.float64] | None) -> IKResult:
        res = self.state.solve(T)
        with self.server.atomic():
            self.arm.update(self.robot.frames(self.state.q))
            self.refresh()
            self._sync_sliders()
        return res

    def _sync_sliders(self) -> None:
        for slider, value in zip(self.controls["sliders"], self.state.q):
            slider.value = float(np.clip(value, slider.min, slider.max))

    def _add_target(self, T: NDArray[np.float64]) -> Any:
        planar = self.state.planar
        handle = self.server.scene.add_transform_controls(
            "/target", scale=0.3 * self.scale, position=T[:3, 3], wxyz=matrix_to_quaternion(T[:3, :3]),
            active_axes=(True, True, not planar), disable_rotations=False)

        @handle.on_update
        def _(_: Any) -> None:
            T_new = np.eye(4)
            T_new[:3, :3] = quaternion_to_matrix(np.asarray(handle.wxyz, float))
            T_new[:3, 3] = np.asarray(handle.position, float)
            self._solve(T_new)
        return handle

    def _camera(self, frames: NDArray[np.float64]) -> None:
        centre = frames[:, :3, 3].mean(axis=0)
        offset = np.array([1.0, -1.3, 0.7]) * self.scale
        if self.state.planar:
            offset = np.array([0.3, -0.6, 2.2]) * self.scale
        camera = self.server.initial_camera
        camera.position = tuple(centre + offset)
        camera.look_at = tuple(centre)
        camera.up = (0.0, 0.0, 1.0)

    def _extras(self, scene: Any, reachability: Any, path: Any) -> None:
        self.scene_handles = [] if scene is None else draw_scene(self.server.scene, scene, self.scale)
        self.reach_handle = None if reachability is None else draw_reachability(
            self.server.scene, reachability, self.scale)
        self.path_q = None if path is None else path_configurations(path, self.robot.dof)
        self._playing = False
        if self.path_q is not None:
            self.controls.update(build_path_controls(self, len(self.path_q)))

    # ---- paths ----------------------------------------------------------------------
    def show_path_step(self, k: int) -> None:
        """Show configuration k of the path (the target follows the tool)."""
        if self.path_q is not None:
            self.set_q(self.path_q[int(np.clip(k, 0, len(self.path_q) - 1))], move_target=True)

    def play_path(self) -> None:
        """Animate the path once, in a background thread, at PATH_FPS."""
        if self.path_q is None or self._playing:
            return
        self._playing = True

        def run() -> None:
            for k in range(len(self.path_q)):  # type: ignore[arg-type]
                if not self._playing:
                    break
                self.controls["path_step"].value = k
                self.show_path_step(k)
                time.sleep(1.0 / PATH_FPS)
            self._playing = False
        threading.Thread(target=run, daemon=True).start()
