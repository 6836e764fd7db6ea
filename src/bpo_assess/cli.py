"""The command line: each command parses its options, calls the domain, and renders.

Scoring lives in scoring.py, the catalogue in catalogue.py, views in render.py.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from bpo_assess.core.formats import BatchFormat
from bpo_assess.errors import BpoError, ExitCode, UsageError, os_problem, printable
from bpo_assess.io.output import err, json_out, out

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from bpo_assess.core.catalogue import Catalogue
    from bpo_assess.core.models import AssessmentInput, AssessmentResult
    from bpo_assess.counsel.store.interface import Store


class BpoGroup(TyperGroup):
    """Turns the user's mistakes into one line per problem on stderr, never a traceback."""

    def invoke(self, ctx: Any) -> Any:  # click's Context, which typer does not re-export
        try:
            return super().invoke(ctx)
        except BpoError as error:
            fail(error)
        except KeyboardInterrupt as stop:
            raise typer.Exit(interrupted(stop)) from None


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, unwound like Ctrl-C: every `finally` runs, so temporary files
    holding a client's data are removed and an interview keeps its draft."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def interrupted(stop: KeyboardInterrupt) -> int:
    """Say why the program stopped; the exit code is 130 for Ctrl-C, 128 + N for signal N."""
    if isinstance(stop, Stopped):
        import signal

        err(f"\nStopped ({signal.Signals(stop.signum).name}).")
        return 128 + stop.signum
    err("\nInterrupted.")
    return int(ExitCode.INTERRUPTED)


def stop_on_signals() -> None:
    """Turn SIGTERM and SIGHUP (a closed terminal) into `Stopped`; a second one kills."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum: int, frame: object) -> None:
        for name in STOP_SIGNALS:
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_DFL)
        raise Stopped(signum)

    for name in STOP_SIGNALS:
        # A signal ignored on purpose stays ignored: `nohup bpo-assess batch ...` survives
        # the terminal closing.
        if hasattr(signal, name) and signal.getsignal(getattr(signal, name)) == signal.SIG_DFL:
            signal.signal(getattr(signal, name), stop)


STOP_SIGNALS = ("SIGTERM", "SIGHUP")


def fail(error: BpoError) -> NoReturn:
    raise typer.Exit(tell(error))


def tell(error: BpoError) -> int:
    """Print a BpoError's problems, one line each, and return its exit code."""
    if error.code == ExitCode.INTERRUPTED:  # a message to read, wrapped at spaces
        err("\n" + wrapped("\n".join(map(printable, error.problems))))
    else:
        for problem in error.problems:
            err(f"error: {printable(problem)}")
    return int(error.code)


app = typer.Typer(
    cls=BpoGroup,
    name="bpo-assess",
    help=(
        "Skills self-assessment for careers in Business Process Outsourcing (BPO).\n\n"
        "Answer an interview over the seven core BPO skills and see which roles fit you,"
        " why, what the gaps are, and which certifications close them. Results are"
        " guidance for career development, not for hiring or screening."
    ),
    epilog="Example: bpo-assess roles technical-support",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from bpo_assess import __version__

        out(f"bpo-assess {__version__}\n")
        raise typer.Exit()


DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Folder with your own skills.toml and roles.toml (also: BPO_ASSESS_DATA).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
TopOption = Annotated[
    int | None,
    typer.Option("--top", min=1, help="Show only the N best-matching roles.", show_default=False),
]


INVOCATION: dict[str, str | None] = {}


@app.callback()
def main_options(
    ctx: typer.Context,
    data_dir: DataDirOption = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback if bpo-assess fails (a bug).")
    ] = False,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            metavar="URL",
            help="The shared PostgreSQL store (also: BPO_ASSESS_DATABASE_URL).",
            show_default=False,
        ),
    ] = None,
) -> None:
    if debug:
        os.environ[DEBUG_ENV] = "1"
    ctx.obj = {"data_dir": data_dir}
    # What the store needs from this invocation: the server, and the command for its audit.
    INVOCATION.clear()
    INVOCATION.update(database_url=database_url, command=ctx.invoked_subcommand or "")
    if database_url:
        from bpo_assess.counsel.store import holds_password

        if holds_password(database_url):  # readable by every local user in `ps`
            raise UsageError(
                "--database-url: the address holds a password, which other users of this"
                " computer can read in the process list; keep it in ~/.pgpass (or"
                " PGPASSWORD) instead"
            )


def data_dir_of(ctx: typer.Context) -> Path | None:
    root = ctx.find_root().obj
    return root.get("data_dir") if root else None


