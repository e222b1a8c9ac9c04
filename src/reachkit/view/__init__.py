"""The browser viewer (extra `view`: viser): `reachkit.view(robot)` or `reachkit view ROBOT`.

`view(robot, scene=None, port=8080, ...)` serves a page on http://127.0.0.1:PORT with the
arm, a target frame to drag (solved live), every closed-form solution as a ghost and
joint sliders; see `reachkit.view.viewer`. viser is imported only here, on first use.
"""

from __future__ import annotations

import contextlib
import io
import sys
import types
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from numpy.typing import ArrayLike

from ..errors import NotSupportedError
from ..extras import MissingDependencyError, require

if TYPE_CHECKING:
    from ..robot import Robot
    from .viewer import Viewer

__all__ = ["MissingDependencyError", "view"]


def _viser() -> Any:
    return require("viser", "view", "reachkit.view")


def view(robot: Robot, scene: Any = None, port: int = 8080, *, method: str = "lm",
         q: ArrayLike | None = None, reachability: Any = None, path: Any = None,
         block: bool | None = None, options: dict[str, Any] | None = None) -> Viewer:
    """Serve the viewer of `robot` on http://127.0.0.1:port (the next free port if taken).

    scene, reachability, path: drawn when given (see `reachkit.view.hooks`). method and
    options: how a dragged target is solved (`rk.ik`'s). q: the start configuration.
    block: wait until Ctrl-C and then stop (default: block unless Python is interactive);
    otherwise return the running `Viewer` at once (its `close()` stops it).
    """
    from ..robot import Robot as RobotClass
    from .viewer import Viewer

    if not isinstance(robot, RobotClass):
        raise NotSupportedError(f"view needs a reachkit Robot, got {type(robot).__name__}; "
                                "load one with reachkit.models.load or reachkit.Robot.from_urdf")
    viser = _viser()
    with quiet():  # viser prints a banner of its own; ours says the address once
        server = viser.ViserServer(host="127.0.0.1", port=int(port), verbose=False)
    try:
        viewer = Viewer(server, robot, method=method, q=q, scene=scene, reachability=reachability,
                        path=path, options=options)
    except BaseException:
        with quiet():
            server.stop()
        raise
    if block is None:
        block = not (hasattr(sys, "ps1") or sys.flags.interactive or "IPython" in sys.modules)
    if block:
        _serve_until_interrupted(viewer)
    return viewer


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Swallow what viser prints on start and stop (its banner, "Server stopped")."""
    with contextlib.redirect_stdout(io.StringIO()):
        yield


def _serve_until_interrupted(viewer: Viewer) -> None:
    import time

    try:
        print(f"reachkit view: {viewer.robot.name} at {viewer.url} (Ctrl-C stops)", flush=True)
        # Short sleeps: Python runs the Ctrl-C handler on this thread when it wakes, and a
        # SIGINT the kernel hands to another thread (the server's, the solver loader's)
        # does not cut a long sleep short.
        while True:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        viewer.close()


class _CallableModule(types.ModuleType):
    """`reachkit.view` is this package and also the function: rk.view(robot) calls view."""

    def __call__(self, *args: Any, **kwargs: Any) -> Viewer:
        return view(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
