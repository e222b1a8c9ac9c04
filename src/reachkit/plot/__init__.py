"""Pictures and animations (optional extra `plot`: matplotlib and pillow).

`import reachkit` never imports matplotlib; this package is imported on first use of
`reachkit.plot` (or by `import reachkit.plot`), and matplotlib only when a picture is drawn.

Every function either saves to `path` (PNG, SVG, PDF ... from the suffix; GIF/MP4 for
`animate`) or draws into a given `ax`, and returns what it drew into:

- `arm(robot, q, path=None, ax=None, target=None)` -> Axes
- `solve_progress(res, path=None, ax=None)` -> Axes (res from `ik(..., trace=True)`)
- `animate(robot, trace, path="ik.gif", target=None, fps=15)` -> FuncAnimation
- `workspace(robot, samples=5000, path=None, ax=None, seed=0, progress=None)` -> Axes
- `compare_methods(robot, target, methods=None, path=None, ax=None, q0=None)` -> Axes
- `reachability(rmap, path=None)` -> Figure (slices and a 3-D scatter of a `ReachabilityMap`)
"""

from .animation import animate as animate
from .arm import arm as arm
from .common import MissingDependencyError as MissingDependencyError
from .common import is_planar as is_planar
from .compare import compare_methods as compare_methods
from .progress import error_history as error_history
from .progress import solve_progress as solve_progress

# Imported here, not in a module __getattr__: the submodule shares the function's name, and
# importing it would otherwise rebind `plot.reachability` to the module. It loads only
# numpy at import; matplotlib (and reachkit.reach) stay unloaded until a map is drawn.
from .reachability import reachability as reachability
from .workspace import manipulability as manipulability
from .workspace import workspace as workspace

__all__ = ["MissingDependencyError", "animate", "arm", "compare_methods", "error_history",
           "is_planar", "manipulability", "reachability", "solve_progress", "workspace"]
