"""Servoing a Puma 560 along a Cartesian line past its wrist singularity.

The line keeps the tool point still and turns the tool 0.4 rad about joint 5's axis,
passing 1 mrad from the orientation where joints 4 and 6 line up (q5 = 0). There the
Jacobian loses a direction, and following the line exactly needs joints 4 and 6 to swing
about pi almost instantly.

1. Resolved-rate servo, every 10 ms: twist = feed-forward of the line + 5/s x pose error,
   qdot = rk.joint_velocity(robot, q, twist, method), q += qdot dt.
   - pinv: qdot = J+ twist; the joint speeds explode near the singularity.
   - dls: damping rises as the smallest singular value falls below 0.05; the speeds stay
     bounded (|qdot| <= |twist| / (2 x 0.05)), the tool lags the line a little instead.
2. rk.ik_path on the same waypoints stops, honestly, at the crossing with reason
   "singularity", where per-waypoint rk.ik calls flip the wrist between two waypoints.

Run: PYTHONPATH=src python examples/09_servo_line_through_singularity.py
"""

import importlib.util
from pathlib import Path

import numpy as np

import reachkit as rk

robot = rk.models.load("puma560")
q_singular = np.array([0.3, 0.5, -0.8, 0.4, 0.0, 0.4])
DT, SECONDS, GAIN = 0.01, 4.0, 5.0

# The line: turn about joint 5's axis z5, offset 1 mrad about the lost axis z4 x z5.
J = robot.jacobian(q_singular)
z4, z5 = J[3:, 3], J[3:, 4]
lost = np.cross(z4, z5) / np.linalg.norm(np.cross(z4, z5))
T_singular = robot.fk(q_singular)


def tool_pose(angle: float) -> np.ndarray:
    """T_world_tool turned by `angle` about z5 (after the 1 mrad offset about `lost`)."""
    R = rk.spatial.rotvec_to_matrix(angle * z5) @ rk.spatial.rotvec_to_matrix(1e-3 * lost)
    return rk.spatial.transform(R @ T_singular[:3, :3], T_singular[:3, 3])


T_start, T_goal = tool_pose(-0.2), tool_pose(0.2)
q_start = rk.ik(robot, T_start, q0=q_singular - [0, 0, 0, 0, 0.2, 0], max_restarts=0).q
line_twist = np.concatenate([np.zeros(3), 0.4 / SECONDS * z5])  # constant: a straight line
times = np.arange(0.0, SECONDS + DT / 2, DT)


def servo(method: str) -> tuple[np.ndarray, np.ndarray]:
    """Joint speeds (ticks, 6) in rad/s and tracking error (ticks,) in rad."""
    q = q_start.copy()
    speeds, errors = [], []
    for t in times[1:]:
        e = rk.spatial.pose_error(robot.fk(q), tool_pose(-0.2 + 0.4 * t / SECONDS))
        qdot = rk.joint_velocity(robot, q, line_twist + GAIN * e, method=method)
        q = q + qdot * DT
        speeds.append(qdot)
        errors.append(np.linalg.norm(e[3:]))
    return np.array(speeds), np.array(errors)


results = {method: servo(method) for method in ("pinv", "dls")}
print(f"{robot.name}: tool turns 0.4 rad in {SECONDS:.0f} s past the wrist singularity "
      f"(1 mrad away), {len(times) - 1} ticks of {DT * 1e3:.0f} ms")
print(f"{'method':<6} {'peak joint speed':>17} {'median':>9} {'largest error':>14}")
for method, (speeds, errors) in results.items():
    peak = np.abs(speeds).max(axis=1)
    print(f"{method:<6} {peak.max():>11.1f} rad/s {np.median(peak):>9.3f} {errors.max():>10.4f} rad")

poses = rk.path.line(T_start, T_goal)
path = rk.ik_path(robot, poses, q_start, max_joint_step=0.05)
naive = [q_start]
for T in poses:
    naive.append(rk.ik(robot, T, q0=naive[-1]).q)
ratio = np.abs(results["pinv"][0]).max() / np.abs(results["dls"][0]).max()
print(f"pinv's peak joint speed is {ratio:.0f}x that of dls")
print(f"ik_path over {len(poses)} waypoints: {path.reason}")
print(f"per-waypoint rk.ik: largest joint move between waypoints "
      f"{np.abs(np.diff(naive, axis=0)).max():.2f} rad (a wrist flip)")

if importlib.util.find_spec("matplotlib"):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    out = Path("out/examples/09_servo_line_through_singularity.png")
    out.parent.mkdir(parents=True, exist_ok=True)
    fig = Figure(figsize=(9, 6), layout="constrained")
    axes = fig.subplots(2, 1, sharex=True, sharey=True)  # the same scale for both
    for ax, (method, (speeds, _)) in zip(axes, results.items()):
        for j in range(robot.dof):
            ax.plot(times[1:], speeds[:, j], label=robot.joint_names[j])
        ax.set_ylabel(f"{method}: joint speed (rad/s)")
        ax.set_yscale("symlog", linthresh=1.0)
        ax.grid(True, alpha=0.3)
    axes[0].legend(ncol=6, fontsize=8)
    axes[0].set_title("Puma 560 servoed along a line past its wrist singularity")
    axes[1].set_xlabel("time (s)")
    fig.savefig(out, dpi=100)
    print(f"wrote {out}")
else:
    print("no picture: pip install 'reachkit[plot]' for matplotlib")
