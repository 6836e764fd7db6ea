"""The session store: one SQLite file in the per-user folder, kept safe for counsellors.

Why SQLite: it is in Python's standard library, keeps one private file per user, and gives
real transactions (a killed save leaves nothing half-written), concurrent writers through
WAL and a busy timeout, and `secure_delete` + `VACUUM` so an erased client leaves no bytes.
Every write runs in `BEGIN IMMEDIATE ... COMMIT`; the schema is versioned with
`PRAGMA user_version` and migrated forwards on open.
"""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bpo_assess import __version__
from bpo_assess.core import wording
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
from bpo_assess.errors import BpoError, UsageError, printable
from bpo_assess.io import clock
from bpo_assess.io.files import make_private
from bpo_assess.io.paths import data_home
from bpo_assess.io.sources import parse_json_model

if TYPE_CHECKING:
    from bpo_assess.core.catalogue import Catalogue

STORE_FILE = "sessions.db"
APPLICATION_ID = 0x42504F41  # "BPOA": marks the file as ours in its header
BUSY_TIMEOUT_S = 15.0  # how long a writer waits for another process's transaction
SQLITE_MAGIC = b"SQLite format 3\x00"

# Forward migrations: MIGRATIONS[n] takes schema n to n + 1. Never edit a shipped one.
MIGRATIONS: list[list[str]] = [
    [  # 0 -> 1: clients with their consent, and sessions with one free-text note
        """CREATE TABLE clients (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            consented_at TEXT NOT NULL)""",
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            client_id INTEGER REFERENCES clients(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            source TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            catalogue_hash TEXT NOT NULL,
            input_json TEXT NOT NULL,
            result_json TEXT NOT NULL,
            note TEXT)""",
        "CREATE INDEX sessions_by_client ON sessions(client_id, created_at)",
    ],
    [  # 1 -> 2: counsellor ratings, and notes as a dated list instead of one text field
        """CREATE TABLE ratings (
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            skill TEXT NOT NULL,
            level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
            PRIMARY KEY (session_id, skill)) WITHOUT ROWID""",
        "ALTER TABLE sessions ADD COLUMN rated_at TEXT",
        """CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL)""",
        "CREATE INDEX notes_by_session ON notes(session_id)",
        """INSERT INTO notes (session_id, text, created_at)
            SELECT id, note, created_at FROM sessions WHERE trim(coalesce(note, '')) != ''""",
        "ALTER TABLE sessions DROP COLUMN note",
    ],
    [  # 2 -> 3: clients found by their name folded in Python (casefold), not SQLite's
        # ASCII-only NOCASE, so ÉMILE and émile, or STRASSE and straße, are one client
        "ALTER TABLE clients ADD COLUMN name_key TEXT",
        "UPDATE clients SET name_key = bpo_fold(name)",
        "CREATE UNIQUE INDEX clients_by_key ON clients(name_key)",
    ],
]
SCHEMA_VERSION = len(MIGRATIONS)


def store_path() -> Path:
    return data_home() / STORE_FILE


NAME_CONTROLS = "the name holds a control or text-direction character"


def fold(name: str) -> str:
    """The key a client is found by: trimmed, NFC, Unicode case folded (the one rule)."""
    return unicodedata.normalize("NFC", name.strip()).casefold()


def client_name(name: str, *, to_store: bool = False) -> str:
    """A client's name as given on the command line, trimmed; a usage error (exit 2) if it
    is empty or longer than CLIENT_NAME_MAX characters, or, `to_store`, if it holds a
    control or text-direction character (names stored by older versions are still found)."""
    trimmed = name.strip()
    if not trimmed:
        raise UsageError("--client: the name is empty; give the client's name")
    if len(trimmed) > CLIENT_NAME_MAX:
        raise UsageError(f"--client: the name is longer than {CLIENT_NAME_MAX} characters")
    if to_store and printable(trimmed) != trimmed:
        raise UsageError(f"--client: {NAME_CONTROLS}")
    return trimmed


def session_number(ref: str) -> int | None:
    """A session number typed by a person, or None if `ref` cannot be one (², 10^20)."""
    text = ref.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_SESSION_ID)):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_SESSION_ID else None


# --- Opening ---------------------------------------------------------------------------


class Store:
    """An open store. Use `open_store()`; close it, or use it as a context manager."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        self.log_emptied = True

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write: taken with BEGIN IMMEDIATE so writers queue instead of deadlocking."""
        with self.guarded():
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield self.connection
            except BaseException:
                # SQLite may have rolled back already (a full disk, a constraint on a
                # value at its limit): a second ROLLBACK would hide the real error.
                if self.connection.in_transaction:
                    self.connection.execute("ROLLBACK")
                raise
            self.connection.execute("COMMIT")

    @contextmanager
    def guarded(self) -> Iterator[None]:
        """A database failure becomes one line naming the file, never a traceback."""
        try:
            yield
        except sqlite3.DatabaseError as error:
            raise BpoError(f"{self.path}: {error}") from None

    # --- Clients -----------------------------------------------------------------------

    def client(self, name: str) -> ClientRecord | None:
        key = fold(client_name(name))
        with self.guarded():
            row = self.connection.execute(
                "SELECT name, consented_at FROM clients WHERE name_key = ?", (key,)
            ).fetchone()
        return ClientRecord(name=row[0], consented_at=row[1]) if row else None

    def require_client(self, name: str) -> ClientRecord:
        found = self.client(name)
        if found is None:
            raise BpoError(f"no client named {name.strip()!r}; `bpo-assess history` lists them")
        return found

    def record_consent(self, name: str, when: datetime | None = None) -> ClientRecord:
        """Keep the client with the time they consented (the first consent stands)."""
        name = client_name(name, to_store=True)
        with self.transaction() as db:
            db.execute(
                "INSERT INTO clients (name, name_key, consented_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (name, fold(name), clock.stamp(when)),
            )
        return self.require_client(name)

    # --- Sessions ----------------------------------------------------------------------

    def save_session(
        self,
        data: AssessmentInput,
        result: AssessmentResult,
        *,
        client: str | None,
        source: str,
        when: datetime | None = None,
    ) -> SessionRecord:
        """Save one finished assessment; a named client must have consented first."""
        with self.transaction() as db:
            client_id = None
            if client is not None:
                row = db.execute("SELECT id FROM clients WHERE name_key = ?", (fold(client),))
                found = row.fetchone()
                if found is None:
                    raise BpoError(
                        f"client {client.strip()!r} has not consented yet; nothing was saved"
                        " (confirm the consent screen, or pass --consent)"
                    )
                client_id = found[0]
            cursor = db.execute(
                "INSERT INTO sessions (uid, client_id, created_at, source, tool_version,"
                " catalogue_hash, input_json, result_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    secrets.token_hex(8),
                    client_id,
                    clock.stamp(when),
                    source,
                    __version__,
                    result.catalogue_hash,
                    data.model_dump_json(),
                    result.model_dump_json(),
                ),
            )
            session_id = cursor.lastrowid
        assert session_id is not None
        return self.session(str(session_id))

    def session(self, ref: str) -> SessionRecord:
        """A session by its number (or its 16-digit uid); one line when there is none."""
        rows = self._sessions(*self._where(ref))
        if not rows:
            raise BpoError(f"no session {printable(ref)!r}; `bpo-assess history` lists them")
        return rows[0]

    def _where(self, ref: str) -> tuple[str, tuple[Any, ...]]:
        number = session_number(ref)
        if number is not None:
            return "WHERE s.id = ?", (number,)
        if len(ref) == 16 and ref.isascii() and ref.isalnum():
            return "WHERE s.uid = ?", (ref.lower(),)
        raise BpoError(
            f"no session {printable(ref)!r}: a session is a number from 1 to"
            f" {MAX_SESSION_ID:,}; `bpo-assess history` lists them"
        )

    def session_stamp(self, ref: str) -> tuple[int, str]:
        """A session's number and time, read without the rest: erasing a session must work
        even if its stored content could not be read."""
        where, args = self._where(ref)
        with self.guarded():
            row = self.connection.execute(
                f"SELECT s.id, s.created_at FROM sessions s {where}", args
            ).fetchone()
        if row is None:
            raise BpoError(f"no session {printable(ref)!r}; `bpo-assess history` lists them")
        return int(row[0]), str(row[1])

    def count_sessions(self, client: str) -> int:
        key = fold(self.require_client(client).name)
        with self.guarded():
            row = self.connection.execute(
                "SELECT count(*) FROM sessions s JOIN clients c ON c.id = s.client_id"
                " WHERE c.name_key = ?",
                (key,),
            ).fetchone()
        return int(row[0])

    def sessions(self, client: str | None = None) -> list[SessionRecord]:
        """Sessions newest first, all or one client's."""
        if client is None:
            return self._sessions("", ())
        self.require_client(client)
        return self._sessions("WHERE c.name_key = ?", (fold(client),))

    def _sessions(self, where: str, args: tuple[Any, ...]) -> list[SessionRecord]:
        with self.guarded():
            rows = self.connection.execute(
                "SELECT s.id, s.uid, c.name, s.created_at, s.source, s.tool_version,"
                " s.catalogue_hash, s.input_json, s.result_json, s.rated_at"
                f" FROM sessions s LEFT JOIN clients c ON c.id = s.client_id {where}"
                " ORDER BY s.created_at DESC, s.id DESC",
                args,
            ).fetchall()
            records = []
            for row in rows:
                ratings = dict(
                    self.connection.execute(
                        "SELECT skill, level FROM ratings WHERE session_id = ? ORDER BY skill",
                        (row[0],),
                    ).fetchall()
                )
                notes = self.connection.execute(
                    "SELECT text, created_at FROM notes WHERE session_id = ? ORDER BY id",
                    (row[0],),
                ).fetchall()
                records.append(self._record(row, ratings, notes))
        return records

    def _record(
        self, row: tuple[Any, ...], ratings: dict[str, int], notes: list[tuple[str, str]]
    ) -> SessionRecord:
        """One stored session, checked: a damaged one is one line, never a traceback."""
        from pydantic import ValidationError

        try:
            return SessionRecord(
                id=row[0],
                uid=row[1],
                client=row[2],
                created_at=row[3],
                source=row[4],
                tool_version=row[5],
                catalogue_hash=row[6],
                input=AssessmentInput.model_validate_json(row[7]),
                result=AssessmentResult.model_validate_json(row[8]),
                ratings=ratings,
                rated_at=row[9],
                notes=[SessionNote(text=text, created_at=when) for text, when in notes],
            )
        except ValidationError as error:
            problem = error.errors(include_url=False)[0]
            raise BpoError(
                f"{self.path}: session {row[0]} is damaged ({'.'.join(map(str, problem['loc']))}:"
                f" {problem['msg']}); export the others with --client, or forget it"
            ) from None

    def last_two(self, client: str) -> tuple[SessionRecord, SessionRecord]:
        """A client's two latest sessions, older first."""
        found = self.sessions(client)
        if len(found) < 2:
            raise BpoError(
                f"client {client.strip()!r} has {len(found)} saved session(s); comparing needs two"
            )
        return found[1], found[0]

    def rate(self, ref: str, levels: dict[str, int], when: datetime | None = None) -> SessionRecord:
        """Record the counsellor's level per skill (replacing earlier ones for those skills)."""
        session = self.session(ref)
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO ratings (session_id, skill, level) VALUES (?, ?, ?)"
                " ON CONFLICT (session_id, skill) DO UPDATE SET level = excluded.level",
                [(session.id, skill, level) for skill, level in levels.items()],
            )
            db.execute(
                "UPDATE sessions SET rated_at = ? WHERE id = ?", (clock.stamp(when), session.id)
            )
        return self.session(str(session.id))

    def add_note(self, ref: str, text: str, when: datetime | None = None) -> SessionRecord:
        session = self.session(ref)
        if not text.strip():
            raise UsageError("the note is empty; give its text in quotes")
        with self.transaction() as db:
            db.execute(
                "INSERT INTO notes (session_id, text, created_at) VALUES (?, ?, ?)",
                (session.id, text.strip(), clock.stamp(when)),
            )
        return self.session(str(session.id))

    # --- Erasure -----------------------------------------------------------------------

    def forget_client(self, name: str) -> int:
        """Erase a client: their sessions, ratings, notes and consent, then the free pages."""
        key = fold(self.require_client(name).name)
        with self.transaction() as db:
            count = db.execute(
                "SELECT count(*) FROM sessions s JOIN clients c ON c.id = s.client_id"
                " WHERE c.name_key = ?",
                (key,),
            ).fetchone()[0]
            db.execute("DELETE FROM clients WHERE name_key = ?", (key,))
        self.scrub()
        return int(count)

    def forget_session(self, ref: str) -> int:
        """Erase one session (its ratings and notes go with it); its number."""
        number, _ = self.session_stamp(ref)
        with self.transaction() as db:
            db.execute("DELETE FROM sessions WHERE id = ?", (number,))
        self.scrub()
        return number

    def mentions(self, name: str) -> list[int]:
        """Sessions whose notes still name `name` (a note is the counsellor's own text,
        so erasing a client does not change notes on other people's sessions)."""
        key = fold(name)
        with self.guarded():
            rows = self.connection.execute("SELECT session_id, text FROM notes").fetchall()
        # The name as whole words ("Al" is not in "also"), compared folded like every name.
        named = re.compile(rf"(?<!\w){re.escape(key)}(?!\w)")
        return sorted({session for session, text in rows if named.search(fold(text))})

    def scrub(self) -> None:
        """Leave no deleted bytes behind: secure_delete zeroes freed content, VACUUM rebuilds
        the file, and a truncating checkpoint empties the write-ahead log. `log_emptied` is
        False when another process holds the store open: the log keeps old pages until the
        last process using the store closes it, and SQLite empties it then."""
        with self.guarded():
            self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.connection.execute("VACUUM")
            busy = self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        self.log_emptied = not busy

    # --- Moving between machines -------------------------------------------------------

    def export(self, client: str | None = None, when: datetime | None = None) -> ExportDocument:
        sessions = sorted(self.sessions(client), key=lambda s: s.id)
        names = {s.client for s in sessions if s.client}
        if client is not None:
            names.add(self.require_client(client).name)
        clients = [c for n in sorted(names) if (c := self.client(n)) is not None]
        return ExportDocument(exported_at=clock.stamp(when), clients=clients, sessions=sessions)

    def import_document(self, document: ExportDocument) -> tuple[int, int]:
        """Add an export's clients and sessions, all or nothing: (imported, already here).

        A session is known by its uid; one already here unchanged is skipped, and one that
        differs is a conflict. A session keeps its number when that number is free.
        """
        problems = check_export(document)
        if problems:
            raise BpoError(problems)
        imported = skipped = 0
        with self.transaction() as db:
            for entry in document.clients:
                db.execute(
                    "INSERT INTO clients (name, name_key, consented_at) VALUES (?, ?, ?)"
                    " ON CONFLICT DO NOTHING",
                    (entry.name, fold(entry.name), entry.consented_at),
                )
            for index, session in enumerate(document.sessions):
                row = db.execute("SELECT id FROM sessions WHERE uid = ?", (session.uid,))
                existing = row.fetchone()
                if existing is not None:
                    here = self._sessions("WHERE s.id = ?", (existing[0],))[0]
                    mine = here.model_dump(exclude={"id"})
                    if mine != session.model_dump(exclude={"id"}):
                        problems.append(
                            f"sessions[{index}]: uid {session.uid} is already in the store"
                            f" as session {existing[0]} with different content"
                        )
                    skipped += 1
                    continue
                self._insert(db, session)
                imported += 1
            if problems:
                raise BpoError(problems)
        return imported, skipped

    def _insert(self, db: sqlite3.Connection, session: SessionRecord) -> None:
        taken = db.execute("SELECT 1 FROM sessions WHERE id = ?", (session.id,)).fetchone()
        client_id = None
        if session.client is not None:
            client_id = db.execute(
                "SELECT id FROM clients WHERE name_key = ?", (fold(session.client),)
            ).fetchone()[0]
        cursor = db.execute(
            "INSERT INTO sessions (id, uid, client_id, created_at, source, tool_version,"
            " catalogue_hash, input_json, result_json, rated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                None if taken else session.id,
                session.uid,
                client_id,
                session.created_at,
                session.source,
                session.tool_version,
                session.catalogue_hash,
                session.input.model_dump_json(),
                session.result.model_dump_json(),
                session.rated_at,
            ),
        )
        new_id = cursor.lastrowid
        db.executemany(
            "INSERT INTO ratings (session_id, skill, level) VALUES (?, ?, ?)",
            [(new_id, skill, level) for skill, level in session.ratings.items()],
        )
        db.executemany(
            "INSERT INTO notes (session_id, text, created_at) VALUES (?, ?, ?)",
            [(new_id, note.text, note.created_at) for note in session.notes],
        )


