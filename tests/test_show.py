"""`show` shows a saved session as the results screen did: summary first, paged."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bpo_assess.cli import app
from conftest import ROOT
from support import BIN, Terminal, pty_environment


def saved(runner: CliRunner) -> None:
    done = runner.invoke(
        app, ["score", str(ROOT / "examples" / "week1.json"), "--client", "Ana", "--consent"]
    )
    assert done.exit_code == 0, done.output


def test_show_has_the_summary_and_takes_no_pager(runner: CliRunner) -> None:
    """Issue 16, problem 8: show had no summary and refused --no-pager."""
    saved(runner)
    done = runner.invoke(app, ["show", "1", "--no-pager"])
    assert done.exit_code == 0, done.output
    text = done.stdout
    assert text.index("Your results in brief") < text.index("Counsellor's view")
    assert "The full results follow." in text


@pytest.mark.pty
@pytest.mark.no_cover  # wrapping at two sizes: the lines are measured in-process
@pytest.mark.parametrize(("cols", "rows"), [(60, 20), (80, 24)])
def test_show_opens_the_pager_on_the_summary(tmp_path: Path, cols: int, rows: int) -> None:
    env = pty_environment(tmp_path, PAGER="less", LESS="-R")
    subprocess.run(
        [str(BIN), "score", str(ROOT / "examples" / "week1.json"), "--client", "Ana", "--consent"],
        env=env,
        capture_output=True,
        check=True,
    )
    term = Terminal(tmp_path, cols, rows, "show", "1", env=env)
    lines = term.wait_for("space pages on, q quits")
    assert any("Session 1" in line for line in lines[:3]), "\n".join(lines)
    assert any("Your results in brief" in line for line in lines)
    term.send("q")
    assert term.finish() == 0
