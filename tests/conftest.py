"""Shared fixtures: the shipped catalogue, a CLI runner, and a copy of the data to break.

Tests that need a browser are marked `browser`; they run when Chromium or Chrome is on
PATH and skip with a reason otherwise. `BPO_ASSESS_TEST_HIDE_BROWSER=1` hides an installed
browser from the tests and from the program they run, so one machine with Chromium can
prove that a machine without it passes (`.ci/run` does both).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bpo_assess.core.catalogue import Catalogue, load_catalogue, packaged_data
from support import BROWSER_HIDDEN, NO_BROWSER, browser, browser_missing, processes_started

ROOT = Path(__file__).resolve().parents[1]


def _built_once() -> None:
    """Typer's test runner turns the app into a Click command on every `invoke`, a quarter
    of a short command's time; the program does it once per run, so the tests do it once.
    The app is never changed after import, so the command built first is the same one."""
    import functools

    import typer.testing

    build = typer.testing._get_command  # type: ignore[attr-defined]
    typer.testing._get_command = functools.cache(build)  # type: ignore[attr-defined]


_built_once()


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """`no_cover` pauses every measurement, not only pytest-cov's own.

    In an xdist worker pytest-cov's measurement is not the only one: coverage.py's
    subprocess patch starts one as the worker's interpreter begins, and pytest-cov 7
    starts its controller's there too (the worker's arguments still say -n). Its
    `no_cover` pauses only its own, so the one beneath went on, and a study marked
    `no_cover` was traced five times slower. This wrapper runs inside pytest-cov's:
    whatever still traces is paused for the test."""
    if item.get_closest_marker("no_cover") is None:
        return (yield)
    try:
        from coverage.collector import Collector
    except ImportError:  # coverage.py is not installed: nothing traces
        return (yield)
    stack = getattr(Collector, "_collectors", [])  # coverage.py's own, so looked up with care
    tracing = stack[-1] if stack else None
    if tracing is not None:
        tracing.pause()
    try:
        return (yield)
    finally:
        if tracing is not None:
            tracing.resume()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A `browser` test skips, saying why, on a machine without a browser.

    A property test (hypothesis) runs unmeasured: its random examples reach a rare line
    in one run and not the next, so measuring them would make the coverage figure move
    by chance; the example tests measure the lines, the same ones every run. Tracing
    also made such a test three to five times slower."""
    for item in items:  # the PostgreSQL tests start a server: `make check` leaves them out
        if "pg_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.process)
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.no_cover)
    if any(item.get_closest_marker("browser") for item in items) and browser() is None:
        skip = pytest.mark.skip(reason=browser_missing())
        for item in items:
            if item.get_closest_marker("browser"):
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No test reads the developer's environment or writes to their home.

    A test marked `no_cover` is not measured, and neither are the programs it starts:
    coverage.py's subprocess patch finds its settings in COVERAGE_PROCESS_CONFIG."""
    if request.node.get_closest_marker("no_cover"):
        monkeypatch.delenv("COVERAGE_PROCESS_CONFIG", raising=False)
    monkeypatch.delenv("BPO_ASSESS_DATA", raising=False)
    monkeypatch.setenv("BPO_ASSESS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    if BROWSER_HIDDEN:
        monkeypatch.setenv("BPO_ASSESS_BROWSER", NO_BROWSER)


SLOW_MARKERS = ("process", "pty", "browser")  # what `make check` leaves to `make test`


@pytest.fixture(autouse=True)
def _processes_are_marked(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """A test that starts another process is marked so (`process`, `pty` or `browser`),
    which keeps `make check` fast: a new one that is not fails here, saying so."""
    if any(request.node.get_closest_marker(name) for name in SLOW_MARKERS):
        yield
        return
    with processes_started(monkeypatch) as started:
        yield
    assert not started, (
        f"this test starts another process ({started[0][:80]}): mark it "
        "@pytest.mark.process so that `make check` leaves it to `make test`"
    )


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped catalogue, for tests that break it."""
    folder = tmp_path / "data"
    folder.mkdir()
    source = packaged_data()
    for name in ("skills.toml", "roles.toml"):
        (folder / name).write_bytes((source / name).read_bytes())
    return folder


def copy_examples(target: Path) -> None:
    shutil.copytree(ROOT / "examples", target, dirs_exist_ok=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """A throwaway PostgreSQL server for this test session (tests/pgserver.py); the tests
    that need it skip, with the reason, on a machine without PostgreSQL."""
    import pgserver

    reason = pgserver.why_not()
    if reason is not None:
        pytest.skip(reason)
    with pgserver.running() as server:
        yield server


def pg_login(server: Any, database: str, login: str, group: str | None) -> str:
    """A login on the test server (roles belong to the whole server), in `group`; its URL."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(server.url(database=database), autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(login)))
        if group is not None:
            admin.execute(
                sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(login))
            )
    return str(server.url(login, database))


@pytest.fixture
def pg_database(pg_server: Any) -> str:
    """A fresh database on the test server with `db init` run in it; its name."""
    from bpo_assess.counsel.store.postgres import initialise

    name = str(pg_server.new_database())
    initialise(pg_server.url(database=name))
    return name
