"""The SQLite engine: its file, PRAGMAs, WAL, migrations and processes sharing it.

What every engine must do is in test_store_contract.py; this file holds what only the
SQLite engine does, and the messages its refusals become.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bpo_assess import __version__
from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import AssessmentInput, AssessmentResult, ExportDocument
from bpo_assess.core.scoring import assess
from bpo_assess.counsel import sessions, store
from bpo_assess.counsel.store import sqlite as engine
from bpo_assess.counsel.store.errors import StoreError
from bpo_assess.counsel.store.messages import explain
from bpo_assess.errors import BpoError, UsageError
from bpo_assess.io import clock

WEEK_ONE = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
WEEK_TWO = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
NAME = "Zelda Quixote-Unique"


def scored(catalogue: Catalogue, level: float = 3) -> tuple[AssessmentInput, AssessmentResult]:
    data = AssessmentInput(skills=dict.fromkeys(catalogue.skill_ids, level))
    return data, assess(catalogue, data)


def opened(write: bool = True) -> engine.SQLiteStore:
    return engine.open_sqlite(store.store_path(), write=write)


def consent(name: str = NAME) -> None:
    with opened() as here:
        assert sessions.ensure_consent(here, name, True, None, when=WEEK_ONE)


def save(catalogue: Catalogue, client: str | None = NAME, level: float = 3) -> int:
    data, result = scored(catalogue, level)
    with opened() as here:
        return here.save_session(data, result, client=client, source="score", when=WEEK_ONE).id


def refusal(error: StoreError) -> list[str]:
    """What a person reads for a refusal (one line each)."""
    return explain(error).problems


def test_the_file_is_private_and_made_at_the_first_write(catalogue: Catalogue) -> None:
    path = store.store_path()
    with opened() as here:
        assert here.summaries() == [] and not path.exists()  # reading makes nothing
        asked: list[str] = []

        def decline(text: str) -> bool:
            asked.append(text)
            return False

        assert not sessions.ensure_consent(here, NAME, False, decline)
        assert not path.exists() and str(path) in asked[0]  # declining makes nothing
        assert sessions.ensure_consent(here, NAME, True, None, when=WEEK_ONE)
        assert path.exists()
    save(catalogue)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA application_id").fetchone()[0] == engine.APPLICATION_ID


def test_simulated_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.NOW_ENV, "2026-11-18T10:00:00Z")
    assert clock.stamp() == "2026-11-18T10:00:00Z"
    monkeypatch.setenv(clock.NOW_ENV, "2026-11-18")
    assert clock.stamp() == "2026-11-18T00:00:00Z"
    monkeypatch.setenv(clock.NOW_ENV, "next tuesday")
    with pytest.raises(UsageError, match="ISO 8601"):
        clock.now()


def snapshot() -> ExportDocument:
    with opened() as here:
        return here.export(when=WEEK_TWO)


def make_store(path: Path, version: int) -> sqlite3.Connection:
    """A store as schema `version` left it (the shipped migrations up to there)."""
    connection = sqlite3.connect(path, isolation_level=None)
    for steps in engine.MIGRATIONS[:version]:
        for step in steps:
            connection.execute(step) if isinstance(step, str) else step(connection)
    connection.execute(f"PRAGMA user_version = {version}")
    connection.execute(f"PRAGMA application_id = {engine.APPLICATION_ID}")
    return connection


def test_migration_from_the_first_schema() -> None:
    path = store.store_path()
    connection = make_store(path, 1)
    connection.execute(
        "INSERT INTO clients (name, consented_at) VALUES (?, ?)", ("ÉMILE", "2026-11-18T10:00:00Z")
    )
    connection.execute(
        "INSERT INTO sessions (uid, client_id, created_at, source, tool_version, catalogue_hash,"
        " input_json, result_json, note) VALUES (?, 1, ?, 'score', '0.1.0', ?, ?, ?, ?)",
        (
            "0123456789abcdef",
            "2026-11-18T10:00:00Z",
            "sha256:x",
            '{"skills": {"communication": 3}}',
            '{"matches": [{"role": "r", "title": "R", "match": 0.1}]}',
            "Prefers chat work.",
        ),
    )
    connection.close()
    with opened() as here:
        db = here.connection
        assert db.execute("PRAGMA user_version").fetchone()[0] == engine.SCHEMA_VERSION == 4
        assert db.execute("SELECT text FROM notes").fetchall() == [("Prefers chat work.",)]
        columns = [row[1] for row in db.execute("PRAGMA table_info(sessions)")]
        assert "note" not in columns and "rated_at" in columns
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        # 2 -> 3 folded the names in Python, with no function registered on the connection
        assert db.execute("SELECT name_key FROM clients").fetchall() == [("émile",)]
        assert here.client("émile") is not None
        # 3 -> 4: the counter took the highest number, and history's columns were filled
        assert db.execute("SELECT last FROM counters").fetchall() == [(1,)]
        assert db.execute("SELECT top_role, top_title, top_match FROM sessions").fetchall() == [
            ("r", "R", 0.1)
        ]


def test_a_forgotten_last_number_stays_used_across_the_migration(catalogue: Catalogue) -> None:
    """Schema 3 numbered with AUTOINCREMENT: its counter (sqlite_sequence) outlives a
    forgotten last session, and schema 4's counter row starts from it."""
    path = store.store_path()
    connection = make_store(path, 3)
    data, result = scored(catalogue)
    for number in (1, 2):
        connection.execute(
            "INSERT INTO sessions (id, uid, created_at, source, tool_version, catalogue_hash,"
            " input_json, result_json) VALUES (?, ?, 'x', 'score', '0', ?, ?, ?)",
            (
                number,
                f"{number:016x}",
                result.catalogue_hash,
                data.model_dump_json(),
                result.model_dump_json(),
            ),
        )
    connection.execute("DELETE FROM sessions WHERE id = 2")
    connection.close()
    assert save(catalogue, client=None) == 3


