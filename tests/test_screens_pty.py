"""Every screen of the quiz at 60x20, 80x24, 100x30 and 120x40, read from a screen
emulator (pyte) fed by a real pseudo-terminal: what a person would actually see."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pexpect
import pytest

from bpo_assess.core.catalogue import load_catalogue
from support import BIN, CTRL_C, DOWN, ENTER, Terminal, keys_for_levels, words_of

pyte = pytest.importorskip("pyte")

SIZES = [(60, 20), (80, 24), (100, 30), (120, 40)]
BACKGROUND = 6  # questions before the skill questions
QUICK = BACKGROUND + len(load_catalogue().items(quick=True))  # the quick interview's total
pytestmark = [
    pytest.mark.pty,
    pytest.mark.no_cover,  # layout at four sizes over paths test_quiz_pty measures
    pytest.mark.skipif(not BIN.exists(), reason="needs the installed console script"),
    pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX"),
]


def fits(lines: list[str], cols: int) -> None:
    assert all(len(line) <= cols for line in lines)


def like_a_person(seed: int) -> list[str]:
    """Keys for the quick interview's skill questions, answered as a careful person would:
    each skill at a level of its own (2, 3 or 4) wherever the shuffle put that answer, so
    no note on careless answering (same place each time, a flat profile) fills the
    summary's first screen. `seed` is the draft's, which orders the choices."""
    names = [skill.name for skill in load_catalogue().skills]
    return keys_for_levels(seed, lambda skill: 2 + names.index(skill) % 3)


def through_glossary(term: Terminal, cols: int) -> None:
    """From the welcome's "Ready?" through each page of the glossary, each page whole."""
    term.send(ENTER)  # "Continue: a few words you will meet"
    number = 1
    while True:
        lines = term.wait_for(f"Page {number} of", "Start the questions")
        fits(lines, cols)
        assert any(line.startswith("A few words you will meet") for line in lines), (
            "the page's heading is in view:\n" + "\n".join(lines)
        )
        last = any("Start the questions" in line for line in lines)
        bottom = [line.strip() for line in lines if line.strip()][-1]
        assert bottom == ("» Start the questions" if last else "» More words"), "\n".join(lines)
        term.send(ENTER)
        if last:
            return
        number += 1


@pytest.mark.parametrize(("cols", "rows"), SIZES)
def test_every_screen_fits(tmp_path: Path, cols: int, rows: int) -> None:
    """Issue 11, problem 5: split commands and words, a pushed-off question, stray lines."""
    term = Terminal(tmp_path, cols, rows, "quiz", "--no-tasks", "--quick")
    lines = term.wait_for("Continue: a few words you will meet")
    fits(lines, cols)
    assert any("Welcome to the bpo-assess quick interview" in line for line in lines)
    assert any("bpo-assess quiz --resume" in line for line in lines), "the command is whole"
    assert f"You will answer {QUICK} questions" in words_of(lines)
    through_glossary(term, cols)
    lines = term.wait_for(f"question 1 of {QUICK}")
    fits(lines, cols)
    assert any(line.startswith("? Experience") for line in lines)

    term.send(DOWN * 3 + ENTER)
    term.wait_for(f"question 2 of {QUICK}")
    term.send("Bisaya" + ENTER)
    lines = term.wait_for("Is that right")
    assert "Understood: Bisaya (no level given)" in words_of(lines)
    term.send(ENTER)

    lines = term.wait_for(f"question 3 of {QUICK}")
    lines = term.wait_for("? Certifications you hold")
    assert any(f"question 3 of {QUICK}" in line for line in lines), "\n".join(lines)
    assert lines[-1].strip() == "" or "○" in lines[-1] or "Another" in lines[-1]
    parts = re.search(r"Certifications you hold \((\d) of (\d)\)", "\n".join(lines))
    count = int(parts.group(2)) if parts else 1
    for part in range(2, count + 1):
        term.send(ENTER)
        term.wait_for(f"Certifications you hold ({part} of {count})")
    lines = term.wait_for("Another certification")
    assert any(f"question 3 of {QUICK}" in line for line in lines), "the question stays in view"
    term.send("\x1b[A" + " " + ENTER)  # up from the first wraps to the last: "another"
    term.wait_for("Which other certifications")
    term.send("Lean Six Sigma" + ENTER)
    lines = term.wait_for(f"question 4 of {QUICK}")
    assert not any("Another certification" in line for line in lines), "no stray line"
    assert any("Lean Six Sigma" in line for line in lines), "the typed name is echoed"
    fits(lines, cols)
    term.send(CTRL_C)
    term.child.expect(pexpect.EOF, timeout=20)
    skills = like_a_person(json.loads((tmp_path / "draft.json").read_text())["seed"])

    again = Terminal(tmp_path, cols, rows, "quiz", "--no-tasks", "--quick")
    lines = again.wait_for("Continue it?")
    fits(lines, cols)
    assert re.search(r"started \d{4}-\d{2}-\d{2}\.", words_of(lines)), "the date is whole"
    assert f"You have an unfinished quick interview: 3 of {QUICK} answered" in words_of(lines)
    again.send(ENTER)
    again.wait_for(f"question 4 of {QUICK}")
    again.send(ENTER)  # no industries
    again.wait_for(f"question 5 of {QUICK}")
    again.send(ENTER)  # no study or work in these domains
    again.wait_for(f"question 6 of {QUICK}")
    again.send(ENTER)
    for number, keys in enumerate(skills, start=BACKGROUND + 1):
        again.wait_for(f"question {number} of {QUICK}")
        again.send(keys)
    lines = again.wait_for("Ready to see your results")
    fits(lines, cols)
    assert any(line.startswith("Your answers") for line in lines), "the page's title in view"
    assert any(line.lstrip().startswith("1. ") for line in lines), "page 1 starts at answer 1"
    assert "…" not in "\n".join(lines), "review questions are wrapped, not cut"
    again.send(ENTER)
    lines = again.wait_for("Your results in brief", timeout=30)
    top = lines.index(next(line for line in lines if "Your results in brief" in line))
    assert top == 0, "the pager opens on the summary"
    text = "\n".join(lines)
    for step in ("Apply for", "Take", "Practise"):
        assert re.search(rf"^{step} ", text, re.MULTILINE), f"{step} is on the first screen"
    fits(lines, cols)
    again.send("q")
    again.child.expect(pexpect.EOF, timeout=20)
