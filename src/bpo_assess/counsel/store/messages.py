"""The one place a store's typed errors become what a person reads: one line each, with
a hint naming a command that works here (`io/paths.program()`), and an exit code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from bpo_assess import __version__
from bpo_assess.core.models import MAX_SESSION_ID
from bpo_assess.counsel.store.errors import (
    BadClientName,
    ClientElsewhere,
    ClientNotFound,
    Conflict,
    EmptyNote,
    ExportProblem,
    ImportRefused,
    NotConsented,
    NotInitialised,
    NotOurs,
    NotPermitted,
    NotSupported,
    SessionDamaged,
    SessionNotFound,
    StoreDamaged,
    StoreError,
    TooNew,
    Unavailable,
)
from bpo_assess.errors import BpoError, ExitCode, UsageError, printable
from bpo_assess.io.paths import program

NAME_CONTROLS = "the name holds a control or text-direction character"


@contextmanager
def explained() -> Iterator[None]:
    """Inside, a StoreError leaves as the BpoError `explain` makes of it."""
    try:
        yield
    except StoreError as error:
        raise explain(error) from None


def explain(error: StoreError) -> BpoError:
    """The message (one line per problem) and exit code for a store's typed error."""
    lists = f"`{program()} history` lists them"
    match error:
        case SessionNotFound(ref=ref, malformed=True):
            return BpoError(
                f"no session {printable(ref)!r}: a session is a number from 1 to"
                f" {MAX_SESSION_ID:,}; {lists}"
            )
        case SessionNotFound(ref=ref):
            return BpoError(f"no session {printable(ref)!r}; {lists}")
        case ClientNotFound(name=name):
            return BpoError(f"no client named {name!r}; {lists}")
        case NotConsented(name=name):
            return BpoError(
                f"client {name!r} has not consented yet; nothing was saved"
                " (confirm the consent screen, or pass --consent)"
            )
        case BadClientName(problem="empty"):
            return UsageError("--client: the name is empty; give the client's name")
        case BadClientName(problem="too-long", limit=limit):
            return UsageError(f"--client: the name is longer than {limit} characters")
        case BadClientName():
            return UsageError(f"--client: {NAME_CONTROLS}")
        case EmptyNote():
            return UsageError("the note is empty; give its text in quotes")
        case ImportRefused(problems=problems, conflicts=conflicts, source=source):
            lines = [export_problem(p) for p in problems] + [conflict(c) for c in conflicts]
            return BpoError([f"{source}: {line}" for line in lines] if source else lines)
        case SessionDamaged(location=where, session=number, field=field, detail=detail):
            return BpoError(
                f"{where}: session {number} is damaged ({field}: {detail}); export the others"
                " with --client, or forget it"
            )
        case StoreDamaged(location=where, detail=detail):
            return BpoError(
                f"{where}: is damaged ({printable(detail)}); nothing was written to it."
                f" Keep a copy, then export what can be read ({program()} export -o"
                " saved.json) and import it into a new store"
            )
        case NotOurs(location=where, reason="folder"):
            return BpoError(f"{where}: is a folder, not a bpo-assess store")
        case NotOurs(location=where, reason="not-a-database"):
            return BpoError(
                f"{where}: is not a SQLite database, so not a bpo-assess store; it was left"
                " untouched (move it aside to start a new store)"
            )
        case NotOurs(location=where):
            return BpoError(
                f"{where}: is a SQLite database of another program, not a bpo-assess store;"
                " it was left untouched"
            )
        case TooNew(location=where, found=found, supported=supported):
            return BpoError(
                f"{where}: was written by a newer bpo-assess (store schema {found}; this"
                f" version {__version__} reads up to {supported}); upgrade bpo-assess to use it"
            )
        case Unavailable(location=where, action="address", detail=detail):
            return UsageError(
                f"{where}: not a database address bpo-assess can use ({detail}); give a"
                " postgresql://LOGIN@HOST:PORT/DATABASE URL in BPO_ASSESS_DATABASE_URL"
            )
        case Unavailable(location=where, action="connect", detail=detail):
            return BpoError(
                f"{where}: cannot connect ({detail}); check that the server is running and"
                " the address and login are right",
                ExitCode.UNAVAILABLE,
            )
        case Unavailable(location=where, action="busy", detail=detail):
            return BpoError(
                f"{where}: the server stayed busy with other counsellors' changes ({detail});"
                " nothing was changed, run the command again",
                ExitCode.UNAVAILABLE,
            )
        case Unavailable(location=where, action="lost", detail=detail):
            return BpoError(
                f"{where}: the connection to the server was lost ({detail}); a change it was"
                " making was not kept, run the command again",
                ExitCode.UNAVAILABLE,
            )
        case Unavailable(location=where, action="timeout", detail=detail):
            return BpoError(
                f"{where}: the server stopped a statement that ran too long ({detail});"
                " nothing was changed, run the command again",
                ExitCode.UNAVAILABLE,
            )
        case ClientElsewhere(name=name):
            return BpoError(
                f"client {name!r} is kept by another counsellor; ask them or a supervisor to"
                f" share it with you ({program()} share --client NAME --with LOGIN)"
            )
        case NotInitialised(location=where, found=None):
            return BpoError(
                f"{where}: holds no bpo-assess store yet; the database owner runs"
                f" `{program()} db init` once"
            )
        case NotInitialised(location=where, found=found, supported=supported):
            return BpoError(
                f"{where}: holds store schema {found}, older than this version's {supported};"
                f" the database owner runs `{program()} db init` to upgrade it"
            )
        case NotPermitted(login=login, reason="no group role"):
            return BpoError(
                f"login {login!r} is not a bpo-assess counsellor or supervisor; an"
                f" administrator runs: {program()} db grant {login}"
            )
        case NotPermitted(login=login, reason="no such login"):
            return UsageError(f"no database login named {login!r}; create it first (CREATE ROLE)")
        case NotPermitted(login=login, reason=reason):
            return BpoError(f"login {login!r} may not do this: {reason}")
        case NotSupported(location=where, feature=feature):
            return UsageError(
                f"{where}: {feature} needs the shared PostgreSQL store; set"
                " BPO_ASSESS_DATABASE_URL (docs/organisations.md)"
            )
        case Unavailable(location=where, action="create", detail=detail):
            return UsageError(f"{where}: cannot be created: {detail}")
        case Unavailable(location=where, action="read", detail=detail):
            return BpoError(f"{where}: cannot be read: {detail}")
        case Unavailable(location=where, detail=detail):
            return BpoError(f"{where}: {detail}")
    return BpoError(f"the session store failed ({type(error).__name__})")


def export_problem(problem: ExportProblem) -> str:
    where, subject = problem.where, problem.subject
    match problem.kind:
        case "name-controls":
            return f"{where}: {NAME_CONTROLS}"
        case "client-twice":
            return (
                f"{where}: client {subject!r} twice (names that differ only in case are one client)"
            )
        case "uid-twice":
            return f"{where}: {subject} appears twice"
        case "unknown-client":
            return f"{where}: {subject!r} is not in the file's clients"
        case "empty-result":
            return f"{where}: holds no skills or no role matches"
        case "ratings":
            return f"{where}: {subject} not among the session's skills"
    return f"{where}: {problem.kind}"


def conflict(found: Conflict) -> str:
    return (
        f"sessions[{found.index}]: uid {found.uid} is already in the store as session"
        f" {found.existing} with different content"
    )
