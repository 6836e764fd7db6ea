"""Issue 16, problem 10: at 60 columns nothing is cut or split inside a word, and piped
output carries no padding."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bpo_assess.cli import app
from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.wording import LEVEL_WORDS
from conftest import ROOT
from support import BIN, Terminal, pty_environment

WEEK1 = str(ROOT / "examples" / "week1.json")


@pytest.mark.parametrize("columns", ["60", "80"])
def test_piped_output_has_no_trailing_spaces(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    for args in (["roles"], ["skills"], ["score", WEEK1], ["roles", "technical-support"]):
        done = runner.invoke(app, args)
        assert done.exit_code == 0, done.output
        padded = [line for line in done.stdout.splitlines() if line != line.rstrip()]
        assert not padded, (args, padded[:3])


def test_the_skill_profile_keeps_names_levels_and_words_whole_at_60(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, catalogue: Catalogue
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    text = runner.invoke(app, ["score", WEEK1]).stdout
    profile = text[text.index("Your skill profile") :].split("\n\n")[0].splitlines()[1:]
    assert len(profile) == len(catalogue.skills)
    for line in profile:
        assert "…" not in line and len(line) <= 60, line
        assert re.search(r"\d\.\d  (" + "|".join(LEVEL_WORDS.values()) + ")$", line), line


def test_each_role_a_role_leads_to_has_its_own_bullet(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'Tier 2 or Tier 3 / Support Engineer' wrapped and read as two roles."""
    for columns, shown in (("60", "Leads to: Tier 2 or Tier 3"), ("80", "• Tier 2 or Tier")):
        monkeypatch.setenv("COLUMNS", columns)
        text = runner.invoke(app, ["roles"]).stdout
        assert shown in " ".join(text.split()) and "…" not in text
        assert re.search(r"\(?healthcare-specialist\)?\s", text), "an id is typed: whole"


@pytest.mark.pty
@pytest.mark.no_cover  # wrapping at two sizes: the lines are measured in-process
@pytest.mark.parametrize(("cols", "rows"), [(60, 20), (80, 24)])
def test_the_forget_question_wraps_at_spaces(tmp_path: Path, cols: int, rows: int) -> None:
    env = pty_environment(tmp_path)
    client = "Maria Santos de la Cruz"
    subprocess.run(
        [str(BIN), "score", WEEK1, "--client", client, "--consent"],
        env=env,
        capture_output=True,
        check=True,
    )
    term = Terminal(tmp_path, cols, rows, "forget", "--client", client, env=env)
    lines = [line.strip() for line in term.wait_for("no)") if line.strip()]
    words = " ".join(lines).split()
    assert "(type yes or no)" in " ".join(words), "no word is broken across lines"
    assert "sessions," in words and "good?" in words, "no word is broken across lines"
    term.send("no\r")
    assert term.finish() == 0
