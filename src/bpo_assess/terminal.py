"""The interview's connection to the terminal: which streams to use, Ctrl-C, files out.

Prompts need a terminal on stdin. They go to stdout when it is a terminal, else to
stderr, so `bpo-assess quiz --json > result.json` asks on screen and writes only JSON.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bpo_assess.catalogue import Catalogue
from bpo_assess.errors import BpoError, ExitCode, UsageError
from bpo_assess.models import AssessmentInput


def prompt_stream() -> TextIO:
    """The first of stdout and stderr that is a terminal, else the terminal itself."""
    for stream in (sys.stdout, sys.stderr):
        if stream.isatty():
            return stream
    try:
        return Path("/dev/tty").open("w", encoding="utf-8")  # kept open for the whole quiz
    except OSError:
        return sys.stderr


def check_writable(path: Path) -> None:
    """Fail before the interview, not after it, if the answers cannot be saved."""
    if path.is_dir():
        raise UsageError(f"--answers-out {path}: is a directory")
    if not path.parent.resolve().is_dir():
        raise UsageError(f"--answers-out {path}: folder {path.parent} does not exist")


def write_answers(path: Path, data: AssessmentInput) -> None:
    try:
        path.write_text(data.model_dump_json(indent=2, exclude_none=True) + "\n", encoding="utf-8")
    except OSError as error:
        raise UsageError(f"--answers-out {path}: cannot be written: {error.strerror}") from None


def interview(catalogue: Catalogue, *, quick: bool, resume: bool) -> AssessmentInput:
    """Run the interview on this terminal; on Ctrl-C keep the draft and exit 130."""
    if sys.stdin is None or not sys.stdin.isatty():
        raise UsageError(
            "quiz needs a terminal to ask its questions; to score without prompts,"
            " use: bpo-assess score FILE"
        )
    from prompt_toolkit.output import create_output
    from rich.console import Console

    from bpo_assess.interview import DraftStore, start
    from bpo_assess.paths import data_home
    from bpo_assess.prompts import Prompter

    stream = prompt_stream()
    console = Console(file=stream)
    output = None if stream is sys.stdout else create_output(stdout=stream)
    prompter = Prompter(width=console.width, output=output)
    store = DraftStore(data_home())
    try:
        return start(catalogue, store, prompter, console, quick=quick, resume=resume)
    except (KeyboardInterrupt, EOFError):
        draft, _ = store.load()
        if draft is not None and draft.answers:
            message = (
                f"Stopped. Your {len(draft.answers)} answers so far are saved in {store.path}."
                "\nContinue with: bpo-assess quiz --resume"
            )
        else:
            message = "Stopped before the first answer; there was nothing to save."
        raise BpoError(message.splitlines(), ExitCode.INTERRUPTED) from None
