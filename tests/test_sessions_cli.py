"""A counsellor's weeks with a client, through the commands, as the issue describes them."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bpo_assess.cli import app
from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import SessionRecord
from bpo_assess.counsel import sessions as counsel
from bpo_assess.counsel import store
from bpo_assess.interview import counsellor

ROOT = Path(__file__).resolve().parents[1]
RATINGS = ROOT / "examples" / "ratings.json"
COUNSELLOR = ROOT / "examples" / "counsellor-ratings.json"
CLIENT = "Maria Santos"


def consented(name: str) -> None:
    """Record a client's consent in the default store, as --consent does."""
    with store.open_store() as opened:
        counsel.ensure_consent(opened, name, True, None)


def stored(data: Any, result: Any, **where: Any) -> SessionRecord:
    """Save a session in the default store, as `score --client` does."""
    with store.open_store() as opened:
        return counsel.save_session(opened, data, result, **where)


def history_now() -> list[Any]:
    with store.open_store(write=False) as opened:
        return counsel.history(opened, None)


def session_now(ref: str) -> SessionRecord:
    with store.open_store(write=False) as opened:
        return counsel.session(opened, ref)


def run(runner: CliRunner, *args: str, code: int = 0, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == code, result.output
    return result.stdout if code == 0 else result.stderr


def week_two_file(tmp_path: Path) -> Path:
    document = json.loads(RATINGS.read_text())
    # Direct ratings have a standard error of half a level; with seven skills judged
    # together a change needs about two levels to count as real.
    document["skills"].update({"tech-savvy": 5.0, "problem-solving": 4.5, "communication": 4.5})
    path = tmp_path / "week2.json"
    path.write_text(json.dumps(document))
    return path


def two_sessions(runner: CliRunner, tmp_path: Path) -> None:
    week1 = {"BPO_ASSESS_NOW": "2026-11-18T10:00:00Z"}
    week2 = {"BPO_ASSESS_NOW": "2026-11-25T10:00:00Z"}
    result = runner.invoke(app, ["score", str(RATINGS), "--client", CLIENT, "--consent"], env=week1)
    assert result.exit_code == 0, result.output
    assert "Saved as session 1" in result.stderr and "forget --client" in result.stderr
    result = runner.invoke(
        app, ["score", str(week_two_file(tmp_path)), "--client", CLIENT, "--json"], env=week2
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["matches"]  # stdout stays plain JSON
    assert "Saved as session 2" in result.stderr


def test_a_counsellors_weeks_with_a_client(runner: CliRunner, tmp_path: Path) -> None:
    two_sessions(runner, tmp_path)
    history = json.loads(run(runner, "history", "--json"))
    assert [s["id"] for s in history["sessions"]] == [2, 1]
    assert history["sessions"][0]["top_role"]
    assert "Maria Santos" in run(runner, "history", "--client", "maria santos")

    compared = json.loads(run(runner, "compare", "--client", CLIENT, "--json"))
    assert (compared["before"], compared["after"], compared["days_apart"]) == (1, 2, 7.0)
    tech = next(s for s in compared["skills"] if s["skill"] == "tech-savvy")
    assert tech["change"] == 2.0 and not tech["within_noise"]
    steady = next(s for s in compared["skills"] if s["skill"] == "teamwork")
    assert steady["change"] == 0 and steady["within_noise"]
    view = run(runner, "compare", "1", "2")
    assert "7 days apart" in view and "within noise" in view

    run(runner, "rate", "2", "--from", str(COUNSELLOR))
    run(runner, "note", "2", "Keen on technical support; book CompTIA A+ prep.")
    shown = run(runner, "show", "2")
    assert "Your skill profile" in shown and "Counsellor's view" in shown
    assert "large disagreement" in shown and "CompTIA A+ prep" in shown
    document = json.loads(run(runner, "show", "2", "--json"))
    assert document["session"]["ratings"]["tech-savvy"] == 2
    assert "— → 2 !" in run(runner, "compare", "1", "2")  # tech-savvy: 2 against 5

    markdown = run(runner, "report", "2", "--format", "md")
    assert "## Skill profile" in markdown and "(!)" in markdown
    assert "not be used for hiring or screening" in markdown
    target = tmp_path / "report.html"
    run(runner, "report", "2", "-o", str(target))
    assert "<svg" in target.read_text()
    assert oct(target.stat().st_mode & 0o777) == "0o600"

    exported = tmp_path / "maria.json"
    run(runner, "export", "--client", CLIENT, "-o", str(exported))
    assert oct(exported.stat().st_mode & 0o777) == "0o600"
    assert len(json.loads(exported.read_text())["sessions"]) == 2

    erased = runner.invoke(app, ["forget", "--client", CLIENT, "--yes"])
    assert erased.exit_code == 0 and "2 sessions," in erased.stderr
    assert CLIENT.encode() not in store.store_path().read_bytes()
    assert json.loads(run(runner, "history", "--json"))["sessions"] == []

    imported = runner.invoke(app, ["import", str(exported)])
    assert imported.exit_code == 0 and "Imported 2" in imported.stderr
    assert json.loads(run(runner, "export"))["sessions"][1]["notes"]


def test_consent_is_needed_before_a_client_is_saved(runner: CliRunner) -> None:
    result = runner.invoke(app, ["score", str(RATINGS), "--client", "New Person"])
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "--consent" in result.stderr
    assert not store.store_path().exists()
    skipped = runner.invoke(app, ["score", str(RATINGS), "--client", "New Person", "--no-save"])
    assert skipped.exit_code == 0 and "Saved" not in skipped.stderr
    plain = runner.invoke(app, ["score", str(RATINGS), "--top", "1"])
    assert plain.exit_code == 0 and not store.store_path().exists()


def test_declined_consent_saves_nothing(catalogue: Catalogue) -> None:
    from bpo_assess.core.models import AssessmentInput
    from bpo_assess.core.scoring import assess

    data = AssessmentInput(skills=dict.fromkeys(catalogue.skill_ids, 3))
    result = assess(catalogue, data)
    with store.open_store() as opened:
        saved = counsel.save_scored(
            opened,
            catalogue,
            data,
            result,
            client="Shy",
            consent=False,
            source="quiz",
            ask=lambda _: False,
        )
    assert saved is None
    assert "did not consent" in counsel.saved_message(None, "Shy")
    anonymous = stored(data, result, client=None, source="quiz", catalogue=catalogue)
    message = counsel.saved_message(anonymous, None, "here")
    assert message.startswith("Saved as session 1 in ") and "forget 1" in message
    assert "--client" not in message
    with store.open_store() as opened:
        opened.forget_session("1")
    assert history_now() == []


@pytest.mark.parametrize(
    "args",
    [
        ["show", "9"],
        ["show", "9", "--json"],
        ["compare", "1", "9"],
        ["compare", "--client", "Nobody"],
        ["rate", "9", "--from", str(COUNSELLOR)],
        ["note", "9", "text"],
        ["report", "9", "--format", "md"],
        ["forget", "9", "--yes"],
        ["forget", "--client", "Nobody", "--yes"],
        ["history", "--client", "Nobody"],
        ["export", "--client", "Nobody"],
    ],
)
def test_unknown_sessions_and_clients_are_one_line(runner: CliRunner, args: list[str]) -> None:
    run(runner, "score", str(RATINGS), "--client", CLIENT, "--consent")
    message = run(runner, *args, code=1)
    assert len(message.strip().splitlines()) == 1, message
    assert message.startswith("error: no ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare"], "give two sessions"),
        (["compare", "1", "--client", CLIENT], "not both"),
        (["forget"], "give a session"),
        (["forget", "1"], "add --yes"),
        (["rate", "1"], "--from ratings.json"),
    ],
)
def test_usage_mistakes_exit_2(runner: CliRunner, args: list[str], message: str) -> None:
    run(runner, "score", str(RATINGS), "--client", CLIENT, "--consent")
    assert message in run(runner, *args, code=2)


