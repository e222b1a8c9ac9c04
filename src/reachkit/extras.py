"""Install hints for the optional extras that work where reachkit came from a checkout.

reachkit is installed from its source tree (`pip install .`), not from a package index,
so `pip install "reachkit[plot]"` finds nothing: the hints name the packages themselves
and the extra as it is installed from a checkout.
"""

from __future__ import annotations

EXTRAS = {
    "plot": ("matplotlib", "pillow"),
    "view": ("viser",),
    "bench": ("roboticstoolbox-python", "pin", "eaik", "ikpy", "matplotlib"),
    "mjcf": ("mujoco",),
    "xacro": ("xacrodoc",),
}


def install_hint(extra: str) -> str:
    """'pip install matplotlib pillow (or, in a reachkit checkout, pip install ".[plot]")'."""
    packages = " ".join(EXTRAS.get(extra, (extra,)))
    return f'pip install {packages} (or, in a reachkit checkout, pip install ".[{extra}]")'
