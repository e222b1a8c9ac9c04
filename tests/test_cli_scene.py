"""`reachkit ik ROBOT --pose ... --scene FILE [--self-collision] [--margin M]`: the command
line's collision-aware solve (tests/data/tabletop_scene.json, as in test_ik_tabletop)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import reachkit as rk
from reachkit.cli import main
from reachkit.collision import Scene, collision_free
from reachkit.spatial import matrix_to_rpy

PANDA = rk.models.load("panda")
SCENE_FILE = Path(__file__).parent / "data" / "tabletop_scene.json"
SCENE = Scene.from_file(SCENE_FILE)
MARGIN = 0.01


def _pose_args(T: np.ndarray) -> list[str]:
    return ["--pose", *(repr(float(v)) for v in (*T[:3, 3], *matrix_to_rpy(T[:3, :3])))]


def _solve(T: np.ndarray, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict]:
    code = main(["ik", "panda", *_pose_args(T), "--json", *extra])
    return code, json.loads(capsys.readouterr().out)


def _scene_args(margin: float = MARGIN) -> list[str]:
    return ["--scene", str(SCENE_FILE), "--self-collision", "--margin", str(margin)]


def _colliding_target() -> np.ndarray:
    """A pose with collision-free solutions whose plain rk.ik answer collides."""
    Q = PANDA.random_q(400, seed=19)
    for q in Q[collision_free(PANDA, Q, SCENE, self_collision=True, margin=MARGIN)]:
        T = PANDA.fk(q)
        if rk.in_collision(PANDA, rk.ik(PANDA, T).q, SCENE, margin=MARGIN):
            return T
    raise AssertionError("no target whose plain answer collides")


def test_scene_answers_are_collision_free_where_the_plain_one_collides(capsys) -> None:
    T = _colliding_target()
    code, plain = _solve(T, capsys)
    assert code == 0 and plain["min_distance"] is None  # no scene: no distance
    assert rk.in_collision(PANDA, np.array(plain["q"]), SCENE, margin=MARGIN)
    code, data = _solve(T, capsys, *_scene_args())
    assert code == 0 and data["success"]
    q = np.array(data["q"])
    d = rk.distance(PANDA, q, SCENE, self_collision=True)
    assert data["min_distance"] == pytest.approx(d, abs=1e-9)
    assert d >= MARGIN - 1e-9
    assert np.abs(PANDA.fk(q) - T).max() < 1e-5


def test_a_pose_inside_a_box_exits_3_with_a_clear_answer(capsys) -> None:
    T = np.diag([1.0, -1.0, -1.0, 1.0])
    T[:3, 3] = [0.5, -0.3, 0.0]  # inside the box on the table
    code, data = _solve(T, capsys, *_scene_args(), "--max-iterations", "50")
    assert code == 3 and not data["success"]
    assert data["min_distance"] >= MARGIN - 1e-9


def test_text_output_gives_the_distance(capsys) -> None:
    T = _colliding_target()
    assert main(["ik", "panda", *_pose_args(T), *_scene_args()]) == 0
    out = capsys.readouterr().out
    line = next(s for s in out.splitlines() if s.startswith("smallest collision distance"))
    assert float(line.split()[3]) >= MARGIN - 1e-4


def test_self_collision_alone(capsys) -> None:
    T = _colliding_target()
    code, data = _solve(T, capsys, "--self-collision")
    assert code == 0
    assert data["min_distance"] == pytest.approx(
        rk.distance(PANDA, np.array(data["q"]), None, self_collision=True), abs=1e-9)


@pytest.mark.parametrize("extra, words", [
    (["--scene", "no/such/scene.json"], "does not exist"),
    (["--scene", str(SCENE_FILE), "--margin", "nan"], "margin"),
    (["--scene", str(SCENE_FILE), "--all-solutions"], "--all-solutions"),
])
def test_bad_scene_input_is_one_clear_line(extra: list[str], words: str, capsys) -> None:
    try:
        code = main(["ik", "panda", "--pose", "0.4", "0", "0.4", "3.14159", "0", "0", *extra])
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert code in (1, 2) and words in err and len(err.strip().splitlines()) == 1, err


def test_a_bad_scene_file_is_one_clear_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"obstacles": [{"type": "sphere", "center": [0, 0, 0], "radius": -1}]}')
    assert main(["ik", "panda", "--pose", "0.4", "0", "0.4", "--scene", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "radius" in err and len(err.strip().splitlines()) == 1
