"""The interview's prompt layer, driven through prompt_toolkit's pipe input.

Keys as questionary's own tests send them: down "\\x1b[B", enter "\\r", space " ".
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from bpo_assess.core.catalogue import Catalogue, load_catalogue
from bpo_assess.core.models import RatingItem, SituationalItem
from bpo_assess.core.order import shuffled
from bpo_assess.core.scoring import assess
from bpo_assess.interview.bank import (
    Bank,
    build_questions,
    parse_languages,
)
from bpo_assess.interview.draft import Draft, DraftStore
from bpo_assess.interview.flow import Interview, start
from bpo_assess.interview.screens import glossary_pages
from bpo_assess.io.prompts import Prompter

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

    def deliberate(self, message: str) -> bool:
        self._feed(message)
        return super().deliberate(message)


QUICK_ITEMS = 9  # skill questions in the quick interview
QUICK_TOTAL = QUICK_ITEMS + 6  # and the six background questions
# Enter after the welcome, then once per glossary page (at the prompter's 80 columns)
GLOSSARY_KEYS = [ENTER] * (1 + len(glossary_pages(Bank.of(load_catalogue()).glossary, 80)))


def quick_keys(item_keys: list[str]) -> list[str]:
    return [
        *GLOSSARY_KEYS,  # the welcome, then the glossary's pages
        DOWN * 3 + ENTER,  # two to five years
        "English fluent, Tagalog native\r",
        ENTER,  # yes, that is what I meant
        " " + ENTER,  # the first certification in the catalogue
        DOWN + " " + ENTER,  # finance
        DOWN + " " + ENTER,  # has worked with accounts, banking or insurance
        DOWN + ENTER,  # non-voice
        *item_keys,
        ENTER,  # review: show my results
    ]


def console() -> Console:
    return Console(file=io.StringIO(), width=80)


def level_at(catalogue: Catalogue, item_id: str, place: int, seed: int) -> int | str:
    """The answer at a place on the screen (0 = top) for an item, as shuffled by `seed`."""
    item = catalogue.item_by_id[item_id][1]
    if isinstance(item, RatingItem):
        return shuffled(item_id, item.choices, seed)[place].level
    return shuffled(item_id, item.options, seed)[place].id


def test_quick_interview_through_the_pipe(catalogue: Catalogue, tmp_path: Path) -> None:
    items = [DOWN * 3 + ENTER] * QUICK_ITEMS  # the fourth choice on the screen
    shown = console()
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, quick_keys(items))
        store = DraftStore(tmp_path)
        data = start(Bank.of(catalogue), store, prompter, shown, quick=True, resume=False)
    assert store.path.exists(), "kept until the caller has saved the result"
    assert data.background.years_experience == 3.0
    assert data.background.interests == ["finance"]
    assert data.background.domain_knowledge == ["finance"]
    assert data.background.work_preference == "non-voice"
    assert data.background.certifications == [catalogue.certifications[0].id]
    assert [lang.model_dump() for lang in data.background.languages] == [  # type: ignore[union-attr]
        {"name": "English", "fluency": "fluent"},
        {"name": "Tagalog", "fluency": "native"},
    ]
    assert data.seed is not None
    assert data.answers == {
        item.id: level_at(catalogue, item.id, 3, data.seed)
        for _, item in catalogue.items(quick=True)
    }
    assert data.timings is not None and set(data.timings) == set(data.answers)
    output = prompter.transcript() + shown.file.getvalue()  # type: ignore[attr-defined]
    assert f"question 1 of {QUICK_TOTAL}" in output
    assert f"question {QUICK_TOTAL} of {QUICK_TOTAL}" in output
    assert output.index("A few words you will meet") < output.index("question 1 of")
    assert "Your answers" in output
    assert "Understood: English (fluent); Tagalog (native)" in output
    assert (
        len(prompter.asked) == len(GLOSSARY_KEYS) + QUICK_TOTAL + 2
    )  # languages confirmed, review


def test_questions_share_one_set_of_default_key_bindings_and_parsed_styles() -> None:
    """Each question is a new prompt_toolkit application; the default bindings are built
    and the style strings parsed once per run (io/prompts.py), and every question still
    answers as keyed and is styled as written."""
    from prompt_toolkit.application import application
    from prompt_toolkit.styles import style

    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, [DOWN + ENTER, ENTER, "y"])
        build = application.load_key_bindings  # type: ignore[attr-defined]
        parse = style._parse_style_str
        assert hasattr(build, "cache_info") and hasattr(parse, "cache_info")
        first = build()
        assert prompter.select("Pick", [("one", 1), ("two", 2)]) == 2
        parsed = parse.cache_info()
        assert prompter.select("Pick", [("one", 1), ("two", 2)], default=2) == 2
        assert prompter.confirm("Sure?", default=False) is True
        assert build() is first and build.cache_info().misses == 1
        assert parse.cache_info().hits > parsed.hits, "the second question parsed nothing anew"
    bold_red = parse("bold fg:#ff0000")
    assert bold_red.bold and bold_red.color == "ff0000" and parse("bold fg:#ff0000") is bold_red


def test_between_questions_ctrl_c_is_a_key_and_the_terminal_mode_comes_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl-C between two questions was a signal, which Python could swallow in a
    finalizer ("Exception ignored in ..."); for the interview it is a key."""
    import os
    import termios

    from bpo_assess.io.prompts import ctrl_c_as_a_key

    leader, follower = os.openpty()
    with os.fdopen(follower, "r", closefd=False) as terminal:
        monkeypatch.setattr("sys.stdin", terminal)
        before = termios.tcgetattr(follower)
        assert before[3] & termios.ISIG
        with pytest.raises(KeyboardInterrupt), ctrl_c_as_a_key():
            assert not termios.tcgetattr(follower)[3] & termios.ISIG
            raise KeyboardInterrupt  # as the next question raises on the key
        assert termios.tcgetattr(follower) == before, "put back however it ends"
    os.close(leader)
    os.close(follower)
    monkeypatch.setattr("sys.stdin", io.StringIO())  # no terminal: nothing to change
    with ctrl_c_as_a_key():
        pass


