"""The store's contract: what every engine must do, run against each engine.

One fixture, `engine`, is parametrised by engine (Django's and SQLAlchemy's way of
testing several backends with one suite); engine-specific checks (files, PRAGMA, WAL)
live in test_store.py. Errors are checked by type and data, not by their wording, which
belongs to counsel/store/messages.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import AssessmentInput, AssessmentResult, ExportDocument
from bpo_assess.core.scoring import assess
from bpo_assess.counsel import sessions
from bpo_assess.counsel.store import open_store
from bpo_assess.counsel.store.errors import (
    BadClientName,
    ClientNotFound,
    ImportRefused,
    NotConsented,
    SessionNotFound,
)
from bpo_assess.counsel.store.interface import Store
from bpo_assess.counsel.store.messages import explain
from bpo_assess.errors import BpoError, UsageError

WEEK_ONE = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
WEEK_TWO = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
NAME = "Zelda Quixote-Unique"

Opener = Callable[[], Store]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.process)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """Opens a fresh, empty store of one engine (a new one per test): a file, or a new
    database on the throwaway server with `db init` run, as a counsellor's login."""
    if request.param == "sqlite":
        folder = tmp_path / "sqlite-store"
        folder.mkdir()
        yield lambda: open_store(folder / "sessions.db")
    else:
        pytest.importorskip("psycopg", reason="the postgres extra is not installed")
        from bpo_assess.counsel.store.postgres import COUNSELLOR
        from conftest import pg_login

        database = request.getfixturevalue("pg_database")
        url = pg_login(request.getfixturevalue("pg_server"), database, "ana", COUNSELLOR)
        yield lambda: open_store(url=url, command="test")


@pytest.fixture
def store(engine: Opener) -> Iterator[Store]:
    with engine() as opened:
        yield opened


def plain(document: ExportDocument) -> Any:
    """An export without who saved, rated or noted: the shared store keeps that, a file
    does not, and an import takes it from the login, not from the file."""
    who = {"saved_by", "rated_by", "by"}

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in who}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(json.loads(document.model_dump_json()))


def scored(catalogue: Catalogue, level: float = 3) -> tuple[AssessmentInput, AssessmentResult]:
    data = AssessmentInput(skills=dict.fromkeys(catalogue.skill_ids, level))
    return data, assess(catalogue, data)


def consent(store: Store, name: str = NAME) -> None:
    assert sessions.ensure_consent(store, name, True, None, when=WEEK_ONE)


def save(store: Store, catalogue: Catalogue, client: str | None = NAME, level: float = 3) -> int:
    data, result = scored(catalogue, level)
    return sessions.save_session(
        store, data, result, client=client, source="score", catalogue=catalogue, when=WEEK_ONE
    ).id


def test_save_and_read_back(store: Store, catalogue: Catalogue) -> None:
    consent(store)
    data, result = scored(catalogue, 4)
    saved = sessions.save_session(
        store, data, result, client=NAME, source="quiz", catalogue=catalogue, when=WEEK_ONE
    )
    assert saved.id == 1 and saved.client == NAME and saved.created_at == "2026-11-18T10:00:00Z"
    assert saved.input == data and saved.result == result
    assert saved.catalogue_hash == catalogue.content_hash and saved.tool_version
    assert store.session("1") == saved
    assert store.session(saved.uid) == saved
    assert store.client(NAME.upper()) is not None  # names match without case
    assert store.client("ZELDA QUIXOTE-UNIQUE ") is not None


def test_a_later_connection_sees_what_was_saved(engine: Opener, catalogue: Catalogue) -> None:
    with engine() as first:
        consent(first)
        number = save(first, catalogue)
    with engine() as second:
        assert second.session(str(number)).client == NAME


def test_sessions_need_consent_first(store: Store, catalogue: Catalogue) -> None:
    data, result = scored(catalogue)
    with pytest.raises(NotConsented) as refused:
        store.save_session(data, result, client="Nobody", source="score")
    assert refused.value.name == "Nobody"
    with pytest.raises(UsageError, match="--consent"):
        sessions.ensure_consent(store, "Nobody", False, None)
    asked: list[str] = []

    def decline(text: str) -> bool:
        asked.append(text)
        return False

    assert not sessions.ensure_consent(store, "Nobody", False, decline)
    assert "forget --client" in asked[0] and store.location in asked[0]
    assert ("only on this computer" in asked[0]) == store.local
    assert sessions.ensure_consent(store, "Nobody", False, lambda text: True, when=WEEK_ONE)
    assert sessions.ensure_consent(store, "Nobody", False, None)  # known: no second screen
    assert store.require_client("Nobody").consented_at == "2026-11-18T10:00:00Z"


