"""The shared PostgreSQL store through the commands: the counsellor's workflow, who may see
what (two counsellors and a supervisor, through bpo-assess and through plain SQL), the
audit trail, set-up and bad input. A throwaway server per test session (conftest.py)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

psycopg = pytest.importorskip("psycopg", reason="the postgres extra is not installed")
from psycopg import errors as pg_errors  # noqa: E402

from bpo_assess.cli import app  # noqa: E402
from bpo_assess.counsel import sessions as counsel  # noqa: E402
from bpo_assess.counsel.store.postgres import COUNSELLOR, SUPERVISOR  # noqa: E402
from conftest import pg_login  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CLIENT = "Maria Santos"


class Logins:
    """URLs of ana and ben (counsellors), sue (supervisor) and the database owner."""

    def __init__(self, server: Any, database: str) -> None:
        self.owner = server.url(database=database)
        self.ana = pg_login(server, database, "ana", COUNSELLOR)
        self.ben = pg_login(server, database, "ben", COUNSELLOR)
        self.sue = pg_login(server, database, "sue", SUPERVISOR)
        self.nobody = pg_login(server, database, "nobody", None)


@pytest.fixture
def logins(pg_server: Any, pg_database: str) -> Logins:
    return Logins(pg_server, pg_database)


def bpo(url: str | None, *args: Any, code: int = 0, when: str = "2026-11-18T10:00:00Z") -> Any:
    env = {"BPO_ASSESS_NOW": when}
    if url is not None:
        env["BPO_ASSESS_DATABASE_URL"] = url
    result = CliRunner().invoke(app, [str(arg) for arg in args], env=env)
    assert result.exit_code == code, (args, result.output)
    return result


def workflow(url: str | None) -> dict[str, str]:
    """docs/counsellors.md's weeks with a client; what each reading command printed."""
    bpo(url, "score", EXAMPLES / "week1.json", "--client", CLIENT, "--consent")
    bpo(url, "score", EXAMPLES / "week2.json", "--client", CLIENT, when="2026-11-25T10:00:00Z")
    bpo(url, "rate", 2, "--from", EXAMPLES / "counsellor-ratings.json")
    bpo(url, "note", 2, "Keen on technical support; book CompTIA A+ prep.")
    shown = {
        " ".join(args): re.sub(r"[0-9a-f]{16}", "UID", bpo(url, *args).stdout)
        for args in (
            ("history", "--json"),
            ("history",),
            ("show", "2", "--json"),
            ("compare", "--client", CLIENT, "--json"),
            ("report", "2", "--format", "md"),
            ("export",),
        )
    }
    bpo(url, "forget", "--client", CLIENT, "--yes")
    assert json.loads(bpo(url, "history", "--json").stdout)["sessions"] == []
    return shown


WHO = {"saved_by", "rated_by", "by"}


def without_who(document: Any) -> Any:
    """A JSON document without who saved, rated or noted (kept by the shared store only)."""
    if isinstance(document, dict):
        return {k: without_who(v) for k, v in document.items() if k not in WHO}
    if isinstance(document, list):
        return [without_who(v) for v in document]
    return document


def test_the_counsellors_workflow_gives_the_same_output_on_both_engines(
    logins: Logins,
) -> None:
    on_postgres = workflow(logins.ana)
    on_sqlite = workflow(None)
    for command in (
        "history --json",
        "show 2 --json",
        f"compare --client {CLIENT} --json",
        "export",
    ):
        assert without_who(json.loads(on_postgres[command])) == json.loads(on_sqlite[command])
    shown = json.loads(on_postgres["show 2 --json"])["session"]
    assert (shown["saved_by"], shown["rated_by"], shown["notes"][0]["by"]) == ("ana",) * 3
    assert "by ana" in on_postgres["history"] and "by ana" not in on_sqlite["history"]
    assert "(ana): Keen on technical support" in on_postgres["report 2 --format md"]
    assert "by ana, rated by ana" in on_postgres["report 2 --format md"]
    assert (
        on_postgres["report 2 --format md"]
        .replace(" (ana)", "")
        .replace(" by ana, rated by ana", "")
        == on_sqlite["report 2 --format md"]
    )