def test_review_lets_a_person_change_an_answer(catalogue: Catalogue, tmp_path: Path) -> None:
    items = [ENTER] * QUICK_ITEMS  # the first choice everywhere
    keys = quick_keys(items)[:-1] + [
        DOWN + ENTER,  # change an answer first
        DOWN * 6 + ENTER,  # question 7: the first communication item
        DOWN * 4 + ENTER,  # now the last choice on the screen
        ENTER,  # show my results
    ]
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, keys)
        data = start(
            Bank.of(catalogue), DraftStore(tmp_path), prompter, console(), quick=True, resume=False
        )
    communication = next(i for s, i in catalogue.items(quick=True) if s.id == "communication")
    assert data.answers is not None and data.seed is not None
    assert data.answers[communication.id] == level_at(catalogue, communication.id, 4, data.seed)


def test_the_review_is_paged_to_the_screen_and_the_change_list_has_a_way_back(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    """Issue 16, problem 5: the review was one scroll of about 225 lines, printed again
    after every change, and "Which answer would you like to change?" had no way back."""
    keys = quick_keys([ENTER] * QUICK_ITEMS)[:-1] + [
        DOWN * 2 + ENTER,  # the next page of answers
        DOWN + ENTER,  # change an answer on this page
        "\x1b[A" + ENTER,  # up from the first wraps to the last: back, change nothing
        ENTER,  # show my results
    ]
    at = len(GLOSSARY_KEYS) + 4  # 24 rows split the certifications into two parts
    keys[at:at] = [ENTER]
    shown = console()
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, keys)
        prompter.height = 24
        start(Bank.of(catalogue), DraftStore(tmp_path), prompter, shown, quick=True, resume=False)
    review = shown.file.getvalue()  # type: ignore[attr-defined]
    pages = re.findall(r"Your answers \(page (\d+) of (\d+)\)", review)
    assert pages[:3] == [("1", pages[0][1]), ("2", pages[0][1]), ("2", pages[0][1])]
    assert int(pages[0][1]) >= 2
    for page in review.split("Your answers (page")[1:]:
        assert page.count("\n") <= 24 - 6, "a page and the menu below it fit 24 rows"
    assert prompter.asked[-2] == "Which answer would you like to change?"


