"""Counsellors at once: processes saving, rating, noting, listing and forgetting on one
store lose and duplicate nothing (benchmarks/store_concurrency.py; the full 4 x 250 run
on both engines is a line of `make bench`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import pg_login

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import store_concurrency


def check(outcome: store_concurrency.Outcome) -> None:
    assert outcome.errors == []
    assert (outcome.lost, outcome.duplicated, outcome.notes_lost) == (0, 0, 0)


@pytest.mark.no_cover  # the store under load: test_store_contract measures each operation
@pytest.mark.process
def test_four_processes_on_sqlite(tmp_path: Path) -> None:
    check(store_concurrency.run(str(tmp_path / "sessions.db"), processes=4, operations=36))


@pytest.mark.no_cover  # the store under load: test_store_contract measures each operation
def test_four_counsellors_on_postgresql(pg_server: Any, pg_database: str) -> None:
    from bpo_assess.counsel.store.postgres import COUNSELLOR

    logins = [pg_login(pg_server, pg_database, f"w{i}", COUNSELLOR) for i in range(4)]
    outcome = store_concurrency.run(
        pg_server.url(database=pg_database), processes=4, operations=36, logins=logins
    )
    check(outcome)


@pytest.fixture(autouse=True)
def _quiet_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BPO_ASSESS_HOME", str(tmp_path / "home"))
