"""`bpo-assess quiz --client` on the shared PostgreSQL store, typed in a real
pseudo-terminal: consent and the session land on the server under the counsellor's
login, with their audit rows, and nothing is written to the SQLite file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pexpect
import pytest

psycopg = pytest.importorskip("psycopg", reason="the postgres extra is not installed")

from bpo_assess.counsel.store.postgres import COUNSELLOR, SUPERVISOR  # noqa: E402
from conftest import pg_login  # noqa: E402
from test_quiz_pty import (  # noqa: E402
    BACKGROUND,
    BIN,
    ENTER,
    ITEMS,
    QUICK,
    answer,
    environment,
    finish,
    run,
    start,
)

pytestmark = [
    pytest.mark.pty,
    pytest.mark.no_cover,  # the quiz as test_quiz_pty measures it; the engine: test_postgres
    pytest.mark.skipif(not BIN.exists(), reason="needs the installed console script"),
]


def quiz(home: Path, url: str, *args: str) -> pexpect.spawn[str]:
    """The questions only (`--no-tasks`): what is tested here is where the session goes."""
    env = environment(home) | {"BPO_ASSESS_DATABASE_URL": url}
    return pexpect.spawn(
        str(BIN),
        ["quiz", "--no-tasks", *args],
        env=env,
        dimensions=(40, 80),
        encoding="utf-8",
        timeout=30,
    )


def rows(url: str, statement: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(statement)
        return cursor.fetchall() if cursor.description else []


def test_a_client_interview_is_saved_on_the_server_as_the_counsellor(
    tmp_path: Path, pg_server: Any, pg_database: str
) -> None:
    ana = pg_login(pg_server, pg_database, "ana", COUNSELLOR)
    sue = pg_login(pg_server, pg_database, "sue", SUPERVISOR)
    child = quiz(tmp_path, ana, "--quick", "--client", "Ana Reyes")
    child.expect("Consent")
    child.expect("Has the client read this and agreed")
    child.send("yes" + ENTER)
    start(child)
    answer(child, QUICK, BACKGROUND + [ENTER] * ITEMS)
    screen = " ".join(finish(child).split())  # lines wrap at 80 columns
    assert "Saved as session 1 for Ana Reyes in postgresql://127.0.0.1:" in screen
    assert "Traceback" not in screen

    assert rows(ana, "SELECT name, owner FROM bpo_assess.clients") == [("Ana Reyes", "ana")]
    assert rows(ana, "SELECT id, source, saved_by FROM bpo_assess.sessions") == [(1, "quiz", "ana")]
    audit = rows(sue, "SELECT login, command, action, session_id FROM bpo_assess.audit")
    assert ("ana", "quiz", "save", 1) in audit
    # The interview's draft is gone once saved, and the SQLite store was never made.
    assert not list(tmp_path.glob("draft*.json"))
    assert not (tmp_path / "sessions.db").exists()
    listed = run(tmp_path, "history", env=environment(tmp_path) | {"BPO_ASSESS_DATABASE_URL": ana})
    assert listed.returncode == 0 and "Ana Reyes" in listed.stdout


def test_a_server_lost_at_the_end_keeps_the_answers_for_resume(
    tmp_path: Path, pg_server: Any, pg_database: str
) -> None:
    """The server refuses the login just as the results are asked for: exit 4, one line
    saying the answers are kept, and `quiz --resume` saves them once it is back."""
    url = pg_login(pg_server, pg_database, "quinn", COUNSELLOR)
    owner = pg_server.url(database=pg_database)
    child = quiz(tmp_path, url, "--quick", "--client", "Jo Cruz", "--consent")
    start(child)
    answer(child, QUICK, BACKGROUND + [ENTER] * ITEMS)
    child.expect("Ready to see your results")
    rows(owner, "ALTER ROLE quinn NOLOGIN")
    try:
        child.send(ENTER)
        child.expect(pexpect.EOF)
        child.close()
    finally:
        rows(owner, "ALTER ROLE quinn LOGIN")
    assert child.exitstatus == 4
    told = [line for line in str(child.before).splitlines() if "error:" in line]
    assert len(told) == 1 and "cannot connect" in told[0]
    assert "the answers are kept, and bpo-assess quiz --resume --client 'Jo Cruz'" in told[0]
    assert len(list(tmp_path.glob("draft*.json"))) == 1

    child = quiz(tmp_path, url, "--resume", "--client", "Jo Cruz")
    child.expect(f"{QUICK} of {QUICK} questions are already answered")
    screen = " ".join(finish(child).split())
    assert "Saved as session 1 for Jo Cruz" in screen
    assert rows(url, "SELECT saved_by FROM bpo_assess.sessions") == [("quinn",)]
    assert not list(tmp_path.glob("draft*.json"))
