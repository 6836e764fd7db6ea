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
    assert (role["readiness"], role["alignment"], role["match"]) == (92.2, 85.5, 90.2)
    assert [gap["skill"] for gap in role["gaps"]] == ["communication"]
    text = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
    for figure in ("**92.2**", "**85.5**", "**90.2**"):
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


COUNSELLORS = (ROOT / "docs" / "counsellors.md").read_text(encoding="utf-8")


def test_every_file_the_docs_examples_use_exists() -> None:
    """Issue 11, problem 10: the counsellor example used week1.json, which did not exist."""
    named = set(re.findall(r"examples/[\w.-]+\.\w+", README + COUNSELLORS))
    assert {"examples/week1.json", "examples/week2.json"} <= named
    missing = [name for name in sorted(named) if not (ROOT / name).is_file()]
    assert missing == []


def test_the_counsellor_example_runs_end_to_end(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bpo_assess.counsel.report import find_browser

    block = re.search(r"## Worked example.*?```sh\n(.*?)```", COUNSELLORS, flags=re.DOTALL)
    assert block is not None
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(lines) == 8
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    outputs = []
    for line in lines:
        words = shlex.split(line)
        env = dict(word.split("=", 1) for word in words if "=" in word.split("-")[0])
        args = [word for word in words if "=" not in word.split("-")[0]][1:]
        if "pdf" in args and find_browser() is None:
            done = runner.invoke(app, args, env=env)
            assert done.exit_code == 2 and "--format html" in done.stderr
            continue
        done = runner.invoke(app, args, env=env)
        assert done.exit_code == 0, f"{line}\n{done.output}"
        outputs.append(done.stdout + done.stderr)
    compare = outputs[2]
    assert "Session 1 (2026-11-18) → session 2 (2026-11-25), 7 days apart" in compare
    html = (tmp_path / "maria.html").read_text(encoding="utf-8")
    for expected in (
        "About the client",
        "Practice plan",
        "Progress since session 1",
        "CompTIA A+ prep",
    ):
        assert expected in html, expected
    if find_browser() is not None:
        assert (tmp_path / "maria.pdf").read_bytes().startswith(b"%PDF")
    assert "Erased Maria Santos: 2 session(s)" in outputs[-1]