def summarise(session: SessionRecord) -> SessionSummary:
    top = session.result.matches[0] if session.result.matches else None
    return SessionSummary(
        id=session.id,
        client=session.client,
        created_at=session.created_at,
        source=session.source,
        top_role=top.role if top else None,
        top_title=top.title if top else None,
        top_match=top.match if top else None,
        rated=bool(session.ratings),
        notes=len(session.notes),
    )


def check_export(document: ExportDocument) -> list[str]:
    """Problems pydantic cannot see: references between the export's parts."""
    problems = []
    names = [fold(c.name) for c in document.clients]
    for index, client in enumerate(document.clients):
        if printable(client.name) != client.name:
            problems.append(f"clients[{index}].name: {NAME_CONTROLS}")
    for index, name in enumerate(names):
        if name in names[:index]:
            problems.append(
                f"clients[{index}]: client {document.clients[index].name!r} twice"
                " (names that differ only in case are one client)"
            )
    uids: set[str] = set()
    for index, session in enumerate(document.sessions):
        where = f"sessions[{index}]"
        if session.uid in uids:
            problems.append(f"{where}.uid: {session.uid} appears twice")
        uids.add(session.uid)
        if session.client is not None and fold(session.client) not in names:
            problems.append(f"{where}.client: {session.client!r} is not in the file's clients")
        result = session.result
        if not result.skills or not result.matches:
            problems.append(f"{where}.result: holds no skills or no role matches")
        unknown = sorted(set(session.ratings) - set(result.skills))
        if unknown:
            problems.append(f"{where}.ratings: {', '.join(unknown)} not among the session's skills")
    return problems


