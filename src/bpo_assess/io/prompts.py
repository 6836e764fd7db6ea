"""The prompt layer: one question at a time on the terminal, through questionary.

The one home for prompting rules, used by the interview and the counsellor's commands:
`interactive()` says whether there is a person to ask, `Prompter` asks them.

Select, checkbox and text prompts erase themselves once answered; the interview then
prints the answer itself, wrapped to the terminal (questionary's echo is one long line).

Tests pass a prompt_toolkit pipe input and `DummyOutput`; the program passes nothing
(the real terminal) or an output bound to stderr when stdout is redirected.

questionary and prompt_toolkit are imported inside the methods (ruff TID253: the
start-up budget of commands that never ask).
"""

from __future__ import annotations

import contextlib
import sys
import textwrap
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

Value = TypeVar("Value")

# Ctrl-C raises KeyboardInterrupt from `unsafe_ask`; the interview saves a draft on it.
STYLE_RULES = [
    ("qmark", "fg:ansicyan bold"),
    ("question", "bold"),
    ("pointer", "fg:ansicyan bold"),
    ("highlighted", "bold"),  # the pointer marks it too: not colour alone
    ("selected", "bold"),
    ("answer", "fg:ansigreen bold"),
    ("instruction", "italic"),  # grey is faint on a dark or light background
    ("border", "fg:ansibrightblack"),
]


def share_work_between_questions() -> None:
    """Build prompt_toolkit's default key bindings, and parse its style strings, once per
    run rather than once per question.

    Every question is a new prompt_toolkit application. Each built and merged the default
    Emacs, Vi and page bindings anew (about 20 ms of a 30 ms question on a 2-core machine)
    and parsed the same few hundred style strings into the same attributes for its style
    (about 2 ms a style, three styles a question). The bindings keep no state of an
    application (their filters ask the running application when a key comes), and a
    style string always parses to the same immutable attributes, so one result serves
    every question. If a later prompt_toolkit moves these names, nothing is changed and
    each question does the work again."""
    import functools

    from prompt_toolkit.application import application
    from prompt_toolkit.styles import style

    for module, name in (
        (application, "load_key_bindings"),
        (application, "load_page_navigation_bindings"),
        (style, "_parse_style_str"),
    ):
        build = getattr(module, name, None)
        if callable(build) and not hasattr(build, "cache_info"):
            setattr(module, name, functools.cache(build))


@contextlib.contextmanager
def ctrl_c_as_a_key() -> Iterator[None]:
    """Ctrl-C pressed between two questions reaches the next question as a key.

    While a question is open, prompt_toolkit keeps the terminal in raw mode, where Ctrl-C
    is a key, and the interview stops cleanly and keeps its draft. Between two questions
    the terminal was in its usual mode, where Ctrl-C is a signal: Python could raise the
    KeyboardInterrupt inside a finalizer, print "Exception ignored in ..." with a
    traceback, swallow it and ask the next question. With the terminal's ISIG off while
    the questions and tasks run, the key waits, and the next question stops as usual. The
    mode is put back however they end; without a terminal, nothing changes."""
    try:
        import termios
    except ImportError:  # not a POSIX system: Ctrl-C stays a signal
        yield
        return
    try:
        descriptor = sys.stdin.fileno()
        saved = termios.tcgetattr(descriptor)
    except (OSError, ValueError, AttributeError, termios.error):
        yield
        return
    keys = list(saved)
    keys[3] &= ~termios.ISIG  # the local modes: no signal from Ctrl-C, Ctrl-\ or Ctrl-Z
    termios.tcsetattr(descriptor, termios.TCSADRAIN, keys)
    try:
        yield
    finally:
        with contextlib.suppress(OSError, termios.error):
            termios.tcsetattr(descriptor, termios.TCSADRAIN, saved)


