"""Running the `reachkit` command in this process, for the CLI tests."""

from __future__ import annotations

import pytest

from reachkit.cli import main


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `reachkit ARGS`; argparse's own usage errors, which
    leave through SystemExit, give their exit code too."""
    try:
        code = main(args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    captured = capsys.readouterr()
    return code, captured.out, captured.err
