"""The PostgreSQL engine: a store shared by a counselling organisation.

Access control belongs to the database, not to this program: `db init` creates the
tables in a schema of their own with row-level security (ENABLE + FORCE), two group roles
(`bpo_assess_counsellor`, `bpo_assess_supervisor`) and an audit table that those roles
may only append to. A counsellor connecting with psql sees and changes no more than
through bpo-assess. Plain SQL through psycopg 3: the statements are few and engine-bound
(policies, roles, grants), which SQLAlchemy Core would not make shorter or safer;
identifiers a person types (a login) are composed with `psycopg.sql.Identifier`.

Writes run in one transaction each and are retried a bounded number of times on a
serialization failure or a deadlock.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

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
    ClientElsewhere,
    ClientNotFound,
    Conflict,
    ImportRefused,
    NotConsented,
    NotInitialised,
    NotPermitted,
    SessionNotFound,
    TooNew,
    Unavailable,
)
from bpo_assess.io import clock

SCHEMA = "bpo_assess"
COUNSELLOR = "bpo_assess_counsellor"
SUPERVISOR = "bpo_assess_supervisor"
RETRIES = 5  # attempts of one write that met a serialization failure or a deadlock
CONNECT_TIMEOUT_S = 10

T = TypeVar("T")

# Forward migrations, as for SQLite: MIGRATIONS[n] takes schema n to n + 1; the version is
# kept in bpo_assess.schema_version. Never edit a shipped one.
MIGRATIONS: list[list[str]] = [
    [
        f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{COUNSELLOR}') THEN
                CREATE ROLE {COUNSELLOR} NOLOGIN; END IF;
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{SUPERVISOR}') THEN
                CREATE ROLE {SUPERVISOR} NOLOGIN; END IF;
        END $$""",
        f"""CREATE FUNCTION {SCHEMA}.is_supervisor() RETURNS boolean LANGUAGE sql STABLE
            AS $$ SELECT pg_has_role(current_user, '{SUPERVISOR}', 'MEMBER') $$""",
        f"""CREATE TABLE {SCHEMA}.clients (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name text NOT NULL,
            name_key text NOT NULL UNIQUE,
            consented_at text NOT NULL,
            owner text NOT NULL DEFAULT current_user)""",
        f"""CREATE TABLE {SCHEMA}.shares (
            client_id bigint NOT NULL REFERENCES {SCHEMA}.clients(id) ON DELETE CASCADE,
            login text NOT NULL,
            granted_by text NOT NULL DEFAULT current_user,
            PRIMARY KEY (client_id, login))""",
        f"CREATE TABLE {SCHEMA}.counters (name text PRIMARY KEY, last bigint NOT NULL)",
        f"INSERT INTO {SCHEMA}.counters VALUES ('sessions', 0)",
        f"""CREATE TABLE {SCHEMA}.sessions (
            id bigint PRIMARY KEY,
            uid text NOT NULL UNIQUE,
            client_id bigint REFERENCES {SCHEMA}.clients(id) ON DELETE CASCADE,
            created_at text NOT NULL,
            source text NOT NULL,
            tool_version text NOT NULL,
            catalogue_hash text NOT NULL,
            input_json text NOT NULL,
            result_json text NOT NULL,
            rated_at text,
            top_role text,
            top_title text,
            top_match double precision,
            saved_by text NOT NULL DEFAULT current_user,
            rated_by text)""",
        f"CREATE INDEX sessions_by_client ON {SCHEMA}.sessions(client_id, created_at)",
        f"""CREATE TABLE {SCHEMA}.ratings (
            session_id bigint NOT NULL REFERENCES {SCHEMA}.sessions(id) ON DELETE CASCADE,
            skill text NOT NULL,
            level integer NOT NULL CHECK (level BETWEEN 1 AND 5),
            PRIMARY KEY (session_id, skill))""",
        f"""CREATE TABLE {SCHEMA}.notes (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            session_id bigint NOT NULL REFERENCES {SCHEMA}.sessions(id) ON DELETE CASCADE,
            text text NOT NULL,
            created_at text NOT NULL,
            written_by text NOT NULL DEFAULT current_user)""",
        f"CREATE INDEX notes_by_session ON {SCHEMA}.notes(session_id)",
        # The audit names a client by number only: once the client is forgotten, nothing
        # in it leads back to the person.
        f"""CREATE TABLE {SCHEMA}.audit (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at timestamptz NOT NULL DEFAULT now(),
            login text NOT NULL DEFAULT current_user,
            command text NOT NULL,
            action text NOT NULL,
            client_id bigint,
            session_id bigint)""",
        f"""CREATE FUNCTION {SCHEMA}.stamp_audit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.login := current_user; NEW.at := now(); RETURN NEW; END $$""",
        f"""CREATE TRIGGER audit_by_whom BEFORE INSERT ON {SCHEMA}.audit
            FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.stamp_audit()""",
        f"""CREATE FUNCTION {SCHEMA}.stamp_owner() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.owner := current_user; RETURN NEW; END $$""",
        f"""CREATE TRIGGER clients_by_whom BEFORE INSERT ON {SCHEMA}.clients
            FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.stamp_owner()""",
        f"""CREATE FUNCTION {SCHEMA}.stamp_saver() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.saved_by := current_user; RETURN NEW; END $$""",
        f"""CREATE TRIGGER sessions_by_whom BEFORE INSERT ON {SCHEMA}.sessions
            FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.stamp_saver()""",
        f"""CREATE FUNCTION {SCHEMA}.stamp_writer() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.written_by := current_user; RETURN NEW; END $$""",
        f"""CREATE TRIGGER notes_by_whom BEFORE INSERT ON {SCHEMA}.notes
            FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.stamp_writer()""",
        # Row-level security, for the table owner too (FORCE).
        *(
            f"ALTER TABLE {SCHEMA}.{table} ENABLE ROW LEVEL SECURITY"
            for table in ("clients", "shares", "sessions", "ratings", "notes", "audit")
        ),
        *(
            f"ALTER TABLE {SCHEMA}.{table} FORCE ROW LEVEL SECURITY"
            for table in ("clients", "shares", "sessions", "ratings", "notes", "audit")
        ),
        f"""CREATE POLICY shares_seen ON {SCHEMA}.shares FOR SELECT USING (
            {SCHEMA}.is_supervisor() OR login = current_user OR granted_by = current_user)""",
        f"""CREATE POLICY shares_given ON {SCHEMA}.shares FOR INSERT WITH CHECK (
            granted_by = current_user AND client_id IN (SELECT id FROM {SCHEMA}.clients
                WHERE {SCHEMA}.is_supervisor() OR owner = current_user))""",
        f"""CREATE POLICY shares_taken_back ON {SCHEMA}.shares FOR DELETE USING (
            {SCHEMA}.is_supervisor() OR granted_by = current_user)""",
        f"""CREATE POLICY clients_seen ON {SCHEMA}.clients FOR SELECT USING (
            {SCHEMA}.is_supervisor() OR owner = current_user
            OR id IN (SELECT client_id FROM {SCHEMA}.shares WHERE login = current_user))""",
        f"""CREATE POLICY clients_added ON {SCHEMA}.clients FOR INSERT
            WITH CHECK (owner = current_user)""",
        f"""CREATE POLICY clients_forgotten ON {SCHEMA}.clients FOR DELETE USING (
            {SCHEMA}.is_supervisor() OR owner = current_user)""",
        f"""CREATE POLICY sessions_seen ON {SCHEMA}.sessions FOR ALL USING (
            {SCHEMA}.is_supervisor()
            OR (client_id IS NULL AND saved_by = current_user)
            OR client_id IN (SELECT id FROM {SCHEMA}.clients))""",
        f"""CREATE POLICY sessions_forgotten ON {SCHEMA}.sessions AS RESTRICTIVE FOR DELETE
            USING ({SCHEMA}.is_supervisor() OR saved_by = current_user
            OR client_id IN (SELECT id FROM {SCHEMA}.clients WHERE owner = current_user))""",
        *(
            f"""CREATE POLICY {table}_seen ON {SCHEMA}.{table} FOR ALL
                USING (session_id IN (SELECT id FROM {SCHEMA}.sessions))"""
            for table in ("ratings", "notes")
        ),
        f"""CREATE POLICY audit_added ON {SCHEMA}.audit FOR INSERT WITH CHECK (true)""",
        f"""CREATE POLICY audit_read ON {SCHEMA}.audit FOR SELECT
            USING ({SCHEMA}.is_supervisor())""",
        # Privileges: the group roles use the tables; the audit only grows.
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {COUNSELLOR}, {SUPERVISOR}",
        *(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON {SCHEMA}.{table}"
            f" TO {COUNSELLOR}, {SUPERVISOR}"
            for table in ("clients", "shares", "sessions", "ratings", "notes")
        ),
        f"GRANT SELECT, UPDATE ON {SCHEMA}.counters TO {COUNSELLOR}, {SUPERVISOR}",
        f"GRANT INSERT ON {SCHEMA}.audit TO {COUNSELLOR}, {SUPERVISOR}",
        f"GRANT SELECT ON {SCHEMA}.audit TO {SUPERVISOR}",
        f"REVOKE ALL ON {SCHEMA}.audit FROM PUBLIC",
    ],
    # 2: with psql a counsellor could rewrite who saved a session or wrote a note, edit a
    # stored session or note, or wind the session counter back (every later save then
    # collided with a number it cannot see). Now the groups may change only what the
    # program changes (a rating's level, when and by whom a session was rated); the
    # rater is always the login, and the counter only moves forwards.
    [
        *(
            f"REVOKE UPDATE ON {SCHEMA}.{table} FROM {COUNSELLOR}, {SUPERVISOR}"
            for table in ("clients", "shares", "sessions", "ratings", "notes")
        ),
        *(
            f"REVOKE DELETE ON {SCHEMA}.{table} FROM {COUNSELLOR}, {SUPERVISOR}"
            for table in ("ratings", "notes")  # they go with their session
        ),
        f"GRANT UPDATE (rated_at, rated_by) ON {SCHEMA}.sessions TO {COUNSELLOR}, {SUPERVISOR}",
        f"GRANT UPDATE (level) ON {SCHEMA}.ratings TO {COUNSELLOR}, {SUPERVISOR}",
        f"""CREATE FUNCTION {SCHEMA}.stamp_rater() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.rated_by := current_user; RETURN NEW; END $$""",
        f"""CREATE TRIGGER sessions_rated_by_whom BEFORE UPDATE ON {SCHEMA}.sessions
            FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.stamp_rater()""",
        f"""CREATE FUNCTION {SCHEMA}.rating_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE {SCHEMA}.sessions SET rated_by = current_user
                    WHERE id = NEW.session_id AND rated_by IS DISTINCT FROM current_user;
                RETURN NULL;
            END $$""",
        f"""CREATE TRIGGER ratings_by_whom AFTER INSERT OR UPDATE ON {SCHEMA}.ratings
            FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.rating_changed()""",
        f"""CREATE FUNCTION {SCHEMA}.counter_forwards() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.last := greatest(OLD.last, NEW.last); RETURN NEW; END $$""",
        f"""CREATE TRIGGER counters_forwards BEFORE UPDATE ON {SCHEMA}.counters
            FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.counter_forwards()""",
    ],
]
SCHEMA_VERSION = len(MIGRATIONS)


