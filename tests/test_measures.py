"""The measured evidence: typing figures from keys, checking scores, CEFR levels, and the
result's "What you showed", measured requirements and disagreement note (issue 18)."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from rich.console import Console
from typer.testing import CliRunner
from validity.personas import Persona, score_with_tasks
from validity.typists import Typist, type_passage

from bpo_assess.cli import app
from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.measures import (
    checking_measure,
    distance,
    overall_cefr,
    replay,
    typing_measure,
)
from bpo_assess.core.models import AssessmentInput, TaskRecords, TypingRecord
from bpo_assess.core.task_content import drawn_passage, passage_by_id, tasks
from bpo_assess.render.result import result_view
from bpo_assess.render.summary import summary_view

PASSAGE = tasks().passages[0]


def steady(text: str, every: float = 0.25, start: float = 1.0) -> list[tuple[float, str]]:
    return [(round(start + i * every, 3), ch) for i, ch in enumerate(text)]


def test_a_steady_exact_copy_gives_the_textbook_speed_and_full_accuracy() -> None:
    keys = steady(PASSAGE.text[:241])  # 240 intervals of 0.25 s: one minute
    measured = typing_measure(PASSAGE.text, keys)
    assert measured.scored and measured.seconds == 60.0
    assert measured.gross_wpm == measured.net_wpm == 48.0  # (241 - 1) / 5 per minute
    assert measured.accuracy == 100.0 and measured.uncorrected == measured.corrected == 0


def test_corrected_and_uncorrected_errors_are_counted_apart() -> None:
    text = PASSAGE.text[:121]
    wrong = text[:40] + "x" + text[41:]  # one substitution left in
    keys = steady(wrong[:60]) + [(16.0, "q"), (16.25, "\b")]  # one typed and deleted
    keys += steady(wrong[60:], start=16.5)
    measured = typing_measure(PASSAGE.text, keys)
    assert (measured.uncorrected, measured.corrected, measured.fixes) == (1, 1, 1)
    assert measured.accuracy == round(100 * (1 - 1 / 121), 1)
    minutes = (keys[-1][0] - keys[0][0]) / 60
    assert measured.net_wpm == round((121 - 1 - 1) / 5 / minutes, 1)


def test_a_paste_a_burst_and_a_held_key_are_not_scored() -> None:
    keys = steady(PASSAGE.text[:100])
    assert not typing_measure(PASSAGE.text, keys, [(2.0, "pasted")]).scored
    burst = [(1.0 + i * 0.005, ch) for i, ch in enumerate(PASSAGE.text[:100])]
    assert "burst" in (typing_measure(PASSAGE.text, burst).reason or "")
    held = steady("Thank you " + "o" * 20, every=0.03)
    assert "held" in (typing_measure(PASSAGE.text, held).reason or "")
    assert not typing_measure(PASSAGE.text, steady("Thank")).scored  # too little


@pytest.mark.parametrize(
    ("one", "other", "edits"),
    [("", "", 0), ("", "abc", 3), ("kitten", "sitting", 3), ("flaw", "lawn", 2), ("ab", "ba", 2)],
)
def test_the_string_distance_counts_the_fewest_edits(one: str, other: str, edits: int) -> None:
    assert distance(one, other) == distance(other, one) == edits


@given(st.text(alphabet="abc ", max_size=12), st.text(alphabet="abc ", max_size=12))
def test_the_string_distance_is_a_metric(one: str, other: str) -> None:
    assert distance(one, other) == distance(other, one)
    assert (distance(one, other) == 0) == (one == other)
    assert distance(one, other) <= max(len(one), len(other))


def test_replay_applies_backspaces_and_ignores_one_at_the_start() -> None:
    assert replay([(0, "\b"), (1, "a"), (2, "b"), (3, "\b"), (4, "c")]) == ("ac", 3, 1)


def test_checking_scores_hits_misses_and_false_alarms() -> None:
    measured = checking_measure({"a": True, "b": True, "c": False, "d": False}, ["a", "c"], 20)
    assert (measured.hits, measured.misses, measured.false_alarms) == (1, 1, 1)
    assert measured.percent_correct == 50.0 and measured.score == 0.0


def test_the_overall_cefr_level_is_the_middle_one() -> None:
    levels = {
        "listening": "C1",
        "reading": "B2",
        "spoken-interaction": "B1",
        "spoken-production": "A2",
        "writing": "B2",
    }
    assert overall_cefr(levels) == "B2"


def test_the_passage_is_drawn_from_the_seed() -> None:
    assert drawn_passage(7) == drawn_passage(7)
    assert len({drawn_passage(seed).id for seed in range(40)}) == len(tasks().passages)


@pytest.mark.parametrize(
    ("keys", "problem"),
    [
        ([(-1.0, "a")], "greater than or equal to 0"),
        ([(2.0, "a"), (1.0, "b")], "times go backwards"),
        ([(1.0, "\x07")], "control character"),
        ([(1.0, "ab")], "one character"),
        ([(9999.0, "a")], "less than or equal to 3600"),
        ([(1.0,)], "Field required"),
        ([(float("nan"), "a")], "finite number"),
    ],
)
def test_bad_timings_in_an_answers_file_are_one_clear_line(
    keys: list[tuple[float, str]], problem: str
) -> None:
    with pytest.raises(ValidationError, match=problem):
        TypingRecord(passage=PASSAGE.id, limit=120, keys=keys)


def test_non_latin_text_and_long_lines_are_scored_as_errors_not_crashes() -> None:
    keys = steady("Спасибо за ожидание " * 10)
    measured = typing_measure(PASSAGE.text, keys)
    assert measured.scored and measured.accuracy < 20


def test_score_reproduces_the_figures_from_an_answers_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    keys = type_passage(Typist(40, 0.04, 0.5), PASSAGE.text, 120, random.Random(1))
    data = {
        "skills": dict.fromkeys(SKILL_IDS, 3),
        "tasks": {"typing": {"passage": PASSAGE.id, "limit": 120, "keys": keys}},
    }
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data))
    first = runner.invoke(app, ["score", str(path), "--json"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["score", str(path), "--json"])
    typing = json.loads(first.stdout)["evidence"]["typing"]
    assert typing == json.loads(again.stdout)["evidence"]["typing"]
    assert typing["scored"] and 30 < typing["net_wpm"] < 45


def test_an_answers_file_with_negative_timings_fails_with_one_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    data = {
        "skills": dict.fromkeys(SKILL_IDS, 3),
        "tasks": {"typing": {"passage": PASSAGE.id, "limit": 120, "keys": [[-3, "a"]]}},
    }
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data))
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "tasks.typing.keys" in lines[0], result.stderr


def test_an_unknown_passage_is_one_clear_line(runner: CliRunner, tmp_path: Path) -> None:
    data = {
        "skills": dict.fromkeys(SKILL_IDS, 3),
        "tasks": {"typing": {"passage": "no-such", "limit": 120, "keys": [[1, "a"]]}},
    }
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data))
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 1 and "not one of the passages" in result.stderr


SKILL_IDS = (
    "communication",
    "adaptability",
    "tech-savvy",
    "problem-solving",
    "teamwork",
    "time-management",
    "customer-centric",
)
B2 = dict.fromkeys(
    ("listening", "reading", "spoken-interaction", "spoken-production", "writing"), "B2"
)


def shown(catalogue: Catalogue, result: object) -> str:
    console = Console(file=io.StringIO(), width=80, no_color=True)
    console.print(summary_view(catalogue, result), result_view(catalogue, result))  # type: ignore[arg-type]
    return " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]


def test_a_slow_accurate_newcomer_is_not_yet_ready_for_chat_with_a_practice_step(
    catalogue: Catalogue,
) -> None:
    person = Persona(
        "slow accurate newcomer", (3.5, 3.5, 3.0, 3.5, 3.5, 3.5, 4.0), {"years_experience": 0}
    )
    result = score_with_tasks(catalogue, person, Typist(22, 0.01, 0.9), english=B2)
    support = next(m for m in result.matches if m.role == "technical-support")
    typing = next(p for p in support.prerequisites if p.measure == "typing")
    assert typing.met is False and support.ready_now is False
    assert result.evidence is not None and result.evidence.typing is not None
    assert (result.evidence.typing.accuracy or 0) >= 97
    text = shown(catalogue, result)
    assert "What you showed" in text and "net words a minute" in text
    assert "Practise touch typing" in text
    assert "ContactCenterJobs.com" in (typing.source or "")  # where the figure comes from


def test_a_fast_typist_with_b2_english_is_ready_for_chat_and_voice(
    catalogue: Catalogue,
) -> None:
    person = Persona(
        "fast typist",
        (4.5, 4.0, 4.0, 4.0, 4.0, 4.0, 4.5),
        {"years_experience": 1, "domain_knowledge": ["technology"]},
    )
    result = score_with_tasks(catalogue, person, Typist(70, 0.01, 0.9), english=B2)
    ready = {m.role: m.ready_now for m in result.matches}
    assert ready["technical-support"] is True and ready["customer-service"] is True
    assert not [flag for flag in result.quality if flag.code == "self-rating-vs-measure"]


def test_rating_5_everywhere_but_measuring_low_brings_the_disagreement_note_first(
    catalogue: Catalogue,
) -> None:
    person = Persona("always five", (5.0,) * 7, {"years_experience": 0})
    result = score_with_tasks(
        catalogue, person, Typist(18, 0.08, 0.3), english=B2, checking_right=7
    )
    assert result.quality and result.quality[0].code == "self-rating-vs-measure"
    text = shown(catalogue, result)
    assert text.index("Note on your answers") < text.index("What you showed")
    assert "rated yourself 5.0 of 5 in Tech-savvy" in text


def test_figures_measured_elsewhere_are_shown_with_their_source(catalogue: Catalogue) -> None:
    from bpo_assess.core.scoring import assess

    data = AssessmentInput(
        skills=dict.fromkeys(SKILL_IDS, 3.0),
        tasks=TaskRecords.model_validate(
            {"elsewhere": {"typing_net_wpm": 41, "source": "the counsellor's typing test"}}
        ),
    )
    result = assess(catalogue, data)
    assert "measured by the counsellor's typing test" in shown(catalogue, result)


def test_every_shipped_role_states_its_english_level(catalogue: Catalogue) -> None:
    for role in catalogue.roles:
        assert any(m.measure == "english" for m in role.measures), role.id
        for need in role.measures:
            assert need.source == "catalogue" or need.url


def test_every_passage_is_known_by_its_id() -> None:
    for passage in tasks().passages:
        assert passage_by_id(passage.id) == passage


@given(
    st.text(alphabet="abc ", min_size=1, max_size=30),
    st.text(alphabet="abcd ", max_size=30),
)
def test_the_banded_prefix_alignment_is_exact(passage: str, typed: str) -> None:
    from bpo_assess.core.measures import compared_passage

    target, found = compared_passage(passage, typed)
    assert found == min(distance(passage[:i], typed) for i in range(len(passage) + 1))
    assert found == distance(target, typed)


def test_compare_shows_the_change_in_typing_speed_with_its_own_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    for day, speed in (("2026-11-18", 25), ("2026-12-02", 45)):
        keys = type_passage(Typist(speed, 0.02, 0.8), PASSAGE.text, 120, random.Random(speed))
        data = {
            "skills": dict.fromkeys(SKILL_IDS, 3),
            "tasks": {"typing": {"passage": PASSAGE.id, "limit": 120, "keys": keys}},
        }
        path = tmp_path / f"{day}.json"
        path.write_text(json.dumps(data))
        saved = runner.invoke(
            app,
            ["score", str(path), "--client", "Ana", "--consent"],
            env={"BPO_ASSESS_NOW": f"{day}T10:00:00Z"},
        )
        assert saved.exit_code == 0, saved.output
    compared = runner.invoke(app, ["compare", "--client", "Ana", "--json"])
    assert compared.exit_code == 0, compared.output
    (typing,) = json.loads(compared.stdout)["measures"]
    assert typing["measure"] == "typing net speed" and typing["change"] > 15
    assert typing["threshold"] is not None and typing["within_noise"] is False
    shown = runner.invoke(app, ["compare", "--client", "Ana"])
    assert "What was measured" in shown.stdout and "typing net speed" in shown.stdout
    session = runner.invoke(app, ["show", "2"])
    assert "What you showed" in session.stdout


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_reports_carry_what_the_client_showed(
    runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    keys = type_passage(Typist(30, 0.02, 0.8), PASSAGE.text, 120, random.Random(5))
    data = {
        "skills": dict.fromkeys(SKILL_IDS, 3),
        "tasks": {
            "typing": {"passage": PASSAGE.id, "limit": 120, "keys": keys},
            "english": B2,
        },
    }
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data))
    saved = runner.invoke(app, ["score", str(path), "--client", "Ana", "--consent"])
    assert saved.exit_code == 0, saved.output
    out = tmp_path / f"report.{fmt}"
    made = runner.invoke(app, ["report", "1", "--format", fmt, "-o", str(out)])
    assert made.exit_code == 0, made.output
    text = " ".join(out.read_text().split())
    assert "What the client showed" in text and "net words a minute" in text
    assert "overall B2" in text and "Source:" in text


def test_a_task_run_alone_for_a_client_joins_their_latest_session(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`task typing --client NAME`: the answers of the last session, the new record, saved
    as a new session (the task itself runs in a terminal: see test_tasks_pty.py)."""
    from bpo_assess.interview import terminal

    path = tmp_path / "ratings.json"
    path.write_text(json.dumps({"skills": dict.fromkeys(SKILL_IDS, 3), "tasks": {"english": B2}}))
    saved = runner.invoke(app, ["score", str(path), "--client", "Ana", "--consent"])
    assert saved.exit_code == 0, saved.output
    keys = type_passage(Typist(38, 0.02, 0.8), PASSAGE.text, 120, random.Random(9))
    record = TaskRecords.model_validate(
        {"typing": {"passage": PASSAGE.id, "limit": 120, "keys": keys}}
    )
    monkeypatch.setattr(terminal, "one_task", lambda name, quick: record)
    done = runner.invoke(app, ["task", "typing", "--client", "Ana", "--json"])
    assert done.exit_code == 0, done.output
    figures = json.loads(done.stdout)
    assert figures["typing"]["scored"] and figures["english"]["overall"] == "B2"
    assert "Saved as session 2" in done.stderr
    nobody = runner.invoke(app, ["task", "typing", "--client", "Nobody"])
    assert nobody.exit_code == 2 and "has no saved session yet" in nobody.stderr


