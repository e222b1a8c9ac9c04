"""Closed-form inverse kinematics that lists every solution.

The closed form is chosen from the robot's joint lines (see `geometry`), not its name:
planar 2R / 3R arms (also with one slide along their axes: SCARA), 6-joint arms with a
spherical wrist (Puma 560, KUKA KR, ABB IRB, Stanford arm) and 6R arms with three
parallel axes (UR family). Built from Paden-Kahan subproblems in Numba kernels.

Other 6R arms: every solution (up to 16) from the Raghavan-Roth / Manocha-Canny
elimination (`general6r`); arms whose first three axes meet: a Pieper form read from the
tool (`reverse`). 7R arms: SRS arms (spherical shoulder and wrist, KUKA iiwa) at a swivel
angle `free=` (`swivel`), others with a joint locked at `free=` (`redundant`);
5R arms with a yaw, three parallel pitch axes and a roll about the tool axis (WidowX
type): the tool point and axis of T, joint 5 from T's x column (`five_axis`).
`free_samples=k` stacks k values; `free_value(robot, q)` is the value that lists q.

`ik_analytic(robot, T)` -> (k, dof); `solve(robot, T)` -> `AnalyticSolutions` with labels
such as "right/elbow-up/no-flip"; `ik_analytic_batch(robot, Ts)` -> (N, w, dof) NaN-padded
and counts (N,); `family(robot)` names the closed form (or raises NotSupportedError).

>>> import reachkit as rk
>>> robot = rk.models.load("puma560")
>>> sols = rk.analytic.solve(robot, robot.fk([0.1, 0.5, -0.3, 0.2, 0.4, 0.1]))
>>> len(sols)
8
"""

from .api import AnalyticSolutions as AnalyticSolutions
from .api import Family as Family
from .api import family as family
from .api import free_value as free_value
from .api import ik_analytic as ik_analytic
from .api import solve as solve
from .batch import ik_analytic_batch as ik_analytic_batch

__all__ = ["AnalyticSolutions", "Family", "family", "free_value", "ik_analytic", "ik_analytic_batch", "solve"]