def test_ctrl_c_keeps_a_draft_and_resume_finishes(catalogue: Catalogue, tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    keys = quick_keys([ENTER] * QUICK_ITEMS)
    with create_pipe_input() as pipe:
        answered = len(GLOSSARY_KEYS) + 8  # seven answers and the languages confirmed
        prompter = ScriptedPrompter(pipe, [*keys[:answered], "\x03"])  # Ctrl-C at question 8
        with pytest.raises(KeyboardInterrupt):
            start(Bank.of(catalogue), store, prompter, console(), quick=True, resume=False)
    draft, notice = store.load()
    assert notice is None and draft is not None
    assert len(draft.answers) == 7 and draft.quick
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, [ENTER] * (QUICK_TOTAL - 7) + [ENTER])
        shown = console()
        data = start(Bank.of(catalogue), store, prompter, shown, quick=False, resume=True)
    assert f"7 of {QUICK_TOTAL} questions are already answered" in prompter.transcript()
    assert data.answers is not None and len(data.answers) == QUICK_ITEMS
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
    assert len(questions) == len(items) + 6
    again = build_questions(Bank.of(catalogue), quick=False, seed=7)
    assert [q.choices for q in questions] == [q.choices for q in again]
    for kind in (RatingItem, SituationalItem):
        chosen = [i for s in catalogue.skills for i in s.items if isinstance(i, kind)]
        first = [
            next(value for _, value in q.choices) for q in items if q.key in {i.id for i in chosen}
        ]
        assert len(set(first)) > 1, f"{kind.__name__} choices are shuffled"
    rating_tops = [q.choices[0][1] for q in items if q.item_kind == "rating"]
    assert rating_tops.count(5) < len(rating_tops) / 2, "the best is not always first"
    quick = build_questions(Bank.of(catalogue), quick=True, seed=7)
    assert len(quick) <= 15


def test_languages_are_parsed_kindly() -> None:
    assert parse_languages("english, Spanish basic; Tagalog NATIVE") == [
        "english",
        {"name": "Spanish", "fluency": "basic"},
        {"name": "Tagalog", "fluency": "native"},
    ]
    assert parse_languages("  ") == []


def test_no_language_is_given_a_fluency_nobody_stated() -> None:
    """Issue 11, problem 7: 'Bisaya' alone became 'Bisaya (fluent)'."""
    from bpo_assess.core.models import Background
    from bpo_assess.interview.bank import describe_languages

    said = "Hindi - native, English (good), Marathi"
    assert parse_languages(said) == [
        {"name": "Hindi", "fluency": "native"},
        {"name": "English", "fluency": "conversational"},  # issue 16: good is a level
        "Marathi",
    ]
    assert describe_languages(said) == (
        "Hindi (native); English (conversational); Marathi (no level given)"
    )
    assert parse_languages("Bisaya") == ["Bisaya"]
    bisaya = Background.model_validate({"languages": [{"name": "Bisaya"}]}).languages[0]
    assert not isinstance(bisaya, str) and bisaya.fluency is None


def test_common_words_and_cefr_levels_map_to_the_named_scale() -> None:
    """Issue 16, problem 4: "English good" and "English advanced" became "(no level
    given)", and the results read "speaks English good"; the question named no scale."""
    from bpo_assess.core.wording import LANGUAGE_SCALE, language_prompt

    assert parse_languages("English good, Hindi native speaker; French B2") == [
        {"name": "English", "fluency": "conversational"},
        {"name": "Hindi", "fluency": "native"},
        {"name": "French", "fluency": "conversational"},
    ]
    assert parse_languages("English advanced, Tagalog mother tongue, Spanish A2") == [
        {"name": "English", "fluency": "fluent"},
        {"name": "Tagalog", "fluency": "native"},
        {"name": "Spanish", "fluency": "basic"},
    ]
    assert parse_languages("English very good") == [
        {"name": "English", "fluency": "conversational"}
    ]
    asked = language_prompt()
    assert all(level in asked for level in LANGUAGE_SCALE)
    assert "good" in asked and "A1 to C2" in asked


def test_a_wrong_reading_of_the_languages_can_be_retyped(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    keys = quick_keys([ENTER] * QUICK_ITEMS)
    at = len(GLOSSARY_KEYS) + 1  # the languages question and its confirmation
    keys[at : at + 2] = ["Bisaya so-so\r", DOWN + ENTER, "\x15Bisaya native\r", ENTER]
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, keys)
        data = start(
            Bank.of(catalogue), DraftStore(tmp_path), prompter, console(), quick=True, resume=False
        )
    assert "Understood: Bisaya so-so (no level given)" in prompter.transcript()
    assert [lang.model_dump() for lang in data.background.languages] == [  # type: ignore[union-attr]
        {"name": "Bisaya", "fluency": "native"}
    ]


def test_answers_from_the_interview_score_like_the_file(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, quick_keys([DOWN * 2 + ENTER] * QUICK_ITEMS))
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
    assert len(interview) == QUICK_TOTAL


