"""Every screen of the quiz at 60x20, 80x24, 100x30 and 120x40, read from a screen
emulator (pyte) fed by a real pseudo-terminal: what a person would actually see."""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import pexpect
import pytest

from bpo_assess.core.catalogue import load_catalogue
from bpo_assess.core.quality import item_levels
from bpo_assess.interview.bank import Bank, build_questions

pyte = pytest.importorskip("pyte")

BIN = Path(sys.executable).parent / "bpo-assess"
DOWN, ENTER, CTRL_C = "\x1b[B", "\r", "\x03"
SIZES = [(60, 20), (80, 24), (100, 30), (120, 40)]
BACKGROUND = 6  # questions before the skill questions
QUICK = BACKGROUND + len(load_catalogue().items(quick=True))  # the quick interview's total
pytestmark = [
    pytest.mark.skipif(not BIN.exists(), reason="needs the installed console script"),
    pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX"),
]


class Terminal:
    """A program in a pseudo-terminal of a fixed size, and the screen it draws."""

    def __init__(self, home: Path, cols: int, rows: int, *args: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("COLUMNS", "LINES"))}
        env.update(
            {
                "BPO_ASSESS_HOME": str(home),
                "TERM": "xterm",
                "NO_COLOR": "1",
                "PROMPT_TOOLKIT_NO_CPR": "1",
                "PAGER": "less",
                "LESS": "-R",
            }
        )
        env.pop("BPO_ASSESS_RUN_HINT", None)
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.Stream(self.screen)
        self.child = pexpect.spawn(
            str(BIN),
            ["quiz", "--no-tasks", *args],
            env=env,
            dimensions=(rows, cols),
            encoding="utf-8",
        )

    def wait_for(self, *texts: str, timeout: float = 20) -> list[str]:
        """Feed output to the screen until one of `texts` is on it; the screen's lines."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if any(text in line for line in self.lines() for text in texts):
                time.sleep(0.15)  # let the rest of the frame arrive
                self.pump()
                return self.lines()
            self.pump()
        raise AssertionError(f"{texts!r} never appeared:\n" + "\n".join(self.lines()))

    def pump(self) -> None:
        try:
            while True:
                self.stream.feed(self.child.read_nonblocking(100_000, timeout=0.05))
        except (pexpect.TIMEOUT, pexpect.EOF):
            pass

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def send(self, keys: str) -> None:
        self.child.send(keys)


def fits(lines: list[str], cols: int) -> None:
    assert all(len(line) <= cols for line in lines)


def words_of(lines: list[str]) -> str:
    return " ".join(" ".join(line.strip(" │") for line in lines).split())


def like_a_person(seed: int) -> list[str]:
    """Keys for the quick interview's skill questions, answered as a careful person would:
    each skill at a level of its own (2, 3 or 4) wherever the shuffle put that answer, so
    no note on careless answering (same place each time, a flat profile) fills the
    summary's first screen. `seed` is the draft's, which orders the choices."""
    catalogue = load_catalogue()
    names = [skill.name for skill in catalogue.skills]
    keys = []
    for question in build_questions(Bank.of(catalogue), quick=True, seed=seed):
        if question.item_kind is None:
            continue
        wanted = 2 + names.index(question.section) % 3
        levels = [
            item_levels(catalogue, {question.key: v})[question.key] for _, v in question.choices
        ]
        place = min(range(len(levels)), key=lambda i: abs(levels[i] - wanted))
        keys.append(DOWN * place + ENTER)
    return keys


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
    term = Terminal(tmp_path, cols, rows, "--quick")
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
    for _ in range(count - 1):
        term.send(ENTER)
        time.sleep(0.5)
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

    again = Terminal(tmp_path, cols, rows, "--quick")
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
