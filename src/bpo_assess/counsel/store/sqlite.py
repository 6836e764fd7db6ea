"""The SQLite engine: one private file in the per-user folder, and its migrations.

Why SQLite: it is in Python's standard library, keeps one private file per user, and gives
real transactions (a killed save leaves nothing half-written), concurrent writers through
WAL and a busy timeout, and `secure_delete` + `VACUUM` so an erased client leaves no bytes.
Every write runs in `BEGIN IMMEDIATE ... COMMIT`; every read of more than one statement
in one snapshot; the schema is versioned with `PRAGMA user_version` and migrated forwards
on open. This is the only module that imports sqlite3 (an import-linter contract).
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any

from bpo_assess import __version__
from bpo_assess.core.models import (
    AssessmentInput,
    AssessmentResult,
    AuditEvent,
    ClientRecord,
    ExportDocument,
    SessionRecord,
    SessionSummary,
)
from bpo_assess.counsel.store import rules
from bpo_assess.counsel.store.errors import (
    ClientNotFound,
    Conflict,
    ImportRefused,
    NotConsented,
    NotOurs,
    NotSupported,
    SessionNotFound,
    StoreDamaged,
    TooNew,
    Unavailable,
)
from bpo_assess.io import clock
from bpo_assess.io.files import make_private

APPLICATION_ID = 0x42504F41  # "BPOA": marks the file as ours in its header
BUSY_TIMEOUT_S = 15.0  # how long a writer waits for another process's transaction
SQLITE_MAGIC = b"SQLite format 3\x00"


def _fold_names(db: sqlite3.Connection) -> None:
    """Fill clients.name_key with rules.fold, row by row (no function on the connection)."""
    rows = db.execute("SELECT id, name FROM clients").fetchall()
    db.executemany(
        "UPDATE clients SET name_key = ? WHERE id = ?", [(rules.fold(n), i) for i, n in rows]
    )


def _fill_tops(db: sqlite3.Connection) -> None:
    """Keep each session's top match beside it, so `history` parses no stored result."""
    rows = db.execute("SELECT id, result_json FROM sessions").fetchall()
    db.executemany(
        "UPDATE sessions SET top_role = ?, top_title = ?, top_match = ? WHERE id = ?",
        [(*rules.top_of_json(result), number) for number, result in rows],
    )


# Forward migrations: MIGRATIONS[n] takes schema n to n + 1, each step a statement or a
# function of the connection that reads and writes rows. Never edit a shipped one.
Step = str | Callable[[sqlite3.Connection], None]
MIGRATIONS: list[list[Step]] = [
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
        _fold_names,
        "CREATE UNIQUE INDEX clients_by_key ON clients(name_key)",
    ],
    [  # 3 -> 4: session numbers from a counter row every engine can keep (an explicit id
        # would not advance another engine's sequence), and each session's top match
        # beside it so history reads no stored result
        "CREATE TABLE counters (name TEXT PRIMARY KEY, last INTEGER NOT NULL)",
        """INSERT INTO counters (name, last) SELECT 'sessions', max(
            coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'sessions'), 0),
            coalesce((SELECT max(id) FROM sessions), 0))""",
        "ALTER TABLE sessions ADD COLUMN top_role TEXT",
        "ALTER TABLE sessions ADD COLUMN top_title TEXT",
        "ALTER TABLE sessions ADD COLUMN top_match REAL",
        _fill_tops,
    ],
]
SCHEMA_VERSION = len(MIGRATIONS)

FROM_SESSIONS = "FROM sessions s LEFT JOIN clients c ON c.id = s.client_id"
NEWEST_FIRST = "ORDER BY s.created_at DESC, s.id DESC"


