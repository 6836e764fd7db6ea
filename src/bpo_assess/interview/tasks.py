"""The tasks after the questions: typing a passage, checking records, English on the CEFR.

Each task keeps the raw record (what was typed and when, which pairs were marked, which
statements were picked); the figures are computed from it in the core
(core/measures.py), so a saved answers file reproduces them.

The typing task is a small prompt_toolkit application: every key is timed as the
application receives it, and a paste arrives as one `Keys.BracketedPaste` event, kept
but not scored. prompt_toolkit is imported inside the functions (the start-up budget).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bpo_assess.core.measures import BACKSPACE, ENGLISH_SKILLS
from bpo_assess.interview import screens

if TYPE_CHECKING:
    from bpo_assess.core.models import (
        CheckingRecord,
        EnglishSelfAssessment,
        Passage,
        TaskRecords,
        TypingRecord,
    )
    from bpo_assess.io.prompts import Prompter

MIN_COLUMNS = 60  # the passage wraps to 60 to 120 columns; narrower cannot show it well
MAX_COLUMNS = 120
PAIRS_PER_SCREEN = 6
Clock = Callable[[], float]
TASK_NAMES = ("typing", "checking", "english")
QUICK_TASKS = ("typing", "english")
# Minutes each task takes, for the welcome's honest length: typing its limit plus a
# minute for the instructions; checking 12 pairs at about 5 s each and the instructions;
# English five screens of six statements, read at the interview's reading pace.
TYPING_MINUTES = {False: 3, True: 2}
CHECKING_MINUTES = 2
ENGLISH_MINUTES = 6


def task_words(quick: bool) -> str:
    """The tasks in words, for the welcome."""
    if quick:
        return "two short tasks: typing a passage, and your English on the CEFR scale"
    return (
        "three short tasks: typing a passage, checking records for differences, and your"
        " English on the CEFR scale"
    )


def task_minutes(quick: bool) -> int:
    """The tasks' minutes for the welcome (full: typing, checking, English; quick: no checking)."""
    return TYPING_MINUTES[quick] + ENGLISH_MINUTES + (0 if quick else CHECKING_MINUTES)