def test_each_counsellor_sees_only_their_clients_and_shared_ones(logins: Logins) -> None:
    bpo(logins.ana, "score", EXAMPLES / "week1.json", "--client", CLIENT, "--consent")
    bpo(logins.ben, "score", EXAMPLES / "ratings.json", "--client", "Bo Reyes", "--consent")
    ana_sees = json.loads(bpo(logins.ana, "history", "--json").stdout)["sessions"]
    assert [s["client"] for s in ana_sees] == [CLIENT]
    assert "no session '1'" in bpo(logins.ben, "show", 1, code=1).stderr
    assert "no session '1'" in bpo(logins.ben, "note", 1, "x", code=1).stderr
    assert "no session '1'" in bpo(logins.ben, "report", 1, code=1).stderr
    assert (
        "no client named" in bpo(logins.ben, "forget", "--client", CLIENT, "--yes", code=1).stderr
    )
    assert CLIENT not in bpo(logins.ben, "export").stdout
    # The same name cannot be taken over by another counsellor.
    taken = bpo(
        logins.ben,
        "score",
        EXAMPLES / "ratings.json",
        "--client",
        "maria SANTOS",
        "--consent",
        code=1,
    )
    assert "kept by another counsellor" in taken.stderr
    # Shared: ben sees and works with the client, but may not erase them.
    assert (
        "Shared Maria Santos with ben"
        in bpo(logins.ana, "share", "--client", CLIENT, "--with", "ben").stderr
    )
    bpo(logins.ben, "note", 1, "Seen by ben too.")
    assert "Seen by ben too." in bpo(logins.ben, "show", 1).stdout
    refused = bpo(logins.ben, "forget", "--client", CLIENT, "--yes", code=1)
    assert "may not do this" in refused.stderr
    assert "may not do this" in bpo(logins.ben, "forget", 1, "--yes", code=1).stderr
    # Only the client's counsellor (or a supervisor) shares them on or takes a share back.
    onward = bpo(logins.ben, "share", "--client", CLIENT, "--with", "sue", code=1).stderr
    assert "only the client's counsellor or a supervisor may share them" in onward
    back = bpo(logins.ben, "unshare", "--client", CLIENT, "--with", "ben", code=1).stderr
    assert "only the client's counsellor or a supervisor may stop sharing them" in back
    assert "Seen by ben too." in bpo(logins.ben, "show", 1).stdout
    told = bpo(logins.ana, "unshare", "--client", CLIENT, "--with", "ben").stderr
    assert "ben no longer sees Maria Santos" in told
    again = bpo(logins.ana, "unshare", "--client", CLIENT, "--with", "ben").stderr
    assert "Maria Santos was not shared with ben" in again
    assert "no session '1'" in bpo(logins.ben, "show", 1, code=1).stderr
    assert (
        "no database login"
        in bpo(logins.ana, "share", "--client", CLIENT, "--with", "nobody-at-all", code=2).stderr
    )
    assert (
        "not a bpo-assess counsellor"
        in bpo(logins.ana, "share", "--client", CLIENT, "--with", "nobody", code=1).stderr
    )
    # The supervisor sees everyone, and may erase any client.
    sue_sees = json.loads(bpo(logins.sue, "history", "--json").stdout)["sessions"]
    assert sorted(s["client"] for s in sue_sees) == ["Bo Reyes", CLIENT]
    erased = bpo(logins.sue, "forget", "--client", "Bo Reyes", "--yes").stderr
    assert "write-ahead log and backups until they expire" in erased
    assert json.loads(bpo(logins.ben, "history", "--json").stdout)["sessions"] == []