def parse_export(text: str, name: str) -> ExportDocument:
    """A validated export file, or a BpoError with one line per problem."""
    parsed = parse_json_model(text, name, ExportDocument, "a bpo-assess export (a JSON object)")
    problems = check_export(parsed)
    if problems:
        raise BpoError([f"{name}: {problem}" for problem in problems])
    return parsed


def open_store(path: Path | None = None, *, create: bool = True) -> Store:
    """Open (and migrate) the store; without `create`, a missing file reads as empty.

    A file that is not ours, is damaged, or comes from a newer version is refused in one
    line and left exactly as it was.
    """
    path = store_path() if path is None else path
    if path.is_dir():
        raise BpoError(f"{path}: is a folder, not a bpo-assess store")
    if not path.exists():
        if not create:
            memory = sqlite3.connect(":memory:", isolation_level=None)
            memory.create_function("bpo_fold", 1, fold, deterministic=True)
            store = Store(memory, path)
            _migrate(store)
            return store
        # Created private before SQLite touches it; its -wal and -shm inherit the mode.
        # Another process may have made it first.
        try:
            with suppress(FileExistsError):
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError as error:
            raise UsageError(f"{path}: cannot be created: {error.strerror}") from None
    _check_header(path)
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    connection.create_function("bpo_fold", 1, fold, deterministic=True)
    store = Store(connection, path)
    try:
        with store.guarded():
            connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA secure_delete = ON")
            _check_owner(store)
            if create:  # nothing below runs before the file is known to be whole and ours
                _check_integrity(store)
                for log in ("", "-wal", "-shm"):  # an older or hand-made file may be 0644
                    make_private(path.with_name(path.name + log))
                _switch_to_wal(connection)
                for log in ("-wal", "-shm"):
                    make_private(path.with_name(path.name + log))
            _migrate(store)
    except BaseException:
        connection.close()
        raise
    return store


