"""Every picture renders under the non-interactive Agg backend and is not blank."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib", reason="the `plot` extra (matplotlib) is not installed")
matplotlib.use("Agg")
Image = pytest.importorskip("PIL.Image", reason="pillow is not installed")

import reachkit as rk


def assert_not_blank(path: Path, frame: int | None = None) -> None:
    with Image.open(path) as image:
        if frame is not None:
            image.seek(frame)
        pixels = np.asarray(image.convert("L"), dtype=float)
    assert pixels.size > 10_000 and pixels.std() > 5.0, f"{path} looks blank"


@pytest.fixture(scope="module")
def planar() -> rk.Robot:
    return rk.models.load("planar3r")


@pytest.fixture(scope="module")
def puma() -> rk.Robot:
    return rk.models.load("puma560")


@pytest.fixture(scope="module")
def planar_solve(planar: rk.Robot) -> tuple[rk.Target, rk.IKResult]:
    target = rk.Target.planar(1.5, 1.0, phi=0.3)
    return target, rk.ik(planar, target, method="jt", q0=[0.1, 0.2, 0.3], trace=True)


def test_planar_detection(planar: rk.Robot, puma: rk.Robot) -> None:
    assert rk.plot.is_planar(planar) and rk.plot.is_planar(rk.models.planar([0.5, 0.4]))
    assert not rk.plot.is_planar(puma) and not rk.plot.is_planar(rk.models.load("scara"))


def test_arm_2d_and_3d(planar: rk.Robot, puma: rk.Robot, tmp_path: Path) -> None:
    ax = rk.plot.arm(planar, [0.3, 0.5, -0.4], path=tmp_path / "planar.png", target=rk.Target.planar(1, 1))
    assert ax.name == "rectilinear"
    assert_not_blank(tmp_path / "planar.png")
    ax3 = rk.plot.arm(puma, puma.random_q(seed=1), path=tmp_path / "puma.png")
    assert ax3.name == "3d"
    assert_not_blank(tmp_path / "puma.png")


def test_arm_draws_into_given_axes(planar: rk.Robot, tmp_path: Path) -> None:
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    assert rk.plot.arm(planar, np.zeros(3), ax=ax) is ax
    link = ax.lines[0].get_xydata()  # links pass through every joint origin, tool last
    assert np.allclose(link[-1], [3.0, 0.0])
    fig.savefig(tmp_path / "given.png")
    assert_not_blank(tmp_path / "given.png")


def test_solve_progress(planar: rk.Robot, planar_solve: tuple, tmp_path: Path) -> None:
    target, res = planar_solve
    ax = rk.plot.solve_progress(res, tmp_path / "progress.png", robot=planar, target=target, tolerance=1e-6)
    position = ax.lines[0].get_ydata()
    assert len(position) == len(res.trace) and position[-1] <= 1e-6 < position[0]
    assert_not_blank(tmp_path / "progress.png")
    with pytest.raises(rk.ReachkitError, match="trace=True"):
        rk.plot.solve_progress(rk.ik(planar, target), robot=planar, target=target)


def test_animate_gif(planar: rk.Robot, planar_solve: tuple, tmp_path: Path) -> None:
    target, res = planar_solve
    path = tmp_path / "ik.gif"
    rk.plot.animate(planar, res.trace, path=path, target=target, max_frames=12, fps=10)
    with Image.open(path) as gif:
        assert gif.n_frames >= 10
    assert_not_blank(path, frame=0)
    assert_not_blank(path, frame=5)


def test_animate_3d(puma: rk.Robot, tmp_path: Path) -> None:
    path = tmp_path / "puma.gif"
    rk.plot.animate(puma, puma.random_q(6, seed=2), path=path, max_frames=6, frames=True)
    assert_not_blank(path, frame=2)


def test_workspace_2d_and_3d(planar: rk.Robot, puma: rk.Robot, tmp_path: Path) -> None:
    rk.plot.workspace(planar, samples=2000, path=tmp_path / "ws2.png")
    rk.plot.workspace(puma, samples=2000, path=tmp_path / "ws3.png", progress=True)
    assert_not_blank(tmp_path / "ws2.png")
    assert_not_blank(tmp_path / "ws3.png")


def test_manipulability_matches_the_definition(puma: rk.Robot, planar: rk.Robot) -> None:
    q = puma.random_q(seed=4)
    J = puma.jacobian(q)
    assert rk.plot.manipulability(puma, q) == pytest.approx(np.sqrt(np.linalg.det(J @ J.T)), rel=1e-9)
    # a stretched planar arm is singular
    assert rk.plot.manipulability(planar, np.zeros(3)) == pytest.approx(0.0, abs=1e-12)


def test_compare_methods(planar: rk.Robot, tmp_path: Path) -> None:
    ax = rk.plot.compare_methods(planar, rk.Target.planar(1.2, 1.4), methods=["lm", "jt", "ccd"],
                                 path=tmp_path / "compare.png")
    assert len(ax.lines) == 3 and "lm" in ax.get_legend().get_texts()[0].get_text()
    assert_not_blank(tmp_path / "compare.png")