def test_an_unfinished_draft_is_offered_before_a_new_start(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    store = DraftStore(tmp_path)
    first = next(item for _, item in catalogue.items(quick=True))
    store.save(Draft(quick=True, seed=3, answers={first.id: 2}))
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, [DOWN + ENTER, *quick_keys([ENTER] * QUICK_ITEMS)])
        data = start(Bank.of(catalogue), store, prompter, console(), quick=True, resume=False)
    assert prompter.asked[0] == "Continue it?"
    assert f"You have an unfinished quick interview: 1 of {QUICK_TOTAL} answered" in (
        prompter.transcript()
    )
    assert data.answers is not None and data.seed is not None
    assert data.answers[first.id] == level_at(catalogue, first.id, 0, data.seed), "started afresh"


def test_resume_without_a_draft_starts_afresh(catalogue: Catalogue, tmp_path: Path) -> None:
    shown = console()
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, quick_keys([ENTER] * QUICK_ITEMS))
        start(Bank.of(catalogue), DraftStore(tmp_path), prompter, shown, quick=True, resume=True)
    assert "No unfinished interview was found" in prompter.transcript()


def unnamed_draft(store: DraftStore) -> Draft:
    draft = Draft(quick=True, seed=3, answers={"background.years_experience": 3.0})
    store.save(draft)
    return draft


def test_an_unnamed_draft_is_claimed_for_a_client_only_when_the_counsellor_says_so(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    """Issue 16, problem 2, in-process: the draft is shown with what it holds, and becomes
    the client's (moving to their own file) only on "Yes"."""
    from bpo_assess.interview.flow import choose_draft

    store = DraftStore(tmp_path)
    unnamed_draft(store)
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, [DOWN + ENTER])
        claimed = choose_draft(
            Bank.of(catalogue), store, prompter, quick=True, resume=True, client="Jo Cruz"
        )
    said = prompter.transcript()
    assert "unfinished quick interview with no client named: 1 of" in said
    assert "It holds:" in said and "Experience" in said
    assert prompter.asked == ["Are these Jo Cruz's answers?"]
    assert claimed.client == "Jo Cruz" and claimed.answers == {"background.years_experience": 3.0}
    assert store.load()[0] is None, "the unnamed draft moved"
    assert store.load(client="jo cruz")[0] is not None


def test_an_unnamed_draft_declined_stays_and_the_client_starts_afresh(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    from bpo_assess.interview.flow import choose_draft

    store = DraftStore(tmp_path)
    unnamed_draft(store)
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, [ENTER])  # the default: start afresh
        fresh = choose_draft(
            Bank.of(catalogue), store, prompter, quick=True, resume=False, client="Jo Cruz"
        )
    assert fresh.client == "Jo Cruz" and not fresh.answers
    kept = store.load()[0]
    assert kept is not None and kept.client is None, "the unnamed draft is left as it was"


def test_resume_without_a_client_takes_the_one_client_draft_or_names_them_all(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    from bpo_assess.interview.flow import choose_draft

    store = DraftStore(tmp_path)
    store.save(Draft(quick=True, seed=3, client="Ana Reyes", answers={"x": 1}))
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, [])
        only = choose_draft(Bank.of(catalogue), store, prompter, quick=True, resume=True)
    assert only.client == "Ana Reyes" and prompter.asked == []
    store.save(Draft(quick=True, seed=4, client="Jo Cruz"))
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, [])
        fresh = choose_draft(Bank.of(catalogue), store, prompter, quick=True, resume=True)
    assert fresh.client is None and not fresh.answers
    assert "kept for Ana Reyes, Jo Cruz: continue one with --resume --client NAME" in " ".join(
        prompter.transcript().split()
    )


def test_the_stop_message_counts_answers_in_words() -> None:
    from bpo_assess.interview.terminal import answers_so_far

    assert answers_so_far(1) == "Your answer so far is"
    assert answers_so_far(6) == "Your 6 answers so far are"


