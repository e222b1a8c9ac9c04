"""A missing optional package (an extra) is a reachkit error that names it and says how
to install it from a checkout, wherever reachkit imports it lazily (issue 22)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import reachkit as rk
from reachkit.cli import main
from reachkit.extras import MissingDependencyError, install_hint, require

MJCF = """<mujoco><worldbody><body name="b1"><joint name="h1" type="hinge" axis="0 0 1"/>
  <body name="tip" pos="1 0 0"/></body></worldbody></mujoco>"""


def _mjcf(tmp_path: Path) -> Any:
    return rk.Robot.from_mjcf(MJCF)


def _xacro(tmp_path: Path) -> Any:
    path = tmp_path / "arm.urdf.xacro"
    path.write_text('<robot name="a" xmlns:xacro="http://www.ros.org/wiki/xacro"><link name="l"/></robot>')
    return rk.Robot.from_xacro(path)


def _plot_arm(tmp_path: Path) -> Any:
    return rk.plot.arm(rk.models.load("planar2r"), np.zeros(2), path=tmp_path / "a.png")


def _path_figure(tmp_path: Path) -> Any:
    from reachkit.path.figure import path_figure

    robot = rk.models.load("planar2r")
    return path_figure(robot, None, path=tmp_path / "p.png")  # type: ignore[arg-type]


def _view(tmp_path: Path) -> Any:
    return rk.view(rk.models.load("planar2r"), block=False)


def _zarr(tmp_path: Path) -> Any:
    from reachkit.reach.store import zarr_module

    return zarr_module()


def _dask(tmp_path: Path) -> Any:
    from reachkit.reach.dask_runner import connect

    return connect("tcp://127.0.0.1:1", timeout=1.0)


def _mesh(tmp_path: Path) -> Any:
    from reachkit.collision.fit import load_mesh
    from reachkit.geometry import Shape

    mesh = tmp_path / "link.stl"
    mesh.write_text("solid empty\nendsolid empty\n")
    return load_mesh(Shape("l", "collision", "mesh", (1.0, 1.0, 1.0), mesh=str(mesh)))


CASES = [  # (module hidden, extra, what uses it)
    ("mujoco", "mjcf", _mjcf),
    ("xacrodoc", "xacro", _xacro),
    ("matplotlib", "plot", _plot_arm),
    ("matplotlib", "plot", _path_figure),
    ("viser", "view", _view),
    ("zarr", "dask", _zarr),
    ("distributed", "dask", _dask),
    ("trimesh", "mesh", _mesh),
]


@pytest.mark.parametrize("module, extra, use", CASES, ids=[c[2].__name__[1:] for c in CASES])
def test_missing_extra_names_the_package_and_the_install(module: str, extra: str,
                                                        use: Callable[[Path], Any], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # `import module` now raises ImportError
    with pytest.raises(MissingDependencyError) as caught:
        use(tmp_path)
    message = str(caught.value)
    assert f"needs {module}" in message and install_hint(extra) in message
    assert f'pip install ".[{extra}]"' in message and "reachkit[" not in message
    assert isinstance(caught.value, rk.NotSupportedError) and isinstance(caught.value, ImportError)


def test_the_hint_lists_what_the_extra_installs() -> None:
    assert install_hint("plot") == 'pip install matplotlib pillow (or, in a reachkit checkout, pip install ".[plot]")'
    assert install_hint("mjcf").startswith("pip install mujoco ")
    assert require("json", "plot", "anything").dumps([1]) == "[1]"  # present: the module itself
    assert rk.plot.MissingDependencyError is MissingDependencyError
    assert rk.view.MissingDependencyError is MissingDependencyError


def test_cli_without_matplotlib_exits_1_with_the_hint(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    code = main(["plot", "planar2r", "arm", "-o", str(tmp_path / "a.png")])
    err = capsys.readouterr().err
    assert code == 1 and install_hint("plot") in err and len(err.strip().splitlines()) == 1


def test_general_6r_without_scipy_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """SciPy (LAPACK's dgeev) is an extra: without it the general 6R closed form raises
    the install hint, and the Pieper closed forms still work."""
    from reachkit.analytic import lapack
    from reachkit.warm_features import _general_6r

    monkeypatch.setattr(lapack, "HAVE_DGEEV", False)
    monkeypatch.setitem(sys.modules, "scipy.linalg.cython_lapack", None)
    general = _general_6r()
    with pytest.raises(MissingDependencyError) as caught:
        rk.ik_analytic(general, general.fk(np.full(6, 0.3)))
    assert "general 6R closed form" in str(caught.value) and install_hint("lapack") in str(caught.value)
    puma = rk.models.load("puma560")
    q = np.array([0.1, -0.4, 0.3, 0.2, 0.5, -0.1])
    solutions = rk.ik_analytic(puma, puma.fk(q))
    assert np.abs(solutions - q).max(axis=1).min() < 1e-9  # (k, 6): the q that made the pose among them