def test_a_newer_store_is_refused_and_left_alone() -> None:
    path = store.store_path()
    consent()
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version = 99")
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        opened()
    assert refusal(caught.value) == [
        f"{path}: was written by a newer bpo-assess (store schema 99; this version"
        f" {__version__} reads up to {engine.SCHEMA_VERSION}); upgrade bpo-assess to use it"
    ]
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,level\nZelda,3\n", "is not a SQLite database"),
        (b"SQLite format 3\x00" + b"\xff" * 5000, "malformed|not a database|corrupt"),
    ],
)
def test_damaged_or_foreign_files_are_reported_and_never_overwritten(
    content: bytes, message: str
) -> None:
    path = store.store_path()
    path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        opened()
    problems = refusal(caught.value)
    assert len(problems) == 1 and __import__("re").search(message, problems[0])
    assert path.read_bytes() == content


def test_another_programs_database_is_refused() -> None:
    path = store.store_path()
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE contacts (name TEXT)")
    with pytest.raises(StoreError) as caught:
        opened()
    assert "another program" in refusal(caught.value)[0]
    with pytest.raises(StoreError) as caught:
        engine.open_sqlite(path.parent)
    assert refusal(caught.value) == [f"{path.parent}: is a folder, not a bpo-assess store"]


def test_reading_a_missing_store_creates_nothing() -> None:
    with opened(write=False) as here:
        assert here.sessions() == [] and here.summaries() == []
    assert not store.store_path().exists()


WRITER = textwrap.dedent(
    """
    import sys
    from bpo_assess.counsel import store
    from bpo_assess.core.catalogue import load_catalogue
    from bpo_assess.core.models import AssessmentInput
    from bpo_assess.core.scoring import assess

    catalogue = load_catalogue()
    data = AssessmentInput(skills={s: 3 for s in catalogue.skill_ids})
    result = assess(catalogue, data)
    client = None if sys.argv[1] == "-" else sys.argv[1]
    for _ in range(int(sys.argv[2])):
        with store.open_store() as opened:
            opened.save_session(data, result, client=client, source="score")
    """
)


def start_writers(*clients: str, count: int = 25) -> list[subprocess.Popen[bytes]]:
    return [
        subprocess.Popen([sys.executable, "-c", WRITER, name, str(count)], stderr=subprocess.PIPE)
        for name in clients
    ]


@pytest.mark.process
@pytest.mark.no_cover  # two writers at once; test_store_contract measures each call
def test_two_processes_creating_the_store_at_once_both_succeed() -> None:
    for writer in start_writers("-", "-", count=10):
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors.decode()
    with opened() as here:
        assert len(here.sessions()) == 20


@pytest.mark.process
@pytest.mark.no_cover  # two writers at once; test_store_contract measures each call
def test_two_processes_saving_at_once_both_succeed() -> None:
    consent("Ana")
    consent("Ben")
    for writer in start_writers("Ana", "Ben"):
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors.decode()
    with opened() as here:
        assert len(here.sessions("Ana")) == len(here.sessions("Ben")) == 25
        ids = [s.id for s in here.sessions()]
        assert len(set(ids)) == 50
        assert here.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


