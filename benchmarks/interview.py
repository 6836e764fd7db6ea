"""Interview: the time from starting `bpo-assess quiz --quick` to its first question.

Runs the quiz in a pseudo-terminal (pexpect), as a person would, with a fresh
BPO_ASSESS_HOME, and times it until the first question's answer prompt is on screen:
the welcome, then questionary's first prompt with its one choice, which leads on to the
glossary and the questions. Budget: 0.5 s (median of RUNS). pexpect's terminal never
answers prompt_toolkit's cursor-position requests, so they are turned off
(PROMPT_TOOLKIT_NO_CPR=1) rather than timed out. Skipped while there is no `quiz`.

    python benchmarks/interview.py [RUNS]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from typing import Any

from common import Figure, bpo_assess, median

BUDGET = 0.5
RUNS = 7
FIRST_QUESTION = "Welcome to the bpo-assess"
FIRST_CHOICE = "Continue: a few words you will meet"  # the first prompt's choice: drawn


def measure(runs: int = RUNS) -> list[Figure]:
    name = "interview first question"
    has_quiz = subprocess.run(
        [*bpo_assess(), "quiz", "--help"], capture_output=True, check=False
    ).returncode
    if has_quiz != 0:
        return [Figure(name, "skipped: no quiz command", None)]
    import pexpect

    with tempfile.TemporaryDirectory() as home:
        # The first run checks the catalogue and caches the interview's item bank; every
        # later run (a person's usual case) reads the cache. Both are reported.
        first = first_question(home, pexpect)
        if isinstance(first, str):
            return [Figure(name, first, False)]
        times = []
        for _ in range(runs):
            took = first_question(home, pexpect)
            if isinstance(took, str):
                return [Figure(name, took, False)]
            times.append(took)
    took = median(times)
    return [
        Figure(
            name,
            f"{took * 1000:.0f} ms from start to the first question's choices in a"
            f" pseudo-terminal (median of {runs}; the very first run, which also checks"
            f" and caches the catalogue: {first * 1000:.0f} ms; budget {BUDGET * 1000:.0f} ms)",
            took <= BUDGET,
        )
    ]


def first_question(home: str, pexpect: Any) -> float | str:
    """Seconds until the first question's choices are drawn, or what went wrong."""
    env = {
        **os.environ,
        "BPO_ASSESS_HOME": home,
        "TERM": "xterm",
        "COLUMNS": "100",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    command, *args = [*bpo_assess(), "quiz", "--quick", "--no-save"]
    start = time.perf_counter()
    child = pexpect.spawn(command, args, env=env, timeout=10, dimensions=(40, 100))
    try:
        child.expect(re.compile(FIRST_QUESTION.encode(), re.IGNORECASE))
        child.expect(FIRST_CHOICE.encode())
        return time.perf_counter() - start
    except (pexpect.TIMEOUT, pexpect.EOF):
        tail = (child.before or b"").decode(errors="replace")[-300:]
        return f"no {FIRST_QUESTION!r} within 10 s: {tail!r}"
    finally:
        child.terminate(force=True)


if __name__ == "__main__":
    for figure in measure(int(sys.argv[1]) if len(sys.argv) > 1 else RUNS):
        print(figure.line())
