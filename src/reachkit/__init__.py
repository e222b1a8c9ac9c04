"""reachkit: inverse kinematics for serial robot arms.

Models from DH tables, URDF files and built-in robots; forward kinematics and Jacobians;
every classic numerical IK method behind one front door; closed forms that list every
solution; batch solving. Angles in radians, lengths in metres, poses (4, 4) arrays.
"""

import atexit
import gc

from . import constraints as constraints
from . import models as models
from . import objectives as objectives
from . import spatial as spatial
from .dh import DH as DH
from .errors import ModelError as ModelError
from .errors import NotSupportedError as NotSupportedError
from .errors import OptionsError as OptionsError
from .errors import ReachkitError as ReachkitError
from .errors import TargetError as TargetError
from .ik.options import IKOptions as IKOptions
from .ik.result import BatchResult as BatchResult
from .ik.result import IKResult as IKResult
from .ik.solve import ik as ik
from .ik.solve import ik_batch as ik_batch
from .ik.target import Target as Target
from .joint import Joint as Joint
from .robot import Robot as Robot

__version__ = "0.1.0"


def _collect_then_freeze() -> None:
    """At interpreter exit: collect the garbage there is now (its finalisers run as usual),
    then hide every object left from the collector. Numba's type system leaves hundreds of
    thousands of objects, and Python's shutdown walks them in several collections: 0.15-0.2 s
    of a 0.7 s warm start-up (fresh install, Panda, measured), against about 0.03 s for one
    collection here. The objects are freed by reference counting all the same; Python never
    promised finalisers of objects in cycles that are still reachable at exit."""
    gc.collect()
    gc.freeze()


atexit.register(_collect_then_freeze)

__all__ = [
    "DH",
    "BatchResult",
    "IKOptions",
    "IKResult",
    "Joint",
    "ModelError",
    "NotSupportedError",
    "OptionsError",
    "PathResult",
    "ReachabilityMap",
    "ReachkitError",
    "Robot",
    "Target",
    "TargetError",
    "analytic",
    "constraints",
    "ik",
    "ik_analytic",
    "ik_analytic_batch",
    "ik_batch",
    "ik_path",
    "joint_velocity",
    "models",
    "objectives",
    "path",
    "reach",
    "reachability",
    "spatial",
]


_COLLISION = ("collision", "Scene", "Sphere", "Capsule", "Box", "HalfSpace", "PointCloud",
              "SceneError", "distance", "in_collision")


def __getattr__(name: str) -> object:
    """`reachkit.plot` is imported on first access, so `import reachkit` never loads
    matplotlib (the `plot` extra); `reachkit.warmup` (compile every kernel now, see
    `reachkit.precompile.warmup`) likewise loads nothing until it is asked for."""
    if name in ("analytic", "ik_analytic", "ik_analytic_batch"):  # closed forms, also lazy:
        # importing them takes ~0.2 s (measured with SciPy already loaded)
        import importlib

        analytic = importlib.import_module(".analytic", __name__)
        return analytic if name == "analytic" else getattr(analytic, name)
    if name in ("plot", "path", "reach", "view"):  # path, reach: also lazy (import time);
        # view: the browser viewer, a callable module, so rk.view(robot) works
        import importlib

        return importlib.import_module(f".{name}", __name__)
    if name in ("PathResult", "ik_path", "joint_velocity"):
        from . import path

        return getattr(path, name)
    if name in ("reachability", "ReachabilityMap"):  # reachability maps, also lazy
        from . import reach

        return getattr(reach, name)
    if name in _COLLISION:  # collision geometry, also lazy (import time)
        import importlib

        collision = importlib.import_module(".collision", __name__)
        return collision if name == "collision" else getattr(collision, name)
    if name == "warmup":
        from .precompile import warmup

        return warmup
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
