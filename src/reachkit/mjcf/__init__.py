"""MJCF (MuJoCo) import, through MuJoCo's own parser (extra "mjcf").

Modules: compile (MuJoCo compiles the file; bodies and joints read from the compiled
model), chain (body chain choice and folding into Joints), build (the Robot).
"""

from .build import robot_from_mjcf as robot_from_mjcf

__all__ = ["robot_from_mjcf"]