def _check_integrity(store: Store) -> None:
    """Refuse a damaged file before writing to it: quick_check reads every page once
    (about a millisecond for a hundred sessions) but skips matching indexes to rows."""
    rows = store.connection.execute("PRAGMA quick_check(3)").fetchall()
    if [row[0] for row in rows] != ["ok"]:
        raise BpoError(
            f"{store.path}: is damaged ({printable(' '.join(rows[0][0].split()))}); nothing was"
            " written to it."
            " Keep a copy, then export what can be read (bpo-assess export -o saved.json)"
            " and import it into a new store"
        )


def _switch_to_wal(connection: sqlite3.Connection) -> None:
    """WAL mode, waiting for the lock like any write: on a store another process is still
    creating, SQLite reports "database is locked" at once instead of using the timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BpoError(f"{path}: cannot be read: {error.strerror}") from None
    if head and head != SQLITE_MAGIC:
        raise BpoError(
            f"{path}: is not a SQLite database, so not a bpo-assess store; it was left"
            " untouched (move it aside to start a new store)"
        )


def _check_owner(store: Store) -> None:
    db = store.connection
    # Both read in one statement, so from one snapshot: read apart, another process could
    # create the store in between, and its tables would be seen without its mark.
    owner, tables, version = db.execute(
        "SELECT (SELECT application_id FROM pragma_application_id),"
        " (SELECT count(*) FROM sqlite_schema), (SELECT user_version FROM pragma_user_version)"
    ).fetchone()
    if owner != APPLICATION_ID and (owner != 0 or tables or version):
        raise BpoError(
            f"{store.path}: is a SQLite database of another program, not a bpo-assess store;"
            " it was left untouched"
        )


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _migrate(store: Store, target: int = SCHEMA_VERSION) -> None:
    db = store.connection
    with store.guarded():
        version = _version(db)
    if version > SCHEMA_VERSION:
        raise BpoError(
            f"{store.path}: was written by a newer bpo-assess (store schema {version}; this"
            f" version {__version__} reads up to {SCHEMA_VERSION}); upgrade bpo-assess to use it"
        )
    if version >= target:
        return
    with store.transaction():
        version = _version(db)  # another process may have migrated while we waited
        for steps in MIGRATIONS[version:target]:
            for statement in steps:
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {target}")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


# --- The two calls an interview makes --------------------------------------------------


def ensure_consent(
    client: str,
    confirmed: bool,
    ask: Callable[[str], bool] | None,
    *,
    when: datetime | None = None,
    path: Path | None = None,
) -> bool:
    """Make sure `client` has consented before anything is saved for them.

    A known client needs nothing more. For a new one, `confirmed` (the `--consent` flag)
    records consent at once; otherwise `ask` is shown the consent screen and returns the
    answer. Returns False if the person declined (nothing recorded), and raises a usage
    error (exit 2) when consent is needed but there is no terminal to ask on.
    """
    client = client_name(client, to_store=True)  # before any question or any write
    with open_store(path, create=False) as store:  # asking creates nothing
        if store.client(client) is not None:
            return True
        where = store.path
    if not confirmed:
        if ask is None:
            raise UsageError(
                f"client {client.strip()!r} is new and must consent to being saved: run in"
                " a terminal to see the consent screen, or add --consent once they agreed"
            )
        if not ask(wording.consent_text(client, where)):
            return False
    with open_store(path) as store:
        store.record_consent(client, when)
    return True


def save_session(
    data: AssessmentInput,
    result: AssessmentResult,
    *,
    client: str | None,
    source: str,
    catalogue: Catalogue,
    when: datetime | None = None,
    path: Path | None = None,
) -> SessionRecord:
    """Save a finished assessment (call `ensure_consent` first for a named client).

    `result` should be the full result (every role), so later comparisons see every rank.
    """
    if not catalogue.made(result.catalogue_hash):
        raise BpoError("the result was scored with a different catalogue than the one loaded")
    with open_store(path) as store:
        return store.save_session(data, result, client=client, source=source, when=when)
