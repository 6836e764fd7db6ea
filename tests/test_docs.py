"""The README and docs/ cannot drift from the program: every command shown runs as shown,
every link leads somewhere, the command reference is current."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from bpo_assess.cli import app
from bpo_assess.core import models
from bpo_assess.core.catalogue import Catalogue

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = sorted([ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md"])
PAGES += sorted((ROOT / "docs").glob("*.md"))
SEED = "score examples/week1.json --client 'Maria Santos' --consent"
SKILL_IDS = (
    "communication",
    "adaptability",
    "tech-savvy",
    "problem-solving",
    "teamwork",
    "time-management",
    "customer-centric",
)
STORE = {"history", "show", "compare", "note", "report", "export", "import", "forget", "rate"}


def text_of(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def shown_commands(page: Path) -> list[tuple[dict[str, str], list[str]]]:
    """Each `bpo-assess ...` line of the page's ```sh blocks: its environment and arguments."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text_of(page), flags=re.DOTALL):
        for raw in block.splitlines():
            line = raw.split(" #")[0].split("|")[0].strip()
            words = shlex.split(line) if line else []
            env = {}
            while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):
                name, _, value = words.pop(0).partition("=")
                env[name] = value
            if words[:1] == ["bpo-assess"]:
                found.append((env, words[1:]))
    return found


def command_lines() -> list[Any]:
    """Each command shown, as a test case; a PDF needs a browser (skipped without one)."""
    return [
        pytest.param(
            page.relative_to(ROOT).as_posix(),
            env,
            args,
            marks=[pytest.mark.browser] if "pdf" in args else [],
        )
        for page in PAGES
        for env, args in shown_commands(page)
    ]


def needs_terminal(args: list[str]) -> bool:
    asks = {"quiz": None, "task": None, "rate": "--from", "forget": "--yes"}
    return bool(args) and args[0] in asks and (asks[args[0]] or "?") not in args