@dataclass
class Typed:
    """What the person has typed so far, with each key's time since the passage showed."""

    keys: list[tuple[float, str]] = field(default_factory=list)
    pastes: list[tuple[float, str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def key(self, when: float, key: str) -> None:
        self.keys.append((round(when, 3), key))
        if key == BACKSPACE:
            if self.text:
                self.text.pop()
        else:
            self.text.append(key)

    def paste(self, when: float, text: str) -> None:
        self.pastes.append((round(when, 3), text[:100_000]))
        self.text.extend(ch for ch in text if ch.isprintable())


def passage_width(columns: int) -> int:
    return max(MIN_COLUMNS, min(MAX_COLUMNS, columns)) - 2


def typing_task(
    passage: Passage,
    limit: float,
    *,
    columns: int,
    input: Any = None,
    output: Any = None,
    clock: Clock = time.monotonic,
) -> TypingRecord:
    """Show the passage, time every key until the limit or Enter, return the record.

    Ctrl-C raises KeyboardInterrupt, as in the questions (the draft keeps the answers).
    """
    from prompt_toolkit.application import Application
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys
    from prompt_toolkit.layout import HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    from bpo_assess.core.models import TypingRecord

    width = passage_width(columns)
    shown = clock()
    typed = Typed()
    started: list[float] = []  # the first key's time: the clock starts there

    def now() -> float:
        return clock() - shown

    def left() -> float:
        return limit - (now() - started[0]) if started else limit

    def passage_view() -> StyleAndTextTuples:
        return [("", screens.wrapped(passage.text, width) + "\n")]

    def typed_view() -> StyleAndTextTuples:
        text = "".join(typed.text)
        fragments: StyleAndTextTuples = []
        for index, char in enumerate(text):
            wrong = index >= len(passage.text) or passage.text[index] != char
            fragments.append(("underline bold" if wrong else "", char))
        fragments.append(("reverse", " "))
        return fragments

    def status() -> StyleAndTextTuples:
        seconds = max(0, int(left() + 0.999))
        to_go = max(0, len(passage.text) - len(typed.text))
        clock_words = "starts at your first key" if not started else "left"
        line = (
            f"Time {seconds // 60}:{seconds % 60:02d} {clock_words}"
            f" · {to_go} characters to go · Enter when done · Ctrl-C stops"
        )
        # Wrapped at spaces like the passage: at 80 columns the line before the first
        # key is longer than the screen, and a cut line loses "Ctrl-C stops".
        return [("bold", screens.wrapped(line, width))]

    bindings = KeyBindings()

    def record(key: str) -> None:
        if not started:
            started.append(now())
        if left() <= 0:  # a key after the limit, before the ticker noticed: not counted
            if not app.is_done:
                app.exit()
            return
        typed.key(now(), key)
        if len(typed.text) >= len(passage.text) and not app.is_done:
            app.exit()

    @bindings.add(Keys.Any)
    def _(event: Any) -> None:
        if isinstance(event.key_sequence[0].key, Keys):
            return  # an arrow, Delete, a function key: not typing (its data is an escape)
        for char in event.data:
            if char.isprintable():
                record(char)

    @bindings.add(Keys.Backspace)
    def _(event: Any) -> None:
        record(BACKSPACE)

    @bindings.add(Keys.BracketedPaste)
    def _(event: Any) -> None:
        if not started:
            started.append(now())
        typed.paste(now(), event.data)
        if len(typed.text) >= len(passage.text) and not app.is_done:
            app.exit()

    @bindings.add(Keys.Enter)
    def _(event: Any) -> None:
        event.app.exit()

    @bindings.add(Keys.ControlC)
    def _(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt())

    title = f"Typing: copy this {passage.kind} as quickly and accurately as you can."
    layout = Layout(
        HSplit(
            [
                Window(
                    FormattedTextControl([("bold", screens.wrapped(title, width))]),
                    dont_extend_height=True,
                ),
                Window(
                    FormattedTextControl(passage_view), wrap_lines=True, dont_extend_height=True
                ),
                Window(height=1, char="─"),
                Window(FormattedTextControl(typed_view), wrap_lines=True, dont_extend_height=True),
                Window(FormattedTextControl(status), dont_extend_height=True),
            ]
        )
    )
    app: Application[None] = Application(
        layout=layout,
        key_bindings=bindings,
        full_screen=False,
        input=input,
        output=output,
        erase_when_done=True,
    )

    async def ticker() -> None:
        import asyncio

        while True:
            await asyncio.sleep(0.25)
            if started and left() <= 0:
                app.exit()
                return
            app.invalidate()

    def start_ticker() -> None:
        app.create_background_task(ticker())

    app.pre_run_callables.append(start_ticker)
    app.run()
    return TypingRecord(passage=passage.id, limit=limit, keys=typed.keys, pastes=typed.pastes)


def checking_task(prompter: Prompter, seed: int, clock: Clock = time.monotonic) -> CheckingRecord:
    """Pairs of records side by side, a screen at a time; the person ticks those that differ."""
    from bpo_assess.core.models import CheckingRecord
    from bpo_assess.core.task_content import shown_pairs

    pairs = shown_pairs(seed)
    prompter.say(
        [
            ("bold", "\nChecking records\n"),
            (
                "",
                screens.wrapped(
                    "Each line shows a record and its copy. Tick every pair that differs"
                    " in any way. A date written another way that means the same day is"
                    " the same, not a difference. Work quickly but carefully: you are timed.",
                    prompter.width,
                )
                + "\n",
            ),
        ]
    )
    marked: list[str] = []
    start = clock()
    parts = [pairs[i : i + PAIRS_PER_SCREEN] for i in range(0, len(pairs), PAIRS_PER_SCREEN)]
    for number, part in enumerate(parts, start=1):
        choices = [(f"{pair.left:<26}|  {pair.right}", pair.id) for pair in part]
        marked += prompter.checkbox(f"Pairs that differ ({number} of {len(parts)})", choices)
    seconds = clock() - start
    return CheckingRecord(
        shown=[pair.id for pair in pairs], marked=marked, seconds=round(seconds, 1)
    )


def english_task(prompter: Prompter) -> EnglishSelfAssessment:
    """The CEFR self-assessment: for each skill, the statement that describes you."""
    from bpo_assess.core.measures import CEFR
    from bpo_assess.core.models import EnglishSelfAssessment
    from bpo_assess.core.task_content import tasks

    prompter.say(
        [
            ("bold", "\nEnglish\n"),
            (
                "",
                screens.wrapped(
                    "For each skill, pick the statement that describes what you can do in"
                    " English now. The statements follow the Council of Europe's scale"
                    " (CEFR, A1 to C2), which employers often use.",
                    prompter.width,
                )
                + "\n",
            ),
        ]
    )
    scales: dict[str, Any] = {scale.skill: scale for scale in tasks().english}
    picked: dict[str, str] = {}
    for skill in ENGLISH_SKILLS:
        scale = scales[skill]
        picked[skill] = prompter.select(
            f"English: {scale.name}",
            list(zip(scale.statements, CEFR, strict=True)),
        )
    return EnglishSelfAssessment.model_validate(picked)


def run_tasks(
    prompter: Prompter,
    *,
    seed: int,
    quick: bool,
    names: tuple[str, ...] | None = None,
) -> TaskRecords:
    """The tasks in order (full: typing, checking, English; quick: typing and English).

    A terminal narrower than the passage needs skips the typing task with a note."""
    from bpo_assess.core.models import TaskRecords
    from bpo_assess.core.task_content import TYPING_SECONDS, drawn_passage

    chosen = names or (QUICK_TASKS if quick else TASK_NAMES)
    found: dict[str, Any] = {}
    for name in chosen:
        if name == "typing":
            if prompter.width < MIN_COLUMNS:
                prompter.say(
                    [
                        (
                            "bold",
                            f"The typing task needs a terminal at least {MIN_COLUMNS}"
                            " columns wide; it is skipped.\n",
                        )
                    ]
                )
                continue
            passage = drawn_passage(seed)
            limit = TYPING_SECONDS[quick]
            prompter.say(
                [
                    ("bold", "\nTyping\n"),
                    (
                        "",
                        screens.wrapped(
                            f"Copy a short {passage.kind} as quickly and accurately as you"
                            f" can; you have {limit / 60:g} minute{'s' if limit > 60 else ''}."
                            " Correct mistakes with Backspace if you like. Please type it:"
                            " pasted text is not scored.",
                            prompter.width,
                        )
                        + "\n",
                    ),
                ]
            )
            prompter.select("Ready?", [("Start the typing task", "go")])
            found["typing"] = typing_task(
                passage, limit, columns=prompter.width, input=prompter.input, output=prompter.output
            )
        elif name == "checking":
            found["checking"] = checking_task(prompter, seed)
        elif name == "english":
            found["english"] = english_task(prompter)
    return TaskRecords(**found)
