"""The per-user folder: overridable, private."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bpo_assess.io.paths import data_home


def test_override_is_created_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "nested" / "home"
    monkeypatch.setenv("BPO_ASSESS_HOME", str(target))
    assert data_home() == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o700


def test_default_is_the_platform_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BPO_ASSESS_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_home(create=False) == tmp_path / "xdg" / "bpo-assess"