KILLED = textwrap.dedent(
    """
    import os, signal
    from bpo_assess.counsel import store
    from bpo_assess.core.catalogue import load_catalogue
    from bpo_assess.core.models import AssessmentInput
    from bpo_assess.core.scoring import assess

    catalogue = load_catalogue()
    data = AssessmentInput(skills={s: 4 for s in catalogue.skill_ids})
    result = assess(catalogue, data)
    opened = store.open_store()

    def kill_before_commit(statement):
        if statement.strip().upper().startswith("COMMIT"):
            print("inserted, now dying", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

    opened.connection.set_trace_callback(kill_before_commit)
    opened.save_session(data, result, client=None, source="doomed")
    """
)


@pytest.mark.process
def test_a_process_killed_mid_save_leaves_the_store_as_it_was(catalogue: Catalogue) -> None:
    consent()
    save(catalogue)
    before = snapshot()
    done = subprocess.run(
        [sys.executable, "-c", KILLED], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert "inserted, now dying" in done.stdout
    with opened() as here:
        assert here.export(when=WEEK_TWO) == before
        assert here.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert save(catalogue) == 2  # and it still takes new sessions


def store_bytes() -> bytes:
    path = store.store_path()
    found = b""
    for suffix in ("", "-wal", "-shm", "-journal"):
        part = Path(f"{path}{suffix}")
        if part.exists():
            found += part.read_bytes()
    return found


def test_forget_client_leaves_no_trace_in_the_file(catalogue: Catalogue) -> None:
    consent()
    consent("Other Client")
    first = save(catalogue)
    save(catalogue, level=4)
    kept = save(catalogue, client="Other Client")
    with opened() as here:
        here.rate(str(first), {"communication": 2}, WEEK_TWO)
        here.add_note(str(first), f"{NAME} asked about night shifts.", WEEK_TWO)
        marker = NAME.encode()
        # Keep a reader open so the data sits in the WAL too, as in real use.
        assert marker in store_bytes()
        assert here.forget_client(NAME.lower()) == 2
        assert marker not in store_bytes()
        assert b"night shifts" not in store_bytes()
        assert [s.id for s in here.sessions()] == [kept]
        assert here.connection.execute("SELECT count(*) FROM ratings").fetchone()[0] == 0
        assert here.connection.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
    assert marker not in store_bytes()


def test_forget_one_session_leaves_no_trace_in_the_file(catalogue: Catalogue) -> None:
    consent()
    first = save(catalogue)
    with opened() as here:
        here.add_note(str(first), "Secret-ish remark about session one", WEEK_TWO)
        here.forget_session(str(first))
    assert b"Secret-ish remark" not in store_bytes()


def test_history_reads_a_constant_number_of_statements(catalogue: Catalogue) -> None:
    consent()
    for _ in range(6):
        save(catalogue)
    with opened() as here:
        for number in range(1, 7):
            here.rate(str(number), {"communication": 3}, WEEK_TWO)
            here.add_note(str(number), "n", WEEK_TWO)
        statements: list[str] = []
        here.connection.set_trace_callback(statements.append)
        assert len(here.summaries()) == 6
        assert [s for s in statements if "result_json" in s] == []  # no stored result read
        assert len(statements) == 1
        statements.clear()
        assert len(here.sessions()) == 6
        assert len([s for s in statements if s.lstrip().startswith("SELECT")]) == 3


def malformed_exports(good: dict[str, object]) -> list[tuple[str, str]]:
    sessions = good["sessions"]
    assert isinstance(sessions, list)
    orphan = json.loads(json.dumps(good))
    orphan["clients"] = []
    twice = json.loads(json.dumps(good))
    twice["sessions"].append(twice["sessions"][0])
    broken = json.loads(json.dumps(good))
    broken["sessions"][0]["result"]["skills"]["communication"]["level"] = 9
    del broken["sessions"][1]["uid"]
    broken["sessions"][2]["colour"] = "blue"
    return [
        ("{not json", "invalid JSON at line 1"),
        (json.dumps(orphan), "in.json: sessions[0].client: 'Zelda Quixote-Unique' is not in"),
        (json.dumps(twice), "appears twice"),
        (json.dumps(broken), "less than or equal to 5"),
        (json.dumps(broken), "uid: required key is missing"),
        (json.dumps(broken), "colour: unknown key"),
    ]


def test_a_malformed_export_file_is_one_line_per_problem(catalogue: Catalogue) -> None:
    consent()
    consent("Other Client")
    save(catalogue)
    save(catalogue, client=None)
    save(catalogue, client="Other Client")
    good = json.loads(snapshot().model_dump_json())
    for text, message in malformed_exports(good):
        with pytest.raises((BpoError, StoreError)) as caught:
            sessions.parse_export(text, "in.json")
        error = caught.value
        lines = refusal(error) if isinstance(error, StoreError) else getattr(error, "problems", [])
        assert any(message in line for line in lines), lines
