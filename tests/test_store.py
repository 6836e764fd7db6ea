"""The session store against a real SQLite file in a temporary folder."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import AssessmentInput, AssessmentResult, ExportDocument
from bpo_assess.core.scoring import assess
from bpo_assess.counsel import store
from bpo_assess.errors import BpoError, UsageError
from bpo_assess.io import clock

WEEK_ONE = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
WEEK_TWO = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
NAME = "Zelda Quixote-Unique"


def scored(catalogue: Catalogue, level: float = 3) -> tuple[AssessmentInput, AssessmentResult]:
    data = AssessmentInput(skills=dict.fromkeys(catalogue.skill_ids, level))
    return data, assess(catalogue, data)


def consent(name: str = NAME) -> None:
    assert store.ensure_consent(name, True, None, when=WEEK_ONE)


def save(catalogue: Catalogue, client: str | None = NAME, level: float = 3) -> int:
    data, result = scored(catalogue, level)
    return store.save_session(
        data, result, client=client, source="score", catalogue=catalogue, when=WEEK_ONE
    ).id


def test_save_and_read_back(catalogue: Catalogue) -> None:
    consent()
    data, result = scored(catalogue, 4)
    saved = store.save_session(
        data, result, client=NAME, source="quiz", catalogue=catalogue, when=WEEK_ONE
    )
    assert saved.id == 1 and saved.client == NAME and saved.created_at == "2026-11-18T10:00:00Z"
    assert saved.input == data and saved.result == result
    assert saved.catalogue_hash == catalogue.content_hash and saved.tool_version
    with store.open_store() as opened:
        assert opened.session("1") == saved
        assert opened.session(saved.uid) == saved
        assert opened.client(NAME.upper()) is not None  # names match without case
    path = store.store_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_sessions_need_consent_first(catalogue: Catalogue) -> None:
    data, result = scored(catalogue)
    with pytest.raises(BpoError, match="has not consented"):
        store.save_session(data, result, client="Nobody", source="score", catalogue=catalogue)
    with pytest.raises(UsageError, match="--consent"):
        store.ensure_consent("Nobody", False, None)
    asked: list[str] = []

    def decline(text: str) -> bool:
        asked.append(text)
        return False

    assert not store.ensure_consent("Nobody", False, decline)
    assert "forget --client" in asked[0] and str(store.store_path()) in asked[0]
    assert store.ensure_consent("Nobody", False, lambda text: True, when=WEEK_ONE)
    assert store.ensure_consent("Nobody", False, None)  # known now: no second screen
    with store.open_store() as opened:
        assert opened.require_client("Nobody").consented_at == "2026-11-18T10:00:00Z"


def test_a_different_catalogue_is_refused(catalogue: Catalogue) -> None:
    data, result = scored(catalogue)
    other = result.model_copy(update={"catalogue_hash": "sha256:0000"})
    with pytest.raises(BpoError, match="different catalogue"):
        store.save_session(data, other, client=None, source="score", catalogue=catalogue)


def test_simulated_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.NOW_ENV, "2026-11-18T10:00:00Z")
    assert clock.stamp() == "2026-11-18T10:00:00Z"
    monkeypatch.setenv(clock.NOW_ENV, "2026-11-18")
    assert clock.stamp() == "2026-11-18T00:00:00Z"
    monkeypatch.setenv(clock.NOW_ENV, "next tuesday")
    with pytest.raises(UsageError, match="ISO 8601"):
        clock.now()


def snapshot() -> ExportDocument:
    with store.open_store() as opened:
        return opened.export(when=WEEK_TWO)


def make_v1_store(path: Path) -> None:
    """A store as the first schema version wrote it, with a note in the old column."""
    connection = sqlite3.connect(path, isolation_level=None)
    opened = store.Store(connection, path)
    store._migrate(opened, target=1)
    connection.execute("INSERT INTO clients (name, consented_at) VALUES (?, ?)", (NAME, "x"))
    connection.execute(
        "INSERT INTO sessions (uid, client_id, created_at, source, tool_version, catalogue_hash,"
        " input_json, result_json, note) VALUES (?, 1, ?, 'score', '0.1.0', ?, ?, ?, ?)",
        (
            "0123456789abcdef",
            "2026-11-18T10:00:00Z",
            "sha256:x",
            '{"skills": {"communication": 3}}',
            "{}",
            "Prefers chat work.",
        ),
    )
    connection.close()


def test_migration_from_the_first_schema(catalogue: Catalogue) -> None:
    path = store.store_path()
    make_v1_store(path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
    with store.open_store() as opened:
        db = opened.connection
        assert db.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION == 3
        assert db.execute("SELECT text FROM notes").fetchall() == [("Prefers chat work.",)]
        columns = [row[1] for row in db.execute("PRAGMA table_info(sessions)")]
        assert "note" not in columns and "rated_at" in columns
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_newer_store_is_refused_and_left_alone() -> None:
    path = store.store_path()
    with store.open_store():
        pass
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version = 99")
    before = path.read_bytes()
    with pytest.raises(BpoError, match="newer bpo-assess") as caught:
        store.open_store()
    assert len(caught.value.problems) == 1
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
    with pytest.raises(BpoError, match=message) as caught:
        store.open_store()
    assert len(caught.value.problems) == 1
    assert path.read_bytes() == content


def test_another_programs_database_is_refused() -> None:
    path = store.store_path()
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE contacts (name TEXT)")
    with pytest.raises(BpoError, match="another program"):
        store.open_store()
    with pytest.raises(BpoError, match="is a folder"):
        store.open_store(path.parent)


def test_reading_a_missing_store_creates_nothing() -> None:
    with store.open_store(create=False) as opened:
        assert opened.sessions() == []
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
    for _ in range(int(sys.argv[2])):
        store.save_session(data, result, client=sys.argv[1], source="score", catalogue=catalogue)
    """
)


