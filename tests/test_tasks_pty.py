"""The tasks in a real pseudo-terminal: typing at a known speed with known errors, a
paste, and the checking and English tasks, as a person would do them (issue 18)."""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import pexpect
import pytest

from bpo_assess.core.task_content import tasks

BIN = Path(sys.executable).parent / "bpo-assess"
ENTER, DOWN, BACKSPACE = "\r", "\x1b[B", "\x7f"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
INTERVAL = 0.1  # seconds between keys: 120 words a minute on paper, well under the limit
pytestmark = [
    pytest.mark.pty,
    pytest.mark.skipif(not BIN.exists(), reason="needs the installed console script"),
]
# Coverage: the quick quiz with its tasks, the paste, Ctrl-C in a task and no terminal
# measure the program; the tasks alone walk lines those and test_tasks measure, unmeasured.
UNMEASURED = pytest.mark.no_cover


def run_task(home: Path, name: str, *args: str) -> tuple[pexpect.spawn[str], Path]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COLUMNS", "LINES"))}
    env.update(
        {"BPO_ASSESS_HOME": str(home), "TERM": "xterm", "NO_COLOR": "1"},
        PROMPT_TOOLKIT_NO_CPR="1",
    )
    out = home / "figures.json"
    child = pexpect.spawn(
        "bash",
        ["-c", f"'{BIN}' task {name} --json {' '.join(args)} > '{out}'"],
        env=env,
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=30,
    )
    child.delaybeforesend = None  # the test sets the pace itself
    return child, out


def shown_passage(child: pexpect.spawn[str]) -> str:
    child.expect("Start the typing task")
    child.send(ENTER)
    child.expect("starts at your first key")
    screen = " ".join(str(child.before).split())
    return next(p.text for p in tasks().passages if p.text[:50] in screen)


@UNMEASURED
def test_typing_at_a_known_speed_with_known_errors_gives_those_figures(tmp_path: Path) -> None:
    child, out = run_task(tmp_path, "typing", "--quick")
    passage = shown_passage(child)
    text = passage[:50]
    typed = text[:20] + ("x" if text[20] != "x" else "y") + text[21:]  # one error left in
    keys = list(typed[:35]) + ["q", BACKSPACE] + list(typed[35:])  # one fixed at once
    started = time.monotonic()
    for key in keys:
        child.send(key)
        time.sleep(INTERVAL)
    spent = time.monotonic() - started - INTERVAL  # first key to last key
    child.send(ENTER)
    child.expect(pexpect.EOF)
    typing = json.loads(out.read_text())["typing"]
    assert typing["scored"] is True, typing
    assert typing["characters"] == 50
    assert (typing["uncorrected_errors"], typing["corrected_errors"]) == (1, 1)
    assert typing["accuracy"] == round(100 * (1 - 1 / 50), 1)
    expected = (50 - 1 - 1) / 5 / (spent / 60)
    assert typing["net_wpm"] == pytest.approx(expected, rel=0.1)


def test_a_pasted_passage_is_kept_but_not_scored(tmp_path: Path) -> None:
    child, out = run_task(tmp_path, "typing", "--quick")
    passage = shown_passage(child)
    child.send(PASTE_START + passage + PASTE_END)
    child.expect(pexpect.EOF)  # the whole passage is there: the task ends by itself
    typing = json.loads(out.read_text())["typing"]
    assert typing["scored"] is False and "pasted" in typing["reason"]
    assert typing["net_wpm"] is None


@UNMEASURED
def test_the_checking_task_marks_pairs_and_scores_them(tmp_path: Path) -> None:
    child, out = run_task(tmp_path, "checking")
    for _ in range(2):  # two screens of six pairs: tick the first pair of each, then Enter
        child.expect("Pairs that differ")
        child.send(" ")
        child.send(ENTER)
    child.expect(pexpect.EOF)
    checking = json.loads(out.read_text())["checking"]
    assert checking["pairs"] == 12
    assert checking["hits"] + checking["false_alarms"] == 2


