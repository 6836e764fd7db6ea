"""Shared fixtures: the shipped catalogue, a CLI runner, and a copy of the data to break.

Tests that need a browser are marked `browser`; they run when Chromium or Chrome is on
PATH and skip with a reason otherwise. `BPO_ASSESS_TEST_HIDE_BROWSER=1` hides an installed
browser from the tests and from the program they run, so one machine with Chromium can
prove that a machine without it passes (`.ci/run` does both).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.support import BROWSER_HIDDEN, NO_BROWSER, browser, browser_missing
from typer.testing import CliRunner

from bpo_assess.core.catalogue import Catalogue, load_catalogue, packaged_data

ROOT = Path(__file__).resolve().parents[1]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A `browser` test skips, saying why, on a machine without a browser."""
    if any(item.get_closest_marker("browser") for item in items) and browser() is None:
        skip = pytest.mark.skip(reason=browser_missing())
        for item in items:
            if item.get_closest_marker("browser"):
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's environment or writes to their home."""
    monkeypatch.delenv("BPO_ASSESS_DATA", raising=False)
    monkeypatch.setenv("BPO_ASSESS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    if BROWSER_HIDDEN:
        monkeypatch.setenv("BPO_ASSESS_BROWSER", NO_BROWSER)


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
