"""What a cached kernel's code depends on, as one hash.

Numba checks a cached kernel against the source file it is defined in, and nothing else,
while a kernel's machine code holds every kernel it calls and every constant it reads
from other files. After an upgrade, or an edit, that changed a callee's file only, the
caller's cache still held the old callee: a point-cloud fix in `cloud.py` did not reach
`pairs.shape_obstacle`, whose file had not changed, and the fix's test failed in CI on
that stale cache.

`source_stamp` hashes the kernel's file and every file of the same top-level package it
imports, transitively: the files a kernel can call into or read a constant from. A
change in any of them compiles the kernel anew; a change elsewhere (the CLI, say) keeps
it. Imports are found by a regular expression, not `ast` (7 ms against 180 ms for all of
reachkit's files): the stamps of a warm start-up's kernels (Panda's first solve) cost
5.5 ms of its 0.56 s. It may also match an import written in a docstring, which only
adds a file.
"""

import hashlib
import os
import re
import sys
from functools import cache
from typing import Any

_IMPORT = re.compile(rb"^[ \t]*(?:from[ \t]+([.\w]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)"
                     rb"|import[ \t]+([^\n]*))", re.MULTILINE)


def source_stamp(py_func: Any) -> bytes | None:
    """sha256 over the files of `py_func`'s module and the modules it imports
    (`imported_modules`); None when the module's own file is not found."""
    return _stamp(py_func.__module__)


@cache
def _stamp(module: str) -> bytes | None:
    modules = imported_modules(module)
    if module not in dict(modules):
        return None
    digest = hashlib.sha256()
    for name, path in modules:
        digest.update(name.encode())
        digest.update(_file_digest(path))
    return digest.digest()


def imported_modules(module: str) -> list[tuple[str, str]]:
    """(name, file) of `module` and of every module of its top-level package it imports,
    transitively, sorted by name."""
    found: dict[str, str] = {}
    todo = [module]
    while todo:  # bounded: each module is read once
        name = todo.pop()
        path = None if name in found else _module_file(name)
        if path is None:
            continue
        found[name] = path
        todo.extend(_imports(name, path.endswith("__init__.py"), *_file_key(path)))
    return sorted(found.items())


@cache
def _module_file(name: str) -> str | None:
    """The file of module `name` (a .py file or a package's __init__.py), None if it is
    not an imported top-level module or package, or a module of one."""
    top, *parts = name.split(".")
    top_file = getattr(sys.modules.get(top), "__file__", None)
    if not top_file or not parts:
        return top_file
    if os.path.basename(top_file) != "__init__.py":  # a plain module has no submodules
        return None
    base = os.path.join(os.path.dirname(top_file), *parts)
    for path in (base + ".py", os.path.join(base, "__init__.py")):
        if os.path.isfile(path):
            return path
    return None


@cache
def _imports(name: str, is_package: bool, path: str, mtime_ns: int, size: int) -> list[str]:
    """The module names the file of module `name` imports, within its top-level package:
    for `from m import x`, both m and m.x (x may be a submodule)."""
    top = name.partition(".")[0]
    package = name if is_package else name.rpartition(".")[0]
    names = []
    with open(path, "rb") as file:
        for source, items, plain in _IMPORT.findall(file.read()):
            if plain:
                names += [_first_word(item) for item in plain.decode().split(",")]
                continue
            dots = len(source) - len(source.lstrip(b"."))
            parts = package.split(".")
            base = parts[:len(parts) - dots + 1] if dots else []  # `from ..x` is x's parent's
            rest = source[dots:].decode()
            origin = ".".join(base + [rest] if rest else base)
            names.append(origin)
            items_text = re.sub(r"#[^\n]*", "", items.decode()).strip("()")
            names += [f"{origin}.{_first_word(item)}" for item in items_text.split(",")]
    return [n for n in names if n.partition(".")[0] == top]


def _first_word(item: str) -> str:
    words = item.split()
    return words[0] if words else ""


def _file_key(path: str) -> tuple[str, int, int]:
    status = os.stat(path)
    return path, status.st_mtime_ns, status.st_size


def _file_digest(path: str) -> bytes:
    return _digest_of(*_file_key(path))


@cache
def _digest_of(path: str, mtime_ns: int, size: int) -> bytes:
    """sha256 of the file's bytes (keyed by its modification time and size, so a file
    edited while the process runs is read again)."""
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).digest()