def test_a_returning_clients_background_is_shown_and_kept(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    """Issue 11, problem 3: a client's second session asked the whole background again."""
    from bpo_assess.core.models import Background
    from bpo_assess.interview.bank import background_answers
    from bpo_assess.interview.flow import run

    bank = Bank.of(catalogue)
    before = Background(
        years_experience=1.5,
        languages=[{"name": "Hindi", "fluency": "native"}, "Marathi"],
        certifications=[catalogue.certifications[0].id, "Six Sigma Yellow Belt"],
        interests=["finance"],
        domain_knowledge=["finance"],
        work_preference="voice",
    )
    earlier = background_answers(bank, before.model_dump(mode="json"))
    with create_pipe_input() as pipe:
        keys = [ENTER, ENTER, *[ENTER] * QUICK_ITEMS, ENTER]  # skip the words; keep; items
        prompter = ScriptedPrompter(pipe, keys)
        draft = Draft(quick=True, seed=5, client="Jo Cruz", consented=True)
        data = run(bank, DraftStore(tmp_path), draft, prompter, console(), earlier)
    # issue 16, problem 11: a returning client skips the glossary with one Enter
    assert prompter.asked[:2] == ["Ready?", "Is it still right?"]
    assert "A few words you will meet" not in prompter.transcript()
    assert "Experience" not in prompter.asked and "Languages" not in prompter.asked
    said = prompter.transcript()
    assert "Welcome back" in said and "Hindi native, Marathi" in said
    assert "Six Sigma Yellow Belt" in said, "a typed certification is shown as typed"
    assert "Another certification" not in said
    assert data.background == before


def test_a_returning_client_can_change_part_of_their_background(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    from bpo_assess.core.models import Background
    from bpo_assess.interview.bank import background_answers
    from bpo_assess.interview.flow import run

    bank = Bank.of(catalogue)
    earlier = background_answers(bank, Background(years_experience=0.5).model_dump(mode="json"))
    keys = [
        ENTER,  # skip the words: the default for a returning client
        DOWN + ENTER,  # change some of it
        " " + ENTER,  # only the first: experience
        DOWN * 3 + ENTER,  # from "less than a year" down to "more than five years"
        ENTER,  # never asked before: no study or work in these domains
        *[ENTER] * QUICK_ITEMS,
        ENTER,
    ]
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, keys)
        data = run(
            bank, DraftStore(tmp_path), Draft(quick=True, seed=5), prompter, console(), earlier
        )
    assert data.background.years_experience == 6.0
    assert "Languages" not in prompter.asked


def test_the_review_shows_typed_certification_names(catalogue: Catalogue, tmp_path: Path) -> None:
    """Issue 11, problem 5: the review said "Another certification", not the names typed."""
    keys = quick_keys([ENTER] * QUICK_ITEMS)
    other = DOWN * len(catalogue.certifications) + " " + ENTER
    at = len(GLOSSARY_KEYS) + 3  # the certifications question
    keys[at : at + 1] = [other, "COPC Registered Coordinator, Lean Six Sigma\r"]
    shown = console()
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(pipe, keys)
        data = start(
            Bank.of(catalogue), DraftStore(tmp_path), prompter, shown, quick=True, resume=False
        )
    review = shown.file.getvalue()  # type: ignore[attr-defined]
    words = " ".join(review.split())
    assert "COPC Registered Coordinator, Lean Six" in words
    assert "Another certification" not in words
    assert "…" not in review, "questions are wrapped in the review, not cut"
    assert data.background.certifications == ["COPC Registered Coordinator", "Lean Six Sigma"]


def test_the_domain_question_decides_the_specialist_tracks(catalogue: Catalogue) -> None:
    """Issue 9, item 6: the quiz asks what the person has studied or worked with, and the
    three specialist roles follow it, not only the interest bonus."""
    from bpo_assess.interview.bank import DOMAINS, to_input

    question = next(
        q
        for q in build_questions(Bank.of(catalogue), quick=True, seed=0)
        if q.key == "background.domain_knowledge"
    )
    assert {value for _, value in question.choices} == {value for _, value in DOMAINS}
    levels = {item.id: 4 for _, item in catalogue.items() if isinstance(item, RatingItem)}
    answers = {**levels, "background.years_experience": 0.0, "background.languages": ""}
    specialists = {"healthcare-specialist", "finance-specialist", "legal-specialist"}

    def ready(known: list[str]) -> dict[str, bool | None]:
        data = to_input({**answers, "background.domain_knowledge": known}, seed=0)
        result = assess(catalogue, data)
        return {m.role: m.ready_now for m in result.matches if m.role in specialists}

    assert set(ready([]).values()) == {False}, "none known: all three are roles to grow into"
    assert ready(["legal"]) == {
        "legal-specialist": True,
        "healthcare-specialist": False,
        "finance-specialist": False,
    }


def test_with_the_english_task_the_languages_question_leaves_english_to_it(
    catalogue: Catalogue,
) -> None:
    """Issue 18: English is measured on the CEFR scale by its own task, so the free-text
    languages question does not ask for it a second time when the tasks follow."""
    from bpo_assess.interview.bank import Bank, build_questions

    def languages(english_task: bool) -> str:
        questions = build_questions(
            Bank.of(catalogue), quick=True, seed=0, english_task=english_task
        )
        return next(q.text for q in questions if q.key == "background.languages")

    assert "other than English" in languages(True)
    assert "English fluent" not in languages(True)
    assert "other than English" not in languages(False)