def display(url: str) -> str:
    """Where the data lives, for a person, without a password: host:port/database."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "a PostgreSQL server"
    host = parts.get("host") or "localhost"
    port = parts.get("port") or "5432"
    return f"postgresql://{host}:{port}/{parts.get('dbname') or parts.get('user') or ''}"


def connect(url: str) -> psycopg.Connection[Any]:
    location = display(url)
    try:
        return psycopg.connect(
            url,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_S,
            application_name="bpo-assess",
        )
    except psycopg.ProgrammingError as error:  # a URL psycopg cannot read
        raise Unavailable(location, "address", first_line(error)) from None
    except psycopg.OperationalError as error:
        raise Unavailable(location, "connect", first_line(error)) from None


def first_line(error: BaseException) -> str:
    """The server's or driver's reason in one line (a FATAL line when there is one)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    for line in lines:
        if "FATAL:" in line:
            return line.split("FATAL:", 1)[1].strip()
    return lines[0] if lines else type(error).__name__


class PostgresStore:
    """A store on a PostgreSQL server, seen as the login connected."""

    local = False

    def __init__(self, connection: psycopg.Connection[Any], url: str, command: str) -> None:
        self.connection = connection
        self.location = display(url)
        self.command = command
        self.log_emptied = True
        self.audited: set[tuple[str, int | None, int | None]] = set()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def guarded(self) -> Iterator[None]:
        try:
            yield
        except pg_errors.InsufficientPrivilege as error:
            raise NotPermitted(self.location, self.login(), first_line(error)) from None
        except psycopg.DatabaseError as error:
            raise self.failure(error) from None

    def failure(self, error: psycopg.DatabaseError) -> Unavailable:
        """A lost connection or a cancelled statement (exit 4: run it again), or another
        failure of the server, as one typed error."""
        if isinstance(error, pg_errors.QueryCanceled):
            return Unavailable(self.location, "timeout", first_line(error))
        if self.connection.broken or isinstance(error, pg_errors.AdminShutdown):
            return Unavailable(self.location, "lost", first_line(error))
        return Unavailable(self.location, "use", first_line(error))

    def login(self) -> str:
        return str(self.connection.info.user)

    def write(self, work: Callable[[psycopg.Cursor[Any]], T]) -> T:
        """Run `work` in one transaction, again after a serialization failure or a
        deadlock (at most RETRIES times, with a short growing pause)."""
        for attempt in range(1, RETRIES + 1):
            audited = set(self.audited)  # a rolled-back attempt's audit rows are gone too
            try:
                with (
                    self.guarded_retry(),
                    self.connection.transaction(),
                    self.connection.cursor() as cursor,
                ):
                    return work(cursor)
            except (pg_errors.SerializationFailure, pg_errors.DeadlockDetected) as error:
                self.audited = audited
                if attempt == RETRIES:
                    raise Unavailable(
                        self.location, "busy", f"{first_line(error)} ({RETRIES} attempts)"
                    ) from None
                time.sleep(0.01 * 2**attempt + secrets.randbelow(10) / 1000)
            except BaseException:
                self.audited = audited
                raise
        raise AssertionError("unreachable")

    @contextmanager
    def guarded_retry(self) -> Iterator[None]:
        """As `guarded`, but lets the retryable errors through to `write`."""
        try:
            yield
        except (pg_errors.SerializationFailure, pg_errors.DeadlockDetected):
            raise
        except pg_errors.InsufficientPrivilege as error:
            raise NotPermitted(self.location, self.login(), first_line(error)) from None
        except psycopg.DatabaseError as error:
            raise self.failure(error) from None

    def read(self, work: Callable[[psycopg.Cursor[Any]], T]) -> T:
        """Reads in one snapshot (REPEATABLE READ), with their audit rows."""
        audited = set(self.audited)
        try:
            with (
                self.guarded(),
                self.connection.transaction(),
                self.connection.cursor() as cursor,
            ):
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                return work(cursor)
        except BaseException:
            self.audited = audited
            raise

    def audit(
        self,
        cursor: psycopg.Cursor[Any],
        action: str,
        client_id: int | None = None,
        session_id: int | None = None,
    ) -> None:
        """One audit row per event of this command (a second read of the same is one)."""
        key = (action, client_id, session_id)
        if key in self.audited:
            return
        cursor.execute(
            f"INSERT INTO {SCHEMA}.audit (command, action, client_id, session_id)"
            " VALUES (%s, %s, %s, %s)",
            (self.command, action, client_id, session_id),
        )
        self.audited.add(key)

    def audit_reads(
        self, cursor: psycopg.Cursor[Any], sessions: list[tuple[int | None, int]]
    ) -> None:
        """One "read" row per session read (client, session), in one round trip."""
        keys = [("read", client, session) for client, session in sessions]
        fresh = [key for key in dict.fromkeys(keys) if key not in self.audited]
        cursor.executemany(
            f"INSERT INTO {SCHEMA}.audit (command, action, client_id, session_id)"
            " VALUES (%s, %s, %s, %s)",
            [(self.command, *key) for key in fresh],
        )
        self.audited.update(fresh)

    # --- Clients -----------------------------------------------------------------------

    def _client_row(self, cursor: psycopg.Cursor[Any], name: str) -> tuple[Any, ...] | None:
        key = rules.fold(rules.client_name(name))
        cursor.execute(
            f"SELECT id, name, consented_at FROM {SCHEMA}.clients WHERE name_key = %s", (key,)
        )
        return cursor.fetchone()

    def client(self, name: str) -> ClientRecord | None:
        row = self.read(lambda c: self._client_row(c, name))
        return ClientRecord(name=row[1], consented_at=row[2]) if row else None

    def require_client(self, name: str) -> ClientRecord:
        found = self.client(name)
        if found is None:
            raise ClientNotFound(name.strip())
        return found

    def _require_id(self, cursor: psycopg.Cursor[Any], name: str) -> int:
        row = self._client_row(cursor, name)
        if row is None:
            raise ClientNotFound(name.strip())
        return int(row[0])

    def record_consent(self, name: str, when: datetime | None = None) -> ClientRecord:
        name = rules.client_name(name, to_store=True)

        def work(cursor: psycopg.Cursor[Any]) -> None:
            cursor.execute(
                f"INSERT INTO {SCHEMA}.clients (name, name_key, consented_at)"
                " VALUES (%s, %s, %s) ON CONFLICT DO NOTHING RETURNING id",
                (name, rules.fold(name), clock.stamp(when)),
            )
            added = cursor.fetchone()
            if added is not None:
                self.audit(cursor, "consent", int(added[0]))
            elif self._client_row(cursor, name) is None:
                raise ClientElsewhere(name)

        self.write(work)
        return self.require_client(name)

    def count_sessions(self, client: str) -> int:
        def work(cursor: psycopg.Cursor[Any]) -> int:
            number = self._require_id(cursor, client)
            cursor.execute(
                f"SELECT count(*) FROM {SCHEMA}.sessions WHERE client_id = %s", (number,)
            )
            return int(cursor.fetchone()[0])  # type: ignore[index]

        return self.read(work)

    # --- Sessions ----------------------------------------------------------------------

    def _number(self, cursor: psycopg.Cursor[Any], wanted: int | None = None) -> int:
        cursor.execute(f"SELECT last FROM {SCHEMA}.counters WHERE name = 'sessions' FOR UPDATE")
        last = int(cursor.fetchone()[0])  # type: ignore[index]
        taken = False
        if wanted is not None:
            # A session this login cannot see may hold the number too: the insert's
            # ON CONFLICT finds it, and the caller takes the next number then.
            cursor.execute(
                f"SELECT EXISTS (SELECT 1 FROM {SCHEMA}.sessions WHERE id = %s)", (wanted,)
            )
            taken = bool(cursor.fetchone()[0])  # type: ignore[index]
        number = rules.next_number(last, wanted, taken)
        if number > last:
            cursor.execute(
                f"UPDATE {SCHEMA}.counters SET last = %s WHERE name = 'sessions'", (number,)
            )
        return number

    def _insert_session(
        self,
        cursor: psycopg.Cursor[Any],
        number: int,
        head: tuple[str, int | None, str, str, str],
        catalogue_hash: str,
        input_json: str,
        result_json: str,
        rated_at: str | None,
        top: rules.Top,
    ) -> bool:
        """False when the number belongs to a session this login cannot see."""
        cursor.execute(
            f"INSERT INTO {SCHEMA}.sessions (id, uid, client_id, created_at, source,"
            " tool_version, catalogue_hash, input_json, result_json, rated_at, top_role,"
            " top_title, top_match) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (id) DO NOTHING RETURNING id",
            (number, *head, catalogue_hash, input_json, result_json, rated_at, *top),
        )
        return cursor.fetchone() is not None

    def save_session(
        self,
        data: AssessmentInput,
        result: AssessmentResult,
        *,
        client: str | None,
        source: str,
        when: datetime | None = None,
    ) -> SessionRecord:
        def work(cursor: psycopg.Cursor[Any]) -> int:
            client_id = None
            if client is not None:
                row = self._client_row(cursor, client)
                if row is None:
                    raise NotConsented(client.strip())
                client_id = int(row[0])
            number = self._number(cursor)
            self._insert_session(
                cursor,
                number,
                (secrets.token_hex(8), client_id, clock.stamp(when), source, __version__),
                result.catalogue_hash,
                data.model_dump_json(),
                result.model_dump_json(),
                None,
                rules.top_of(result),
            )
            self.audit(cursor, "save", client_id, number)
            return number

        return self.session(str(self.write(work)))

    def _records(
        self, cursor: psycopg.Cursor[Any], where: str, args: tuple[Any, ...]
    ) -> list[SessionRecord]:
        sessions_from = (
            f"FROM {SCHEMA}.sessions s LEFT JOIN {SCHEMA}.clients c ON c.id = s.client_id"
        )
        cursor.execute(
            f"SELECT {rules.SESSION_COLUMNS}, s.saved_by, s.rated_by, s.client_id"
            f" {sessions_from} {where}"
            " ORDER BY s.created_at DESC, s.id DESC",
            args,
        )
        rows = cursor.fetchall()
        if not rows:
            return []
        numbers = [row[0] for row in rows]
        cursor.execute(
            f"SELECT session_id, skill, level FROM {SCHEMA}.ratings WHERE session_id = ANY(%s)",
            (numbers,),
        )
        ratings = cursor.fetchall()
        cursor.execute(
            f"SELECT session_id, text, created_at, written_by FROM {SCHEMA}.notes"
            " WHERE session_id = ANY(%s) ORDER BY id",
            (numbers,),
        )
        notes = cursor.fetchall()
        self.audit_reads(cursor, [(row[-1], row[0]) for row in rows])
        return rules.records(self.location, [row[:-1] for row in rows], ratings, notes)

    def session(self, ref: str) -> SessionRecord:
        key = rules.session_key(ref)
        found = self.read(lambda c: self._records(c, f"WHERE s.{key.column} = %s", (key.value,)))
        if not found:
            raise SessionNotFound(ref)
        return found[0]

    def session_stamp(self, ref: str) -> tuple[int, str]:
        key = rules.session_key(ref)

        def work(cursor: psycopg.Cursor[Any]) -> tuple[Any, ...] | None:
            cursor.execute(
                f"SELECT id, created_at FROM {SCHEMA}.sessions WHERE {key.column} = %s",
                (key.value,),
            )
            return cursor.fetchone()

        row = self.read(work)
        if row is None:
            raise SessionNotFound(ref)
        return int(row[0]), str(row[1])

    def sessions(self, client: str | None = None) -> list[SessionRecord]:
        def work(cursor: psycopg.Cursor[Any]) -> list[SessionRecord]:
            if client is None:
                return self._records(cursor, "", ())
            number = self._require_id(cursor, client)
            return self._records(cursor, "WHERE s.client_id = %s", (number,))

        return self.read(work)

    def summaries(self, client: str | None = None) -> list[SessionSummary]:
        def work(cursor: psycopg.Cursor[Any]) -> list[SessionSummary]:
            where: str = ""
            args: tuple[Any, ...] = ()
            client_id = None
            if client is not None:
                client_id = self._require_id(cursor, client)
                where, args = "WHERE s.client_id = %s", (client_id,)
            cursor.execute(
                "SELECT s.id, c.name, s.created_at, s.source, s.top_role, s.top_title,"
                f" s.top_match, EXISTS (SELECT 1 FROM {SCHEMA}.ratings r"
                " WHERE r.session_id = s.id),"
                f" (SELECT count(*) FROM {SCHEMA}.notes n WHERE n.session_id = s.id),"
                " s.saved_by"
                f" FROM {SCHEMA}.sessions s LEFT JOIN {SCHEMA}.clients c"
                f" ON c.id = s.client_id {where} ORDER BY s.created_at DESC, s.id DESC",
                args,
            )
            rows = cursor.fetchall()
            self.audit(cursor, "list", client_id)
            return [rules.summary(row) for row in rows]

        return self.read(work)

    def _existing(self, cursor: psycopg.Cursor[Any], ref: str) -> tuple[int, int | None]:
        key = rules.session_key(ref)
        cursor.execute(
            f"SELECT id, client_id FROM {SCHEMA}.sessions WHERE {key.column} = %s FOR UPDATE",
            (key.value,),
        )
        found = cursor.fetchone()
        if found is None:
            raise SessionNotFound(ref)
        return int(found[0]), found[1]

    def rate(self, ref: str, levels: dict[str, int], when: datetime | None = None) -> SessionRecord:
        self.session(ref)

        def work(cursor: psycopg.Cursor[Any]) -> int:
            number, client_id = self._existing(cursor, ref)
            cursor.executemany(
                f"INSERT INTO {SCHEMA}.ratings (session_id, skill, level) VALUES (%s, %s, %s)"
                " ON CONFLICT (session_id, skill) DO UPDATE SET level = excluded.level",
                [(number, skill, level) for skill, level in levels.items()],
            )
            cursor.execute(
                f"UPDATE {SCHEMA}.sessions SET rated_at = %s, rated_by = current_user"
                " WHERE id = %s",
                (clock.stamp(when), number),
            )
            self.audit(cursor, "rate", client_id, number)
            return number

        return self.session(str(self.write(work)))

    def add_note(self, ref: str, text: str, when: datetime | None = None) -> SessionRecord:
        self.session(ref)

        def work(cursor: psycopg.Cursor[Any]) -> int:
            number, client_id = self._existing(cursor, ref)
            cursor.execute(
                f"INSERT INTO {SCHEMA}.notes (session_id, text, created_at) VALUES (%s, %s, %s)",
                (number, text.strip(), clock.stamp(when)),
            )
            self.audit(cursor, "note", client_id, number)
            return number

        return self.session(str(self.write(work)))

    # --- Erasure -----------------------------------------------------------------------

    def forget_client(self, name: str) -> int:
        """Erase a client in one transaction; VACUUM then frees the dead rows' space."""

        def work(cursor: psycopg.Cursor[Any]) -> int:
            number = self._require_id(cursor, name)
            cursor.execute(
                f"SELECT count(*) FROM {SCHEMA}.sessions WHERE client_id = %s", (number,)
            )
            count = int(cursor.fetchone()[0])  # type: ignore[index]
            cursor.execute(f"DELETE FROM {SCHEMA}.clients WHERE id = %s", (number,))
            if cursor.rowcount == 0:
                raise NotPermitted(
                    self.location,
                    self.login(),
                    "only the client's counsellor or a supervisor may forget them",
                )
            self.audit(cursor, "forget", number)
            return count

        count = self.write(work)
        self.scrub()
        return count

    def forget_session(self, ref: str) -> int:
        self.session_stamp(ref)

        def work(cursor: psycopg.Cursor[Any]) -> int:
            number, client_id = self._existing(cursor, ref)
            cursor.execute(f"DELETE FROM {SCHEMA}.sessions WHERE id = %s", (number,))
            if cursor.rowcount == 0:
                raise NotPermitted(
                    self.location,
                    self.login(),
                    "only the client's counsellor or a supervisor may forget a session",
                )
            self.audit(cursor, "forget", client_id, number)
            return number

        number = self.write(work)
        self.scrub()
        return number

    def mentions(self, name: str) -> list[int]:
        def work(cursor: psycopg.Cursor[Any]) -> list[tuple[Any, ...]]:
            cursor.execute(f"SELECT session_id, text FROM {SCHEMA}.notes")
            return cursor.fetchall()

        rows = self.read(work)
        return sorted({session for session, text in rows if rules.mentions(text, name)})

    def scrub(self) -> None:
        """VACUUM the erased rows' tables so their space is marked free and reused; the
        bytes may stay in table files until overwritten, in the write-ahead log until it
        is recycled, and in backups until they expire (docs/reliability.md). A login that
        does not own the tables cannot VACUUM them: the server's autovacuum then does.

        It runs after the erasure has committed, so a VACUUM stopped by a timeout or a
        lost connection must not fail the command: that would tell the counsellor the
        client is still there. Autovacuum does the same work later."""
        try:
            for table in ("notes", "ratings", "sessions", "shares", "clients"):
                self.connection.execute(f"VACUUM {SCHEMA}.{table}")
        except psycopg.DatabaseError:
            return

    # --- Sharing and the audit ----------------------------------------------------------

    def share(self, client: str, login: str) -> str:
        def work(cursor: psycopg.Cursor[Any]) -> str:
            row = self._client_row(cursor, client)
            if row is None:
                raise ClientNotFound(client.strip())
            cursor.execute(
                "SELECT pg_has_role(%s, %s, 'MEMBER') OR pg_has_role(%s, %s, 'MEMBER')"
                " FROM pg_roles WHERE rolname = %s",
                (login, COUNSELLOR, login, SUPERVISOR, login),
            )
            member = cursor.fetchone()
            if member is None:
                raise NotPermitted(self.location, login, "no such login")
            if not member[0]:
                raise NotPermitted(self.location, login, "no group role")
            self._require_keeper(cursor, int(row[0]), "share them")
            cursor.execute(
                f"INSERT INTO {SCHEMA}.shares (client_id, login) VALUES (%s, %s)"
                " ON CONFLICT DO NOTHING",
                (row[0], login),
            )
            self.audit(cursor, f"share:{login}", int(row[0]))
            return str(row[1])

        return self.write(work)

    def unshare(self, client: str, login: str) -> tuple[str, bool]:
        def work(cursor: psycopg.Cursor[Any]) -> tuple[str, bool]:
            row = self._client_row(cursor, client)
            if row is None:
                raise ClientNotFound(client.strip())
            cursor.execute(
                f"DELETE FROM {SCHEMA}.shares WHERE client_id = %s AND login = %s",
                (row[0], login),
            )
            removed = cursor.rowcount > 0  # read before the audit's insert resets it
            if not removed:
                # The share may be there but given by someone else (ben, shown a client,
                # cannot take the share back himself): say so, not "was not shared".
                self._require_keeper(cursor, int(row[0]), "stop sharing them")
            self.audit(cursor, f"unshare:{login}", int(row[0]))
            return str(row[1]), removed

        return self.write(work)

    def _require_keeper(self, cursor: psycopg.Cursor[Any], client_id: int, doing: str) -> None:
        """Only the client's own counsellor or a supervisor may share them or take a share
        back (the policies enforce it; this words it before the server refuses)."""
        cursor.execute(
            f"SELECT owner = current_user OR {SCHEMA}.is_supervisor()"
            f" FROM {SCHEMA}.clients WHERE id = %s",
            (client_id,),
        )
        keeper = cursor.fetchone()
        if not keeper or not keeper[0]:
            raise NotPermitted(
                self.location,
                self.login(),
                f"only the client's counsellor or a supervisor may {doing}",
            )

    def audit_trail(self, client: str | None = None) -> list[AuditEvent]:
        def work(cursor: psycopg.Cursor[Any]) -> list[AuditEvent]:
            where: str = ""
            args: tuple[Any, ...] = ()
            if client is not None:
                where, args = "WHERE a.client_id = %s", (self._require_id(cursor, client),)
            cursor.execute(
                "SELECT to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
                " a.login, a.command, a.action, a.client_id, c.name, a.session_id"
                f" FROM {SCHEMA}.audit a LEFT JOIN {SCHEMA}.clients c ON c.id = a.client_id"
                f" {where} ORDER BY a.id",
                args,
            )
            rows = cursor.fetchall()
            return [
                AuditEvent(
                    at=row[0],
                    login=row[1],
                    command=row[2],
                    action=row[3],
                    client_id=row[4],
                    client=row[5],
                    session=row[6],
                )
                for row in rows
            ]

        return self.read(work)

    # --- Moving between stores ---------------------------------------------------------

    def export(self, client: str | None = None, when: datetime | None = None) -> ExportDocument:
        def work(cursor: psycopg.Cursor[Any]) -> ExportDocument:
            if client is None:
                sessions = self._records(cursor, "", ())
            else:
                number = self._require_id(cursor, client)
                sessions = self._records(cursor, "WHERE s.client_id = %s", (number,))
            names = {s.client for s in sessions if s.client}
            if client is not None:
                row = self._client_row(cursor, client)
                assert row is not None
                names.add(str(row[1]))
            cursor.execute(f"SELECT name, consented_at FROM {SCHEMA}.clients")
            clients = [
                ClientRecord(name=n, consented_at=t) for n, t in cursor.fetchall() if n in names
            ]
            self.audit(cursor, "export")
            return rules.export_document(sessions, clients, clock.stamp(when))

        return self.read(work)

    def import_document(self, document: ExportDocument) -> rules.Imported:
        problems = rules.check_export(document)
        if problems:
            raise ImportRefused(problems)

        def work(cursor: psycopg.Cursor[Any]) -> rules.Imported:
            imported = skipped = 0
            conflicts: list[Conflict] = []
            renumbered: list[tuple[int, int]] = []
            for entry in document.clients:
                cursor.execute(
                    f"INSERT INTO {SCHEMA}.clients (name, name_key, consented_at)"
                    " VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                    (entry.name, rules.fold(entry.name), entry.consented_at),
                )
                if self._client_row(cursor, entry.name) is None:
                    raise ClientElsewhere(entry.name)
            pending = []
            for index, session in enumerate(document.sessions):
                cursor.execute(f"SELECT id FROM {SCHEMA}.sessions WHERE uid = %s", (session.uid,))
                existing = cursor.fetchone()
                if existing is not None:
                    here = self._records(cursor, "WHERE s.id = %s", (existing[0],))[0]
                    if not rules.same_content(here, session):
                        conflicts.append(Conflict(index, session.uid, int(existing[0])))
                    skipped += 1
                    continue
                cursor.execute(
                    f"SELECT EXISTS (SELECT 1 FROM {SCHEMA}.sessions WHERE id = %s)", (session.id,)
                )
                pending.append((bool(cursor.fetchone()[0]), session))  # type: ignore[index]
            for session in rules.import_order(pending):
                number = self._import_session(cursor, session)
                if number != session.id:
                    renumbered.append((session.id, number))
                imported += 1
            if conflicts:
                raise ImportRefused(conflicts=conflicts)
            return rules.Imported(imported, skipped, renumbered)

        return self.write(work)

    def _import_session(self, cursor: psycopg.Cursor[Any], session: SessionRecord) -> int:
        client_id = None
        if session.client is not None:
            row = self._client_row(cursor, session.client)
            assert row is not None
            client_id = int(row[0])
        values = (
            (session.uid, client_id, session.created_at, session.source, session.tool_version),
            session.catalogue_hash,
            session.input.model_dump_json(),
            session.result.model_dump_json(),
            session.rated_at,
            rules.top_of(session.result),
        )
        number = self._number(cursor, wanted=session.id)
        if not self._insert_session(cursor, number, *values):
            number = self._number(cursor)  # the number is another counsellor's session
            self._insert_session(cursor, number, *values)
        cursor.executemany(
            f"INSERT INTO {SCHEMA}.ratings (session_id, skill, level) VALUES (%s, %s, %s)",
            [(number, skill, level) for skill, level in session.ratings.items()],
        )
        cursor.executemany(
            f"INSERT INTO {SCHEMA}.notes (session_id, text, created_at) VALUES (%s, %s, %s)",
            [(number, note.text, note.created_at) for note in session.notes],
        )
        self.audit(cursor, "import", client_id, number)
        return number


