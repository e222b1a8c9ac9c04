"""URDF import and export.

`robot_from_urdf` (behind `Robot.from_urdf`) reads the serial chain between two links of
a URDF; `robot_to_urdf` (behind `Robot.to_urdf`) writes any robot as URDF. Modules:
parse (XML to link / joint records), tree (tree checks and chain selection), build
(folding a chain into a Robot), export (writing).
"""

from .build import fold_chain as fold_chain
from .build import robot_from_urdf as robot_from_urdf
from .export import robot_to_urdf as robot_to_urdf
from .parse import UrdfJoint as UrdfJoint
from .parse import UrdfModel as UrdfModel
from .parse import parse_urdf as parse_urdf
from .tree import select_chain as select_chain

__all__ = [
    "UrdfJoint",
    "UrdfModel",
    "fold_chain",
    "parse_urdf",
    "robot_from_urdf",
    "robot_to_urdf",
    "select_chain",
]