def interactive() -> bool:
    """A person can answer: standard input is a terminal."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except ValueError:  # closed: nobody can answer on it
        return False


class Prompter:
    """Asks select, checkbox, text and confirm questions; wraps long choices to the width."""

    def __init__(
        self, width: int = 80, input: Any = None, output: Any = None, height: int | None = None
    ) -> None:
        from prompt_toolkit.styles import Style

        share_work_between_questions()
        self.width = max(40, width)
        self.height = height  # the terminal's rows, when known: long checklists are split
        self._io = {"input": input, "output": output} if input or output else {}
        self._output = output
        self.input, self.output = input, output  # for a task's own application
        self._style = Style(STYLE_RULES)

    def say(self, fragments: list[tuple[str, str]]) -> None:
        """Print formatted text where the questions go (render_interview builds it)."""
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        print_formatted_text(
            FormattedText(fragments), style=self._style, output=self._output, end=""
        )

    def instruction(self, message: str, *options: str) -> str:
        """The longest of `options` that keeps "? message (instruction)" on one line, so
        the terminal never breaks it inside a word."""
        for option in options:
            if len(f"? {message} {option}") < self.width:
                return option
        return ""

    def prompt_lines(self, message: str) -> int:
        """Lines the question line of a checkbox takes (one, unless the message is long)."""
        return 1 + len(f"? {message}") // self.width

    def choice_lines(self, title: str, indent: int = 6) -> int:
        """How many lines a choice takes once wrapped."""
        return len(textwrap.wrap(title, width=self.width - indent)) or 1

    def _wrap(self, title: str, indent: int = 5) -> str:
        lines = textwrap.wrap(title, width=self.width - indent) or [""]
        return ("\n" + " " * indent).join(lines)

    def select(
        self,
        message: str,
        choices: Sequence[tuple[str, Value]],
        default: Value | None = None,
    ) -> Value:
        import questionary

        options = [questionary.Choice(self._wrap(title), value=value) for title, value in choices]
        chosen = next((o for o in options if o.value == default), None)
        answer: Value = questionary.select(
            message,
            choices=options,
            default=chosen,
            style=self._style,
            instruction=self.instruction(message, "(arrow keys, then Enter)", "(arrows, Enter)"),
            erase_when_done=True,  # questionary's own echo cuts long answers at the edge
            **self._io,
        ).unsafe_ask()
        return answer

    def checkbox(
        self,
        message: str,
        choices: Sequence[tuple[str, str]],
        checked: Sequence[str] = (),
    ) -> list[str]:
        import questionary

        options = [
            questionary.Choice(self._wrap(title, indent=6), value=value, checked=value in checked)
            for title, value in choices
        ]
        answer: list[str] = questionary.checkbox(
            message,
            choices=options,
            style=self._style,
            instruction=self.instruction(
                message,
                "(space to tick, Enter when done; none is fine)",
                "(space to tick, Enter when done)",
                "(space to tick, Enter)",
                "(space, Enter)",
            ),
            erase_when_done=True,
            **self._io,
        ).unsafe_ask()
        return answer

    def text(self, message: str, default: str = "") -> str:
        import questionary

        answer: str = questionary.text(
            message, default=default, style=self._style, erase_when_done=True, **self._io
        ).unsafe_ask()
        return answer.strip()

    def deliberate(self, message: str) -> bool:
        """Yes or no, typed out and confirmed with Enter: a stray key or Enter answers
        nothing. A rejected answer is not left in the box (typing `yes` after a rejected
        `y` gave "yyes"): the question is asked again, empty, below the reason."""
        import questionary

        asked = "\n".join(  # wrapped at spaces: the terminal would break "y / es"
            textwrap.wrap(f"{message} (type yes or no)", width=self.width - 4)
        )
        while True:
            answer: str = questionary.text(asked, style=self._style, **self._io).unsafe_ask()
            if answer.strip().lower() in {"yes", "no"}:
                return answer.strip().lower() == "yes"
            self.say([("bold", "Type yes or no, then Enter.\n")])

    def confirm(self, message: str, default: bool = True) -> bool:
        import questionary

        answer: bool = questionary.confirm(
            message, default=default, style=self._style, **self._io
        ).unsafe_ask()
        return answer
