"""`bpo-assess quiz` end to end in a real pseudo-terminal, typed as a person would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pexpect
import pytest

from bpo_assess.core.catalogue import Catalogue, load_catalogue
from support import keys_for_levels

BIN = Path(sys.executable).parent / "bpo-assess"
DOWN, ENTER, CTRL_C = "\x1b[B", "\r", "\x03"
# questionary's "? Message", styled: at the start of a line or after an escape sequence,
# never a question mark inside the question's text ("how well? Say how well ..."), which
# had a test press Ctrl-C before the prompt was there.
PROMPT = r"(?:\n|\x1b\[[0-9;?]*[A-Za-z])\?(\x1b\[[0-9;]*m)* (\x1b\[[0-9;]*m)*\w"
pytestmark = [
    pytest.mark.pty,
    pytest.mark.skipif(not BIN.exists(), reason="needs the installed console script"),
]
# Coverage: a program is measured where it alone reaches lines (the terminal driver, the
# entry point, an unnamed draft claimed, no terminal). The other tests walk paths those and
# the in-process tests (test_interview, test_drafts) measure, so they run unmeasured, at
# half the time (tests/conftest.py, "no_cover"); `make test` checks the coverage floor.
UNMEASURED = pytest.mark.no_cover


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COLUMNS", "LINES"))}
    env.update({"BPO_ASSESS_HOME": str(home), "TERM": "xterm", "NO_COLOR": "1"})
    # A pty under pexpect never answers cursor-position requests; do not wait for them.
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    env["PAGER"] = "cat"  # the full results page through the pager, which here just prints
    env["PATH"] = f"{BIN.parent}{os.pathsep}{env.get('PATH', '')}"  # installed, as a user has it
    return env


def spawn(home: Path, *args: str, command: str | None = None) -> pexpect.spawn[str]:
    """The program in an 80x40 pseudo-terminal. Keys go at once (no pexpect delay): every
    test waits for the prompt on the screen before it types."""
    child = launch(home, *args, command=command)
    child.delaybeforesend = None
    return child


def launch(home: Path, *args: str, command: str | None = None) -> pexpect.spawn[str]:
    if command is not None:
        return pexpect.spawn(
            "bash",
            ["-c", command],
            env=environment(home),
            dimensions=(40, 80),
            encoding="utf-8",
            timeout=20,
        )
    return pexpect.spawn(
        str(BIN),
        ["quiz", "--no-tasks", *args],
        env=environment(home),
        dimensions=(40, 80),
        encoding="utf-8",
        timeout=20,
    )


BACKGROUND = [
    DOWN * 3 + ENTER,  # two to five years of experience
    ("English fluent\r", ENTER),  # then: yes, that is how the languages were understood
    ENTER,  # no certifications yet
    " " + ENTER,  # interested in healthcare
    ENTER,  # has not studied or worked in those domains
    ENTER,  # prefers voice work
]
ITEMS = len(load_catalogue().items(quick=True))  # the quick interview's skill questions
QUICK = len(BACKGROUND) + ITEMS  # and its background questions before them


def answer(
    child: pexpect.spawn[str], total: int, keys: Sequence[Sequence[str]], first: int = 1
) -> None:
    """Wait for each question's progress line, then type its keys (a pair: a follow-up)."""
    for number, key in enumerate(keys, start=first):
        child.expect(f"question {number} of {total}")
        child.expect(PROMPT)
        if isinstance(key, tuple):  # a pair: the answer, then the key for "Is that right?"
            child.send(key[0])
            child.expect("Is that right")
            child.send(key[1])
        else:
            child.send(str(key))