# --- Opening, and the administrator's commands --------------------------------------------


def schema_version(connection: psycopg.Connection[Any]) -> int | None:
    """The store schema on this server, or None when `db init` has not run."""
    row = connection.execute(
        "SELECT to_regclass(%s) IS NOT NULL", (f"{SCHEMA}.schema_version",)
    ).fetchone()
    if not row or not row[0]:
        return None
    found = connection.execute(f"SELECT max(version) FROM {SCHEMA}.schema_version").fetchone()
    return int(found[0]) if found and found[0] is not None else 0


def open_postgres(url: str, command: str = "") -> PostgresStore:
    """Connect as the login the URL (or PG* variables, ~/.pgpass) names, and check that
    the schema is there, at this version, and that the login may use it."""
    connection = connect(url)
    store = PostgresStore(connection, url, command)
    try:
        with store.guarded():
            row = connection.execute(
                "SELECT to_regnamespace(%s) IS NOT NULL,"
                " EXISTS (SELECT FROM pg_roles WHERE rolname = %s)",
                (SCHEMA, COUNSELLOR),
            ).fetchone()
            if not row or not (row[0] and row[1]):
                raise NotInitialised(store.location, None, SCHEMA_VERSION)
            member = connection.execute(
                "SELECT pg_has_role(current_user, %s, 'MEMBER')"
                " OR pg_has_role(current_user, %s, 'MEMBER')",
                (COUNSELLOR, SUPERVISOR),
            ).fetchone()
            if not member or not member[0]:
                raise NotPermitted(store.location, store.login(), "no group role")
            version = schema_version(connection)
        if version is None:
            raise NotInitialised(store.location, None, SCHEMA_VERSION)
        if version > SCHEMA_VERSION:
            raise TooNew(store.location, version, SCHEMA_VERSION)
        if version < SCHEMA_VERSION:
            raise NotInitialised(store.location, version, SCHEMA_VERSION)
    except BaseException:
        connection.close()
        raise
    return store


