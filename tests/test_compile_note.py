"""The first-compile note: once per kernel, its own line on stderr, above a running bar."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from tqdm import tqdm

from reachkit.ik import compile_note


def _kernel(name: str, index_path: str, signatures: tuple = ()) -> SimpleNamespace:
    """A stand-in for a Numba dispatcher whose cache index lives at index_path."""
    cache = SimpleNamespace(_cache_file=SimpleNamespace(_index_path=index_path))
    return SimpleNamespace(__name__=name, signatures=list(signatures), _cache=cache)


@pytest.fixture(autouse=True)
def _fresh_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compile_note, "_CHECKED", set())


def test_note_once_per_kernel_on_its_own_line(tmp_path, capsys) -> None:
    kernel = _kernel("solve_test_kernel", str(tmp_path / "missing.nbi"))
    compile_note.note_if_compiling(kernel)
    compile_note.note_if_compiling(kernel)
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "solve_test_kernel" in line]
    assert len(lines) == 1
    assert lines[0].startswith("reachkit: compiling the solve_test_kernel kernel")
    assert "reachkit warmup" in lines[0]
    assert " s " not in lines[0] and "about" not in lines[0]  # no promised duration


def test_no_note_when_cached_or_loaded(tmp_path, capsys) -> None:
    index = tmp_path / "cached.nbi"
    index.write_bytes(b"")
    compile_note.note_if_compiling(_kernel("cached_kernel", str(index)))
    compile_note.note_if_compiling(_kernel("loaded_kernel", str(tmp_path / "x.nbi"), ("sig",)))
    compile_note.note_if_compiling(SimpleNamespace(__name__="odd", signatures=[]))
    assert capsys.readouterr().err == ""


def test_note_goes_above_a_running_bar(tmp_path, capsys) -> None:
    """With a bar on stderr, the note is a whole line of its own, not glued to the bar."""
    with tqdm(total=3, file=None, desc="batch") as bar:  # file=None: sys.stderr now
        bar.update(1)
        compile_note.note_if_compiling(_kernel("bar_kernel", str(tmp_path / "m.nbi")))
        bar.update(2)
    err = capsys.readouterr().err
    note = [line for line in err.replace("\r", "\n").splitlines() if "bar_kernel" in line]
    assert note and note[0].startswith("reachkit: compiling the bar_kernel kernel")


def _compile_event(module: str, name: str) -> SimpleNamespace:
    """A "numba:compile" event of a dispatcher whose Python function is module.name."""
    py_func = SimpleNamespace(__module__=module, __name__=name)
    return SimpleNamespace(data={"dispatcher": SimpleNamespace(py_func=py_func)})


def test_every_kernel_compiled_from_python_is_announced_once(monkeypatch, capsys) -> None:
    """Kernels without a note of their own (FK, checks, ...) are announced as Numba starts
    compiling them for Python: the reason once, then one short line per kernel; kernels
    compiled for a caller, and other packages' functions, go unannounced."""
    monkeypatch.setattr(compile_note, "_ANNOUNCED", set())
    listener = compile_note._KernelCompileNote()
    monkeypatch.setattr(compile_note, "compile_depth", lambda: 1)
    for module, name in [("reachkit.kernels.fk", "fk_into"), ("reachkit.kernels.fk", "fk_into"),
                         ("reachkit.kernels.jacobian", "jacobian_into"), ("numpy", "dot")]:
        listener.on_start(_compile_event(module, name))
    monkeypatch.setattr(compile_note, "compile_depth", lambda: 2)
    listener.on_start(_compile_event("reachkit.kernels.fk", "nested_callee"))
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "reachkit: compiling the fk_into kernel for this machine; " + compile_note._WHY,
        "reachkit: compiling the jacobian_into kernel for this machine"]
