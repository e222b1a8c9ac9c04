"""reachkit: inverse kinematics for serial robot arms.

Models from DH tables, URDF files and built-in robots; forward kinematics and Jacobians;
every classic numerical IK method behind one front door; closed forms that list every
solution; batch solving. Angles in radians, lengths in metres, poses (4, 4) arrays.
"""

from . import analytic as analytic
from . import models as models
from . import spatial as spatial
from .analytic import ik_analytic as ik_analytic
from .analytic import ik_analytic_batch as ik_analytic_batch
from .dh import DH as DH
from .errors import ModelError as ModelError
from .errors import NotSupportedError as NotSupportedError
from .errors import ReachkitError as ReachkitError
from .errors import TargetError as TargetError
from .joint import Joint as Joint
from .robot import Robot as Robot

__version__ = "0.1.0"

__all__ = [
    "DH",
    "Joint",
    "ModelError",
    "NotSupportedError",
    "ReachkitError",
    "Robot",
    "TargetError",
    "analytic",
    "ik_analytic",
    "ik_analytic_batch",
    "models",
    "spatial",
]