class SQLiteStore:
    """An open SQLite store. Use `open_sqlite()`; close it, or use it as a context manager.

    A store whose file does not exist yet reads as empty and creates its file at the first
    write, so asking for consent, or reading, leaves nothing behind.
    """

    local = True

    def __init__(self, connection: sqlite3.Connection, path: Path, *, pending: bool) -> None:
        self.connection = connection
        self.path = path
        self.location = str(path)
        self.pending = pending  # the file is made at the first write
        self.log_emptied = True

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def guarded(self) -> Iterator[None]:
        """A database failure becomes Unavailable naming the file, never a traceback."""
        try:
            yield
        except sqlite3.DatabaseError as error:
            raise Unavailable(self.location, "use", str(error)) from None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write: taken with BEGIN IMMEDIATE so writers queue instead of deadlocking."""
        if self.pending:
            self._create_file()
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
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """Reads of several statements see one state of the store (inside a write too)."""
        db = self.connection
        if db.in_transaction:
            yield db
            return
        with self.guarded():
            db.execute("BEGIN")
            try:
                yield db
            finally:
                if db.in_transaction:
                    db.execute("COMMIT")

    def _create_file(self) -> None:
        """The first write to a store without a file: make it, private, and open it."""
        opened = open_sqlite(self.path, write=True, create=True)
        self.connection.close()
        self.connection, self.pending = opened.connection, False

    # --- Clients -----------------------------------------------------------------------

    def client(self, name: str) -> ClientRecord | None:
        key = rules.fold(rules.client_name(name))
        with self.guarded():
            row = self.connection.execute(
                "SELECT name, consented_at FROM clients WHERE name_key = ?", (key,)
            ).fetchone()
        return ClientRecord(name=row[0], consented_at=row[1]) if row else None

    def require_client(self, name: str) -> ClientRecord:
        found = self.client(name)
        if found is None:
            raise ClientNotFound(name.strip())
        return found

    def record_consent(self, name: str, when: datetime | None = None) -> ClientRecord:
        """Keep the client with the time they consented (the first consent stands)."""
        name = rules.client_name(name, to_store=True)
        with self.transaction() as db:
            db.execute(
                "INSERT INTO clients (name, name_key, consented_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (name, rules.fold(name), clock.stamp(when)),
            )
        return self.require_client(name)

    def count_sessions(self, client: str) -> int:
        key = rules.fold(self.require_client(client).name)
        with self.guarded():
            row = self.connection.execute(
                "SELECT count(*) FROM sessions s JOIN clients c ON c.id = s.client_id"
                " WHERE c.name_key = ?",
                (key,),
            ).fetchone()
        return int(row[0])

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
                found = db.execute(
                    "SELECT id FROM clients WHERE name_key = ?", (rules.fold(client),)
                ).fetchone()
                if found is None:
                    raise NotConsented(client.strip())
                client_id = found[0]
            number = self._number(db)
            self._insert_session(
                db,
                number,
                (secrets.token_hex(8), client_id, clock.stamp(when), source, __version__),
                result.catalogue_hash,
                data.model_dump_json(),
                result.model_dump_json(),
                None,
                rules.top_of(result),
            )
        return self.session(str(number))

    def _number(self, db: sqlite3.Connection, wanted: int | None = None) -> int:
        """The next session number (rules.next_number), kept in the counter row."""
        last = int(db.execute("SELECT last FROM counters WHERE name = 'sessions'").fetchone()[0])
        taken = wanted is not None and (
            db.execute("SELECT 1 FROM sessions WHERE id = ?", (wanted,)).fetchone() is not None
        )
        number = rules.next_number(last, wanted, taken)
        if number > last:
            db.execute("UPDATE counters SET last = ? WHERE name = 'sessions'", (number,))
        return number

    def _insert_session(
        self,
        db: sqlite3.Connection,
        number: int,
        head: tuple[str, int | None, str, str, str],
        catalogue_hash: str,
        input_json: str,
        result_json: str,
        rated_at: str | None,
        top: rules.Top,
    ) -> None:
        db.execute(
            "INSERT INTO sessions (id, uid, client_id, created_at, source, tool_version,"
            " catalogue_hash, input_json, result_json, rated_at, top_role, top_title,"
            " top_match) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (number, *head, catalogue_hash, input_json, result_json, rated_at, *top),
        )

    def session(self, ref: str) -> SessionRecord:
        """A session by its number (or its 16-digit uid)."""
        key = rules.session_key(ref)
        found = self._records(f"WHERE s.{key.column} = ?", (key.value,))
        if not found:
            raise SessionNotFound(ref)
        return found[0]

    def session_stamp(self, ref: str) -> tuple[int, str]:
        """A session's number and time, read without the rest: erasing a session must work
        even if its stored content could not be read."""
        key = rules.session_key(ref)
        with self.guarded():
            row = self.connection.execute(
                f"SELECT s.id, s.created_at FROM sessions s WHERE s.{key.column} = ?",
                (key.value,),
            ).fetchone()
        if row is None:
            raise SessionNotFound(ref)
        return int(row[0]), str(row[1])

    def sessions(self, client: str | None = None) -> list[SessionRecord]:
        """Sessions newest first, all or one client's."""
        if client is None:
            return self._records("", ())
        self.require_client(client)
        return self._records("WHERE c.name_key = ?", (rules.fold(client),))

    def _records(self, where: str, args: tuple[Any, ...]) -> list[SessionRecord]:
        """Sessions with their ratings and notes in three statements, one snapshot."""
        with self.snapshot() as db, self.guarded():
            rows = db.execute(
                f"SELECT {rules.SESSION_COLUMNS} {FROM_SESSIONS} {where} {NEWEST_FIRST}", args
            ).fetchall()
            if not rows:
                return []
            ratings = db.execute(
                f"SELECT r.session_id, r.skill, r.level FROM ratings r"
                f" JOIN sessions s ON s.id = r.session_id"
                f" LEFT JOIN clients c ON c.id = s.client_id {where}",
                args,
            ).fetchall()
            notes = db.execute(
                f"SELECT n.session_id, n.text, n.created_at FROM notes n"
                f" JOIN sessions s ON s.id = n.session_id"
                f" LEFT JOIN clients c ON c.id = s.client_id {where} ORDER BY n.id",
                args,
            ).fetchall()
        return rules.records(self.location, rows, ratings, notes)

    def summaries(self, client: str | None = None) -> list[SessionSummary]:
        """What `history` shows, in one statement: no stored result is read."""
        where: str = ""
        args: tuple[Any, ...] = ()
        if client is not None:
            self.require_client(client)
            where, args = "WHERE c.name_key = ?", (rules.fold(client),)
        with self.guarded():
            rows = self.connection.execute(
                "SELECT s.id, c.name, s.created_at, s.source, s.top_role, s.top_title,"
                " s.top_match, EXISTS (SELECT 1 FROM ratings r WHERE r.session_id = s.id),"
                " (SELECT count(*) FROM notes n WHERE n.session_id = s.id)"
                f" {FROM_SESSIONS} {where} {NEWEST_FIRST}",
                args,
            ).fetchall()
        return [rules.summary(row) for row in rows]

    def _existing(self, db: sqlite3.Connection, ref: str) -> int:
        """The session's number, read inside a write: a session another process has just
        erased is SessionNotFound, not a broken reference."""
        key = rules.session_key(ref)
        row = db.execute(f"SELECT id FROM sessions WHERE {key.column} = ?", (key.value,))
        found = row.fetchone()
        if found is None:
            raise SessionNotFound(ref)
        return int(found[0])

    def rate(self, ref: str, levels: dict[str, int], when: datetime | None = None) -> SessionRecord:
        """Record the counsellor's level per skill (replacing earlier ones for those skills)."""
        self.session(ref)  # a damaged session is refused before anything is written
        with self.transaction() as db:
            number = self._existing(db, ref)
            db.executemany(
                "INSERT INTO ratings (session_id, skill, level) VALUES (?, ?, ?)"
                " ON CONFLICT (session_id, skill) DO UPDATE SET level = excluded.level",
                [(number, skill, level) for skill, level in levels.items()],
            )
            db.execute("UPDATE sessions SET rated_at = ? WHERE id = ?", (clock.stamp(when), number))
        return self.session(str(number))

    def add_note(self, ref: str, text: str, when: datetime | None = None) -> SessionRecord:
        self.session(ref)
        with self.transaction() as db:
            number = self._existing(db, ref)
            db.execute(
                "INSERT INTO notes (session_id, text, created_at) VALUES (?, ?, ?)",
                (number, text.strip(), clock.stamp(when)),
            )
        return self.session(str(number))

    # --- Erasure -----------------------------------------------------------------------

    def forget_client(self, name: str) -> int:
        """Erase a client: their sessions, ratings, notes and consent, then the free pages."""
        key = rules.fold(self.require_client(name).name)
        with self.transaction() as db:
            count = db.execute(
                "SELECT count(*) FROM sessions s JOIN clients c ON c.id = s.client_id"
                " WHERE c.name_key = ?",
                (key,),
            ).fetchone()[0]
            gone = db.execute("DELETE FROM clients WHERE name_key = ?", (key,)).rowcount
            if not gone:
                raise ClientNotFound(name.strip())
        self.scrub()
        return int(count)

    def forget_session(self, ref: str) -> int:
        """Erase one session (its ratings and notes go with it); its number."""
        self.session_stamp(ref)
        with self.transaction() as db:
            number = self._existing(db, ref)
            db.execute("DELETE FROM sessions WHERE id = ?", (number,))
        self.scrub()
        return number

    def mentions(self, name: str) -> list[int]:
        """Sessions whose notes still name `name` (a note is the counsellor's own text,
        so erasing a client does not change notes on other people's sessions)."""
        with self.guarded():
            rows = self.connection.execute("SELECT session_id, text FROM notes").fetchall()
        return sorted({session for session, text in rows if rules.mentions(text, name)})

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

    # --- Sharing and the audit: one person's file has neither -------------------------

    def share(self, client: str, login: str) -> str:
        raise NotSupported(self.location, "sharing a client")

    def unshare(self, client: str, login: str) -> tuple[str, bool]:
        raise NotSupported(self.location, "sharing a client")

    def audit_trail(self, client: str | None = None) -> list[AuditEvent]:
        raise NotSupported(self.location, "the audit trail")

    # --- Moving between stores ---------------------------------------------------------

    def export(self, client: str | None = None, when: datetime | None = None) -> ExportDocument:
        with self.snapshot() as db:
            sessions = self.sessions(client)
            names = {s.client for s in sessions if s.client}
            if client is not None:
                names.add(self.require_client(client).name)
            with self.guarded():
                rows = db.execute("SELECT name, consented_at FROM clients").fetchall()
        clients = [ClientRecord(name=n, consented_at=t) for n, t in rows if n in names]
        return rules.export_document(sessions, clients, clock.stamp(when))

    def import_document(self, document: ExportDocument) -> rules.Imported:
        """Add an export's clients and sessions, all or nothing: (imported, already here).

        A session is known by its uid; one already here unchanged is skipped, and one that
        differs is a conflict. A session keeps its number when that number is free here;
        the others get new numbers after those (rules.import_order).
        """
        problems = rules.check_export(document)
        if problems:
            raise ImportRefused(problems)
        imported = skipped = 0
        conflicts: list[Conflict] = []
        renumbered: list[tuple[int, int]] = []
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO clients (name, name_key, consented_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                [(c.name, rules.fold(c.name), c.consented_at) for c in document.clients],
            )
            pending = []
            for index, session in enumerate(document.sessions):
                row = db.execute("SELECT id FROM sessions WHERE uid = ?", (session.uid,))
                existing = row.fetchone()
                if existing is not None:
                    here = self._records("WHERE s.id = ?", (existing[0],))[0]
                    if not rules.same_content(here, session):
                        conflicts.append(Conflict(index, session.uid, int(existing[0])))
                    skipped += 1
                    continue
                taken = db.execute("SELECT 1 FROM sessions WHERE id = ?", (session.id,))
                pending.append((taken.fetchone() is not None, session))
            for session in rules.import_order(pending):
                number = self._import_session(db, session)
                if number != session.id:
                    renumbered.append((session.id, number))
                imported += 1
            if conflicts:
                raise ImportRefused(conflicts=conflicts)
        return rules.Imported(imported, skipped, renumbered)

    def _import_session(self, db: sqlite3.Connection, session: SessionRecord) -> int:
        client_id = None
        if session.client is not None:
            client_id = db.execute(
                "SELECT id FROM clients WHERE name_key = ?", (rules.fold(session.client),)
            ).fetchone()[0]
        number = self._number(db, wanted=session.id)
        self._insert_session(
            db,
            number,
            (session.uid, client_id, session.created_at, session.source, session.tool_version),
            session.catalogue_hash,
            session.input.model_dump_json(),
            session.result.model_dump_json(),
            session.rated_at,
            rules.top_of(session.result),
        )
        db.executemany(
            "INSERT INTO ratings (session_id, skill, level) VALUES (?, ?, ?)",
            [(number, skill, level) for skill, level in session.ratings.items()],
        )
        db.executemany(
            "INSERT INTO notes (session_id, text, created_at) VALUES (?, ?, ?)",
            [(number, note.text, note.created_at) for note in session.notes],
        )
        return number


