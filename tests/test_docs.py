"""The README and docs/scoring.md cannot drift from the program."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bpo_assess.cli import app
from bpo_assess.core.catalogue import Catalogue

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
INTERACTIVE = {"quiz", "rate", "forget"}
SEED = "score examples/ratings.json --client 'Maria Santos' --consent"
STORE = {"history", "show", "compare", "note", "report", "export", "import"}


def seed_store(runner: CliRunner, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the store commands' examples assume: two sessions of Maria Santos, exported."""
    shutil.copytree(ROOT / "examples", folder / "examples")
    monkeypatch.chdir(folder)
    for day in ("2026-11-18", "2026-11-25"):
        monkeypatch.setenv("BPO_ASSESS_NOW", day)
        runner.invoke(app, shlex.split(SEED))
    runner.invoke(app, ["export", "-o", "maria.json"])


def readme_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.DOTALL)
    lines = [line.split("#")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith("bpo-assess ")]


def test_every_command_is_documented_and_has_help(runner: CliRunner) -> None:
    names = [
        c.name or c.callback.__name__.replace("_", "-")
        for c in app.registered_commands
        if c.callback
    ]
    assert names
    for name in names:
        assert f"### `{name}" in README, f"README has no section for {name}"
        result = runner.invoke(app, [str(name), "--help"])
        assert result.exit_code == 0 and "Example: bpo-assess" in result.stdout


@pytest.mark.parametrize("line", readme_commands())
def test_readme_commands_run_as_shown(
    runner: CliRunner, line: str, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    args = shlex.split(line.split("|")[0])[1:]
    if args and args[0] in INTERACTIVE:
        pytest.skip("interactive; covered by the pseudo-terminal tests")
    args = [str(data_copy) if arg == "./our-catalogue" else arg for arg in args]
    if args and args[0] in STORE:
        seed_store(runner, data_copy.parent / "cwd", monkeypatch)
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output


def test_worked_example_matches_the_program(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["score", "examples/ratings.json", "--json"])
    document = json.loads(result.stdout)
    role = next(m for m in document["matches"] if m["role"] == "customer-service")
    figures = (role["readiness"], role["strengths"], role["match"], role["alignment"])
    assert figures == (90.3, 73.4, 85.2, 84.8)
    assert [gap["skill"] for gap in role["gaps"]] == ["communication", "adaptability"]
    first, second, third = document["matches"][:3]
    assert (first["role"], first["match"], first["tier"]) == ("qa-training", 86.8, 1)
    assert (second["rank"], second["tier"], third["tier"]) == (2, 1, 2)
    assert third["role"] == "legal-specialist" and third["match"] == 79.8
    assert first["ready_now"] is second["ready_now"] is True
    text = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
    for figure in ("**90.3**", "**73.4**", "**85.2**", "= 84.8", "**86.8**", "79.8"):
        assert figure in text


def test_readme_and_help_give_the_true_length_of_the_interview(catalogue: Catalogue) -> None:
    from bpo_assess.interview.bank import Bank, build_questions, estimate_minutes

    bank = Bank.of(catalogue)

    for quick, label in ((False, "every question"), (True, "one question per skill")):
        questions = build_questions(bank, quick=quick, seed=0)
        minutes = estimate_minutes(questions)
        claim = f"{label}: {len(questions)} questions, about {minutes} minutes"
        assert claim in README
    full = build_questions(bank, quick=False, seed=0)
    help_text = CliRunner().invoke(app, ["quiz", "--help"]).stdout
    assert f"About {len(full)} questions and {estimate_minutes(full)} minutes" in help_text
