"""Cartesian paths and joint velocities.

- `line(T_start, T_goal, step=0.005, angular_step=0.02)` -> (N, 4, 4): a straight line,
  orientation slerped; `waypoints(poses, ...)` one line per pair of poses.
- `ik_path(robot, poses, q0, max_joint_step=0.05, method="lm" | "analytic")` -> `PathResult`:
  the joint path, waypoint by waypoint from q0, stopping honestly at the first waypoint it
  cannot reach without a jump (and saying why).
- `joint_velocity(robot, q, twist, method="dls" | "pinv" | "jt", secondary=None)` -> (dof,):
  resolved-rate control, qdot = J# xdot + (I - J+ J) q0dot.
- `path_figure(robot, result, path=None)`: joint values and moves along a path (matplotlib).

Poses are tool poses in the world frame (T_world_tool), (4, 4); angles in radians,
lengths in metres.
"""

from .figure import path_figure as path_figure
from .polyline import waypoints as waypoints
from .result import PathResult as PathResult
from .segment import interpolate as interpolate
from .segment import line as line
from .solve import ik_path as ik_path
from .velocity import joint_velocity as joint_velocity

__all__ = ["PathResult", "ik_path", "interpolate", "joint_velocity", "line", "path_figure", "waypoints"]