def test_bad_names_are_refused_before_anything_is_stored(store: Store) -> None:
    for name, problem in (("  ", "empty"), ("x" * 500, "too-long"), ("Ana\x1b[2J", "controls")):
        with pytest.raises(BadClientName) as caught:
            store.record_consent(name, WEEK_ONE)
        assert caught.value.problem == problem
    assert store.summaries() == []


def test_a_different_catalogue_is_refused(store: Store, catalogue: Catalogue) -> None:
    data, result = scored(catalogue)
    other = result.model_copy(update={"catalogue_hash": "sha256:0000"})
    with pytest.raises(BpoError, match="different catalogue"):
        sessions.save_session(store, data, other, client=None, source="s", catalogue=catalogue)


def test_ratings_and_notes(store: Store, catalogue: Catalogue) -> None:
    consent(store)
    ref = str(save(store, catalogue))
    store.rate(ref, {"communication": 2, "teamwork": 5}, WEEK_TWO)
    rated = store.rate(ref, {"communication": 3}, WEEK_TWO)
    assert rated.ratings == {"communication": 3, "teamwork": 5}
    assert rated.rated_at == "2026-11-25T10:00:00Z"
    store.add_note(ref, "  First.  ", WEEK_ONE)
    noted = store.add_note(ref, "Second.", WEEK_TWO)
    assert [n.text for n in noted.notes] == ["First.", "Second."]
    for bad, malformed in (("99", False), ("abc", True), ("ffffffffffffffff", False)):
        with pytest.raises(SessionNotFound) as caught:
            store.session(bad)
        assert (caught.value.ref, caught.value.malformed) == (bad, malformed)
    with pytest.raises(BpoError, match="comparing needs two"):
        sessions.last_two(store, NAME)


def test_history_reads_what_the_sessions_hold(store: Store, catalogue: Catalogue) -> None:
    populate(store, catalogue)
    summaries = store.summaries()
    records = store.sessions()
    assert [s.id for s in summaries] == [r.id for r in records] == [3, 2, 1]
    for summary, record in zip(summaries, records, strict=True):
        top = record.result.matches[0]
        assert (summary.top_role, summary.top_title, summary.top_match) == (
            top.role,
            top.title,
            top.match,
        )
        assert summary.rated == bool(record.ratings) and summary.notes == len(record.notes)
        assert (summary.client, summary.created_at) == (record.client, record.created_at)
    assert [s.id for s in store.summaries("other client")] == [3]
    with pytest.raises(ClientNotFound):
        store.summaries("Nobody")


def test_a_returning_client_is_offered_their_latest_background(
    store: Store, catalogue: Catalogue
) -> None:
    """The background `quiz --client` offers to keep: from the client's newest session."""
    from bpo_assess.core.models import Background

    consent(store)
    assert sessions.latest_background(store, "Nobody") is None, "not a client"
    assert sessions.latest_background(store, NAME) is None, "a client with no session yet"
    for years, when in ((1.0, WEEK_ONE), (2.5, WEEK_TWO)):
        data = AssessmentInput(
            skills=dict.fromkeys(catalogue.skill_ids, 3),
            background=Background(years_experience=years, interests=["finance"]),
        )
        sessions.save_session(
            store,
            data,
            assess(catalogue, data),
            client=NAME,
            source="quiz",
            catalogue=catalogue,
            when=when,
        )
    latest = sessions.latest_background(store, NAME.upper())
    assert latest is not None
    assert latest["years_experience"] == 2.5 and latest["interests"] == ["finance"]


