"""The interview's prompt layer, driven through prompt_toolkit's pipe input.

Keys as questionary's own tests send them: down "\\x1b[B", enter "\\r", space " ".
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import RatingItem, SituationalItem
from bpo_assess.core.scoring import assess
from bpo_assess.interview.bank import (
    Bank,
    build_questions,
    estimate_minutes,
    parse_languages,
    shuffled_options,
)
from bpo_assess.interview.draft import Draft, DraftStore
from bpo_assess.interview.flow import Interview, start
from bpo_assess.interview.prompts import Prompter

DOWN, ENTER = "\x1b[B", "\r"


class ScriptedPrompter(Prompter):
    """A Prompter whose keys come from a script, sent just before each prompt."""

    def __init__(self, pipe: Any, keys: list[str]) -> None:
        super().__init__(width=80, input=pipe, output=DummyOutput())
        self.pipe = pipe
        self.keys: Iterator[str] = iter(keys)
        self.asked: list[str] = []
        self.said: list[str] = []

    def say(self, fragments: list[tuple[str, str]]) -> None:
        self.said.append("".join(text for _, text in fragments))
        super().say(fragments)

    def transcript(self) -> str:
        return "".join(self.said)

    def _feed(self, message: str) -> None:
        self.asked.append(message)
        self.pipe.send_text(next(self.keys))

    def select(self, message: str, choices: Any, default: Any = None) -> Any:
        self._feed(message)
        return super().select(message, choices, default)

    def checkbox(self, message: str, choices: Any, checked: Any = ()) -> list[str]:
        self._feed(message)
        return super().checkbox(message, choices, checked)

    def text(self, message: str, default: str = "") -> str:
        self._feed(message)
        return super().text(message, default)

    def confirm(self, message: str, default: bool = True) -> bool:
        self._feed(message)
        return super().confirm(message, default)


def quick_keys(item_keys: list[str]) -> list[str]:
    return [
        DOWN * 3 + ENTER,  # two to five years
        "English fluent, Tagalog native\r",
        " " + ENTER,  # the first certification in the catalogue
        DOWN + " " + ENTER,  # finance
        DOWN + ENTER,  # non-voice
        *item_keys,
        ENTER,  # review: show my results
    ]


def console() -> Console:
    return Console(file=io.StringIO(), width=80)


def test_quick_interview_through_the_pipe(catalogue: Catalogue, tmp_path: Path) -> None:
    items = [DOWN * 4 + ENTER] * 7  # the last choice of every quick rating item
    shown = console()
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, quick_keys(items))
        store = DraftStore(tmp_path)
        data = start(Bank.of(catalogue), store, prompter, shown, quick=True, resume=False)
    assert store.path.exists(), "kept until the caller has saved the result"
    assert data.background.years_experience == 3.0
    assert data.background.interests == ["finance"]
    assert data.background.work_preference == "non-voice"
    assert data.background.certifications == [catalogue.certifications[0].id]
    assert [lang.model_dump() for lang in data.background.languages] == [  # type: ignore[union-attr]
        {"name": "English", "fluency": "fluent"},
        {"name": "Tagalog", "fluency": "native"},
    ]
    assert data.answers == {item.id: 5 for _, item in catalogue.items(quick=True)}
    output = prompter.transcript() + shown.file.getvalue()  # type: ignore[attr-defined]
    assert "question 1 of 12" in output and "question 12 of 12" in output
    assert "Your answers" in output
    assert len(prompter.asked) <= 14


def test_review_lets_a_person_change_an_answer(catalogue: Catalogue, tmp_path: Path) -> None:
    items = [ENTER] * 7  # the first choice everywhere
    keys = quick_keys(items)[:-1] + [
        DOWN + ENTER,  # change an answer first
        DOWN * 5 + ENTER,  # question 6: the communication item
        DOWN * 4 + ENTER,  # now the last choice
        ENTER,  # show my results
    ]
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, keys)
        data = start(
            Bank.of(catalogue), DraftStore(tmp_path), prompter, console(), quick=True, resume=False
        )
    communication = next(i for s, i in catalogue.items(quick=True) if s.id == "communication")
    assert data.answers is not None and data.answers[communication.id] == 5


def test_ctrl_c_keeps_a_draft_and_resume_finishes(catalogue: Catalogue, tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    keys = quick_keys([ENTER] * 7)
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, [*keys[:7], "\x03"])  # Ctrl-C at question 8
        with pytest.raises(KeyboardInterrupt):
            start(Bank.of(catalogue), store, prompter, console(), quick=True, resume=False)
    draft, notice = store.load()
    assert notice is None and draft is not None
    assert len(draft.answers) == 7 and draft.quick
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, [ENTER] * 5 + [ENTER])
        shown = console()
        data = start(Bank.of(catalogue), store, prompter, shown, quick=False, resume=True)
    assert "7 of 12 questions are already answered" in prompter.transcript()
    assert data.answers is not None and len(data.answers) == 7
    assert data.seed == draft.seed
    assert store.path.exists(), "kept until the caller has saved the result"


def test_a_damaged_draft_is_set_aside_not_trusted(catalogue: Catalogue, tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.path.write_text("{ this is not json")
    draft, notice = store.load()
    assert draft is None and notice is not None and "set aside" in notice
    aside = list(tmp_path.glob("draft.damaged-*.json"))
    assert len(aside) == 1 and aside[0].read_text() == "{ this is not json"
    assert not store.path.exists()


def test_draft_round_trip_and_atomic_save(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    draft = Draft(quick=False, seed=42, answers={"communication-irate-caller": 4, "x": "b"})
    store.save(draft)
    assert oct(store.path.stat().st_mode & 0o777) == "0o600"
    loaded, _ = store.load()
    assert loaded == draft
    assert [p.name for p in tmp_path.iterdir()] == ["draft.json"], "no temporary files left"


def test_full_interview_has_every_item_and_a_fixed_shuffle(catalogue: Catalogue) -> None:
    questions = build_questions(Bank.of(catalogue), quick=False, seed=7)
    items = [q for q in questions if q.item_kind is not None]
    assert 28 <= len(items) <= 40
    assert len(questions) == len(items) + 5
    again = build_questions(Bank.of(catalogue), quick=False, seed=7)
    assert [q.choices for q in questions] == [q.choices for q in again]
    situational = [i for s in catalogue.skills for i in s.items if isinstance(i, SituationalItem)]
    orders = {
        tuple(o.id for o in shuffled_options(i.id, i.options, seed))
        for i in situational
        for seed in range(5)
    }
    assert len(orders) > 1, "options are shuffled"
    assert estimate_minutes(questions) <= 10
    quick = build_questions(Bank.of(catalogue), quick=True, seed=7)
    assert len(quick) <= 12
    assert all(isinstance(catalogue.item_by_id[q.key][1], RatingItem) for q in quick if q.item_kind)


def test_languages_are_parsed_kindly() -> None:
    assert parse_languages("english, Spanish basic; Tagalog NATIVE") == [
        {"name": "english", "fluency": "fluent"},
        {"name": "Spanish", "fluency": "basic"},
        {"name": "Tagalog", "fluency": "native"},
    ]
    assert parse_languages("  ") == []


def test_answers_from_the_interview_score_like_the_file(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, quick_keys([DOWN * 2 + ENTER] * 7))
        data = start(
            Bank.of(catalogue), DraftStore(tmp_path), prompter, console(), quick=True, resume=False
        )
    from bpo_assess.core.models import AssessmentInput

    saved = AssessmentInput.model_validate(json.loads(data.model_dump_json()))
    assert assess(catalogue, saved) == assess(catalogue, data)


def test_old_answers_for_unknown_items_are_dropped(catalogue: Catalogue) -> None:
    draft = Draft(quick=True, seed=1, answers={"retired-item": 3})
    interview = Interview(Bank.of(catalogue), draft, Prompter(), console(), lambda d: None)
    assert draft.answers == {}
    assert len(interview) == 12


def test_an_unfinished_draft_is_offered_before_a_new_start(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    store = DraftStore(tmp_path)
    first = next(item for _, item in catalogue.items(quick=True))
    store.save(Draft(quick=True, seed=3, answers={first.id: 2}))
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, ["n", *quick_keys([ENTER] * 7)])
        data = start(Bank.of(catalogue), store, prompter, console(), quick=True, resume=False)
    assert prompter.asked[0].startswith("You have an unfinished quick interview (1 of 12")
    assert data.answers is not None and data.answers[first.id] == 1, "started afresh"


def test_resume_without_a_draft_starts_afresh(catalogue: Catalogue, tmp_path: Path) -> None:
    shown = console()
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, quick_keys([ENTER] * 7))
        start(Bank.of(catalogue), DraftStore(tmp_path), prompter, shown, quick=True, resume=True)
    assert "No unfinished interview was found" in prompter.transcript()


def test_the_stop_message_counts_answers_in_words() -> None:
    from bpo_assess.interview.terminal import answers_so_far

    assert answers_so_far(1) == "Your answer so far is"
    assert answers_so_far(6) == "Your 6 answers so far are"
