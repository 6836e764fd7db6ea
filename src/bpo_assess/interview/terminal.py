"""The interview's connection to the terminal: which streams to use, Ctrl-C, files out.

Prompts need a terminal on stdin. They go to stdout when it is a terminal, else to
stderr, so `bpo-assess quiz --json > result.json` asks on screen and writes only JSON.

Imports inside functions here serve the quiz's first-question budget
(docs/performance.md): Rich, the models and sqlite3 load after the last answer.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bpo_assess.errors import BpoError, ExitCode, UsageError
from bpo_assess.io import clock
from bpo_assess.io.prompts import interactive

if TYPE_CHECKING:  # the models load after the interview, not before its first question
    from rich.console import Console

    from bpo_assess.core.catalogue import Catalogue
    from bpo_assess.core.models import AssessmentInput, AssessmentResult, TaskRecords
    from bpo_assess.counsel.store.interface import Store
    from bpo_assess.interview.bank import Bank
    from bpo_assess.io.prompts import Prompter

    # How the interview opens the session store: cli.py's `session_store(write=...)`.
    Stores = Callable[..., AbstractContextManager[Store]]


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
    from bpo_assess.io.files import check_target

    if str(path) == "-":
        raise UsageError(
            "--answers-out -: the results go to standard output; give the answers a file"
        )
    check_target(path, "--answers-out")


def write_answers(path: Path, data: AssessmentInput) -> None:
    from bpo_assess.io.files import write_private  # private, whole or not at all

    write_private(path, (data.model_dump_json(indent=2, exclude_none=True) + "\n").encode())


class LazyConsole:
    """A Rich console made on first use: the questions themselves do not need Rich."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._console: Console | None = None

    def print(self, *objects: Any, **options: Any) -> None:
        if self._console is None:
            from bpo_assess.render.console import console

            self._console = console(file=self.stream, soft_wrap=False)
        self._console.print(*objects, **options)


def ui() -> tuple[LazyConsole, Prompter]:
    """A console and a prompter on the terminal, never on redirected stdout."""
    from prompt_toolkit.output import create_output

    from bpo_assess.io.prompts import Prompter

    stream = prompt_stream()
    output = None if stream is sys.stdout else create_output(stdout=stream)
    try:
        size = os.get_terminal_size(stream.fileno())
    except (OSError, ValueError):
        size = shutil.get_terminal_size()
    return LazyConsole(stream), Prompter(width=size.columns, output=output, height=size.lines)


def consent_ask(
    console: LazyConsole | None = None, prompter: Prompter | None = None
) -> Callable[[str], bool] | None:
    """The consent screen and its confirmation, or None when there is no terminal."""
    if not interactive():
        return None

    def ask(text: str) -> bool:
        from rich.panel import Panel
        from rich.text import Text

        shown, asker = (console, prompter) if console and prompter else ui()
        shown.print(Panel(Text(text), title="Consent", expand=False))
        return asker.deliberate("Has the client read this and agreed?")

    return ask


