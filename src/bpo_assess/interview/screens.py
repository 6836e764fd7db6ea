"""Views of the interview itself: welcome, question header, the answer given, review.

The screens before and during the questions are prompt_toolkit formatted text, printed
by the prompter that asks them, so the first question needs neither Rich nor the
catalogue's models; the review, once every question is answered, is a Rich table.

Rich is imported inside `review` for the quiz's first-question budget.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bpo_assess.core.wording import DISCLAIMER

if TYPE_CHECKING:
    from rich.console import Group

Fragments = list[tuple[str, str]]  # prompt_toolkit's (style, text) pairs


NBSP = "\u00a0"  # textwrap never breaks at it: commands and dates stay on one line


def keep(text: str) -> str:
    """Text to keep on one line when wrapped (a command, a date)."""
    return text.replace(" ", NBSP)


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Wrap at spaces only: no word, command or option is ever split across lines."""
    lines = textwrap.wrap(
        text,
        width=max(10, width),
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace(NBSP, " ") for line in lines]


def wrapped(text: str, width: int, indent: str = "") -> str:
    return "\n".join(wrap(text, width, indent))


def welcome(
    questions: int,
    minutes: int,
    quick: bool,
    width: int,
    resume: str = "bpo-assess quiz --resume",
    tasks: str = "",
) -> Fragments:
    """The welcome, in a rounded box like the results' panels; `tasks` names the tasks
    that follow the questions (their minutes are in `minutes`)."""
    kind = "quick interview" if quick else "interview"
    then = f" Then {tasks}, to show what you can do." if tasks else ""
    paragraphs = [
        f"You will answer {questions} questions: a few about your background, then"
        " questions about seven skills that work in business process outsourcing (BPO)"
        " asks for. No BPO job is needed: answer from any work, study, volunteering or"
        " family business. Pick the answer closest to what you usually do, not what you"
        f" would like to do: an honest picture gives the most useful advice.{then}",
        f"It takes about {minutes} minute{'s' if minutes != 1 else ''}. You can stop at"
        f" any time with Ctrl-C and continue later with: {keep(resume)}",
        f"Your answers stay on this machine. {DISCLAIMER}",
    ]
    inner = width - 4
    lines = [(f"Welcome to the bpo-assess {kind}", "bold")]
    for paragraph in paragraphs:
        lines.append(("", ""))
        lines += [(line, "") for line in wrap(paragraph, inner)]
    fragments: Fragments = [("class:border", "╭" + "─" * (inner + 2) + "╮\n")]
    for text, style in lines:
        fragments += [
            ("class:border", "│ "),
            (style, text.ljust(inner)),
            ("class:border", " │\n"),
        ]
    fragments.append(("class:border", "╰" + "─" * (inner + 2) + "╯\n"))
    return fragments


GLOSSARY_TITLE = "A few words you will meet"
GLOSSARY_NOTE = "A few questions use some of them; your results and job adverts use them all."
GLOSSARY_LINES = 16  # a page's lines, so that a page and its prompt fit 24 rows


def glossary_entry(term: str, meaning: str, width: int) -> Fragments:
    lines = textwrap.wrap(f"{term}: {meaning}", width, subsequent_indent="  ")
    head, _, rest = "\n".join(lines).partition(":")
    return [("bold", head), ("", ":" + rest + "\n")]


def glossary(terms: Sequence[tuple[str, str]], width: int) -> Fragments:
    """Words you may meet in BPO work and in your results, all on one page."""
    fragments: Fragments = [
        ("bold", GLOSSARY_TITLE + "\n"),
        ("", wrapped(GLOSSARY_NOTE, width) + "\n\n"),
    ]
    for term, meaning in terms:
        fragments += glossary_entry(term, meaning, width)
    return fragments


def glossary_pages(terms: Sequence[tuple[str, str]], width: int) -> list[Fragments]:
    """The glossary in pages of at most `GLOSSARY_LINES` lines, shown before the questions."""
    title = f"\n{GLOSSARY_TITLE}\n"
    pages: list[Fragments] = [[("bold", title), ("", wrapped(GLOSSARY_NOTE, width) + "\n\n")]]
    used = 3 + len(textwrap.wrap(GLOSSARY_NOTE, width))
    for term, meaning in terms:
        entry = glossary_entry(term, meaning, width)
        size = "".join(text for _, text in entry).count("\n")
        if used + size > GLOSSARY_LINES:
            pages.append([("bold", title.rstrip("\n") + " (continued)\n\n")])
            used = 3
        pages[-1] += entry
        used += size
    return pages


def resume_notice(answered: int, total: int, width: int) -> Fragments:
    text = (
        f"Welcome back: {answered} of {total} questions are already answered."
        " Carrying on from the first unanswered one."
    )
    return [("bold", wrapped(text, width) + "\n")]


def question_header(section: str, prompt: str, position: int, total: int, width: int) -> Fragments:
    return [
        ("bold", f"\n{section} · question {position} of {total}\n"),
        ("bold", wrapped(prompt, width) + "\n"),
    ]


def answer_echo(label: str, width: int) -> Fragments:
    """The chosen answer under its question, wrapped with a hanging indent."""
    lines = wrap(label, width - 4) or [""]
    return [("fg:ansicyan bold", " » "), ("fg:ansigreen", "\n   ".join(lines) + "\n")]


def review(
    rows: Sequence[tuple[int, str, str, str]], page: int = 1, pages: int = 1, width: int = 80
) -> Group:
    """One page of the answers, (number, section, question, answer) rows: each question
    whole, its answer below it, across the full width (a table's narrow column made one
    question fill a 24-row screen)."""
    from rich.console import Group
    from rich.text import Text

    title = "Your answers" + (f" (page {page} of {pages})" if pages > 1 else "")
    parts = [Text(), Text(title, style="bold underline")]
    section = None
    for number, name, prompt, answer in rows:
        if name != section:
            parts.append(Text(name, style="bold"))
            section = name
        asked = textwrap.wrap(f"{number:>2}. {prompt}", width - 1, subsequent_indent="    ")
        parts.append(Text("\n".join(asked), style="italic"))
        said = textwrap.wrap(answer or "—", width - 1, initial_indent="    → ")
        parts.append(Text("\n".join(said).replace("\n", "\n      ")))
    return Group(*parts)


def review_pages(
    rows: Sequence[tuple[int, str, str, str]], width: int, height: int | None, reserved: int
) -> list[list[tuple[int, str, str, str]]]:
    """The answers split into pages that each fit the screen with `reserved` lines left
    for the question below them; one page when the height is not known."""
    import io

    from bpo_assess.render.console import console

    if not height:
        return [list(rows)]
    budget = max(6, height - reserved)

    def lines(page: list[tuple[int, str, str, str]]) -> int:
        out = console(file=io.StringIO(), width=width, color_system=None)  # as shown
        out.print(review(page, 1, 2, width))
        return out.file.getvalue().count("\n")  # type: ignore[attr-defined, no-any-return]

    pages: list[list[tuple[int, str, str, str]]] = [[]]
    for row in rows:
        if pages[-1] and lines([*pages[-1], row]) > budget:
            pages.append([])
        pages[-1].append(row)
    return pages
