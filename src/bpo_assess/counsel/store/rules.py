"""The store's rules, the same for every engine: how a client's name is folded and checked,
how a typed session number is read, what an export must hold, and how stored rows become
records. Pure: no database, no terminal, no sentences (errors carry data)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from bpo_assess.core.models import (
    CLIENT_NAME_MAX,
    MAX_SESSION_ID,
    AssessmentInput,
    AssessmentResult,
    ClientRecord,
    ExportDocument,
    SessionNote,
    SessionRecord,
    SessionSummary,
)
from bpo_assess.counsel.store.errors import (
    BadClientName,
    ExportProblem,
    SessionDamaged,
    SessionNotFound,
)
from bpo_assess.errors import printable


def fold(name: str) -> str:
    """The key a client is found by: trimmed, NFC, Unicode case folded (the one rule)."""
    return unicodedata.normalize("NFC", name.strip()).casefold()


def mentions(text: str, name: str) -> bool:
    """Whether a note names `name` as whole words ("Al" is not in "also"), both folded."""
    import re

    return re.search(rf"(?<!\w){re.escape(fold(name))}(?!\w)", fold(text)) is not None


def client_name(name: str, *, to_store: bool = False) -> str:
    """A client's name as given, trimmed; BadClientName if it is empty or longer than
    CLIENT_NAME_MAX characters, or, `to_store`, if it holds a control or text-direction
    character (names stored by older versions are still found)."""
    trimmed = name.strip()
    if not trimmed:
        raise BadClientName("empty")
    if len(trimmed) > CLIENT_NAME_MAX:
        raise BadClientName("too-long", CLIENT_NAME_MAX)
    if to_store and printable(trimmed) != trimmed:
        raise BadClientName("controls")
    return trimmed


def session_number(ref: str) -> int | None:
    """A session number typed by a person, or None if `ref` cannot be one (², 10^20)."""
    text = ref.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_SESSION_ID)):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_SESSION_ID else None


class SessionKey(NamedTuple):
    """How a reference finds a session: by its number or by its uid."""

    column: str  # "id" or "uid"
    value: int | str


def session_key(ref: str) -> SessionKey:
    """A session number, or a 16-character uid; SessionNotFound(malformed) otherwise."""
    number = session_number(ref)
    if number is not None:
        return SessionKey("id", number)
    if len(ref) == 16 and ref.isascii() and ref.isalnum():
        return SessionKey("uid", ref.lower())
    raise SessionNotFound(ref, malformed=True)


def next_number(last: int, wanted: int | None = None, taken: bool = False) -> int:
    """The number a new session gets: the one it asks for (an import) when that is free,
    else one past the highest ever given, so a forgotten session's number is never reused.
    Every engine keeps `last` in its own counter row, not in an engine's sequence."""
    if wanted is not None and not taken:
        return wanted
    return last + 1


def import_order(pending: list[tuple[bool, SessionRecord]]) -> list[SessionRecord]:
    """Imported sessions whose number is free here first, so each keeps its number, then
    those whose number is taken (they get the next free ones): (taken, session) pairs."""
    return [session for _, session in sorted(pending, key=lambda pair: pair[0])]


class SessionRow(NamedTuple):
    """A stored session as every engine reads it, before checking."""

    id: int
    uid: str
    client: str | None
    created_at: str
    source: str
    tool_version: str
    catalogue_hash: str
    input_json: str
    result_json: str
    rated_at: str | None
    saved_by: str | None = None  # kept by the shared store only
    rated_by: str | None = None


SESSION_COLUMNS = (
    "s.id, s.uid, c.name, s.created_at, s.source, s.tool_version, s.catalogue_hash,"
    " s.input_json, s.result_json, s.rated_at"
)


def record(
    location: str,
    row: Sequence[Any],
    ratings: dict[str, int],
    notes: Iterable[tuple[str, str] | tuple[str, str, str | None]],
) -> SessionRecord:
    """One stored session, checked: a damaged one is SessionDamaged, never a traceback."""
    from pydantic import ValidationError

    stored = SessionRow(*row)
    try:
        return SessionRecord(
            id=stored.id,
            uid=stored.uid,
            client=stored.client,
            created_at=stored.created_at,
            source=stored.source,
            tool_version=stored.tool_version,
            catalogue_hash=stored.catalogue_hash,
            input=AssessmentInput.model_validate_json(stored.input_json),
            result=AssessmentResult.model_validate_json(stored.result_json),
            ratings=ratings,
            rated_at=stored.rated_at,
            notes=[
                SessionNote(text=n[0], created_at=n[1], by=n[2] if len(n) > 2 else None)
                for n in notes
            ],
            saved_by=stored.saved_by,
            rated_by=stored.rated_by,
        )
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        field = ".".join(map(str, problem["loc"]))
        raise SessionDamaged(location, stored.id, field, problem["msg"]) from None


