"""The typing task's application through prompt_toolkit's pipe input, on a fake clock:
what is recorded for each kind of key (issue 18)."""

from __future__ import annotations

from collections.abc import Iterator

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from bpo_assess.core.models import TypingRecord
from bpo_assess.core.task_content import tasks
from bpo_assess.interview.tasks import typing_task

PASSAGE = tasks().passages[0]


def run(typed: str, limit: float = 60) -> TypingRecord:
    ticks: Iterator[float] = (n * 0.2 for n in range(100_000))
    with create_pipe_input() as pipe:
        pipe.send_text(typed)
        return typing_task(
            PASSAGE, limit, columns=80, input=pipe, output=DummyOutput(), clock=lambda: next(ticks)
        )


def test_keys_are_recorded_with_backspaces_and_non_latin_text_but_not_arrows() -> None:
    record = run("Tha\x1b[Ank\x7f\x7fnk yé\r")
    assert "".join(key for _, key in record.keys) == "Thank\b\bnk yé"
    times = [when for when, _ in record.keys]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert record.pastes == []


def test_a_bracketed_paste_is_kept_apart_from_the_keys() -> None:
    record = run("Th\x1b[200~ank you for waiting\x1b[201~\r")
    assert [key for _, key in record.keys] == ["T", "h"]
    assert [text for _, text in record.pastes] == ["ank you for waiting"]


def test_typing_the_whole_passage_ends_the_task_by_itself() -> None:
    record = run(PASSAGE.text + "extra", limit=600)
    assert "".join(key for _, key in record.keys) == PASSAGE.text


def test_keys_after_the_time_limit_are_not_counted() -> None:
    record = run(PASSAGE.text, limit=20)  # 0.2 s a clock reading: the limit comes first
    assert record.keys and record.keys[-1][0] - record.keys[0][0] <= 20


def test_a_slow_start_does_not_count_against_the_limit() -> None:
    record = TypingRecord(passage=PASSAGE.id, limit=60, keys=[(50.0, "T"), (105.0, "h")])
    assert record.keys[0][0] == 50.0


def test_checking_and_english_through_the_prompter() -> None:
    from bpo_assess.interview.tasks import run_tasks
    from bpo_assess.io.prompts import Prompter

    down, enter = "\x1b[B", "\r"
    with create_pipe_input() as pipe:
        prompter = Prompter(width=80, input=pipe, output=DummyOutput())
        # two screens of pairs: tick the first of each; then the 4th statement (B2) five times
        for key in [" " + enter, " " + enter] + [down * 3 + enter] * 5:
            pipe.send_text(key)
        records = run_tasks(prompter, seed=4, quick=False, names=("checking", "english"))
    assert records.checking is not None and len(records.checking.marked) == 2
    assert records.english is not None
    assert set(records.english.levels().values()) == {"B2"}


def test_the_status_line_wraps_at_spaces_and_keeps_ctrl_c_on_screen() -> None:
    """At 60 and 80 columns the status before the first key is longer than the screen:
    it wraps at spaces, so "Ctrl-C stops" is never cut off."""
    import io

    from prompt_toolkit.output.plain_text import PlainTextOutput

    for columns in (60, 80):
        screen = io.StringIO()
        ticks: Iterator[float] = (n * 0.2 for n in range(100_000))
        with create_pipe_input() as pipe:
            pipe.send_text("\r")
            typing_task(
                PASSAGE,
                60,
                columns=columns,
                input=pipe,
                output=PlainTextOutput(screen),
                clock=ticks.__next__,
            )
        text = screen.getvalue()
        assert "Ctrl-C stops" in text, text
        status = [line for line in text.splitlines() if "characters to go" in line]
        assert status and all(len(line) <= columns for line in status), status