def seed_store(runner: CliRunner, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the store commands' examples assume: two sessions of Maria Santos, exported."""
    shutil.copytree(ROOT / "examples", folder / "examples")
    monkeypatch.chdir(folder)
    for day in ("2026-11-18", "2026-11-25"):
        monkeypatch.setenv("BPO_ASSESS_NOW", day)
        seeded = runner.invoke(app, shlex.split(SEED))
        assert seeded.exit_code == 0, seeded.output
    monkeypatch.delenv("BPO_ASSESS_NOW")
    exported = runner.invoke(app, ["export", "-o", "maria.json"])
    assert exported.exit_code == 0, exported.output


def test_every_page_shows_commands() -> None:
    assert {case.values[0] for case in command_lines()} >= {
        "README.md",
        "docs/catalogue.md",
        "docs/counsellors.md",
    }


@pytest.mark.parametrize(
    ("page", "env", "args"), command_lines(), ids=lambda v: v if isinstance(v, str) else None
)
def test_commands_run_as_shown(
    runner: CliRunner,
    page: str,
    env: dict[str, str],
    args: list[str],
    data_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if needs_terminal(args):
        pytest.skip("asks in a terminal; covered by the pseudo-terminal tests")
    monkeypatch.chdir(ROOT)
    if args and (args[0] in STORE or "--client" in args):
        seed_store(runner, data_copy.parent / "cwd", monkeypatch)
    for name, value in env.items():
        monkeypatch.setenv(name, str(data_copy) if value == "./our-catalogue" else value)
    args = [str(data_copy) if arg == "./our-catalogue" else arg for arg in args]
    if "quiz" in args:
        pytest.skip("asks in a terminal; covered by the pseudo-terminal tests")
    result = runner.invoke(app, args)
    assert result.exit_code == 0, f"{page}: bpo-assess {shlex.join(args)}\n{result.output}"


LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    body = re.sub(r"```.*?```", "", text_of(page), flags=re.DOTALL)
    return {slug(h) for h in re.findall(r"^#+ (.+)$", body, flags=re.MULTILINE)}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_internal_link_leads_somewhere(page: Path) -> None:
    broken = []
    for target in LINK.findall(re.sub(r"```.*?```", "", text_of(page), flags=re.DOTALL)):
        if re.match(r"[a-z]+:", target):
            continue  # a web address: not checked offline
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{target}: no such heading")
    assert not broken, f"{page.name}: {broken}"


def test_the_readme_is_short() -> None:
    assert len(text_of(ROOT / "README.md").splitlines()) <= 200


@pytest.mark.process
def test_the_command_reference_is_current() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "cli_reference.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_every_command_is_in_the_reference_the_tour_and_has_an_example(
    runner: CliRunner,
) -> None:
    from typer.main import get_command

    names = list(get_command(app).commands)  # type: ignore[attr-defined]
    reference = text_of(ROOT / "docs" / "cli.md")
    assert len(names) >= 16
    for name in names:
        assert f"## `{name}`" in reference
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "Example: bpo-assess" in result.stdout


def catalogue_fields(model: type[BaseModel], seen: set[str]) -> set[str]:
    """Every field name in a catalogue model and the models it contains."""
    names: set[str] = set()
    if model.__name__ in seen:
        return names
    seen.add(model.__name__)
    for name, field in model.model_fields.items():
        names.add(name)
        for inner in _models_in(field.annotation):
            names |= catalogue_fields(inner, seen)
    return names


def _models_in(annotation: object) -> list[type[BaseModel]]:
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [found for arg in get_args(annotation) for found in _models_in(arg)]


def test_the_catalogue_page_describes_every_field() -> None:
    page = text_of(ROOT / "docs" / "catalogue.md")
    fields = catalogue_fields(models.SkillsFile, set()) | catalogue_fields(models.RolesFile, set())
    missing = sorted(name for name in fields if f"`{name}`" not in page)
    assert not missing, f"docs/catalogue.md does not describe: {missing}"


def test_the_worked_example_matches_the_program(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["score", "examples/ratings.json", "--json"])
    document = json.loads(result.stdout)
    role = next(m for m in document["matches"] if m["role"] == "customer-service")
    figures = (role["readiness"], role["strengths"], role["stretch"], role["match"])
    assert figures == (95.5, 73.4, 69.5, 85.9) and role["alignment"] == 84.8
    assert [gap["skill"] for gap in role["gaps"]] == ["communication", "adaptability"]
    first, second, third, fourth, fifth = document["matches"][:5]
    assert (first["role"], first["match"], first["tier"]) == ("customer-service", 85.9, 1)
    assert (second["role"], second["match"], third["role"], third["match"]) == (
        "qa-training",
        85.1,
        "team-lead",
        83.2,
    )
    assert second["tier"] == third["tier"] == 1
    assert (fourth["role"], fourth["match"], fourth["ready_now"]) == ("back-office", 69.7, True)
    assert (fifth["role"], fifth["match"], fifth["ready_now"]) == ("legal-specialist", 79.9, None)
    text = text_of(ROOT / "docs" / "scoring.md")
    for figure in ("**95.5**", "**73.4**", "**69.5**", "**85.9**", "= 84.8", "83.2", "79.9"):
        assert figure in text


def test_the_finance_or_back_office_example_matches_the_program(runner: CliRunner) -> None:
    """docs/scoring.md's second worked example: Finance's own profile with accounts study
    puts Finance first, before Back-Office, and the screen says why."""
    document = {
        "skills": dict(zip(SKILL_IDS, (3, 3, 4, 4, 3, 5, 3), strict=True)),
        "background": {"years_experience": 3, "domain_knowledge": ["finance"]},
    }
    result = runner.invoke(app, ["score", "-", "--json"], input=json.dumps(document))
    matches = json.loads(result.stdout)["matches"]
    finance, office = matches[0], matches[1]
    assert (finance["role"], finance["match"], finance["tier"]) == ("finance-specialist", 90.6, 1)
    assert (finance["stretch"], finance["strengths"], finance["domain_bonus"]) == (69.0, 69.0, 3.0)
    assert (office["role"], office["match"], office["stretch"]) == ("back-office", 86.1, 59.2)
    healthcare = next(m for m in matches if m["role"] == "healthcare-specialist")
    assert healthcare["ready_now"] is False and healthcare["match"] == 87.5
    text = text_of(ROOT / "docs" / "scoring.md")
    for figure in ("**90.6**", "**86.1**", "**69.0**", "**59.2**", "71.1", "87.5"):
        assert figure in text
    screen = runner.invoke(app, ["score", "-", "--no-pager"], input=json.dumps(document))
    said = " ".join(screen.stdout.split())
    assert (
        "Finance and Insurance Processing Specialist comes before Back-Office Support"
        " Associate: it asks more of you, and you meet it; your study or work meets its"
        " domain requirement." in said
    )
    assert " ".join(text.split()).count("it asks more of you, and you meet it; your study") == 2


def test_the_readme_and_help_give_the_true_length_of_the_interview(catalogue: Catalogue) -> None:
    from bpo_assess.interview.bank import Bank, build_questions, estimate_minutes

    bank = Bank.of(catalogue)
    readme = text_of(ROOT / "README.md")
    lengths = []
    for quick, label in ((False, "every question"), (True, "a short form")):
        questions = build_questions(bank, quick=quick, seed=0)
        minutes = estimate_minutes(questions, bank.glossary)  # as the welcome computes it
        assert f"{label}: {len(questions)} questions, about {minutes} minutes" in readme
        lengths.append((len(questions), minutes))
    (total, full_minutes), (short, quick_minutes) = lengths
    help_text = " ".join(CliRunner().invoke(app, ["quiz", "--help"]).stdout.split())
    assert f"About {total} questions and {full_minutes} minutes" in help_text
    assert f"(--quick: {short} questions, {quick_minutes} minutes)" in help_text
    from bpo_assess.interview.tasks import task_minutes

    assert f"about {task_minutes(False)} minutes" in help_text
    assert f"English, {task_minutes(True)} minutes" in help_text


COUNSELLORS = (ROOT / "docs" / "counsellors.md").read_text(encoding="utf-8")


def test_every_file_the_docs_examples_use_exists() -> None:
    """Issue 11, problem 10: the counsellor example used week1.json, which did not exist."""
    named = set(re.findall(r"examples/[\w.-]+\.\w+", README + COUNSELLORS))
    assert {"examples/week1.json", "examples/week2.json"} <= named
    missing = [name for name in sorted(named) if not (ROOT / name).is_file()]
    assert missing == []


@pytest.mark.process
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
    assert "Erased Maria Santos: 2 sessions," in outputs[-1]
