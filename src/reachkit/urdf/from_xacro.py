"""Xacro files (URDF with macros, properties and arguments) expanded by the `xacrodoc`
package (extra "xacro": `pip install xacrodoc`) and read as URDF."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ModelError, NotSupportedError
from ..extras import require
from .build import robot_from_urdf
from .packages import PackageDirs, package_dir_list

if TYPE_CHECKING:
    from ..robot import Robot


def _xacrodoc() -> Any:
    return require("xacrodoc", "xacro", "reading xacro files",
                   advice="or expand the file first: `xacro robot.urdf.xacro > robot.urdf`")


def expand_xacro(path: str | os.PathLike[str], package_dirs: PackageDirs = None,
                 **xacro_args: Any) -> str:
    """The URDF text (str) of the xacro file at `path`, with `<xacro:arg>` values from
    `xacro_args` (converted with str) and `$(find pkg)` looked up in package_dirs (and
    in folders above the file). package:// mesh names are left for reachkit to resolve.
    Not thread-safe: xacro and xacrodoc keep module-global state.
    """
    xacrodoc = _xacrodoc()
    if not isinstance(path, (str, os.PathLike)) or not Path(path).is_file():
        raise ModelError(f"no xacro file at {path!r} (pass the path of a .xacro or .urdf file)")
    dirs = package_dir_list(package_dirs)
    subargs = {str(key): str(value) for key, value in xacro_args.items()}
    packages = xacrodoc.packages
    saved = getattr(packages, "_finder", None)
    try:
        # A fresh package finder per call: $(find) looks in package_dirs and above the file
        # only, whatever earlier calls (or the caller's own xacrodoc set-up) registered.
        packages.reset()
        if dirs:
            packages.look_in([str(d) for d in dirs])
        # xacrodoc compiles the file's text; xacro resolves relative includes against
        # the file on top of its (module-global) file stack, so that file is put there.
        xacrodoc.xacrodoc.xacro.init_stacks(str(Path(path).resolve()))
        document = xacrodoc.XacroDoc.from_file(str(path), subargs=subargs, resolve_packages=False)
        return document.to_urdf_string()
    except Exception as exc:  # xacro raises plain Exceptions and its own kinds
        raise ModelError(f"{path}: xacro could not expand the file: {type(exc).__name__}: {exc}") from exc
    finally:
        if saved is not None:
            packages._finder = saved


def robot_from_xacro(path: str | os.PathLike[str], base_link: str | None = None,
                     tip_link: str | None = None, package_dirs: PackageDirs = None,
                     **xacro_args: Any) -> Robot:
    """A Robot from a xacro file: expanded by `expand_xacro`, then read like a URDF file
    (chain choice, geometry, errors) with mesh names relative to the xacro's folder."""
    text = expand_xacro(path, package_dirs=package_dirs, **xacro_args)
    try:
        return robot_from_urdf(text, base_link=base_link, tip_link=tip_link,
                               package_dirs=package_dirs, folder=Path(path).resolve().parent)
    except (ModelError, NotSupportedError) as exc:
        raise type(exc)(f"{path} (expanded by xacro): {exc}") from exc
