"""The code in docs/guide.md runs: every ```python block, in order, in one namespace (as
a reader would type them into one session), in a temporary folder. Blocks fenced as
```py are listings of signatures and are not run. README.md's quick-start block (its
first) runs too; its later blocks are measured tours (a reachability map takes minutes)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_blocks(path: Path) -> list[str]:
    return BLOCK.findall(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name, count", [("docs/guide.md", None), ("README.md", 1)])
def test_code_blocks_run(name: str, count: int | None, tmp_path: Path,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    monkeypatch.chdir(tmp_path)
    blocks = python_blocks(ROOT / name)[:count]
    assert blocks, f"{name} has no ```python blocks"
    namespace: dict[str, object] = {"__name__": "__guide__"}
    for k, code in enumerate(blocks):
        first = code.strip().splitlines()[0]
        try:
            exec(compile(code, f"{name} block {k + 1} ({first})", "exec"), namespace)
        except Exception as exc:
            pytest.fail(f"{name}: ```python block {k + 1} starting {first!r} raised "
                        f"{type(exc).__name__}: {exc}")
