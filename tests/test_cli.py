"""The commands as a script or a person meets them: output, JSON shapes and bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bpo_assess.cli import app
from bpo_assess.core.catalogue import Catalogue

ROOT = Path(__file__).resolve().parents[1]
RATINGS = ROOT / "examples" / "ratings.json"
ANSI = re.compile(r"\x1b\[")


def ok(runner: CliRunner, *args: str, input: str | None = None) -> str:
    result = runner.invoke(app, list(args), input=input)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_version(runner: CliRunner) -> None:
    assert re.fullmatch(r"bpo-assess \S+\n", ok(runner, "--version"))


@pytest.mark.parametrize("command", ["roles", "skills", "score", "schema", "check-data"])
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    for flag in ("-h", "--help"):
        out = ok(runner, command, flag)
        assert "Example: bpo-assess" in out


def test_roles_table_fits_80_columns(runner: CliRunner, catalogue: Catalogue) -> None:
    out = ok(runner, "roles")
    for role in catalogue.roles:
        assert role.id in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert not ANSI.search(out)


def test_role_detail(runner: CliRunner, catalogue: Catalogue) -> None:
    out = ok(runner, "roles", "technical-support")
    role = catalogue.role_by_id["technical-support"]
    assert role.title in out and role.onet_soc in out
    assert "CompTIA A+" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_roles_json(runner: CliRunner, catalogue: Catalogue) -> None:
    document = json.loads(ok(runner, "roles", "--json"))
    assert document["schema_version"] == 3
    assert [r["id"] for r in document["roles"]] == [r.id for r in catalogue.roles]
    first = document["roles"][0]
    assert set(first["profile"]) == set(catalogue.skill_ids)
    assert set(first["profile"]["communication"]) >= {"level", "importance"}
    assert {"name", "issuer", "level", "url"} <= set(first["certifications"][0])
    one = json.loads(ok(runner, "roles", "back-office", "--json"))
    assert [r["id"] for r in one["roles"]] == ["back-office"]


def test_unknown_role_and_skill(runner: CliRunner) -> None:
    for args in (["roles", "astronaut"], ["skills", "juggling"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1


def test_skills_views(runner: CliRunner, catalogue: Catalogue) -> None:
    out = ok(runner, "skills")
    assert all(skill.name in out for skill in catalogue.skills)
    detail = ok(runner, "skills", "time-management")
    skill = catalogue.skill_by_id["time-management"]
    assert skill.improve[0][:30] in " ".join(detail.split())
    document = json.loads(ok(runner, "skills", "--json"))
    assert [s["id"] for s in document["skills"]] == list(catalogue.skill_ids)
    assert document["skills"][0]["items"]


def test_score_json_shape(runner: CliRunner) -> None:
    document = json.loads(ok(runner, "score", str(RATINGS), "--json"))
    assert document["schema_version"] == 3
    assert document["skills"]["adaptability"] == {
        "score": 62.5,
        "level": 3.5,
        "answered": 0,
        "standard_error": 0.5,
    }
    best = document["matches"][0]
    assert {"role", "title", "match", "readiness", "alignment", "close_call", "gaps"} <= set(best)
    assert {"tier", "ready_now", "prerequisites", "strengths"} <= set(best)
    assert {"certifications", "growth"} <= set(best)
    group = {True: 0, None: 1, False: 2}
    keys = [(group[m["ready_now"]], -m["match"]) for m in document["matches"]]
    assert keys == sorted(keys), "apply now, then not known, then grow into; by match"
    assert sorted(m["match_rank"] for m in document["matches"])[0] == 1
    top = json.loads(ok(runner, "score", str(RATINGS), "--json", "--top", "2"))
    assert len(top["matches"]) == 2


def test_score_reads_standard_input(runner: CliRunner) -> None:
    from_file = ok(runner, "score", str(RATINGS), "--json")
    from_stdin = ok(runner, "score", "-", "--json", input=RATINGS.read_text())
    assert from_file == from_stdin


def test_score_person_view(runner: CliRunner) -> None:
    out = ok(runner, "score", str(RATINGS))
    assert "Your skill profile" in out and "How the roles fit you" in out
    assert "not be used for hiring or screening" in " ".join(out.split())
    assert max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty input"),
        ("{not json", "invalid JSON at line 1 column 2"),
        ("[1, 2]", "expected a JSON object"),
        (
            '{"skills": {"communication": "high"}}',
            "skills.communication: Input should be a valid number",
        ),
        ('{"skills": {"communication": 6}}', "less than or equal to 5"),
        ('{"skills": {}, "answers": {}}', "exactly one of 'skills' or 'answers'"),
        ('{"skills": {"communication": 3}, "colour": 1}', "colour: unknown key"),
        ('{"answers": {"made-up": 3}}', "answers.made-up: unknown item id"),
        (
            '{"skills": {"communication": 3}, "background": {"years_experience": -1}}',
            "background.years_experience: Input should be greater than or equal to 0",
        ),
        (
            '{"skills": {"communication": 3}, "background": {"years_experience": 61}}',
            "background.years_experience: Input should be less than or equal to 60",
        ),
    ],
)
def test_bad_input_is_one_line_per_problem(
    runner: CliRunner, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "answers.json"
    path.write_text(content)
    result = runner.invoke(app, ["score", str(path), "--json"])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert message in result.stderr
    assert all(line.startswith("error: ") for line in result.stderr.splitlines())
    assert "Traceback" not in result.stderr


def test_missing_file_and_directory_are_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    for target, message in ((tmp_path / "nope.json", "no such file"), (tmp_path, "is a directory")):
        result = runner.invoke(app, ["score", str(target)])
        assert result.exit_code == 2
        assert message in result.stderr
        assert result.stdout == ""


def test_a_bad_option_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["score", str(RATINGS), "--top", "0"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--top" in result.stderr and "greater than or equal to 1" in result.stderr
    unknown = runner.invoke(app, ["score", str(RATINGS), "--colour"])
    assert unknown.exit_code == 2 and "No such option: --colour" in unknown.stderr


@pytest.mark.parametrize("name", ["answers", "result", "catalogue"])
def test_schema_is_pinned(runner: CliRunner, name: str) -> None:
    """The schemas are a promise to scripts: a change must be deliberate.

    After a deliberate change, refresh the snapshots with
    `.venv/bin/bpo-assess schema NAME > tests/snapshots/schema-NAME.json`, raise the
    format's schema_version if scripts would see another shape, and record it in
    CHANGELOG.md.
    """
    printed = ok(runner, "schema", name)
    document = json.loads(printed)
    assert document["type"] == "object" and document["properties"]
    snapshot = ROOT / "tests" / "snapshots" / f"schema-{name}.json"
    assert printed == snapshot.read_text(encoding="utf-8"), f"schema {name} changed"


def test_square_brackets_in_data_survive(
    runner: CliRunner, data_copy: Path, catalogue: Catalogue
) -> None:
    path = data_copy / "roles.toml"
    title = catalogue.roles[0].title
    path.write_text(path.read_text().replace(f'"{title}"', '"Agent [Tier 1]"', 1))
    out = ok(runner, "--data-dir", str(data_copy), "roles")
    assert "Agent [Tier 1]" in out


@pytest.mark.process
def test_roles_json_does_not_load_prompt_or_report_libraries() -> None:
    code = (
        "import sys\n"
        "from bpo_assess.cli import main\n"
        "sys.argv = ['bpo-assess', 'roles', '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('questionary', 'prompt_toolkit', 'jinja2', 'sqlite3')\n"
        "loaded = [m for m in heavy if m in sys.modules]\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
    )
    # Without coverage's subprocess hook, which itself loads sqlite3.
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert "LOADED []" in done.stderr
    assert json.loads(done.stdout)["roles"]


@pytest.mark.process
def test_python_dash_m_runs_the_same_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bpo_assess", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("bpo-assess ")


def test_results_fit_a_60_column_terminal(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "ratings.json"
    document = json.loads(RATINGS.read_text())
    document["background"] |= {"work_preference": "non-voice", "years_experience": 3}
    path.write_text(json.dumps(document))
    result = runner.invoke(app, ["score", str(path)], env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    assert max(len(line.rstrip()) for line in result.stdout.splitlines()) <= 60
    text = " ".join(result.stdout.split())
    assert "you said you prefer non-voice work" in text
    assert "The road to leadership" in text and "KPIs to learn" in text