def records(
    location: str,
    rows: Sequence[Sequence[Any]],
    ratings: Iterable[tuple[int, str, int]],
    notes: Iterable[Sequence[Any]],
) -> list[SessionRecord]:
    """Sessions from three reads (sessions, their ratings, their notes in order: session,
    text, time and, on the shared store, who wrote it)."""
    by_session: dict[int, dict[str, int]] = {}
    for session, skill, level in ratings:
        by_session.setdefault(session, {})[skill] = level
    noted: dict[int, list[tuple[str, str, str | None]]] = {}
    for note in notes:
        by = note[3] if len(note) > 3 else None
        noted.setdefault(note[0], []).append((note[1], note[2], by))
    return [
        record(
            location, row, dict(sorted(by_session.get(row[0], {}).items())), noted.get(row[0], [])
        )
        for row in rows
    ]


def rated(by_session: dict[int, dict[str, int]], session: int) -> dict[str, int]:
    return dict(sorted(by_session.get(session, {}).items()))


class Imported(NamedTuple):
    """What an import did: sessions added, sessions already there, and the numbers that
    were taken here so the session got another (old, new)."""

    imported: int
    skipped: int
    renumbered: list[tuple[int, int]]


class Top(NamedTuple):
    """A session's top match, kept beside it so `history` reads no stored result."""

    role: str | None
    title: str | None
    match: float | None


def top_of(result: AssessmentResult) -> Top:
    top = result.matches[0] if result.matches else None
    return Top(top.role, top.title, top.match) if top else Top(None, None, None)


def top_of_json(result_json: str) -> Top:
    """The top match of a stored result (used once, when a store gains the columns)."""
    import json

    try:
        matches = json.loads(result_json).get("matches") or []
        first = matches[0]
        return Top(str(first["role"]), str(first["title"]), float(first["match"]))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return Top(None, None, None)


def summary(row: Sequence[Any]) -> SessionSummary:
    """One line of `history`: (id, client, created_at, source, top role, title, match,
    rated, notes) and, on the shared store, who saved it."""
    return SessionSummary(
        id=row[0],
        client=row[1],
        created_at=row[2],
        source=row[3],
        top_role=row[4],
        top_title=row[5],
        top_match=row[6],
        rated=bool(row[7]),
        notes=int(row[8]),
        saved_by=row[9] if len(row) > 9 else None,
    )


def same_content(here: SessionRecord, incoming: SessionRecord) -> bool:
    """An imported session equals the stored one with its uid (its number may differ, and
    who saved, rated and noted it is the store's own record)."""
    mine: Any = {"id": True, "saved_by": True, "rated_by": True, "notes": {"__all__": {"by"}}}
    return here.model_dump(exclude=mine) == incoming.model_dump(exclude=mine)


def check_export(document: ExportDocument) -> list[ExportProblem]:
    """Problems pydantic cannot see: references between the export's parts."""
    problems = []
    names = [fold(c.name) for c in document.clients]
    for index, client in enumerate(document.clients):
        if printable(client.name) != client.name:
            problems.append(ExportProblem(f"clients[{index}].name", "name-controls"))
    for index, name in enumerate(names):
        if name in names[:index]:
            problems.append(
                ExportProblem(f"clients[{index}]", "client-twice", document.clients[index].name)
            )
    uids: set[str] = set()
    for index, session in enumerate(document.sessions):
        where = f"sessions[{index}]"
        if session.uid in uids:
            problems.append(ExportProblem(f"{where}.uid", "uid-twice", session.uid))
        uids.add(session.uid)
        if session.client is not None and fold(session.client) not in names:
            problems.append(ExportProblem(f"{where}.client", "unknown-client", session.client))
        result = session.result
        if not result.skills or not result.matches:
            problems.append(ExportProblem(f"{where}.result", "empty-result"))
        unknown = sorted(set(session.ratings) - set(result.skills))
        if unknown:
            problems.append(ExportProblem(f"{where}.ratings", "ratings", ", ".join(unknown)))
    return problems


def export_document(
    sessions: list[SessionRecord], clients: list[ClientRecord], stamp: str
) -> ExportDocument:
    """An export: sessions by number, clients by name."""
    return ExportDocument(
        exported_at=stamp,
        clients=sorted(clients, key=lambda c: c.name),
        sessions=sorted(sessions, key=lambda s: s.id),
    )
