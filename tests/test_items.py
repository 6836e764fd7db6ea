"""The item bank's promises: answerable by newcomers, not guessable, timed, and careless
answering caught at the rates docs/validity.md gives (at a smaller size here)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner
from validity.responding import flag_rates, key_balance
from validity.simulate import (
    Respondent,
    as_input,
    careful_answers,
    random_profile,
    straight_line_answers,
)

from bpo_assess.cli import app
from bpo_assess.core.catalogue import Catalogue, packaged_data
from bpo_assess.core.items import KINDS
from bpo_assess.core.models import AssessmentInput, RatingItem, SituationalItem
from bpo_assess.core.quality import item_levels, within_skill_spread
from bpo_assess.core.scoring import assess
from bpo_assess.interview.bank import (
    READING_WORDS_PER_MINUTE,
    Bank,
    build_questions,
    estimate_minutes,
)
from bpo_assess.interview.screens import glossary, glossary_pages, welcome

ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
ROOT = Path(__file__).resolve().parent.parent
EVERYDAY = {"IT"}  # acronyms anyone meets outside BPO work
BPO_ACRONYMS = {"AHT", "CSAT", "FCR", "TAT", "QA", "WFM", "CRM", "SLA", "KB", "NPS", "BPO"}


def situational(catalogue: Catalogue) -> list[SituationalItem]:
    return [i for _, i in catalogue.items() if isinstance(i, SituationalItem)]


def test_the_keyed_best_option_cannot_be_found_by_its_length(catalogue: Catalogue) -> None:
    balance = key_balance(catalogue)
    assert balance["keyed best is the longest (share)"] <= 0.4
    assert balance["rating items whose longest choice is level 5 (share)"] <= 0.4
    for item in situational(catalogue):
        assert sum(option.score >= 3 for option in item.options) >= 2, item.id
        lengths = [len(option.text) for option in item.options]
        assert max(lengths) <= 2 * min(lengths), f"{item.id}: options of very unequal length"


def test_every_key_has_a_comment_saying_why() -> None:
    text = (packaged_data() / "skills.toml").read_text(encoding="utf-8")
    keys = re.findall(r"^score = \d(.*)$", text, flags=re.MULTILINE)
    assert keys and all(re.match(r"\s+# \w", rest) for rest in keys), "a key without a reason"


def test_choices_describe_behaviour_not_outcomes(catalogue: Catalogue) -> None:
    outcomes = re.compile(r"\b(QA|adherence|target every|seldom flags|teammates ask)\b", re.I)
    for _, item in catalogue.items():
        texts = (
            [c.text for c in item.choices]
            if isinstance(item, RatingItem)
            else [o.text for o in item.options]
        )
        assert not any(outcomes.search(text) for text in texts), item.id


def test_the_newcomer_path_shows_no_acronym_unexplained(catalogue: Catalogue) -> None:
    """Everything the interview shows someone with no experience, in the order shown:
    the welcome, the glossary, then each question and its choices."""
    bank = Bank.of(catalogue)
    screens = [
        "".join(text for _, text in welcome(36, 31, False, 80)),
        "".join(text for _, text in glossary(bank.glossary, 80)),
    ]
    explained: set[str] = set(EVERYDAY)
    for term, _ in bank.glossary:
        explained |= set(ACRONYM.findall(term))
    assert explained >= BPO_ACRONYMS, "the glossary explains every common acronym"
    welcome_text = " ".join(screens[0].split())
    assert "business process outsourcing (BPO)" in welcome_text, "explained where it appears"
    questions = build_questions(bank, quick=False, seed=0)
    # Certification names are names (HDI, CompTIA A+), asked only of those who hold them.
    shown = [
        q.text + " " + " ".join(t for t, _ in q.choices if q.key != "background.certifications")
        for q in questions
    ]
    for text in shown:
        for acronym in ACRONYM.findall(text):
            assert acronym in explained, f"{acronym!r} shown without an explanation"
    items = [q for q in questions if q.item_kind is not None]
    for question in items:
        text = question.text + " ".join(title for title, _ in question.choices)
        jargon = set(ACRONYM.findall(text)) - EVERYDAY
        assert not jargon, f"{question.key}: skill questions use plain words"


def test_scenes_reach_beyond_one_country_and_one_channel(catalogue: Catalogue) -> None:
    scenes = " ".join(item.prompt for item in situational(catalogue))
    assert {"Manila", "Cebu", "Davao"} & set(scenes.split()) and "Pune" in scenes
    for channel in ("chat", "email", "back-office", "calls"):
        assert channel in scenes, channel
    assert "older customer" not in scenes and "not good with computers" not in scenes


def test_skills_json_shows_each_choice_level_and_each_option_key(runner: CliRunner) -> None:
    result = runner.invoke(app, ["skills", "--json"])
    assert result.exit_code == 0, result.output
    items = [item for skill in json.loads(result.stdout)["skills"] for item in skill["items"]]
    for item in items:
        if item["kind"] == "rating":
            assert sorted(c["level"] for c in item["choices"]) == [1, 2, 3, 4, 5]
            assert all(c["text"] for c in item["choices"])
        else:
            assert all(o["score"] in range(1, 6) and o["id"] for o in item["options"])


def test_the_lengths_are_honest(catalogue: Catalogue) -> None:
    bank = Bank.of(catalogue)
    full = build_questions(bank, quick=False, seed=3)
    quick = build_questions(bank, quick=True, seed=3)
    assert len(quick) <= 15
    assert 28 <= sum(q.item_kind is not None for q in full) <= 40
    for questions in (full, quick):
        words = sum(
            len(q.text.split()) + sum(len(title.split()) for title, _ in q.choices)
            for q in questions
        ) + sum(len(f"{term} {meaning}".split()) for term, meaning in bank.glossary)
        think = sum(KINDS[q.item_kind].thinking_seconds if q.item_kind else 4 for q in questions)
        expected = round(words / READING_WORDS_PER_MINUTE + think / 60)
        assert estimate_minutes(questions, bank.glossary) == expected
    assert estimate_minutes(full, bank.glossary) >= 20, "about 3,000 words is no 9-minute read"
    study = " ".join((ROOT / "docs" / "validity.md").read_text(encoding="utf-8").split())
    for questions in (full, quick):
        shown = sum(
            len(q.text.split()) + sum(len(title.split()) for title, _ in q.choices)
            for q in questions
        )
        assert f"shows {shown:,} words in {len(questions)} questions" in study
    glossary_words = sum(len(f"{term} {meaning}".split()) for term, meaning in bank.glossary)
    assert f"{glossary_words}-word glossary" in study


@pytest.mark.parametrize("width", [40, 60, 80])
def test_each_glossary_page_fits_a_small_terminal(catalogue: Catalogue, width: int) -> None:
    pages = glossary_pages(Bank.of(catalogue).glossary, width)
    for page in pages:
        lines = "".join(text for _, text in page).splitlines()
        assert len(lines) + 2 <= 24, "a page and its prompt fit 24 rows"
        assert all(len(line) <= width for line in lines)
    shown = " ".join("".join(text for _, text in page) for page in pages)
    assert all(term.term in shown for term in catalogue.glossary)


def test_the_glossary_command_prints_what_the_quiz_shows(
    runner: CliRunner, catalogue: Catalogue
) -> None:
    result = runner.invoke(app, ["glossary"])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    for term in catalogue.glossary:
        assert term.term in flat and " ".join(term.meaning.split()) in flat
    as_json = json.loads(runner.invoke(app, ["glossary", "--json"]).stdout)
    assert [t["term"] for t in as_json["glossary"]] == [t.term for t in catalogue.glossary]


def test_an_answers_file_from_the_previous_bank_names_each_retired_item(
    runner: CliRunner, catalogue: Catalogue, tmp_path: Path
) -> None:
    answers = {item.id: 3 for _, item in catalogue.items() if isinstance(item, RatingItem)}
    answers |= {"teamwork-shift-handover": 4, "time-management-break-overlap": 2}
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"error: {path}: answers.teamwork-shift-handover: a question")
    assert "take the interview again or remove this answer" in lines[1]
    assert "Traceback" not in result.output


def test_a_saved_session_from_the_previous_bank_still_shows(
    runner: CliRunner, catalogue: Catalogue
) -> None:
    from bpo_assess.counsel.store import open_store

    levels = dict.fromkeys(catalogue.skill_ids, 3.0)
    result = assess(catalogue, AssessmentInput(skills=levels))
    old = AssessmentInput(answers={"teamwork-shift-handover": 4, "adaptability-qa-feedback": 2})
    with open_store() as store:
        store.save_session(
            old,
            result.model_copy(update={"catalogue_hash": "sha256:0000000000000000"}),
            client=None,
            source="quiz",
        )
    shown = runner.invoke(app, ["show", "1"], env={"COLUMNS": "100"})
    assert shown.exit_code == 0, shown.output
    assert "Scored with catalogue sha256:0000000000000000" in shown.stdout


# --- Careless answering ----------------------------------------------------------------


def codes(catalogue: Catalogue, data: AssessmentInput) -> set[str]:
    return {flag.code for flag in assess(catalogue, data, top=1).quality}


def test_answers_quicker_than_reading_are_noted(catalogue: Catalogue) -> None:
    rng = random.Random(4)
    person = Respondent(random_profile(catalogue, rng))
    answers = careful_answers(catalogue, person, rng)
    base = as_input(answers, {}, seed=1).model_dump()
    rushed = AssessmentInput.model_validate({**base, "timings": dict.fromkeys(answers, 0.8)})
    calm = AssessmentInput.model_validate({**base, "timings": dict.fromkeys(answers, 20.0)})
    assert "too-fast" in codes(catalogue, rushed)
    assert "too-fast" not in codes(catalogue, calm)
    message = next(f for f in assess(catalogue, rushed).quality if f.code == "too-fast").message
    assert message.startswith(f"{len(answers)} of {len(answers)} answers came quicker")


def test_pressing_enter_throughout_is_straight_lining_even_when_shuffled(
    catalogue: Catalogue,
) -> None:
    answers = straight_line_answers(catalogue, random.Random(2), seed=99)
    levels = [a for a in answers.values() if isinstance(a, int)]
    assert len(set(levels)) > 2, "the levels vary, because the choices were shuffled"
    result = assess(catalogue, as_input(answers, {}, seed=99), top=1)
    flag = next(f for f in result.quality if f.code == "straight-lining")
    assert "answer on the screen for" in flag.message
    spread, _ = within_skill_spread(catalogue, item_levels(catalogue, answers))
    assert spread > 0, "and so their spread looks random too"


@given(st.lists(st.integers(1, 5), min_size=35, max_size=35), st.integers(-2, 2))
def test_spread_is_zero_for_agreeing_answers_and_ignores_a_skill_wide_shift(
    catalogue: Catalogue, values: list[int], shift: int
) -> None:
    items = [item.id for _, item in catalogue.items()]
    levels = {item_id: float(v) for item_id, v in zip(items, values, strict=False)}
    spread, df = within_skill_spread(catalogue, levels)
    assert df == len(items) - len(catalogue.skill_ids) and spread >= 0
    moved = {k: v + shift for k, v in levels.items()}
    assert within_skill_spread(catalogue, moved)[0] == pytest.approx(spread)
    by_skill = {
        catalogue.item_by_id[i][0].id: float(v) for i, v in zip(items, values, strict=False)
    }
    agreeing = {i: by_skill[catalogue.item_by_id[i][0].id] for i in items}
    assert within_skill_spread(catalogue, agreeing)[0] == 0


@pytest.mark.no_cover  # a study of many runs over lines other tests reach; see conftest
@pytest.mark.parametrize("quick", [False, True])
def test_the_flag_rates_meet_their_targets(catalogue: Catalogue, quick: bool) -> None:
    rates = flag_rates(catalogue, 150, 11, quick=quick)
    assert rates["straight-line"][0] >= 0.95
    assert rates["random"][0] >= (0.5 if quick else 0.8)
    assert rates["careful"][0] <= 0.10


def test_notices_come_before_the_roles_on_screen_and_in_reports(catalogue: Catalogue) -> None:
    from rich.console import Console

    from bpo_assess.counsel import report
    from bpo_assess.counsel.store import open_store
    from bpo_assess.render.result import result_view

    answers = random_answers_for_notices(catalogue)
    data = as_input(answers, {}, seed=5)
    result = assess(catalogue, data)
    assert {"random-responding"} <= {flag.code for flag in result.quality}
    console = Console(width=80, record=True)
    console.print(result_view(catalogue, result))
    screen = console.export_text()
    first_roles = min(
        screen.index(heading)
        for heading in ("How the roles fit you", "Roles you can apply for now")
        if heading in screen
    )
    assert screen.index("A note on your answers") < first_roles
    with open_store() as opened:
        saved = opened.save_session(data, result, client=None, source="score")
    for fmt, roles in (("md", "## How the roles fit"), ("html", "<h2>How the roles fit</h2>")):
        text = report.render(catalogue, saved, fmt)
        assert text.lower().index("a note on the answers") < text.index(roles), fmt


def random_answers_for_notices(catalogue: Catalogue) -> dict[str, int | str]:
    """Answers about each skill as far apart as they go: lowest, then highest, in turn."""
    answers: dict[str, int | str] = {}
    for number, (_, item) in enumerate(catalogue.items()):
        if isinstance(item, RatingItem):
            answers[item.id] = 1 if number % 2 else 5
        else:
            keyed = sorted(item.options, key=lambda o: o.score)
            answers[item.id] = (keyed[0] if number % 2 else keyed[-1]).id
    return answers


def test_every_item_kind_has_a_row_and_an_unknown_kind_raises(catalogue: Catalogue) -> None:
    """core/items.py is the one place a kind's rules live: every kind in the catalogue has
    a row, and a kind without one stops with a clear message instead of falling through."""
    from bpo_assess.core.items import item_kind
    from bpo_assess.errors import BpoError

    assert {item.kind for _, item in catalogue.items()} <= set(KINDS)
    with pytest.raises(BpoError, match="unknown item kind 'typing'"):
        item_kind("typing")
    for _, item in catalogue.items():
        kind = KINDS[item.kind]
        for _, answer in kind.choices(item):
            assert kind.is_answer(answer)
            assert kind.value(item, answer) in (1, 2, 3, 4, 5)