def catalogue_of(ctx: typer.Context) -> Catalogue:
    from bpo_assess.core.catalogue import load_catalogue

    return load_catalogue(data_dir_of(ctx))


def print_json(document: object) -> None:
    json_out(document)


def say(message: str) -> None:
    """A message on stderr, each line with any control characters in data escaped."""
    err("\n".join(map(printable, message.splitlines())))


def console() -> Console:
    from bpo_assess.render.console import console as safe_console

    return safe_console()


def show(view: RenderableType) -> None:
    emit_view(console(), view)


def emit_view(out: Console, view: RenderableType) -> None:
    """A view on stdout; into a pipe or file without the spaces Rich pads lines with."""
    if sys.stdout.isatty():
        out.print(view, markup=False, highlight=False)
        return
    with out.capture() as captured:
        out.print(view, markup=False, highlight=False)
    from bpo_assess.io import output

    output.out("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


# --- Commands --------------------------------------------------------------------------


@app.command()
def quiz(
    ctx: typer.Context,
    quick: Annotated[
        bool, typer.Option("--quick", help="A short form: one or two questions per skill.")
    ] = False,
    as_json: JsonOption = False,
    answers_out: Annotated[
        Path | None,
        typer.Option("--answers-out", help="Also save the answers for `score`.", metavar="FILE"),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an interrupted interview.")
    ] = False,
    top: TopOption = None,
    client: ClientOption = None,
    consent: ConsentOption = False,
    no_save: NoSaveOption = False,
    no_pager: NoPagerOption = False,
    no_tasks: Annotated[
        bool,
        typer.Option(
            "--no-tasks", help="Skip the typing, checking and English tasks after the questions."
        ),
    ] = False,
) -> None:
    """Take the interview and see which BPO roles fit you.

    About 41 questions and 37 minutes (--quick: 15 questions, 13 minutes), then short
    tasks: typing, checking records and English, about 11 minutes (--quick: typing and
    English, 8 minutes; --no-tasks skips them). Ctrl-C saves your answers so far;
    --resume continues from there (a task stopped half way starts again).

    Example: bpo-assess quiz --quick --answers-out my-answers.json
    """
    from bpo_assess.interview import terminal
    from bpo_assess.interview.bank import Bank
    from bpo_assess.io.cache import interview_view

    bank = Bank.from_document(interview_view(data_dir_of(ctx)))
    if answers_out is not None:
        terminal.check_writable(answers_out)
    data, client, consented = terminal.interview(
        bank,
        quick=quick,
        resume=resume,
        client=client,
        consent=consent,
        stores=session_store,
        tasks=not no_tasks,
    )
    catalogue = catalogue_of(ctx)
    result = score_input(catalogue, data, "interview")
    if answers_out is not None:
        terminal.write_answers(answers_out, data)
    saved = None
    if not no_save:
        saved = terminal.remember(
            catalogue, data, result, client=client, consented=consented, stores=session_store
        )
    terminal.discard_draft(client)  # only now: a failure above keeps every answer
    emit(catalogue, result, as_json, top, saved, pager=not no_pager)


class TaskName(StrEnum):
    typing = "typing"
    checking = "checking"
    english = "english"


@app.command()
def task(
    ctx: typer.Context,
    name: Annotated[TaskName, typer.Argument(metavar="NAME", help="typing, checking or english.")],
    quick: Annotated[
        bool, typer.Option("--quick", help="The typing task's short form: one minute.")
    ] = False,
    as_json: JsonOption = False,
    client: ClientOption = None,
    consent: ConsentOption = False,
    no_save: NoSaveOption = False,
) -> None:
    """Run one task alone: typing a passage, checking records, or English on the CEFR.

    With --client NAME the figures join that client's latest session, which is scored
    again and saved as a new session (after their consent); `compare` then shows the
    change. Without it, the figures are shown and not kept.

    Example: bpo-assess task typing --client "Ana Cruz"
    """
    from bpo_assess.core.evidence import evidence
    from bpo_assess.interview import terminal

    if client is not None and not no_save:
        catalogue_of(ctx)  # a broken catalogue fails before the task, not after it
    records = terminal.one_task(name.value, quick=quick)
    shown = evidence(records)
    matches: list[Any] = []
    saved = None
    if client is not None and not no_save:
        from bpo_assess.counsel import sessions

        with session_store(write=True) as opened:
            record, result = sessions.add_task(
                opened,
                catalogue_of(ctx),
                client,
                records,
                consent=consent,
                ask=terminal.consent_ask(),
            )
        shown, matches = result.evidence, result.matches
        saved = sessions.saved_message(record, client, opened.location)
    if as_json:
        from bpo_assess.core.models import Evidence

        print_json((shown or Evidence()).model_dump(mode="json"))
    elif shown is None:
        say("Nothing was measured.")
    else:
        from bpo_assess.render.evidence import evidence_view

        show(evidence_view(shown, matches[:3]))
    if saved:
        say(wrapped(saved))


@app.command()
def glossary(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Explain the BPO words the interview and the results use, as the quiz does first.

    Example: bpo-assess glossary
    """
    from bpo_assess.interview.bank import Bank
    from bpo_assess.interview.screens import glossary as glossary_screen
    from bpo_assess.io.cache import interview_view

    terms = Bank.from_document(interview_view(data_dir_of(ctx))).glossary
    if as_json:
        print_json(
            {
                "schema_version": 1,
                "glossary": [{"term": term, "meaning": meaning} for term, meaning in terms],
            }
        )
        return
    width = min(shutil.get_terminal_size().columns, 100)
    out("".join(text for _, text in glossary_screen(terms, width)).lstrip("\n"))


@app.command()
def roles(
    ctx: typer.Context,
    role_id: Annotated[str | None, typer.Argument(help="Show one role in detail.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List the BPO roles, or show one in detail.

    Example: bpo-assess roles technical-support
    """
    if as_json:  # from the cache of checked views: no TOML parsing, no pydantic models
        from bpo_assess.io.cache import roles_view

        document = roles_view(data_dir_of(ctx))
        known = [role["id"] for role in document["roles"]]
    else:
        catalogue = catalogue_of(ctx)
        known = list(catalogue.role_by_id)
    if role_id is not None and role_id not in known:
        raise BpoError(f"unknown role {role_id!r}; known roles: {', '.join(known)}")
    if as_json:
        chosen = [role for role in document["roles"] if role_id in (None, role["id"])]
        print_json({**document, "roles": chosen})
        return
    from bpo_assess.render.catalogue import RolesView, role_detail

    if role_id is None:
        show(RolesView(catalogue))
    else:
        show(role_detail(catalogue, catalogue.role_by_id[role_id]))


@app.command()
def skills(
    ctx: typer.Context,
    skill_id: Annotated[str | None, typer.Argument(help="Show one skill in detail.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List the seven core BPO skills, or show one in detail.

    Example: bpo-assess skills problem-solving
    """
    from bpo_assess.core import views

    catalogue = catalogue_of(ctx)
    chosen = list(catalogue.skills)
    if skill_id is not None:
        if skill_id not in catalogue.skill_by_id:
            raise BpoError(
                f"unknown skill {skill_id!r}; known skills: {', '.join(catalogue.skill_ids)}"
            )
        chosen = [catalogue.skill_by_id[skill_id]]
    if as_json:
        print_json(views.skills_document(chosen))
        return
    from bpo_assess.render.catalogue import skill_detail, skills_table

    show(skill_detail(catalogue, chosen[0]) if skill_id else skills_table(catalogue))


ClientOption = Annotated[
    str | None,
    typer.Option("--client", metavar="NAME", help="The client this is about.", show_default=False),
]
ConsentOption = Annotated[
    bool,
    typer.Option("--consent", help="The client has read and agreed to the consent screen."),
]
NoSaveOption = Annotated[bool, typer.Option("--no-save", help="Do not save this session.")]
NoPagerOption = Annotated[
    bool,
    typer.Option("--no-pager", help="Print the full results at once, without a pager."),
]


@app.command()
def score(
    ctx: typer.Context,
    source: Annotated[
        str, typer.Argument(metavar="[FILE|-]", help="Answers or ratings as JSON; - reads stdin.")
    ] = "-",
    as_json: JsonOption = False,
    top: TopOption = None,
    client: ClientOption = None,
    consent: ConsentOption = False,
    no_save: NoSaveOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Score saved answers or skill ratings without prompting.

    The file holds {"skills": {"communication": 4, ...}} (a level from 1 to 5 for
    each skill) or {"answers": {"<item id>": <choice>, ...}} (interview answers).
    With --client NAME the session is saved for that client (after their consent).

    Example: bpo-assess score examples/ratings.json --top 3
    """
    from bpo_assess.io.sources import load_assessment

    catalogue = catalogue_of(ctx)
    data, name = load_assessment(source)
    result = score_input(catalogue, data, name)
    saved = None
    if client is not None and not no_save:
        from bpo_assess.counsel import sessions
        from bpo_assess.interview import terminal

        with session_store(write=True) as opened:
            record = sessions.save_scored(
                opened,
                catalogue,
                data,
                result,
                client=client,
                consent=consent,
                source="score",
                ask=terminal.consent_ask(),
            )
        saved = sessions.saved_message(record, client, opened.location)
    emit(catalogue, result, as_json, top, saved, pager=not no_pager)


def score_input(catalogue: Catalogue, data: AssessmentInput, name: str) -> AssessmentResult:
    """The full result (every role: a saved session keeps them all)."""
    from bpo_assess.core.scoring import assess

    try:
        return assess(catalogue, data)
    except BpoError as error:
        raise BpoError([f"{name}: {problem}" for problem in error.problems]) from None


def emit(
    catalogue: Catalogue,
    result: AssessmentResult,
    as_json: bool,
    top: int | None,
    saved: str | None = None,
    *,
    pager: bool = True,
) -> None:
    """The result on stdout (JSON, or the summary then the full results); where it was
    saved on stderr. On a terminal the full results are paged, the summary first."""
    if top is not None:
        result = result.model_copy(update={"matches": result.matches[:top]})
    try:
        show_result(catalogue, result, as_json, pager=pager)
    finally:  # said even when the reader leaves early (`| head`): the session is saved
        if saved:
            say(wrapped(saved))  # a message, not data: stdout stays clean


def show_result(
    catalogue: Catalogue, result: AssessmentResult, as_json: bool, *, pager: bool
) -> None:
    if as_json:
        print_json(result.model_dump(mode="json"))
    else:
        from rich.console import Group
        from rich.text import Text

        from bpo_assess.render import result as render
        from bpo_assess.render.summary import summary_view

        paged = pager and sys.stdout.isatty()
        more = "The full results follow" + (": space pages on, q quits." if paged else ".")
        brief = summary_view(catalogue, result, more=more)
        full = render.result_view(catalogue, result)
        page(Group(brief, Text(), full), paged=paged)


def page(view: RenderableType, *, paged: bool) -> None:
    """A long view on stdout: through the pager on a terminal (its first screen first)."""
    out = console()
    if not paged:
        emit_view(out, view)
        return
    import os

    os.environ.setdefault("LESS", "-FRX")  # colours; the last page stays on screen
    with out.pager(styles=True):
        out.print(view, markup=False, highlight=False)


def wrapped(message: str) -> str:
    """A message wrapped to the terminal at spaces only: a path or option stays whole."""
    import shutil
    import textwrap

    width = shutil.get_terminal_size().columns
    lines = []
    for line in message.splitlines():
        indent = line[: len(line) - len(line.lstrip())]
        lines += textwrap.wrap(
            line,
            width=max(20, width - 1),
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [""]
    return "\n".join(lines)


@app.command()
def batch(
    ctx: typer.Context,
    source: Annotated[
        str, typer.Argument(metavar="INPUT", help="CSV or JSON Lines file; - reads stdin.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Write results here, not to stdout.", show_default=False
        ),
    ] = None,
    output_format: Annotated[
        BatchFormat | None,
        typer.Option(
            "--format",
            help="csv or jsonl (default: from -o's extension, else csv).",
            show_default=False,
        ),
    ] = None,
    top: TopOption = None,
    errors: Annotated[
        Path | None,
        typer.Option(
            "--errors", help="Also write each bad row's problems here.", show_default=False
        ),
    ] = None,
) -> None:
    """Score a whole cohort: one person per CSV row or JSON line, results streamed out.

    CSV input has a header with id and the seven skill ids, levels 1 to 5. JSON Lines
    input holds one `score` input per line, with an "id". CSV output lists the top
    roles (3 unless --top) with their match; JSON Lines output is the full score --json
    result per person. Bad rows are reported by line number and skipped; the exit code
    is then 3.

    Example: bpo-assess batch examples/cohort.csv --top 2
    """
    import contextlib

    from bpo_assess import batch as batching
    from bpo_assess.io.files import private_output

    catalogue = catalogue_of(ctx)
    if output is not None and str(output) == STDOUT:
        output = None
    log_to_stdout = errors is not None and str(errors) == STDOUT
    if log_to_stdout:
        if output is None:
            raise UsageError("--errors -: the results go to standard output; give -o FILE")
        errors = None
    batching.check_outputs(source, output, errors)  # before a byte is read or written
    stream, name = batching.open_input(source)
    try:
        with stream, contextlib.ExitStack() as files:
            rows = batching.Rows(stream, name, catalogue.skill_ids)
            for warning in rows.warnings:
                err(f"warning: {printable(warning)}")
            chosen = batching.output_format(output_format, output)
            # Results and log go to temporary files renamed at the end: the input is never
            # written onto, and a stopped run leaves no half-written results.
            out = sys.stdout
            if output is not None:
                out = files.enter_context(private_output(output))
            log = files.enter_context(private_output(errors)) if errors else None
            if log_to_stdout:
                log = sys.stdout

            def report(line: int, problem: str) -> None:
                err(f"error: {printable(name)}: line {line}: {printable(problem)}")
                if log is not None:
                    log.write(f"line {line}: {printable(problem)}\n")

            results = batching.results_writer(chosen, out, catalogue, top, rows.measured)
            progress = None
            if batching.measurable(stream) and sys.stderr.isatty():
                progress = files.enter_context(batching.progress_bar(stream))
            summary = batching.score_rows(rows, results, report, progress)
    except BrokenPipeError:
        raise  # the reader went away (`| head`): click exits quietly
    except OSError as error:  # a full disk, a vanished file: one line, not a traceback
        where = f"{error.filename}: " if error.filename else ""
        raise UsageError(f"batch stopped: {printable(where)}{error.strerror}") from None
    if summary.failed:
        total = summary.failed + summary.scored
        err(f"{printable(name)}: {summary.failed} of {total} rows could not be scored")
        raise typer.Exit(ExitCode.PARTIAL)


class SchemaName(StrEnum):
    answers = "answers"
    result = "result"
    catalogue = "catalogue"


@app.command()
def schema(
    name: Annotated[SchemaName, typer.Argument(help="Which format to describe.")],
) -> None:
    """Print the JSON Schema of an input or output format.

    Example: bpo-assess schema answers
    """
    from pydantic import BaseModel

    from bpo_assess.core import models

    formats: dict[SchemaName, type[BaseModel]] = {
        SchemaName.answers: models.AssessmentInput,
        SchemaName.result: models.AssessmentResult,
        SchemaName.catalogue: models.CatalogueDocument,
    }
    model = formats[name]
    print_json(model.model_json_schema())


@app.command("check-data")
def check_data(ctx: typer.Context, data_dir: DataDirOption = None) -> None:
    """Validate a catalogue (skills.toml and roles.toml) and summarise it.

    Example: bpo-assess check-data --data-dir ./our-catalogue
    """
    from bpo_assess.core.catalogue import load_catalogue

    if data_dir is not None:
        ctx.find_root().obj["data_dir"] = data_dir
    catalogue = catalogue_of(ctx) if data_dir is None else load_catalogue(data_dir)
    items = [item for skill in catalogue.skills for item in skill.items]
    out(
        f"OK: {printable(catalogue.source)} catalogue: {len(catalogue.skills)} skills"
        f" ({len(items)} items, {sum(i.quick for i in items)} quick,"
        f" {len(catalogue.consistency_pairs())} consistency pairs),"
        f" {len(catalogue.roles)} roles, {len(catalogue.certifications)} certifications,"
        f" {len(catalogue.kpis)} KPIs; content hash {catalogue.content_hash}\n"
    )


# --- Counsellors: saved sessions (counsel/store/, sessions.py) ---------------------------


@contextmanager
def session_store(write: bool = False) -> Iterator[Store]:
    """The store the counsellor's commands work on; its typed errors become one line
    each (counsel/store/messages.py). `write`: checked whole before anything is written."""
    from bpo_assess.counsel.store import open_store
    from bpo_assess.counsel.store.messages import explained

    command = INVOCATION.get("command") or ""
    with explained(), open_store(write=write, url=url_given(), command=command) as opened:
        yield opened


def url_given() -> str | None:
    """The --database-url given before the command, if any."""
    given = INVOCATION.get("database_url")
    return str(given) if given else None


def database_url_or_fail() -> str:
    from bpo_assess.counsel.store import database_url

    url = database_url(url_given())
    if url is None:
        raise UsageError(
            "this needs the shared PostgreSQL store: set BPO_ASSESS_DATABASE_URL or pass"
            " --database-url postgresql://LOGIN@HOST:PORT/DATABASE"
        )
    return url


SessionArgument = Annotated[str, typer.Argument(metavar="SESSION", help="A session number.")]


@app.command()
def history(client: ClientOption = None, as_json: JsonOption = False) -> None:
    """List saved sessions, newest first, with their top match.

    Example: bpo-assess history --client "Maria Santos"
    """
    from bpo_assess.core.models import HistoryDocument
    from bpo_assess.counsel import sessions

    with session_store() as opened:
        summaries = sessions.history(opened, client)
    if as_json:
        print_json(HistoryDocument(sessions=summaries).model_dump(mode="json"))
        return
    from bpo_assess.render import sessions as session_views

    show(session_views.history_table(summaries))


@app.command("show")
def show_session(
    ctx: typer.Context,
    session: SessionArgument,
    as_json: JsonOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Show one saved session as the results screen did, with the counsellor's view.

    On a terminal it is paged, its summary first, as the results were.

    Example: bpo-assess show 1
    """
    from bpo_assess.core.models import SessionDocument
    from bpo_assess.counsel import sessions

    with session_store() as opened:
        found = sessions.session(opened, session)
    if as_json:
        print_json(SessionDocument(session=found).model_dump(mode="json"))
        return
    from bpo_assess.render import sessions as session_views

    paged = not no_pager and sys.stdout.isatty()
    more = "The full results follow" + (": space pages on, q quits." if paged else ".")
    page(session_views.session_view(catalogue_of(ctx), found, more=more), paged=paged)


@app.command()
def compare(
    ctx: typer.Context,
    first: Annotated[str | None, typer.Argument(metavar="[SESSION_A]", show_default=False)] = None,
    second: Annotated[str | None, typer.Argument(metavar="[SESSION_B]", show_default=False)] = None,
    client: ClientOption = None,
    across_clients: Annotated[
        bool,
        typer.Option("--across-clients", help="Allow two different clients' sessions."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Compare two sessions (or a client's last two): change per skill and per role.

    The earlier session always comes first. Changes within their reliable-change threshold
    (Jacobson-Truax) are marked as noise. Two different clients' sessions need
    --across-clients.

    Example: bpo-assess compare 1 2
    """
    from bpo_assess.counsel import sessions

    catalogue = catalogue_of(ctx)
    with session_store() as opened:
        comparison = sessions.comparison(opened, catalogue, first, second, client, across_clients)
    if as_json:
        print_json(comparison.model_dump(mode="json"))
        return
    from bpo_assess.render import sessions as session_views

    show(session_views.comparison_view(comparison))


@app.command()
def rate(
    ctx: typer.Context,
    session: SessionArgument,
    source: Annotated[
        Path | None,
        typer.Option("--from", metavar="FILE", help='JSON: {"skills": {"communication": 4}}.'),
    ] = None,
) -> None:
    """Record the counsellor's own level (1 to 5) per skill, asked or from a file.

    Example: bpo-assess rate 2 --from examples/counsellor-ratings.json
    """
    from bpo_assess.counsel import sessions
    from bpo_assess.interview import counsellor

    catalogue = catalogue_of(ctx)
    with session_store(write=True) as opened:
        target = sessions.session(opened, session)
        levels = counsellor.ratings_for(catalogue, target, session, source)
        rated = sessions.rate(opened, session, levels)
    err(f"Recorded your ratings for session {rated.id}.")


@app.command()
def note(
    session: SessionArgument,
    text: Annotated[str, typer.Argument(help="The note, in quotes.")],
) -> None:
    """Add a counsellor's note to a session.

    Example: bpo-assess note 2 "Keen on technical support; book CompTIA A+ prep."
    """
    from bpo_assess.counsel import sessions

    with session_store(write=True) as opened:
        noted = sessions.note(opened, session, text)
    err(f"Noted on session {noted.id}.")


STDOUT = "-"  # as an output file: standard output, for every command that writes one


class ReportFormat(StrEnum):
    html = "html"
    md = "md"
    pdf = "pdf"


@app.command()
def report(
    ctx: typer.Context,
    session: SessionArgument,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="html, md or pdf.")] = (
        ReportFormat.html
    ),
    output: Annotated[
        Path | None, typer.Option("-o", "--output", metavar="FILE", show_default=False)
    ] = None,
) -> None:
    """Write a printable report of a session: HTML (A4), Markdown, or PDF.

    HTML and Markdown go to standard output unless -o is given; -o - writes any format
    there (a PDF only when standard output is not a terminal).

    Example: bpo-assess report 2 --format md
    """
    from bpo_assess.counsel import sessions

    to_stdout = output is not None and str(output) == STDOUT
    if to_stdout and fmt is not ReportFormat.pdf:
        output = None  # HTML and Markdown go to standard output without -o
    elif output is not None and not to_stdout:
        from bpo_assess.io.files import check_target

        check_target(output, "-o")  # before the report is made
    catalogue = catalogue_of(ctx)
    with session_store() as opened:
        text, message = sessions.report(opened, catalogue, session, fmt.value, output)
    out(text)
    if message and not to_stdout:
        say(message)


@app.command()
def forget(
    session: Annotated[str | None, typer.Argument(metavar="[SESSION]", show_default=False)] = None,
    client: ClientOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase a session, or every trace of a client, for good.

    Example: bpo-assess forget --client "Maria Santos" --yes
    """
    from bpo_assess.counsel import sessions
    from bpo_assess.interview import counsellor
    from bpo_assess.interview.draft import forget_client_drafts

    def confirm(question: str) -> bool:
        return counsellor.confirm(question, yes)

    try:
        with session_store(write=True) as opened:
            message = sessions.forget(opened, session, client, confirm)
    except BpoError:
        # An interview stopped before its end is a trace too, with no session yet.
        if client is None:
            raise
        current, aside = forget_client_drafts(client)
        if not current + aside:
            raise
        message = f"Erased {client.strip()}: {drafts_erased(current, aside)}."
    else:
        if message and client is not None:
            current, aside = forget_client_drafts(client)
            if current + aside:
                message += f"\nAlso erased: {drafts_erased(current, aside)}."
    say(message or "Nothing was erased.")


def drafts_erased(current: int, aside: int) -> str:
    """What forget erased besides sessions: the unfinished interview, drafts set aside."""
    parts = ["their unfinished interview"] if current else []
    if aside:
        drafts = "draft" if aside == 1 else "drafts"
        parts.append(f"{aside} {drafts} of theirs set aside as damaged or from another catalogue")
    return " and ".join(parts)


@app.command()
def export(
    client: ClientOption = None,
    output: Annotated[
        str, typer.Option("-o", "--output", metavar="FILE", help="- for standard output.")
    ] = "-",
) -> None:
    """Export sessions (all, or one client's) as JSON, to move them to another machine.

    Example: bpo-assess export --client "Maria Santos" -o maria.json
    """
    from bpo_assess.counsel import sessions

    with session_store() as opened:
        text, message = sessions.export(opened, client, output)
    out(text)
    say(message)


@app.command("import")
def import_sessions(
    source: Annotated[str, typer.Argument(metavar="FILE", help="An export file; - reads stdin.")],
) -> None:
    """Import sessions from an export file: all of them, or nothing if any is wrong.

    Example: bpo-assess import maria.json
    """
    from bpo_assess.counsel import sessions
    from bpo_assess.counsel.store.messages import explained

    with explained():
        document = sessions.read_export(source)
    with session_store(write=True) as opened:
        say(sessions.import_document(opened, document))


@app.command()
def share(
    client: Annotated[str, typer.Option("--client", metavar="NAME", help="The client to share.")],
    login: Annotated[
        str, typer.Option("--with", metavar="LOGIN", help="The counsellor's database login.")
    ],
) -> None:
    """Let another counsellor see and work with a client (the shared PostgreSQL store).

    Only the client's own counsellor or a supervisor may share them.

    Example: bpo-assess share --client "Maria Santos" --with ben
    """
    with session_store(write=True) as opened:
        name = opened.share(client, login)
    say(f"Shared {name} with {login}.")


@app.command()
def unshare(
    client: Annotated[str, typer.Option("--client", metavar="NAME", help="The shared client.")],
    login: Annotated[
        str, typer.Option("--with", metavar="LOGIN", help="The counsellor's database login.")
    ],
) -> None:
    """Stop sharing a client with another counsellor (the shared PostgreSQL store).

    Example: bpo-assess unshare --client "Maria Santos" --with ben
    """
    with session_store(write=True) as opened:
        name, was = opened.unshare(client, login)
    say(f"{login} no longer sees {name}." if was else f"{name} was not shared with {login}.")


@app.command()
def audit(client: ClientOption = None, as_json: JsonOption = False) -> None:
    """Show the audit trail of the shared PostgreSQL store (supervisors only).

    Every read and change is a row: when, which login, which command, which client and
    session. A forgotten client's events stay, without their name.

    Example: bpo-assess audit --client "Maria Santos" --json
    """
    from bpo_assess.core.models import AuditDocument

    with session_store() as opened:
        events = opened.audit_trail(client)
    if as_json:
        print_json(AuditDocument(events=events).model_dump(mode="json"))
        return
    from bpo_assess.render import sessions as session_views

    show(session_views.audit_table(events))


db_app = typer.Typer(
    cls=BpoGroup,
    help=(
        "Set up the shared PostgreSQL store: create or upgrade it, check it, give logins"
        " their role.\n\nExample: bpo-assess db status"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(db_app, name="db")


@db_app.command("init")
def db_init() -> None:
    """Create the store's schema, roles and policies, or upgrade them (run it again safely).

    Run by the database owner, once per database and after each upgrade.

    Example: BPO_ASSESS_DATABASE_URL=postgresql://owner@db.example/bpo bpo-assess db init
    """
    from bpo_assess.counsel.store.messages import explained
    from bpo_assess.counsel.store.postgres import initialise

    with explained():
        where, before, now = initialise(database_url_or_fail())
    if before == now:
        say(f"{where}: the store is ready (schema {now}); nothing to do.")
    else:
        say(f"{where}: the store is ready (schema {before} -> {now}).")


@db_app.command("status")
def db_status(as_json: JsonOption = False) -> None:
    """Say which store is in use, its schema version, and who you are.

    Example: bpo-assess db status --json
    """
    from bpo_assess.counsel.store import database_url, store_path
    from bpo_assess.counsel.store.messages import explained

    url = database_url(url_given())
    if url is None:
        found: dict[str, Any] = {"engine": "sqlite", "location": str(store_path())}
    else:
        from bpo_assess.counsel.store.postgres import status

        with explained():
            found = status(url)
    if as_json:
        print_json({"schema_version": 1, **found})
        return
    lines = [f"engine: {found['engine']}", f"location: {found['location']}"]
    if url is not None:
        role = found["role"] or "none (ask an administrator: bpo-assess db grant LOGIN)"
        lines += [
            f"server: PostgreSQL {found['server_version']}",
            f"store schema: {found['schema_version'] or 'none (run bpo-assess db init)'}"
            f" (this version reads {found['supported_schema_version']})",
            f"login: {found['login']}",
            f"role: {role}",
        ]
    say("\n".join(lines))


@db_app.command("grant")
def db_grant(
    login: Annotated[str, typer.Argument(metavar="LOGIN", help="An existing database login.")],
    supervisor: Annotated[
        bool, typer.Option("--supervisor", help="A supervisor: sees every client and the audit.")
    ] = False,
) -> None:
    """Make a database login a counsellor (or, with --supervisor, a supervisor).

    Run by an administrator who may grant the roles (the database owner).

    Example: bpo-assess db grant ana
    """
    from bpo_assess.counsel.store.messages import explained
    from bpo_assess.counsel.store.postgres import grant

    with explained():
        group = grant(database_url_or_fail(), login, supervisor)
    say(f"{login} is now in {group}.")


DEBUG_ENV = "BPO_ASSESS_DEBUG"  # 1: show the traceback of an unexpected failure
REPORT_TO = "the bpo-assess maintainers (the project's issue tracker)"


def main() -> None:
    """Console-script entry point: the last guard, so no failure ends in a traceback."""
    sys.exit(run())


def run(args: list[str] | None = None) -> int:
    """Run the command line; every way out is an exit code (see docs/reliability.md)."""
    from bpo_assess.io.output import standard_streams

    standard_streams()
    stop_on_signals()
    try:
        try:
            app(args=args, prog_name="bpo-assess")
            code: Any = 0
        except SystemExit as done:
            code = done.code
        sys.stdout.flush()  # a full disk shows here, not as a warning at exit
        return code if isinstance(code, int) else (0 if code is None else 1)
    except KeyboardInterrupt as stop:
        return interrupted(stop)
    except BpoError as error:
        return tell(error)
    except BrokenPipeError:
        return quiet_stdout(ExitCode.OK)
    except OSError as error:  # a full disk or a vanished file, wherever it arose
        quiet_stdout(ExitCode.USAGE)
        err(f"error: {os_problem(error)}")
        return int(ExitCode.USAGE)
    except (Exception, RecursionError) as error:
        quiet_stdout(ExitCode.INVALID_DATA)
        if os.environ.get(DEBUG_ENV) == "1":
            import traceback

            traceback.print_exc()
        err(
            f"error: bpo-assess failed unexpectedly ({type(error).__name__}); this is a bug:"
            f" please report it to {REPORT_TO} with the command you ran"
            f" (run it again with --debug or {DEBUG_ENV}=1 to see the details)"
        )
        return int(ExitCode.INVALID_DATA)


def quiet_stdout(code: int) -> int:
    """Drop whatever stdout still buffers (the reader went away, or the disk is full)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return int(code)