# --- Opening -----------------------------------------------------------------------------


def open_sqlite(path: Path, *, write: bool = True, create: bool = False) -> SQLiteStore:
    """Open (and migrate) the store at `path`.

    `write`: checked whole and switched to WAL before anything is written. Without a file
    the store reads as empty, and (`create`, or at the first write) makes its file. A file
    that is not ours, is damaged, or comes from a newer version is refused (a typed error)
    and left exactly as it was.
    """
    location = str(path)
    if path.is_dir():
        raise NotOurs(location, "folder")
    if not path.exists():
        if not create:
            memory = sqlite3.connect(":memory:", isolation_level=None)
            store = SQLiteStore(memory, path, pending=True)
            _migrate(store)
            return store
        # Created private before SQLite touches it; its -wal and -shm inherit the mode.
        # Another process may have made it first.
        try:
            with suppress(FileExistsError):
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError as error:
            raise Unavailable(location, "create", str(error.strerror)) from None
    _check_header(path)
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    store = SQLiteStore(connection, path, pending=False)
    try:
        with store.guarded():
            connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA secure_delete = ON")
            _check_owner(store)
            if write:  # nothing below runs before the file is known to be whole and ours
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


def _check_integrity(store: SQLiteStore) -> None:
    """Refuse a damaged file before writing to it: quick_check reads every page once
    (about a millisecond for a hundred sessions) but skips matching indexes to rows."""
    rows = store.connection.execute("PRAGMA quick_check(3)").fetchall()
    if [row[0] for row in rows] != ["ok"]:
        raise StoreDamaged(store.location, " ".join(str(rows[0][0]).split()))


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
        raise Unavailable(str(path), "read", str(error.strerror)) from None
    if head and head != SQLITE_MAGIC:
        raise NotOurs(str(path), "not-a-database")


def _check_owner(store: SQLiteStore) -> None:
    db = store.connection
    # Both read in one statement, so from one snapshot: read apart, another process could
    # create the store in between, and its tables would be seen without its mark.
    owner, tables, version = db.execute(
        "SELECT (SELECT application_id FROM pragma_application_id),"
        " (SELECT count(*) FROM sqlite_schema), (SELECT user_version FROM pragma_user_version)"
    ).fetchone()
    if owner != APPLICATION_ID and (owner != 0 or tables or version):
        raise NotOurs(store.location, "other-program")


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _migrate(store: SQLiteStore, target: int = SCHEMA_VERSION) -> None:
    db = store.connection
    with store.guarded():
        version = _version(db)
    if version > SCHEMA_VERSION:
        raise TooNew(store.location, version, SCHEMA_VERSION)
    if version >= target:
        return
    with store.guarded():
        db.execute("BEGIN IMMEDIATE")
        try:
            version = _version(db)  # another process may have migrated while we waited
            for steps in MIGRATIONS[version:target]:
                for step in steps:
                    if isinstance(step, str):
                        db.execute(step)
                    else:
                        step(db)
            db.execute(f"PRAGMA user_version = {target}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