def start_writers(*clients: str) -> list[subprocess.Popen[bytes]]:
    return [
        subprocess.Popen([sys.executable, "-c", WRITER, name, "25"], stderr=subprocess.PIPE)
        for name in clients
    ]


def test_two_processes_creating_the_store_at_once_both_succeed() -> None:
    anonymous = WRITER.replace("client=sys.argv[1]", "client=None")
    writers = [
        subprocess.Popen([sys.executable, "-c", anonymous, "-", "10"], stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors.decode()
    with store.open_store() as opened:
        assert len(opened.sessions()) == 20


def test_two_processes_saving_at_once_both_succeed() -> None:
    consent("Ana")
    consent("Ben")
    writers = start_writers("Ana", "Ben")
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors.decode()
    with store.open_store() as opened:
        assert len(opened.sessions("Ana")) == len(opened.sessions("Ben")) == 25
        ids = [s.id for s in opened.sessions()]
        assert len(set(ids)) == 50
        assert opened.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


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


def test_a_process_killed_mid_save_leaves_the_store_as_it_was(catalogue: Catalogue) -> None:
    consent()
    save(catalogue)
    before = snapshot()
    done = subprocess.run(
        [sys.executable, "-c", KILLED], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert "inserted, now dying" in done.stdout
    with store.open_store() as opened:
        assert opened.export(when=WEEK_TWO) == before
        assert opened.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
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
    with store.open_store() as opened:
        opened.rate(str(first), {"communication": 2}, WEEK_TWO)
        opened.add_note(str(first), f"{NAME} asked about night shifts.", WEEK_TWO)
        marker = NAME.encode()
        # Keep a reader open so the data sits in the WAL too, as in real use.
        assert marker in store_bytes()
        assert opened.forget_client(NAME.lower()) == 2
        assert marker not in store_bytes()
        assert b"night shifts" not in store_bytes()
        assert [s.id for s in opened.sessions()] == [kept]
        assert opened.connection.execute("SELECT count(*) FROM ratings").fetchone()[0] == 0
        assert opened.connection.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
        with pytest.raises(BpoError, match="no client named"):
            opened.forget_client(NAME)
    assert marker not in store_bytes()


def test_forget_one_session(catalogue: Catalogue) -> None:
    consent()
    first, second = save(catalogue), save(catalogue)
    with store.open_store() as opened:
        opened.add_note(str(first), "Secret-ish remark about session one", WEEK_TWO)
        assert opened.forget_session(str(first)) == first
        assert [s.id for s in opened.sessions(NAME)] == [second]
        assert opened.client(NAME) is not None
    assert b"Secret-ish remark" not in store_bytes()


def test_ratings_and_notes(catalogue: Catalogue) -> None:
    consent()
    ref = str(save(catalogue))
    with store.open_store() as opened:
        opened.rate(ref, {"communication": 2, "teamwork": 5}, WEEK_TWO)
        rated = opened.rate(ref, {"communication": 3}, WEEK_TWO)
        assert rated.ratings == {"communication": 3, "teamwork": 5}
        assert rated.rated_at == "2026-11-25T10:00:00Z"
        opened.add_note(ref, "  First.  ", WEEK_ONE)
        noted = opened.add_note(ref, "Second.", WEEK_TWO)
        assert [n.text for n in noted.notes] == ["First.", "Second."]
        with pytest.raises(UsageError, match="empty"):
            opened.add_note(ref, "   ")
        for bad in ("99", "abc", "ffffffffffffffff"):
            with pytest.raises(BpoError, match="no session"):
                opened.session(bad)
        with pytest.raises(BpoError, match="comparing needs two"):
            opened.last_two(NAME)


def populate(catalogue: Catalogue) -> None:
    consent()
    consent("Other Client")
    first = save(catalogue, level=3)
    save(catalogue, client=None, level=2.5)
    save(catalogue, client="Other Client", level=4)
    with store.open_store() as opened:
        opened.rate(str(first), {"communication": 2, "tech-savvy": 5}, WEEK_TWO)
        opened.add_note(str(first), "Café shifts only; [urgent] ünïcode ✓", WEEK_TWO)


def test_export_import_round_trip_is_exact(
    catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(catalogue)
    with store.open_store() as opened:
        exported = opened.export(when=WEEK_TWO).model_dump_json(indent=2)
    monkeypatch.setenv("BPO_ASSESS_HOME", str(tmp_path / "other-machine"))
    document = store.parse_export(exported, "export.json")
    with store.open_store() as opened:
        assert opened.import_document(document) == (3, 0)
        assert opened.export(when=WEEK_TWO).model_dump_json(indent=2) == exported
        assert opened.import_document(document) == (0, 3)  # again: nothing new, nothing lost
        assert opened.export(when=WEEK_TWO).model_dump_json(indent=2) == exported
    one = json.loads(exported)
    assert len(one["sessions"]) == 3 and one["clients"][0]["consented_at"]


def test_export_of_one_client(catalogue: Catalogue) -> None:
    populate(catalogue)
    with store.open_store() as opened:
        document = opened.export("Other Client", WEEK_TWO)
    assert [c.name for c in document.clients] == ["Other Client"]
    assert {s.client for s in document.sessions} == {"Other Client"}


def test_import_renumbers_when_a_number_is_taken(
    catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(catalogue)
    with store.open_store() as opened:
        document = opened.export(when=WEEK_TWO)
    monkeypatch.setenv("BPO_ASSESS_HOME", str(tmp_path / "busy-machine"))
    consent("Local Client")
    save(catalogue, client="Local Client")
    with store.open_store() as opened:
        assert opened.import_document(document) == (3, 0)
        sessions = opened.sessions()
    assert len(sessions) == 4
    assert {s.uid for s in sessions} >= {s.uid for s in document.sessions}


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
        (json.dumps(orphan), "is not in the file's clients"),
        (json.dumps(twice), "appears twice"),
        (json.dumps(broken), "less than or equal to 5"),
        (json.dumps(broken), "uid: required key is missing"),
        (json.dumps(broken), "colour: unknown key"),
    ]


def test_a_malformed_import_changes_nothing(
    catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(catalogue)
    with store.open_store() as opened:
        good = json.loads(opened.export(when=WEEK_TWO).model_dump_json())
    monkeypatch.setenv("BPO_ASSESS_HOME", str(tmp_path / "target"))
    consent("Local Client")
    save(catalogue, client="Local Client")
    before = snapshot()
    for text, message in malformed_exports(good):
        with pytest.raises(BpoError) as caught:
            store.parse_export(text, "in.json")
        assert any(message in line for line in caught.value.problems), caught.value.problems
    # A file that parses but conflicts with the store: rejected whole, after partial work.
    conflicting = ExportDocument.model_validate(good)
    first = conflicting.sessions[0]
    with store.open_store() as opened:
        opened.import_document(
            conflicting.model_copy(update={"sessions": conflicting.sessions[:1]})
        )
    changed = first.model_copy(update={"source": "tampered"})
    attempt = conflicting.model_copy(update={"sessions": [*conflicting.sessions[1:], changed]})
    with store.open_store() as opened, pytest.raises(BpoError, match="different content"):
        opened.import_document(attempt)
    after = snapshot()
    assert len(after.sessions) == len(before.sessions) + 1  # only the earlier, valid import
    assert os.environ["BPO_ASSESS_HOME"].endswith("target")
