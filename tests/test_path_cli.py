"""`reachkit path`: text, JSON, exit codes and pictures; the numbers re-checked by FK."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import reachkit as rk
from reachkit.cli import main

UR5_Q0 = ["0.3", "-1.2", "1.4", "-0.5", "1.0", "0.4"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["path", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_path_reaches_the_goal_on_a_straight_line(capsys: pytest.CaptureFixture[str]) -> None:
    robot = rk.models.load("ur5")
    q0 = np.array(UR5_Q0, dtype=float)
    start = robot.fk(q0)[:3, 3]
    goal = start + [0.05, 0.05, -0.03]
    code, out, err = run(capsys, "ur5", "--q0", *UR5_Q0, "--to", *map(str, goal), "--step", "0.01",
                         "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["success"] and data["fraction"] == 1.0
    assert data["reached"] == data["waypoints"] == int(np.ceil(np.linalg.norm(goal - start) / 0.01)) + 1
    q = np.array(data["q"])
    T = robot.fk(q)
    s = np.linspace(0, 1, len(q))[:, None]
    np.testing.assert_allclose(T[:, :3, 3], start + s * (goal - start), atol=1e-6)
    np.testing.assert_allclose(T[:, :3, :3], np.broadcast_to(robot.fk(q0)[:3, :3], (len(q), 3, 3)), atol=1e-6)
    assert np.abs(np.diff(np.vstack([q0, q]), axis=0)).max() <= 0.05


def test_text_output_and_exit_code_when_the_path_stops(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "puma560", "--q0", "0.3", "0.5", "-0.8", "0.4", "0.9", "0.4",
                         "--to", "3", "0", "0.3")
    assert code == 3, err
    assert "STOPPED" in out and "reason: stopped at waypoint" in out
    code, out, err = run(capsys, "puma560", "--q0", "0.3", "0.5", "-0.8", "0.4", "0.9", "0.4",
                         "--to", "3", "0", "0.3", "--step", "0.001", "--max-joint-step", "0.2", "--json")
    data = json.loads(out)
    assert code == 3 and data["failure"] in ("unreachable", "singularity", "joint limit"), data["reason"]
    assert data["q"][data["failed_index"]] is None and data["q"][data["failed_index"] - 1] is not None
    code, out, _ = run(capsys, "ur5", "--from", "0.4", "0.2", "0.3", "180", "0", "90", "--deg",
                       "--to", "0.45", "0.2", "0.3", "--method", "analytic")
    assert code == 0 and "reached: 11/11 waypoints" in out and "analytic" in out


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "ur5", "--to", "0.4", "0.2", "0.3")
    assert code == 1 and "--from" in err
    code, _, err = run(capsys, "ur5", "--q0", *UR5_Q0, "--to", "0.4", "0.2")
    assert code == 2 and "X Y Z" in err  # the shared pose parser: a usage error
    code, _, err = run(capsys, "ur5", "--q0", *UR5_Q0, "--to", "0.4", "0.2", "0.3", "--step", "0")
    assert code == 1 and "step" in err


def test_plot_and_animation_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    picture, movie = tmp_path / "path.png", tmp_path / "path.gif"
    code, out, err = run(capsys, "ur5", "--q0", *UR5_Q0, "--to", "0.4", "0.2", "0.3", "--step", "0.02",
                         "--plot", str(picture), "--animate", str(movie))
    assert code in (0, 3), err
    assert picture.stat().st_size > 1000 and movie.stat().st_size > 1000
    assert f"wrote {picture}" in out
