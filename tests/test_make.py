"""The Makefile: what a newcomer sees on first use, and the two test targets."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.mark.process
@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_first_setup_says_what_it_is_doing(tmp_path: Path) -> None:
    """Issue 16, problem 13: `make quiz` sat silent for 25 to 50 s on first use."""
    planned = subprocess.run(
        ["make", "-n", "-C", str(ROOT), f"VENV={tmp_path / 'venv'}", "quiz"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    said = next(i for i, line in enumerate(planned) if "setting up" in line)
    made = next(i for i, line in enumerate(planned) if "-m venv" in line)
    assert said < made, "the person is told before the minute of installing starts"


@pytest.mark.process
@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_check_runs_lint_and_the_tests_that_need_no_terminal_or_browser() -> None:
    planned = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "check"], capture_output=True, text=True, check=True
    ).stdout
    assert "ruff check" in planned and "lint-imports" in planned
    assert '-m "not pty and not browser and not process"' in planned
    assert "BPO_ASSESS_TEST_QUICK=1" in planned and "--cov" not in planned


def test_a_quick_run_takes_fewer_random_examples_and_a_full_run_all() -> None:
    import support

    assert support.examples(300) == (60 if support.QUICK else 300)
    assert support.examples(25) == (10 if support.QUICK else 25)


@pytest.mark.process
def test_a_process_started_by_a_test_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    """What conftest's guard sees: a test that starts a process without `process`, `pty`
    or `browser` fails, so `make check` never starts one."""
    import os
    import sys

    from support import processes_started

    with processes_started(monkeypatch) as started:
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
    assert started == [str([sys.executable, "-c", "pass"]), "a fork"]
    subprocess.run([sys.executable, "-c", "pass"], check=True)  # the spy is gone after
    assert len(started) == 2