def interview(
    bank: Bank,
    *,
    quick: bool,
    resume: bool,
    client: str | None = None,
    consent: bool = False,
    stores: Stores,
    tasks: bool = False,
) -> tuple[AssessmentInput, str | None, bool]:
    """Run the interview on this terminal, then the tasks unless `tasks` is False; on
    Ctrl-C keep the draft and exit 130 (a task stopped half way is started again).

    The draft keeps the client and their consent, so a resumed interview is saved for
    the same client; `stores` opens the session store (cli.py's `session_store`).
    Returns the answers, the client (if any) and whether they consented.
    """
    if not interactive():
        raise UsageError(
            "quiz needs a terminal to ask its questions; to score without prompts,"
            " use: bpo-assess score FILE"
        )
    from bpo_assess.interview.draft import Draft, DraftStore
    from bpo_assess.interview.flow import choose_draft, run
    from bpo_assess.io.paths import data_home, resume_command
    from bpo_assess.io.prompts import ctrl_c_as_a_key

    console, prompter = ui()
    drafts = DraftStore(data_home())
    in_tasks = False  # a task stopped half way is not kept: it starts again on --resume
    try:
        draft = choose_draft(bank, drafts, prompter, quick=quick, resume=resume, client=client)
        if draft.client is not None:
            draft.consented = ensure_consent(
                draft.client, consent or draft.consented, console, prompter, stores
            )
            if not draft.consented:
                console.print(
                    f"{draft.client} did not consent, so this interview will not be saved.",
                    markup=False,
                )
        earlier = None
        if draft.client is not None and draft.consented and not draft.answers:
            earlier = returning_background(bank, draft.client, stores)
        # Between two questions and tasks a Ctrl-C waits for the next one (no store is
        # reached in between, so nothing slow is left uninterruptible).
        with ctrl_c_as_a_key():
            data = run(bank, drafts, draft, prompter, console, earlier, tasks=tasks)
            if tasks:
                from bpo_assess.interview.tasks import run_tasks

                in_tasks = True
                records = run_tasks(prompter, seed=draft.seed, quick=draft.quick)
                data = data.model_copy(update={"tasks": records})
        return data, draft.client, draft.client is None or draft.consented
    except (KeyboardInterrupt, EOFError):
        owner = locals().get("draft")
        owner_name = owner.client if isinstance(owner, Draft) else None
        kept = drafts.read(drafts.path_for(owner_name))
        if kept is not None and kept.answers:
            again = " The tasks start again from the first." if in_tasks else ""
            message = (
                f"Stopped. {answers_so_far(len(set(kept.answers) - EXTRA_KEYS))}"
                f" saved in {drafts.path_for(owner_name)}.{again}"
                f"\nContinue with: {resume_command(owner_name)}"
            )
        else:
            message = "Stopped before the first answer; there was nothing to save."
        raise BpoError(message.splitlines(), ExitCode.INTERRUPTED) from None


def one_task(name: str, *, quick: bool) -> TaskRecords:
    """Run one task alone (`bpo-assess task NAME`); Ctrl-C keeps nothing of a half-done task."""
    import secrets

    from bpo_assess.interview.tasks import run_tasks

    if not interactive():
        raise UsageError(
            f"the {name} task needs a terminal to show the task and time it; run it in one"
        )
    _, prompter = ui()
    try:
        return run_tasks(prompter, seed=secrets.randbelow(2**31), quick=quick, names=(name,))
    except (KeyboardInterrupt, EOFError):
        raise BpoError(
            [f"Stopped. The {name} task was not finished, so nothing was kept."],
            ExitCode.INTERRUPTED,
        ) from None


EXTRA_KEYS = {"background.other_certifications"}  # kept with its question, not one itself


def returning_background(bank: Bank, client: str, stores: Stores) -> dict[str, Any] | None:
    from bpo_assess.counsel import sessions
    from bpo_assess.interview.bank import background_answers

    with stores() as store:
        background = sessions.latest_background(store, client)
    return background_answers(bank, background) if background else None


def discard_draft(client: str | None = None) -> None:
    """The interview's result is saved (or was not to be): its draft is no longer needed."""
    from bpo_assess.interview.draft import DraftStore
    from bpo_assess.io.paths import data_home

    DraftStore(data_home()).remove(client)


def ensure_consent(
    client: str, consent: bool, console: LazyConsole, prompter: Prompter, stores: Stores
) -> bool:
    from bpo_assess.counsel import sessions  # the store loads only when a client is named

    with stores(write=True) as store:
        return sessions.ensure_consent(
            store, client, consent, consent_ask(console, prompter), when=clock.now()
        )


def answers_so_far(count: int) -> str:
    return "Your answer so far is" if count == 1 else f"Your {count} answers so far are"


def remember(
    catalogue: Catalogue,
    data: AssessmentInput,
    result: AssessmentResult,
    *,
    client: str | None,
    consented: bool,
    stores: Stores,
) -> str:
    """Save a finished interview as a session; say where, and how to erase it."""
    from bpo_assess.counsel import sessions

    if client is not None and not consented:
        return sessions.saved_message(None, client)
    from bpo_assess.io.paths import resume_command

    try:
        with stores(write=True) as store:
            record = sessions.save_session(
                store,
                data,
                result,
                client=client,
                source="quiz",
                catalogue=catalogue,
                when=clock.now(),
            )
    except BpoError as error:
        # The draft is kept until the session is saved: say so, in the same line, so
        # nobody types the interview again when the store (a server) is back.
        *before, last = error.problems
        again = resume_command(client)
        kept = f"{last}; the answers are kept, and {again} saves them once it works"
        raise BpoError([*before, kept], error.code) from None
    return sessions.saved_message(record, client, store.location)
