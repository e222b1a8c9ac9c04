"""Mesh file names of a URDF resolved to paths: `package://name/rest` through the
package directories given, `file://` and relative names against the URDF's folder."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Union

from ..errors import ModelError

PackageDirs = Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]], None]


def package_dir_list(package_dirs: PackageDirs) -> list[Path]:
    """package_dirs as a list of existing directories; ModelError for one that is not."""
    if package_dirs is None:
        return []
    if isinstance(package_dirs, (str, os.PathLike)):
        package_dirs = [package_dirs]
    dirs = []
    for entry in package_dirs:
        if not isinstance(entry, (str, os.PathLike)):
            raise ModelError(f"package_dirs must be directory paths, got {entry!r}")
        path = Path(entry).expanduser()
        if not path.is_dir():
            raise ModelError(f"package_dirs: {str(path)!r} is not a directory")
        dirs.append(path)
    return dirs


def resolve_mesh(uri: str, package_dirs: list[Path], folder: Path | None) -> str | None:
    """The path of the mesh `uri`, or None when it cannot be resolved.

    package://name/rest: the first of dir/name/rest, or dir/rest for a dir itself named
    `name`, that exists, over `package_dirs` in order (Pinocchio's rule). file://path and
    plain paths: absolute as given, relative ones against `folder` (the URDF's folder)
    when there is one. A relative name with no folder is returned as written.
    """
    if uri.startswith("package://"):
        package, _, rest = uri[len("package://"):].partition("/")
        for directory in package_dirs:
            for candidate in (directory / package / rest,
                              directory / rest if directory.name == package else None):
                if candidate is not None and candidate.exists():
                    return str(candidate.resolve())
        return None
    path = Path(uri.removeprefix("file://"))
    if path.is_absolute() or folder is None:
        return str(path)
    return str((folder / path).resolve())
