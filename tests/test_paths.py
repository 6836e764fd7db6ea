"""The per-user folder: overridable, private."""

from __future__ import annotations

import shlex
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


def test_hints_name_the_program_as_it_was_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16, problem 9: after `.venv/bin/bpo-assess quiz` the hints said `bpo-assess`,
    which is not on PATH there."""
    from bpo_assess.io.paths import program, resume_command

    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "bpo-assess").write_text("#!/bin/sh\n")
    (venv / "bpo-assess").chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.argv", [".venv/bin/bpo-assess", "quiz"])
    monkeypatch.setenv("PATH", "/nonexistent")
    assert program() == ".venv/bin/bpo-assess"
    assert resume_command() == ".venv/bin/bpo-assess quiz --resume"
    assert resume_command("Jo Cruz") == ".venv/bin/bpo-assess quiz --resume --client 'Jo Cruz'"
    monkeypatch.setenv("PATH", str(venv))
    assert program() == "bpo-assess", "the same program is on PATH"
    monkeypatch.setenv("BPO_ASSESS_RUN_HINT", "make quiz ARGS=")
    assert resume_command("Jo Cruz") == "make quiz ARGS='--resume --client \"Jo Cruz\"'"
    # a name that cannot sit inside double quotes is quoted for the shell instead: `make`
    # hands ARGS to the shell, which must read back the very name
    hint = resume_command("Jo 'JC' Cruz")
    (assignment,) = shlex.split(hint.removeprefix("make quiz "))
    assert shlex.split(assignment.removeprefix("ARGS=")) == ["--resume", "--client", "Jo 'JC' Cruz"]
