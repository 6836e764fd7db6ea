"""Terminal views of the interview itself: welcome, question header, review.

Apart from render.py so the first question needs only Rich, not the catalogue's models.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

DISCLAIMER = (
    "These results are guidance for your own career development. They are not a test of"
    " ability and must not be used for hiring or screening decisions."
)


def heading(text: str) -> Text:
    return Text(text, style="bold underline")


def welcome(questions: int, minutes: int, quick: bool) -> Panel:
    kind = "quick interview" if quick else "interview"
    text = Text(f"Welcome to the bpo-assess {kind}", style="bold")
    text.append(
        f"\n\nYou will answer {questions} questions: a few about your background, then"
        " questions about the seven core BPO skills, each describing what people actually"
        " do at work. Pick the answer closest to what you usually do, not what you would"
        " like to do: an honest picture gives the most useful advice."
        f"\n\nIt takes about {minutes} minute{'s' if minutes != 1 else ''}. You can stop at"
        " any time with Ctrl-C and continue later with: bpo-assess quiz --resume"
        "\n\nYour answers stay on this machine. "
    )
    text.append(DISCLAIMER, style="italic")
    return Panel(text, box=box.ROUNDED)


def resume_notice(answered: int, total: int) -> Text:
    return Text(
        f"Welcome back: {answered} of {total} questions are already answered."
        " Carrying on from the first unanswered one.",
        style="bold",
    )


def question_header(section: str, prompt: str, position: int, total: int) -> Group:
    progress = Text(f"\n{section} · question {position} of {total}", style="cyan")
    return Group(progress, Text(prompt, style="bold"))


def review(rows: Sequence[tuple[str, str, str]]) -> Group:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Question", ratio=3, overflow="ellipsis", no_wrap=True)
    table.add_column("Your answer", ratio=4)
    section = None
    for number, (name, prompt, answer) in enumerate(rows, start=1):
        if name != section:
            table.add_row("", Text(name, style="bold cyan"), "")
            section = name
        table.add_row(str(number), Text(prompt, style="dim"), Text(answer))
    return Group(Text(), heading("Your answers"), table)


def answer_echo(label: str) -> Table:
    """The chosen answer under its question, wrapped with a hanging indent."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(Text(" »", style="cyan bold"), Text(label, style="green"))
    return grid