def test_a_terminal_narrower_than_the_passage_skips_the_typing_task_and_says_so() -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from bpo_assess.interview.tasks import MIN_COLUMNS, run_tasks
    from bpo_assess.io.prompts import Prompter

    said: list[str] = []
    with create_pipe_input() as pipe:
        prompter = Prompter(width=MIN_COLUMNS - 10, input=pipe, output=DummyOutput())
        prompter.say = lambda fragments: said.append("".join(t for _, t in fragments))  # type: ignore[method-assign]
        records = run_tasks(prompter, seed=1, quick=True, names=("typing",))
    assert records.typing is None
    assert any(f"at least {MIN_COLUMNS} columns wide" in line for line in said)


def test_the_welcome_counts_the_english_statements_at_the_reading_pace() -> None:
    from bpo_assess.core.items import item_kind
    from bpo_assess.interview.bank import READING_WORDS_PER_MINUTE
    from bpo_assess.interview.tasks import ENGLISH_MINUTES

    shown = sum(len(s.split()) for scale in tasks().english for s in scale.statements)
    think = len(tasks().english) * item_kind("situational").thinking_seconds
    assert round(shown / READING_WORDS_PER_MINUTE + think / 60) == ENGLISH_MINUTES


def test_batch_json_lines_reproduce_the_figures_score_gives(
    runner: CliRunner, tmp_path: Path
) -> None:
    keys = type_passage(Typist(44, 0.03, 0.6), PASSAGE.text, 120, random.Random(3))
    data = {
        "skills": dict.fromkeys(SKILL_IDS, 3),
        "tasks": {"typing": {"passage": PASSAGE.id, "limit": 120, "keys": keys}},
    }
    single = tmp_path / "one.json"
    single.write_text(json.dumps(data))
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(json.dumps({"id": "ana", **data}) + "\n")
    scored = json.loads(runner.invoke(app, ["score", str(single), "--json"]).stdout)
    batched = json.loads(runner.invoke(app, ["batch", str(cohort), "--format", "jsonl"]).stdout)
    assert batched["evidence"] == scored["evidence"] and scored["evidence"]["typing"]["scored"]
