"""05: an arm from a URDF file.

A 5-axis arm cannot reach an arbitrary 6-D pose, so it is asked for what it can do:
a position only, and a position with the gripper's approach direction (a masked pose).
Then the model is written back to URDF and read again, giving the same kinematics.
"""

from pathlib import Path

import numpy as np

import reachkit as rk

URDF = Path(__file__).with_name("data") / "five_axis_arm.urdf"

robot = rk.Robot.from_urdf(URDF)
print(robot, "\n")

q_true = robot.random_q(seed=4)
T_true = robot.fk(q_true)

# 1. Position only: 3 equations, 5 joints.
res = rk.ik(robot, rk.Target.position(T_true[:3, 3]), seed=1)
print(f"position only     : success={res.success}  error {res.position_error:.1e} m  "
      f"in {res.iterations} iterations")

# 2. Position plus the rotation about world x and y (5 equations): the roll about
#    world z is left free, which a 5-axis arm can satisfy for reachable poses.
target = rk.Target(T_true, mask=[1, 1, 1, 1, 1, 0])
res = rk.ik(robot, target, seed=1)
print(f"masked pose       : success={res.success}  position {res.position_error:.1e} m  "
      f"rotation {res.rotation_error:.1e} rad")

# 3. A full 6-D pose usually is out of reach for 5 joints: the solver says so.
T_goal = T_true.copy()
T_goal[:3, :3] = rk.spatial.rotz(0.4) @ rk.spatial.rotx(0.3) @ T_true[:3, :3]
res = rk.ik(robot, T_goal, seed=1, max_restarts=5)
print(f"full 6-D pose     : success={res.success}  reason: {res.reason}")

# 4. Export and re-import: identical forward kinematics.
again = rk.Robot.from_urdf(robot.to_urdf())
Q = robot.random_q(100, seed=2)
print(f"URDF round trip   : max FK difference {np.abs(again.fk(Q) - robot.fk(Q)).max():.1e}")