def test_bad_ratings_files(runner: CliRunner, tmp_path: Path) -> None:
    run(runner, "score", str(RATINGS), "--client", CLIENT, "--consent")
    path = tmp_path / "r.json"
    for content, message in [
        ("{", "invalid JSON"),
        ('{"skills": {"teamwork": 7}}', "less than or equal to 5"),
        ('{"skills": {"juggling": 3}}', "skills.juggling: unknown skill id"),
        ('{"levels": {}}', "levels: unknown key"),
    ]:
        path.write_text(content)
        assert message in run(runner, "rate", "1", "--from", str(path), code=1)
    assert "no such file" in run(runner, "rate", "1", "--from", str(tmp_path / "no"), code=2)


def test_malformed_import_through_the_command(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"schema_version": 1, "clients": [{"name": ""}], "sessions": 3}))
    message = run(runner, "import", str(path), code=1)
    lines = message.strip().splitlines()
    assert len(lines) >= 3 and all(line.startswith("error: ") for line in lines)
    assert not store.store_path().exists() or history_now() == []


def test_pdf_without_a_browser_suggests_html(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    run(runner, "score", str(RATINGS), "--client", CLIENT, "--consent")
    monkeypatch.setenv("BPO_ASSESS_BROWSER", "no-such-browser-here")
    message = run(runner, "report", "1", "--format", "pdf", "-o", str(tmp_path / "r.pdf"), code=2)
    assert "--format html" in message and len(message.strip().splitlines()) == 1


def test_a_damaged_store_is_one_line(runner: CliRunner) -> None:
    path = store.store_path()
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    before = path.read_bytes()
    message = run(runner, "history", code=1)
    assert len(message.strip().splitlines()) == 1 and str(path) in message
    assert path.read_bytes() == before


def test_history_on_an_empty_store(runner: CliRunner) -> None:
    assert "No saved sessions yet" in run(runner, "history")


def test_interactive_ratings_with_keys(catalogue: Catalogue) -> None:
    """Issue 11, problem 12: each level is described (the items' anchors) before asking."""
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from bpo_assess.core.models import AssessmentInput
    from bpo_assess.core.scoring import assess
    from bpo_assess.io.prompts import Prompter

    data = AssessmentInput(skills=dict.fromkeys(catalogue.skill_ids, 3))
    result = assess(catalogue, data)
    consented(CLIENT)
    saved = stored(data, result, client=CLIENT, source="score", catalogue=catalogue)
    given: dict[str, int] = {}
    offered: list[list[str]] = []

    class Recording(Prompter):
        def select(self, message: str, choices: Any, default: Any = None) -> Any:
            offered.append([title for title, _ in choices])
            return super().select(message, choices, default)

    for skill in catalogue.skills:
        with create_pipe_input() as keys:
            keys.send_text("\x1b[B\r")  # one down from the client's own level 3: 4
            given |= counsellor.ask_ratings(
                dataclasses.replace(catalogue, skills=(skill,)),
                saved,
                Recording(input=keys, output=DummyOutput()),
            )
    assert given == dict.fromkeys(catalogue.skill_ids, 4)
    for skill, titles in zip(catalogue.skills, offered, strict=True):
        assert titles == [
            f'{level} {word}: "{anchor}"'
            for level, word, anchor in zip(
                range(1, 6),
                ["starting", "developing", "capable", "strong", "expert"],
                counsel.anchors(skill),
                strict=True,
            )
        ] + ["Not observed: no rating for this skill"]
        assert all(len(anchor) > 20 for anchor in counsel.anchors(skill)), "behaviour, not a digit"


def test_rate_speaks_to_the_counsellor_counts_skills_and_takes_not_observed(
    catalogue: Catalogue,
) -> None:
    """Issue 16, problem 7: rate asked in the client's voice, gave no progress, had no
    "not observed", and preselected 4 for both 3.5 and 4.5."""
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from bpo_assess.core.models import AssessmentInput
    from bpo_assess.core.scoring import assess
    from bpo_assess.io.prompts import Prompter

    levels = dict.fromkeys(catalogue.skill_ids, 3.0) | {
        catalogue.skill_ids[0]: 3.5,
        catalogue.skill_ids[1]: 4.5,
    }
    data = AssessmentInput(skills=levels)
    consented(CLIENT)
    saved = stored(
        data, assess(catalogue, data), client=CLIENT, source="score", catalogue=catalogue
    )
    said: list[str] = []
    asked: list[tuple[str, Any]] = []

    class Recording(Prompter):
        def say(self, fragments: list[tuple[str, str]]) -> None:
            said.append("".join(text for _, text in fragments))

        def select(self, message: str, choices: Any, default: Any = None) -> Any:
            asked.append((message, default))
            return super().select(message, choices, default)

    with create_pipe_input() as keys:
        prompter = Recording(input=keys, output=DummyOutput())
        answers: dict[str, int] = {}
        for number, skill in enumerate(catalogue.skills):
            keys.send_text("\r" if number else "\x1b[B\x1b[B\r")  # down to: not observed
            answers |= counsellor.ask_ratings(
                dataclasses.replace(catalogue, skills=(skill,)), saved, prompter
            )
    assert catalogue.skill_ids[0] not in answers, "not observed: no rating recorded"
    assert asked[1][1] == 5 and answers[catalogue.skill_ids[1]] == 5, "4.5 rounds up to 5"
    assert asked[0][1] == 4, "3.5 rounds up to 4"
    text = " ".join(" ".join(said).split())
    assert "Which level is closest to what you have seen them do?" in text
    assert "The client was asked:" in text
    assert "(skill 1 of 1)" in text and asked[0][0].endswith("(1 of 1)")
    with create_pipe_input() as keys:
        keys.send_text("\r" * len(catalogue.skills))
        counsellor.ask_ratings(catalogue, saved, Recording(input=keys, output=DummyOutput()))
    assert asked[-1][0].endswith(f"({len(catalogue.skills)} of {len(catalogue.skills)})")


def test_rate_asks_on_a_terminal(catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    consented(CLIENT)
    from bpo_assess.core.models import AssessmentInput
    from bpo_assess.core.scoring import assess

    data = AssessmentInput(skills=dict.fromkeys(catalogue.skill_ids, 2))
    stored(data, assess(catalogue, data), client=CLIENT, source="score", catalogue=catalogue)
    monkeypatch.setattr(counsellor, "ask_ratings", lambda c, s: dict.fromkeys(c.skill_ids, 5))
    with store.open_store() as opened:
        levels = counsellor.ratings_for(catalogue, opened.session("1"), "1", None, ask=True)
        rated = counsel.rate(opened, "1", levels)
    assert set(rated.ratings.values()) == {5}


@pytest.mark.pty
@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_consent_screen_in_a_real_terminal(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    env = {
        **os.environ,
        "COLUMNS": "100",
        "BPO_ASSESS_NOW": "2026-11-18T10:00:00Z",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "PAGER": "cat",
    }
    command = [sys.executable, "-m", "bpo_assess", "score", str(RATINGS), "--client", "Tess"]
    child = pexpect.spawn(command[0], command[1:], env=env, encoding="utf-8", timeout=30)
    child.expect("What is stored")
    child.expect("How to erase")
    child.expect("agreed")
    child.send("y\r")  # one key is not an answer (issue 11, problem 6)
    child.expect("Type yes or no")
    child.send("yes\r")  # the rejected "y" is gone: not "yyes" (issue 16, problem 12)
    child.expect("Saved as session 1 for Tess")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    forget = [sys.executable, "-m", "bpo_assess", "forget", "--client", "Tess"]
    child = pexpect.spawn(forget[0], forget[1:], env=env, encoding="utf-8", timeout=30)
    child.expect("for good")
    child.send("yes\r")
    child.expect("Erased Tess")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_views_fit_80_columns_and_survive_another_catalogue(
    runner: CliRunner, tmp_path: Path, catalogue: Catalogue
) -> None:
    from rich.console import Console

    from bpo_assess.render import sessions as render_sessions

    two_sessions(runner, tmp_path)
    for args in (["history"], ["compare", "1", "2"], ["show", "1"]):
        out = run(runner, *args)
        assert max(len(line) for line in out.splitlines()) <= 80, args
    saved = session_now("1")
    skills = {k: v for k, v in saved.result.skills.items() if k != "teamwork"}
    other = saved.model_copy(
        update={"result": saved.result.model_copy(update={"skills": skills, "catalogue_hash": "x"})}
    )
    console = Console(width=80, record=True)
    console.print(render_sessions.session_view(catalogue, other))
    text = console.export_text()
    assert "load that catalogue with --data-dir" in " ".join(text.split())


@pytest.mark.no_cover  # the ratings prompts are measured in-process, through a pipe
@pytest.mark.pty
@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_rate_in_a_real_terminal(runner: CliRunner) -> None:
    pexpect = pytest.importorskip("pexpect")
    run(runner, "score", str(RATINGS), "--client", CLIENT, "--consent")
    env = {**os.environ, "COLUMNS": "100", "PROMPT_TOOLKIT_NO_CPR": "1"}
    command = [sys.executable, "-m", "bpo_assess", "rate", "1"]
    child = pexpect.spawn(command[0], command[1:], env=env, encoding="utf-8", timeout=30)
    for index in range(7):
        child.expect("the level you have seen")
        child.send("\x1b[A\r" if index == 0 else "\r")  # first: one up the list; rest as offered
    child.expect("Recorded your ratings for session 1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    ratings = session_now("1").ratings
    assert ratings["communication"] == 3  # offered 4 (the client's level), moved up to 3
    assert ratings["customer-centric"] == 5


def test_compare_puts_the_earlier_session_first_and_says_so(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Issue 11, problem 2: `compare 2 1` printed "-7 days apart"."""
    two_sessions(runner, tmp_path)
    view = run(runner, "compare", "2", "1")
    assert "Session 1 (2026-11-18) → session 2 (2026-11-25), 7 days apart" in view
    assert "Session 1 is the earlier one, so it is shown first." in view
    assert "-7" not in view
    compared = json.loads(run(runner, "compare", "2", "1", "--json"))
    assert (compared["before"], compared["after"], compared["reordered"]) == (1, 2, True)
    assert compared["days_apart"] == 7.0


def test_compare_refuses_two_clients_unless_asked(runner: CliRunner, tmp_path: Path) -> None:
    two_sessions(runner, tmp_path)
    other = {"BPO_ASSESS_NOW": "2026-11-26T10:00:00Z"}
    result = runner.invoke(
        app, ["score", str(RATINGS), "--client", "Jo Cruz", "--consent"], env=other
    )
    assert result.exit_code == 0, result.output
    message = run(runner, "compare", "2", "3", code=2)
    assert "different clients (Maria Santos, Jo Cruz)" in message
    assert "--across-clients" in message and len(message.strip().splitlines()) == 1
    view = run(runner, "compare", "2", "3", "--across-clients")
    assert "different clients' sessions (Maria Santos, Jo Cruz)" in view


def test_rate_says_which_situation_the_level_descriptions_answer(catalogue: Catalogue) -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from bpo_assess.core.models import AssessmentInput
    from bpo_assess.core.scoring import assess
    from bpo_assess.io.prompts import Prompter

    data = AssessmentInput(skills=dict.fromkeys(catalogue.skill_ids, 3))
    consented(CLIENT)
    saved = stored(
        data, assess(catalogue, data), client=CLIENT, source="score", catalogue=catalogue
    )
    said: list[str] = []

    class Listening(Prompter):
        def say(self, fragments: list[tuple[str, str]]) -> None:
            said.append("".join(text for _, text in fragments))

    skill = catalogue.skills[0]
    item = counsel.anchor_item(skill)
    assert item is not None
    with create_pipe_input() as keys:
        keys.send_text("\r")
        counsellor.ask_ratings(
            dataclasses.replace(catalogue, skills=(skill,)),
            saved,
            Listening(input=keys, output=DummyOutput()),
        )
    text = " ".join(" ".join(said).split())
    assert "level 3.0 of 5 (capable)" in text and item.prompt in text


def test_after_make_quiz_the_erase_hints_name_a_command_that_works(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After `make quiz` the program is in .venv/bin, not on PATH: the hints say so."""
    plain = runner.invoke(app, ["score", str(RATINGS), "--client", CLIENT, "--consent"])
    assert "To erase it: bpo-assess forget 1" in plain.stderr
    monkeypatch.setenv("BPO_ASSESS_RUN_HINT", "make quiz ARGS=")
    made = runner.invoke(app, ["score", str(RATINGS), "--client", CLIENT])
    assert made.exit_code == 0, made.output
    assert "To erase it: .venv/bin/bpo-assess forget 2" in made.stderr
    assert f'.venv/bin/bpo-assess forget --client "{CLIENT}"' in made.stderr


def test_import_says_which_sessions_got_new_numbers(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_sessions(runner, tmp_path)
    run(runner, "export", "-o", str(tmp_path / "moved.json"))
    monkeypatch.setenv("BPO_ASSESS_HOME", str(tmp_path / "elsewhere"))
    run(runner, "score", str(RATINGS), "--client", "Someone Here", "--consent")
    said = runner.invoke(app, ["import", str(tmp_path / "moved.json")])
    assert said.exit_code == 0, said.output
    assert said.stderr.splitlines() == [
        "Imported 2 sessions; 0 already here, left as they were.",
        "These numbers were taken here, so the sessions got new ones: 1 -> 3.",
    ]