def initialise(url: str) -> tuple[str, int, int]:
    """Create or upgrade the schema (idempotent): (where, version before, version now)."""
    connection = connect(url)
    location = display(url)
    try:
        with connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(hashtext('bpo_assess init'))")
            connection.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
            connection.execute(
                f"CREATE TABLE IF NOT EXISTS {SCHEMA}.schema_version"
                " (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
            )
            before = schema_version(connection) or 0
            if before > SCHEMA_VERSION:
                raise TooNew(location, before, SCHEMA_VERSION)
            for number, steps in enumerate(MIGRATIONS[before:], start=before + 1):
                for statement in steps:
                    connection.execute(statement)
                connection.execute(
                    f"INSERT INTO {SCHEMA}.schema_version (version) VALUES (%s)", (number,)
                )
            for group in (COUNSELLOR, SUPERVISOR):
                connection.execute(
                    sql.SQL("GRANT SELECT ON {}.schema_version TO {}").format(
                        sql.Identifier(SCHEMA), sql.Identifier(group)
                    )
                )
    except pg_errors.InsufficientPrivilege as error:
        raise NotPermitted(location, str(connection.info.user), first_line(error)) from None
    except psycopg.DatabaseError as error:
        raise Unavailable(location, "use", first_line(error)) from None
    finally:
        connection.close()
    return location, before, SCHEMA_VERSION