def test_rate_or_note_racing_forget_is_no_session(
    engine: Opener, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17, item 12: a session erased by another process between reading it and
    writing to it is "no session N", never a broken reference."""
    with engine() as store:
        consent(store)
        writes: list[Callable[[str], object]] = [
            lambda ref: store.rate(ref, {"communication": 4}, WEEK_TWO),
            lambda ref: store.add_note(ref, "Too late.", WEEK_TWO),
        ]
        for write in writes:
            number = str(save(store, catalogue))
            seen = store.session(number)
            with engine() as other:  # another counsellor's process
                other.forget_session(number)
            monkeypatch.setattr(store, "session", lambda ref, seen=seen: seen)  # read before
            with pytest.raises(SessionNotFound) as caught:
                write(number)
            monkeypatch.undo()
            assert caught.value.ref == number
            assert explain(caught.value).problems == [
                f"no session '{number}'; `bpo-assess history` lists them"
            ]
        assert store.summaries() == []


def test_forget_client_takes_everything_of_theirs(store: Store, catalogue: Catalogue) -> None:
    consent(store)
    consent(store, "Other Client")
    first = save(store, catalogue)
    save(store, catalogue, level=4)
    kept = save(store, catalogue, client="Other Client")
    store.rate(str(first), {"communication": 2}, WEEK_TWO)
    store.add_note(str(kept), f"Met {NAME} at the job fair.", WEEK_TWO)
    assert store.forget_client(NAME.lower()) == 2
    assert [s.id for s in store.sessions()] == [kept]
    assert store.client(NAME) is None
    assert store.mentions(NAME) == [kept]  # the counsellor's own note elsewhere is kept
    with pytest.raises(ClientNotFound):
        store.forget_client(NAME)
    exported = store.export(when=WEEK_TWO).model_dump_json()
    assert NAME not in exported.replace(f"Met {NAME}", "")


def test_forget_one_session_and_numbers_are_never_reused(
    store: Store, catalogue: Catalogue
) -> None:
    consent(store)
    first, second = save(store, catalogue), save(store, catalogue)
    store.add_note(str(first), "Remark about session one", WEEK_TWO)
    assert store.forget_session(str(first)) == first
    assert [s.id for s in store.sessions(NAME)] == [second]
    assert store.client(NAME) is not None
    assert store.forget_session(str(second)) == second
    assert save(store, catalogue) == 3  # not 1 or 2: an erased number stays erased
    with pytest.raises(SessionNotFound):
        store.session_stamp(str(first))


def populate(store: Store, catalogue: Catalogue) -> None:
    consent(store)
    consent(store, "Other Client")
    first = save(store, catalogue, level=3)
    save(store, catalogue, client=None, level=2.5)
    save(store, catalogue, client="Other Client", level=4)
    store.rate(str(first), {"communication": 2, "tech-savvy": 5}, WEEK_TWO)
    store.add_note(str(first), "Café shifts only; [urgent] ünïcode ✓", WEEK_TWO)


def test_export_import_round_trip_is_exact(
    engine: Opener, catalogue: Catalogue, tmp_path: Path
) -> None:
    with engine() as source:
        populate(source, catalogue)
        exported = source.export(when=WEEK_TWO)
    document = sessions.parse_export(exported.model_dump_json(indent=2), "export.json")
    with open_store(tmp_path / "elsewhere.db") as target:
        assert target.import_document(document) == (3, 0, [])
        assert plain(target.export(when=WEEK_TWO)) == plain(exported)
        assert target.import_document(document) == (0, 3, [])  # again: nothing new or lost
        assert plain(target.export(when=WEEK_TWO)) == plain(exported)


def test_import_into_this_engine_keeps_numbers_and_advances_them(
    engine: Opener, catalogue: Catalogue, tmp_path: Path
) -> None:
    with open_store(tmp_path / "elsewhere.db") as source:
        populate(source, catalogue)
        document = source.export(when=WEEK_TWO)
    with engine() as target:
        assert target.import_document(document) == (3, 0, [])
        assert plain(target.export(when=WEEK_TWO)) == plain(document)
        consent(target)
        assert save(target, catalogue) == 4  # the imported numbers moved the counter on
        assert target.summaries()[0].id == 4


def test_export_of_one_client(store: Store, catalogue: Catalogue) -> None:
    populate(store, catalogue)
    document = store.export("Other Client", WEEK_TWO)
    assert [c.name for c in document.clients] == ["Other Client"]
    assert {s.client for s in document.sessions} == {"Other Client"}


def test_import_renumbers_when_a_number_is_taken(
    engine: Opener, catalogue: Catalogue, tmp_path: Path
) -> None:
    with open_store(tmp_path / "elsewhere.db") as source:
        populate(source, catalogue)
        document = source.export(when=WEEK_TWO)
    with engine() as target:
        consent(target, "Local Client")
        save(target, catalogue, client="Local Client")
        assert target.import_document(document) == (3, 0, [(1, 4)])  # 2 and 3 kept theirs
        found = target.sessions()
        assert len(found) == 4 and len({s.id for s in found}) == 4
        assert {s.uid for s in found} >= {s.uid for s in document.sessions}


def test_a_conflicting_import_changes_nothing(
    engine: Opener, catalogue: Catalogue, tmp_path: Path
) -> None:
    with open_store(tmp_path / "elsewhere.db") as source:
        populate(source, catalogue)
        good = source.export(when=WEEK_TWO)
    with engine() as target:
        consent(target, "Local Client")
        save(target, catalogue, client="Local Client")
        target.import_document(good.model_copy(update={"sessions": good.sessions[:1]}))
        before = target.export(when=WEEK_TWO)
        changed = good.sessions[0].model_copy(update={"source": "tampered"})
        attempt = good.model_copy(update={"sessions": [*good.sessions[1:], changed]})
        with pytest.raises(ImportRefused) as refused:
            target.import_document(attempt)
        assert [(c.index, c.uid) for c in refused.value.conflicts] == [(2, changed.uid)]
        assert target.export(when=WEEK_TWO) == before
        orphan = ExportDocument.model_validate(good.model_dump() | {"clients": []}, strict=False)
        with pytest.raises(ImportRefused) as refused:
            target.import_document(orphan)
        assert {p.kind for p in refused.value.problems} == {"unknown-client"}
        assert target.export(when=WEEK_TWO) == before
