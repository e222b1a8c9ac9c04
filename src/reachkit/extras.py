"""Optional packages (the extras), imported lazily, with install hints that work where
reachkit came from a checkout.

reachkit is installed from its source tree (`pip install .`), not from a package index,
so `pip install "reachkit[plot]"` finds nothing: the hints name the packages themselves
and the extra as it is installed from a checkout. `require(module, extra, purpose)` is
the one way a feature imports an optional package.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import NotSupportedError

# extra -> the packages it installs (pyproject.toml's optional-dependencies)
EXTRAS = {
    "plot": ("matplotlib", "pillow"),
    "view": ("viser", "trimesh"),
    "bench": ("roboticstoolbox-python", "pin", "eaik", "ikpy", "matplotlib"),
    "mjcf": ("mujoco",),
    "xacro": ("xacrodoc",),
    "dask": ('"dask[distributed]"', "zarr"),
    "mesh": ("trimesh",),
    "lapack": ("scipy",),
}


class MissingDependencyError(NotSupportedError, ImportError):
    """An optional package a feature needs is not installed; the message says how to
    install it. Both a `reachkit.NotSupportedError` and an `ImportError`."""


def install_hint(extra: str) -> str:
    """'pip install matplotlib pillow (or, in a reachkit checkout, pip install ".[plot]")'."""
    packages = " ".join(EXTRAS.get(extra, (extra,)))
    return f'pip install {packages} (or, in a reachkit checkout, pip install ".[{extra}]")'


def require(module: str, extra: str, purpose: str, advice: str = "") -> ModuleType:
    """The module `module` (e.g. "mujoco"), imported now; MissingDependencyError when it is
    not installed: '<purpose> needs <module>: <install hint of extra>[; advice]'."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        top = module.split(".")[0]
        raise MissingDependencyError(f"{purpose} needs {top}: {install_hint(extra)}"
                                     + (f"; {advice}" if advice else "")) from exc
