"""Shared fixtures: the shipped catalogue, a CLI runner, and a copy of the data to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bpo_assess.core.catalogue import Catalogue, load_catalogue, packaged_data

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's environment or writes to their home."""
    monkeypatch.delenv("BPO_ASSESS_DATA", raising=False)
    monkeypatch.setenv("BPO_ASSESS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")


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