def status(url: str) -> dict[str, Any]:
    """Which engine, which schema version, and who you are (works before `db init`)."""
    connection = connect(url)
    try:
        with connection.transaction():
            row = connection.execute(
                "SELECT current_user,"
                " EXISTS (SELECT FROM pg_roles WHERE rolname = %s)"
                " AND pg_has_role(current_user, %s, 'MEMBER'),"
                " EXISTS (SELECT FROM pg_roles WHERE rolname = %s)"
                " AND pg_has_role(current_user, %s, 'MEMBER')",
                (SUPERVISOR, SUPERVISOR, COUNSELLOR, COUNSELLOR),
            ).fetchone()
            server = connection.info.parameter_status("server_version")
        version: int | None = None
        try:
            with connection.transaction():
                version = schema_version(connection)
        except pg_errors.InsufficientPrivilege:
            version = None  # a login without a group role cannot read it
    except psycopg.DatabaseError as error:
        raise Unavailable(display(url), "use", first_line(error)) from None
    finally:
        connection.close()
    assert row is not None
    role = "supervisor" if row[1] else "counsellor" if row[2] else None
    return {
        "engine": "postgresql",
        "location": display(url),
        "server_version": server,
        "schema_version": version,
        "supported_schema_version": SCHEMA_VERSION,
        "login": row[0],
        "role": role,
    }


def grant(url: str, login: str, supervisor: bool) -> str:
    """Give `login` the counsellor's or the supervisor's group role."""
    group = SUPERVISOR if supervisor else COUNSELLOR
    connection = connect(url)
    location = display(url)
    try:
        with connection.transaction():
            exists = connection.execute(
                "SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)
            ).fetchone()
            if not exists:
                raise NotPermitted(location, login, "no such login")
            connection.execute(
                sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(login))
            )
    except pg_errors.InsufficientPrivilege as error:
        raise NotPermitted(location, str(connection.info.user), first_line(error)) from None
    except psycopg.DatabaseError as error:
        raise Unavailable(location, "use", first_line(error)) from None
    finally:
        connection.close()
    return group