@UNMEASURED
def test_the_english_task_gives_a_level_per_skill_and_overall(tmp_path: Path) -> None:
    child, out = run_task(tmp_path, "english")
    for _ in range(5):  # the fourth statement each time: B2
        child.expect("English: ")
        child.send(DOWN * 3 + ENTER)
    child.expect(pexpect.EOF)
    english = json.loads(out.read_text())["english"]
    assert english["overall"] == "B2" and set(english["skills"].values()) == {"B2"}


def test_without_a_terminal_the_task_says_so_in_one_line(tmp_path: Path) -> None:
    import subprocess

    done = subprocess.run(
        [str(BIN), "task", "typing"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, "BPO_ASSESS_HOME": str(tmp_path)},
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "error: the typing task needs a terminal to show the task and time it; run it in one"
    )


def test_the_quick_quiz_runs_typing_and_english_after_the_questions_and_score_agrees(
    tmp_path: Path,
) -> None:
    """The welcome counts the tasks in; --answers-out keeps the keys, so `score` gives the
    same figures from the file."""
    import subprocess

    from bpo_assess.interview.tasks import task_minutes
    from test_quiz_pty import BACKGROUND, ITEMS, QUICK, answer, environment

    answers, result = tmp_path / "answers.json", tmp_path / "result.json"
    child = pexpect.spawn(
        "bash",
        ["-c", f"'{BIN}' quiz --quick --json --answers-out '{answers}' > '{result}'"],
        env=environment(tmp_path),
        dimensions=(40, 80),  # the background's checklists fit on one screen
        encoding="utf-8",
        timeout=30,
    )
    child.expect("Welcome to the bpo-assess")
    child.expect("Continue: a few words you will meet")
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", str(child.before))
    welcome = " ".join(re.sub("[│╭╮╰╯─]", " ", plain).split())
    assert "Then two short tasks: typing a passage, and your English" in welcome
    child.send(ENTER)
    while child.expect(["More words", "Start the questions"]) == 0:
        child.send(ENTER)
    child.send(ENTER)
    answer(child, QUICK, BACKGROUND + [DOWN * 3 + ENTER] * ITEMS)
    child.expect("Ready to see your results")
    child.send(ENTER)
    passage = shown_passage(child)
    child.delaybeforesend = None
    for key in passage[:30]:  # enough to be scored (MIN_CHARACTERS is 20)
        child.send(key)
        time.sleep(INTERVAL)
    child.send(ENTER)
    for _ in range(5):
        child.expect("English: ")
        child.send(DOWN * 2 + ENTER)
    child.expect(pexpect.EOF)
    from_quiz = json.loads(result.read_text())
    assert from_quiz["evidence"]["typing"]["scored"] is True
    assert from_quiz["evidence"]["english"]["overall"] == "B1"
    saved = json.loads(answers.read_text())
    assert len(saved["tasks"]["typing"]["keys"]) == 30
    scored = subprocess.run(
        [str(BIN), "score", str(answers), "--json"],
        capture_output=True,
        text=True,
        check=True,
        env=environment(tmp_path),
    )
    assert json.loads(scored.stdout) == from_quiz
    assert task_minutes(True) == 8


def test_ctrl_c_in_a_task_keeps_the_answers_and_resume_starts_the_task_again(
    tmp_path: Path,
) -> None:
    from test_quiz_pty import BACKGROUND, ITEMS, QUICK, answer, environment

    def quiz(*args: str) -> pexpect.spawn[str]:
        return pexpect.spawn(
            str(BIN),
            ["quiz", "--quick", "--no-pager", *args],
            env=environment(tmp_path),
            dimensions=(40, 80),
            encoding="utf-8",
            timeout=30,
        )

    child = quiz()
    child.expect("Continue: a few words you will meet")
    child.send(ENTER)
    while child.expect(["More words", "Start the questions"]) == 0:
        child.send(ENTER)
    child.send(ENTER)
    answer(child, QUICK, BACKGROUND + [DOWN * 3 + ENTER] * ITEMS)
    child.expect("Ready to see your results")
    child.send(ENTER)
    shown_passage(child)
    child.send("Thank")
    child.send("\x03")
    child.expect("tasks start again from the first")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    again = quiz("--resume")
    again.expect("Ready to see your results")
    again.send(ENTER)
    shown_passage(again)  # the typing task again, from its start
    again.send("\x03")
    again.expect(pexpect.EOF)