def direct(url: str, statement: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(statement)
        return cursor.fetchall() if cursor.description else []


def test_plain_sql_sees_no_more_than_the_program(logins: Logins) -> None:
    bpo(logins.ana, "score", EXAMPLES / "week1.json", "--client", CLIENT, "--consent")
    bpo(logins.ana, "note", 1, "Private remark.")
    for table in ("clients", "sessions", "notes", "ratings", "shares"):
        assert direct(logins.ben, f"SELECT * FROM bpo_assess.{table}") == [], table
    with pytest.raises(pg_errors.InsufficientPrivilege):  # nobody edits a stored session
        direct(logins.ben, "UPDATE bpo_assess.sessions SET source = 'x'")
    assert direct(logins.ben, "DELETE FROM bpo_assess.clients") == []
    assert len(direct(logins.ana, "SELECT * FROM bpo_assess.clients")) == 1
    with pytest.raises(pg_errors.InsufficientPrivilege):
        direct(logins.ben, "SELECT * FROM bpo_assess.audit")
    with pytest.raises(pg_errors.InsufficientPrivilege):
        direct(logins.nobody, "SELECT * FROM bpo_assess.clients")
    # A counsellor cannot pose as another in what the store records.
    direct(
        logins.ben,
        "INSERT INTO bpo_assess.clients (name, name_key, consented_at, owner)"
        " VALUES ('Eve', 'eve', '2026-11-18T10:00:00Z', 'ana')",
    )
    assert direct(logins.ben, "SELECT owner FROM bpo_assess.clients") == [("ben",)]


def test_plain_sql_cannot_rewrite_who_did_what_or_wind_the_counter_back(
    logins: Logins,
) -> None:
    """Through bpo-assess a session is saved, rated and noted but never edited; with psql
    a counsellor the client is shared with can do no more."""
    bpo(logins.ana, "score", EXAMPLES / "week1.json", "--client", CLIENT, "--consent")
    bpo(logins.ana, "rate", 1, "--from", EXAMPLES / "counsellor-ratings.json")
    bpo(logins.ana, "note", 1, "Private remark.")
    bpo(logins.ana, "share", "--client", CLIENT, "--with", "ben")
    for statement in (
        "UPDATE bpo_assess.sessions SET saved_by = 'ben'",
        "UPDATE bpo_assess.sessions SET result_json = '{}'",
        "UPDATE bpo_assess.notes SET written_by = 'ben'",
        "UPDATE bpo_assess.notes SET text = 'Something else.'",
        "DELETE FROM bpo_assess.notes",
        "DELETE FROM bpo_assess.ratings",
        "UPDATE bpo_assess.clients SET owner = 'ben'",
        "UPDATE bpo_assess.shares SET granted_by = 'ana'",
    ):
        with pytest.raises(pg_errors.InsufficientPrivilege):
            direct(logins.ben, statement)
    # What the program changes may be changed, but always under the login's own name.
    direct(logins.ben, "UPDATE bpo_assess.sessions SET rated_by = 'ana'")
    assert direct(logins.sue, "SELECT rated_by FROM bpo_assess.sessions") == [("ben",)]
    direct(logins.ana, "UPDATE bpo_assess.sessions SET rated_by = 'nobody'")
    direct(logins.ben, "UPDATE bpo_assess.ratings SET level = 1")
    assert direct(logins.sue, "SELECT rated_by FROM bpo_assess.sessions") == [("ben",)]
    shown = json.loads(bpo(logins.ana, "show", 1, "--json").stdout)["session"]
    assert (shown["saved_by"], shown["rated_by"], shown["notes"][0]["by"]) == ("ana", "ben", "ana")
    assert shown["notes"][0]["text"] == "Private remark."
    # The counter never goes back, so the next save still finds a free number.
    direct(logins.ben, "UPDATE bpo_assess.counters SET last = 0")
    assert direct(logins.ben, "SELECT last FROM bpo_assess.counters") == [(1,)]
    saved = bpo(logins.ben, "score", EXAMPLES / "week2.json", "--client", CLIENT)
    assert "Saved as session 2" in saved.stderr + saved.stdout


def test_db_init_upgrades_a_schema_1_store_in_place(
    pg_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bpo_assess.counsel.store import postgres

    database = pg_server.new_database()
    owner = pg_server.url(database=database)
    ana = pg_login(pg_server, database, "ana", COUNSELLOR)
    with monkeypatch.context() as old_program:  # the release that wrote schema 1
        old_program.setattr(postgres, "MIGRATIONS", postgres.MIGRATIONS[:1])
        old_program.setattr(postgres, "SCHEMA_VERSION", 1)
        assert "schema 0 -> 1" in bpo(owner, "db", "init").stderr
        bpo(ana, "score", EXAMPLES / "week1.json", "--client", CLIENT, "--consent")
        bpo(ana, "note", 1, "Before the upgrade.")
    older = bpo(ana, "history", code=1)
    assert "holds store schema 1, older than this version's 2" in older.stderr
    assert "schema 1 -> 2" in bpo(owner, "db", "init").stderr
    assert "nothing to do" in bpo(owner, "db", "init").stderr
    shown = json.loads(bpo(ana, "show", 1, "--json").stdout)["session"]
    assert (shown["client"], shown["notes"][0]["text"]) == (CLIENT, "Before the upgrade.")
    with pytest.raises(pg_errors.InsufficientPrivilege):
        direct(ana, "UPDATE bpo_assess.sessions SET saved_by = 'ben'")
    versions = direct(owner, "SELECT version FROM bpo_assess.schema_version ORDER BY version")
    assert versions == [(1,), (2,)]


@pytest.mark.parametrize("login", ["ana", "sue"])
def test_nobody_can_change_or_delete_audit_rows(logins: Logins, login: str) -> None:
    bpo(logins.ana, "score", EXAMPLES / "week1.json", "--client", CLIENT, "--consent")
    url = getattr(logins, login)
    for statement in (
        "UPDATE bpo_assess.audit SET login = 'someone'",
        "DELETE FROM bpo_assess.audit",
        "TRUNCATE bpo_assess.audit",
    ):
        with pytest.raises(pg_errors.InsufficientPrivilege):
            direct(url, statement)
    direct(url, "INSERT INTO bpo_assess.audit (command, action, login) VALUES ('x', 'y', 'zed')")
    logged = direct(logins.sue, "SELECT login FROM bpo_assess.audit WHERE command = 'x'")
    assert logged == [(login,)]  # the login is the one connected, whatever was written


def test_the_audit_records_reads_and_changes_and_forgets_the_name(logins: Logins) -> None:
    bpo(logins.ana, "score", EXAMPLES / "week1.json", "--client", CLIENT, "--consent")
    bpo(logins.ana, "show", 1)
    bpo(logins.ana, "rate", 1, "--from", EXAMPLES / "counsellor-ratings.json")
    events = json.loads(bpo(logins.sue, "audit", "--client", CLIENT, "--json").stdout)["events"]
    done = [(e["login"], e["command"], e["action"]) for e in events]
    assert ("ana", "score", "consent") in done and ("ana", "score", "save") in done
    assert ("ana", "show", "read") in done and ("ana", "rate", "rate") in done
    assert "may not do this" in bpo(logins.ana, "audit", code=1).stderr
    bpo(logins.ana, "forget", "--client", CLIENT, "--yes")
    after = bpo(logins.sue, "audit", "--json").stdout
    assert CLIENT not in after and "Maria" not in after
    forgotten = json.loads(after)["events"]
    assert ("ana", "forget", "forget") in [
        (e["login"], e["command"], e["action"]) for e in forgotten
    ]
    assert all(e["client"] is None for e in forgotten)
    assert "(forgotten)" in bpo(logins.sue, "audit").stdout


def test_set_up_status_and_grant(logins: Logins, pg_server: Any) -> None:
    again = bpo(logins.owner, "db", "init")
    assert "nothing to do" in again.stderr
    status = json.loads(bpo(logins.ana, "db", "status", "--json").stdout)
    assert (status["engine"], status["login"], status["role"]) == (
        "postgresql",
        "ana",
        "counsellor",
    )
    assert status["schema_version"] == status["supported_schema_version"]
    refused = bpo(logins.nobody, "history", code=1)
    assert "not a bpo-assess counsellor or supervisor" in refused.stderr
    assert "db grant nobody" in refused.stderr
    assert "is now in bpo_assess_counsellor" in bpo(logins.owner, "db", "grant", "nobody").stderr
    bpo(logins.nobody, "history")
    assert "no database login" in bpo(logins.owner, "db", "grant", "no-such", code=2).stderr
    fresh = pg_server.url(database=pg_server.new_database())
    assert "holds no bpo-assess store yet" in bpo(fresh, "history", code=1).stderr
    direct(logins.owner, "UPDATE bpo_assess.schema_version SET version = 0")
    older = bpo(logins.ana, "history", code=1)
    assert "holds store schema 0, older than" in older.stderr and "db init" in older.stderr
    direct(logins.owner, "UPDATE bpo_assess.schema_version SET version = 99")
    newer = bpo(logins.ana, "history", code=1)
    assert "newer bpo-assess (store schema 99" in newer.stderr
    assert "newer bpo-assess" in bpo(logins.owner, "db", "init", code=1).stderr


def test_bad_addresses_are_one_line_each() -> None:
    down = bpo("postgresql://ana@127.0.0.1:1/none", "history", code=4)
    assert down.stderr.count("\n") == 1 and "cannot connect" in down.stderr
    wrong = bpo("postgresql://a b", "history", code=2)
    assert wrong.stderr.count("\n") == 1 and "not a database address" in wrong.stderr
    given = bpo(None, "--database-url", "postgresql://ana@127.0.0.1:1/none", "history", code=4)
    assert "127.0.0.1:1/none: cannot connect" in given.stderr  # the option, not the variable
    assert "needs the shared PostgreSQL store" in bpo(None, "db", "init", code=2).stderr
    assert "needs the shared PostgreSQL store" in bpo(None, "audit", code=2).stderr


def test_a_connection_lost_after_forget_committed_still_reports_the_erasure(
    logins: Logins, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows are gone once the transaction commits; the VACUUM that follows is
    housekeeping, and its failure must not say that nothing was erased."""
    from bpo_assess.counsel.store.postgres import open_postgres

    bpo(logins.ana, "score", EXAMPLES / "week1.json", "--client", CLIENT, "--consent")
    with open_postgres(logins.ana) as store:
        committed = store.write

        def then_dropped(work: Callable[[Any], Any]) -> Any:
            done = committed(work)
            pid = store.connection.info.backend_pid
            direct(logins.owner, f"SELECT pg_terminate_backend({pid})")
            return done

        monkeypatch.setattr(store, "write", then_dropped)
        assert store.forget_client(CLIENT) == 1
    assert json.loads(bpo(logins.sue, "history", "--json").stdout)["sessions"] == []


def database(logins: Logins) -> str:
    return str(logins.owner).rsplit("/", 1)[1]


def test_a_failing_server_never_falls_back_to_the_sqlite_file(
    logins: Logins, pg_server: Any, tmp_path: Path
) -> None:
    """Down, refused, uninitialised or a login without a role: each store command stops
    with its line, and the same user's SQLite store is left exactly as it was."""
    bpo(None, "score", EXAMPLES / "week1.json", "--client", "Jo Cruz", "--consent")
    bpo(None, "export", "-o", tmp_path / "jo.json")
    kept = bpo(None, "export").stdout
    fresh = pg_server.url("ana", pg_server.new_database())  # no `db init` there
    for url, code in (
        ("postgresql://ana@127.0.0.1:1/none", 4),
        (pg_login(pg_server, database(logins), "roleless", None), 1),  # never granted
        (fresh, 1),
    ):
        for args in (
            ("score", EXAMPLES / "week2.json", "--client", "Jo Cruz", "--consent"),
            ("history",),
            ("note", 1, "A note."),
            ("forget", "--client", "Jo Cruz", "--yes"),
            ("import", tmp_path / "jo.json"),
        ):
            assert bpo(url, *args, code=code).stderr.count("\n") == 1, (url, args)
    assert bpo(None, "export").stdout == kept


@pytest.mark.parametrize(
    "address",
    [
        "postgresql://ana:secret@127.0.0.1:1/none",
        "postgresql://ana@127.0.0.1:1/none?password=secret",
        "host=127.0.0.1 port=1 user=ana password=secret dbname=none",
    ],
)
def test_a_password_on_the_command_line_is_refused_before_connecting(address: str) -> None:
    refused = bpo(None, "--database-url", address, "history", code=2)
    assert refused.stderr.count("\n") == 1 and "~/.pgpass" in refused.stderr
    assert "secret" not in refused.stderr


def test_a_deadlock_or_serialization_failure_is_retried_a_bounded_number_of_times(
    logins: Logins,
) -> None:
    from bpo_assess.counsel.store.errors import Unavailable
    from bpo_assess.counsel.store.messages import explain
    from bpo_assess.counsel.store.postgres import RETRIES, open_postgres

    calls: list[int] = []

    def flaky(cursor: Any) -> str:
        calls.append(1)
        store.audit(cursor, "probe")  # rolled back with each failed attempt, kept once
        if len(calls) < 3:
            raise pg_errors.DeadlockDetected("deadlock detected")
        return "done"

    def stuck(cursor: Any) -> str:
        calls.append(1)
        raise pg_errors.SerializationFailure("could not serialize access")

    with open_postgres(logins.ana) as store:
        assert store.write(flaky) == "done" and len(calls) == 3
        calls.clear()
        with pytest.raises(Unavailable) as caught:
            store.write(stuck)
    assert len(calls) == RETRIES
    probes = direct(logins.sue, "SELECT count(*) FROM bpo_assess.audit WHERE action = 'probe'")
    assert probes == [(1,)]
    told = explain(caught.value)
    assert (
        told.code == 4 and len(told.problems) == 1 and "run the command again" in told.problems[0]
    )


def test_a_connection_dropped_during_forget_or_import_changes_nothing(logins: Logins) -> None:
    from bpo_assess.counsel.store.errors import Unavailable
    from bpo_assess.counsel.store.messages import explain
    from bpo_assess.counsel.store.postgres import open_postgres

    bpo(logins.ana, "score", EXAMPLES / "week1.json", "--client", CLIENT, "--consent")
    exported = bpo(logins.ana, "export").stdout
    uid = json.loads(exported)["sessions"][0]["uid"]
    copy = exported.replace('"id": 1', '"id": 7').replace(uid, "0123456789abcdef")
    document = counsel.parse_export(copy, "x.json")
    erasures: list[Callable[[Any], object]] = [
        lambda store: store.forget_client(CLIENT),
        lambda store: store.import_document(document),
    ]
    for erase in erasures:
        with open_postgres(logins.ana) as store:
            direct(
                logins.owner, f"SELECT pg_terminate_backend({store.connection.info.backend_pid})"
            )
            with pytest.raises(Unavailable) as caught:
                erase(store)
        told = explain(caught.value)
        assert told.code == 4 and "connection to the server was lost" in told.problems[0]
        assert len(json.loads(bpo(logins.ana, "history", "--json").stdout)["sessions"]) == 1
    # A statement timeout: another session holds the counter, the save waits, is stopped.
    direct(logins.owner, "ALTER ROLE ana SET statement_timeout = '300ms'")
    with psycopg.connect(logins.owner) as holder:
        holder.execute("LOCK TABLE bpo_assess.counters IN ACCESS EXCLUSIVE MODE")
        slow = bpo(logins.ana, "score", EXAMPLES / "week2.json", "--client", CLIENT, code=4)
    direct(logins.owner, "ALTER ROLE ana RESET statement_timeout")
    assert slow.stderr.count("\n") == 1 and "ran too long" in slow.stderr
    assert len(json.loads(bpo(logins.ana, "history", "--json").stdout)["sessions"]) == 1


def blocked(url: str, application: str = "bpo-assess") -> bool:
    """Whether a bpo-assess connection waits for a lock (inside its transaction)."""
    waiting = direct(
        url,
        "SELECT count(*) FROM pg_stat_activity"
        f" WHERE application_name = '{application}' AND wait_event_type = 'Lock'",
    )
    return bool(waiting[0][0])


@pytest.mark.parametrize("command", ["forget", "import"])
def test_a_server_restarting_mid_command_keeps_nothing_half_written(
    pg_server: Any, tmp_path: Path, command: str
) -> None:
    """The command has written some rows in its transaction and waits for the audit
    (another session holds its lock) when the server restarts: one line, exit 4, and
    afterwards the store is exactly as before."""
    import subprocess
    import sys
    import time

    database = pg_server.new_database()
    owner = pg_server.url(database=database)
    bpo(owner, "db", "init")
    ana = pg_login(pg_server, database, "ana", COUNSELLOR)
    bpo(ana, "score", EXAMPLES / "week1.json", "--client", CLIENT, "--consent")
    exported = tmp_path / "other.json"
    bpo(None, "score", EXAMPLES / "week2.json", "--client", "Jo Cruz", "--consent")
    bpo(None, "export", "--client", "Jo Cruz", "-o", exported)
    before = bpo(ana, "export").stdout
    args = {
        "forget": ["forget", "--client", CLIENT, "--yes"],
        "import": ["import", str(exported)],
    }
    holder = psycopg.connect(owner)
    holder.execute("LOCK TABLE bpo_assess.audit IN ACCESS EXCLUSIVE MODE")
    child = subprocess.Popen(
        [sys.executable, "-m", "bpo_assess", *args[command]],
        env={**os.environ, "BPO_ASSESS_DATABASE_URL": ana},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not blocked(owner) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert blocked(owner), "the command never reached the audit"
        pg_server.restart()
        _, stderr = child.communicate(timeout=60)
    finally:
        child.kill()
        holder.close()
    assert child.returncode == 4, stderr
    assert stderr.count("\n") == 1 and "connection to the server was lost" in stderr
    assert "Traceback" not in stderr
    assert bpo(ana, "export").stdout == before


def test_the_counsellors_page_runs_as_written_on_postgresql(
    logins: Logins, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/counsellors.md from top to bottom, each command once, in order, on the shared
    store: every one that runs on the file store runs here, with the same exit code."""
    import shutil

    from test_docs import needs_terminal, shown_commands

    steps = [
        (env, args)
        for env, args in shown_commands(ROOT / "docs" / "counsellors.md")
        if not needs_terminal(args) and "quiz" not in args
    ]
    assert len(steps) >= 8
    outcomes: dict[str, list[tuple[str, int]]] = {}
    for engine, url in (("sqlite", None), ("postgresql", logins.ana)):
        folder = tmp_path / engine
        shutil.copytree(EXAMPLES, folder / "examples")
        monkeypatch.chdir(folder)
        monkeypatch.setenv("BPO_ASSESS_HOME", str(folder / "home"))
        done = []
        for env, args in steps:
            extra = dict(env)
            if url is not None:
                extra["BPO_ASSESS_DATABASE_URL"] = url
            result = CliRunner().invoke(app, args, env=extra)
            done.append((" ".join(args), result.exit_code))
        outcomes[engine] = done
    assert outcomes["postgresql"] == outcomes["sqlite"]
    assert sum(code == 0 for _, code in outcomes["postgresql"]) >= len(steps) - 2