def finish(child: pexpect.spawn[str]) -> str:
    child.expect("Ready to see your results")
    child.send(ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return str(child.before)


def start(child: pexpect.spawn[str]) -> None:
    child.expect("Welcome to the bpo-assess")
    past_glossary(child)


def past_glossary(child: pexpect.spawn[str]) -> None:
    """Enter after the welcome, then once per page of the glossary."""
    child.expect("Continue: a few words you will meet")
    child.send(ENTER)
    while child.expect(["More words", "Start the questions"]) == 0:
        child.send(ENTER)
    child.send(ENTER)


@UNMEASURED
def test_quick_interview_shows_ranked_roles_and_certifications(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    """Issue 16, problem 16: it failed now and then with seven of eight titles: the keys
    picked choices by place, so each run's shuffle gave other results, and one title then
    wrapped. Choices are now picked by what they mean, whatever the shuffle."""
    child = spawn(tmp_path, "--quick")
    start(child)
    answer(child, QUICK, BACKGROUND)
    seed = json.loads((tmp_path / "draft.json").read_text())["seed"]
    names = [skill.name for skill in catalogue.skills]
    keys = keys_for_levels(seed, lambda skill: 2 + names.index(skill) % 3)
    answer(child, QUICK, keys, first=len(BACKGROUND) + 1)
    screen = finish(child)
    # no study or work in a specialist's domain: those three are roles to grow into
    assert "Roles you can apply for now" in screen and "Roles to grow into" in screen
    assert sum(role.title in screen for role in catalogue.roles) == len(catalogue.roles)
    assert "Certifications, those closing your gaps first" in screen
    assert any(cert.name in screen for cert in catalogue.certifications)
    assert "not be used for hiring or screening" in " ".join(screen.split())
    assert "Traceback" not in screen
    assert "Saved as session 1 in" in screen and "bpo-assess forget 1" in screen
    assert [s["client"] for s in history(tmp_path)] == [None]


def history(home: Path) -> list[dict[str, object]]:
    listed = subprocess.run(
        [str(BIN), "history", "--json"],
        capture_output=True,
        text=True,
        check=True,
        env=environment(home),
    )
    sessions: list[dict[str, object]] = json.loads(listed.stdout)["sessions"]
    return sessions


@UNMEASURED
def test_a_new_client_confirms_consent_before_the_interview(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--quick", "--client", "Ana Reyes")
    child.expect("Consent")
    child.expect("Has the client read this and agreed")
    child.send("y" + ENTER)  # one key, or a habitual Enter, answers nothing
    child.expect("Type yes or no")
    child.send("yes" + ENTER)  # the rejected "y" is gone, not "yyes" (issue 16, 12)
    start(child)
    answer(child, QUICK, BACKGROUND + [DOWN + ENTER] * ITEMS)
    screen = finish(child)
    assert "Saved as session 1 for Ana Reyes" in screen
    assert 'bpo-assess forget --client "Ana Reyes"' in screen
    assert [s["client"] for s in history(tmp_path)] == ["Ana Reyes"]


@UNMEASURED
def test_no_save_leaves_no_session(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--quick", "--no-save")
    start(child)
    answer(child, QUICK, BACKGROUND + [ENTER] * ITEMS)
    screen = finish(child)
    assert "Saved as session" not in screen
    assert not (tmp_path / "sessions.db").exists()


@UNMEASURED
def test_ctrl_c_halfway_then_resume(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--quick")
    start(child)
    answered = len(BACKGROUND) + 1  # the background and one skill question
    answer(child, QUICK, [*BACKGROUND, ENTER])
    child.expect(f"question {answered + 1} of {QUICK}")
    child.expect(PROMPT)
    child.send(CTRL_C)
    child.expect("bpo-assess quiz --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, (child.exitstatus, child.signalstatus, child.before)
    assert "Traceback" not in str(child.before)
    assert (tmp_path / "draft.json").exists()

    child = spawn(tmp_path, "--resume")
    child.expect(f"{answered} of {QUICK} questions are already answered")
    answer(child, QUICK, [ENTER] * (QUICK - answered), first=answered + 1)
    screen = finish(child)
    assert "Roles you can apply for now" in screen or "How the roles fit you" in screen
    assert not (tmp_path / "draft.json").exists()


@UNMEASURED
def test_full_interview(tmp_path: Path, catalogue: Catalogue) -> None:
    items = sum(len(skill.items) for skill in catalogue.skills)
    total = items + len(BACKGROUND)
    child = spawn(tmp_path)
    child.expect(f"You will answer {total} questions")
    past_glossary(child)
    answer(child, total, BACKGROUND + [DOWN * 2 + ENTER] * items)
    screen = finish(child)
    assert "Your skill profile" in screen
    assert "The road to leadership" in screen, "two or more years of experience"


@UNMEASURED
def test_answers_out_then_score_gives_identical_json(tmp_path: Path) -> None:
    answers, result = tmp_path / "answers.json", tmp_path / "result.json"
    child = spawn(
        tmp_path,
        command=f"'{BIN}' quiz --quick --no-tasks --json --answers-out '{answers}' > '{result}'",
    )
    start(child)
    answer(child, QUICK, BACKGROUND + [DOWN + ENTER, ENTER] * 4 + [DOWN * 4 + ENTER])
    child.expect("Ready to see your results")
    child.send(ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    from_quiz = json.loads(result.read_text())
    assert from_quiz["matches"] and "quality" in from_quiz
    saved = json.loads(answers.read_text())
    assert set(saved["timings"]) == set(saved["answers"]), "each answer's time is kept"
    scored = subprocess.run(
        [str(BIN), "score", str(answers), "--json"],
        capture_output=True,
        text=True,
        check=True,
        env=environment(tmp_path),
    )
    assert json.loads(scored.stdout) == from_quiz
    assert scored.stdout == result.read_text()


def test_no_terminal_fails_at_once_with_a_hint(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(BIN), "quiz"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=environment(tmp_path),
        timeout=20,
    )
    assert done.returncode == 2
    assert "bpo-assess score FILE" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""


@UNMEASURED
def test_ctrl_c_before_the_first_answer_saves_nothing(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--quick")
    past_glossary(child)
    child.expect(f"question 1 of {QUICK}")
    child.expect(PROMPT)
    child.send(CTRL_C)
    child.expect("nothing to save")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, (child.exitstatus, child.signalstatus, child.before)
    assert not (tmp_path / "draft.json").exists()


def run(
    home: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), *args],
        capture_output=True,
        text=True,
        env=env or environment(home),
        timeout=30,
    )


@UNMEASURED
def test_ctrl_c_pressed_right_after_an_answer_stops_at_the_next_question(tmp_path: Path) -> None:
    """Between two questions Ctrl-C was a signal that Python could swallow in a finalizer
    ("Exception ignored in ... KeyboardInterrupt") while the interview went on."""
    child = spawn(tmp_path, "--quick")
    start(child)
    child.expect("question 1 of")
    child.expect(PROMPT)
    child.send(ENTER + CTRL_C)  # the answer, then Ctrl-C at once, before the next question
    child.expect("Continue with: bpo-assess quiz --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert "Exception ignored" not in str(child.before)
    assert child.exitstatus == 130


@UNMEASURED
def test_a_resumed_client_interview_stays_the_clients_and_forget_erases_it(
    tmp_path: Path,
) -> None:
    """Issue 11, problem 1: after Ctrl-C and --resume the session had no client."""
    child = spawn(tmp_path, "--quick", "--client", "Jo Cruz", "--consent")
    start(child)
    answer(child, QUICK, BACKGROUND[:3])
    child.expect(f"question 4 of {QUICK}")
    child.expect(PROMPT)
    child.send(CTRL_C)
    child.expect("Continue with: bpo-assess quiz --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, (child.exitstatus, child.signalstatus, child.before)
    draft = json.loads(client_draft(tmp_path).read_text())
    assert draft["client"] == "Jo Cruz" and draft["consented"] is True

    child = spawn(tmp_path, "--resume")
    child.expect(f"3 of {QUICK} questions are already answered")
    answer(child, QUICK, BACKGROUND[3:] + [ENTER] * ITEMS, first=4)
    screen = finish(child)
    assert "Saved as session 1 for Jo Cruz" in screen
    assert [s["client"] for s in history(tmp_path)] == ["Jo Cruz"]

    erased = run(tmp_path, "forget", "--client", "Jo Cruz", "--yes")
    assert erased.returncode == 0, erased.stderr
    assert "Erased Jo Cruz: 1 session," in erased.stderr
    assert history(tmp_path) == []


@UNMEASURED
def test_forget_a_client_also_erases_their_unfinished_interview(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--quick", "--client", "Jo Cruz", "--consent")
    start(child)
    answer(child, QUICK, BACKGROUND[:1])
    child.expect(f"question 2 of {QUICK}")
    child.expect(PROMPT)
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    assert client_draft(tmp_path).exists()
    erased = run(tmp_path, "forget", "--client", "jo cruz", "--yes")
    assert erased.returncode == 0, erased.stderr
    assert "unfinished interview" in erased.stderr
    assert not list(tmp_path.glob("draft*.json"))


@UNMEASURED
def test_the_resume_hint_names_the_command_that_works_here(tmp_path: Path) -> None:
    """Issue 11, problem 8: after `make quiz` the hint `bpo-assess quiz --resume` fails."""
    env = {**environment(tmp_path), "BPO_ASSESS_RUN_HINT": "make quiz ARGS="}
    child = pexpect.spawn(
        str(BIN), ["quiz", "--quick"], env=env, dimensions=(40, 80), encoding="utf-8", timeout=20
    )
    child.expect("make quiz ARGS=--resume")  # whole, on one line of the welcome box
    past_glossary(child)
    answer(child, QUICK, BACKGROUND[:1])
    child.expect(f"question 2 of {QUICK}")
    child.expect(PROMPT)
    child.send(CTRL_C)
    child.expect("Continue with: make quiz ARGS=--resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, (child.exitstatus, child.signalstatus, child.before)


@UNMEASURED
def test_a_returning_client_keeps_their_background_without_retyping_it(tmp_path: Path) -> None:
    """Issue 11, problem 3: a client's second session asked the whole background again."""
    child = spawn(tmp_path, "--quick", "--client", "Jo Cruz", "--consent")
    start(child)
    answer(child, QUICK, BACKGROUND + [DOWN + ENTER] * ITEMS)
    finish(child)

    child = spawn(tmp_path, "--quick", "--client", "Jo Cruz")
    child.expect("Skip the words and start the questions")
    child.send(ENTER)  # a returning client skips the glossary by default
    child.expect("This is the background from the last session")
    child.expect("English fluent")
    child.expect("Is it still right")
    child.send(ENTER)  # yes, keep it
    answer(child, QUICK, [DOWN + ENTER] * ITEMS, first=len(BACKGROUND) + 1)
    screen = finish(child)
    assert "Saved as session 2 for Jo Cruz" in screen
    sessions = history(tmp_path)
    assert [s["client"] for s in sessions] == ["Jo Cruz", "Jo Cruz"]


def client_draft(home: Path) -> Path:
    """The one client's draft file (named by a digest of the client's name)."""
    (found,) = home.glob("draft-*.json")
    return found


def stop_at(child: pexpect.spawn[str], number: int) -> None:
    """Ctrl-C at question `number`, and the program ends with 130."""
    child.expect(f"question {number} of {QUICK}")
    child.expect(PROMPT)
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, (child.exitstatus, child.signalstatus, child.before)


def test_an_unnamed_draft_is_shown_and_never_silently_becomes_a_clients(tmp_path: Path) -> None:
    """Issue 16, problem 2: an anonymous draft was continued as Ana's, with its answers."""
    child = spawn(tmp_path, "--quick")
    start(child)
    answer(child, QUICK, BACKGROUND[:3])
    stop_at(child, 4)
    unnamed = (tmp_path / "draft.json").read_text()

    child = spawn(tmp_path, "--quick", "--client", "Ana Reyes", "--consent")
    child.expect(f"unfinished quick interview with no client named: 3 of {QUICK} answered")
    child.expect("Languages: English fluent")  # what it holds, to tell whose it is
    child.expect("Are these Ana Reyes's answers")
    child.send(ENTER)  # the default: no, start Ana's afresh
    start(child)
    stop_at(child, 1)
    assert (tmp_path / "draft.json").read_text() == unnamed, "left as it was, for its owner"

    child = spawn(tmp_path, "--quick", "--client", "Ana Reyes", "--consent")
    child.expect("Are these Ana Reyes's answers")
    child.send(DOWN + ENTER)  # yes, they are hers
    child.expect(f"3 of {QUICK} questions are already answered")
    answer(child, QUICK, BACKGROUND[3:] + [ENTER] * ITEMS, first=4)
    screen = finish(child)
    assert "Saved as session 1 for Ana Reyes" in screen
    assert not list(tmp_path.glob("draft*.json"))


@UNMEASURED
def test_another_clients_draft_is_never_offered(tmp_path: Path) -> None:
    """Issue 16, problem 2: Jo's unfinished interview was offered to Ana's counsellor."""
    child = spawn(tmp_path, "--quick", "--client", "Jo Cruz", "--consent")
    start(child)
    answer(child, QUICK, BACKGROUND[:1])
    child.expect(f"question 2 of {QUICK}")
    child.expect(PROMPT)
    child.send(CTRL_C)
    child.expect("Continue with: bpo-assess quiz --resume --client 'Jo Cruz'")
    child.expect(pexpect.EOF)
    child.close()
    kept = client_draft(tmp_path).read_text()

    child = spawn(tmp_path, "--quick", "--client", "Ana Reyes", "--consent")
    child.expect("Welcome to the bpo-assess")
    assert "unfinished" not in str(child.before)
    past_glossary(child)
    answer(child, QUICK, BACKGROUND[:1])
    stop_at(child, 2)
    assert len(list(tmp_path.glob("draft-*.json"))) == 2, "one draft for each client"
    assert kept in {path.read_text() for path in tmp_path.glob("draft-*.json")}

    child = spawn(tmp_path, "--resume", "--client", "jo cruz")  # found as the store finds her
    child.expect(f"1 of {QUICK} questions are already answered")
    stop_at(child, 2)
