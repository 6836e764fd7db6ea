"""Helpers shared by the tests: whether a browser may be used, and a program in a
pseudo-terminal read through a screen emulator."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HIDE_BROWSER_ENV = "BPO_ASSESS_TEST_HIDE_BROWSER"
BROWSER_HIDDEN = os.environ.get(HIDE_BROWSER_ENV, "") not in ("", "0")
NO_BROWSER = "bpo-assess-test-no-browser"  # a name no PATH holds: the program finds none


# `make check` runs a fifth of each property's random examples (at least ten), so the
# edit-test loop stays fast; `make test` and CI run them all.
QUICK_ENV = "BPO_ASSESS_TEST_QUICK"
QUICK = os.environ.get(QUICK_ENV, "") not in ("", "0")


def examples(count: int) -> int:
    """How many random examples a property test runs: `count`, or fewer in `make check`."""
    return max(10, count // 5) if QUICK else count


@contextlib.contextmanager
def processes_started(monkeypatch: Any) -> Iterator[list[str]]:
    """The processes started inside the block (a subprocess or a fork), as they are noted:
    conftest fails an unmarked test that starts one, to keep `make check` fast."""
    import subprocess

    started: list[str] = []
    popen, fork = subprocess.Popen.__init__, os.fork

    def note_popen(self: Any, *args: Any, **kwargs: Any) -> None:
        started.append(str(args[0] if args else kwargs.get("args")))
        popen(self, *args, **kwargs)

    def note_fork() -> int:
        started.append("a fork")
        return fork()

    with monkeypatch.context() as patch:
        patch.setattr(subprocess.Popen, "__init__", note_popen)
        patch.setattr(os, "fork", note_fork)
        yield started


def browser() -> str | None:
    """The browser the tests may use: None when none is installed or it is hidden."""
    from bpo_assess.counsel.report import find_browser

    return None if BROWSER_HIDDEN else find_browser()


def browser_missing() -> str:
    if BROWSER_HIDDEN:
        return f"the browser is hidden ({HIDE_BROWSER_ENV}=1)"
    return "no Chromium or Chrome on PATH (install chromium to run it; CI does)"


# --- A program in a pseudo-terminal ----------------------------------------------------

BIN = Path(sys.executable).parent / "bpo-assess"
DOWN, UP, ENTER, CTRL_C = "\x1b[B", "\x1b[A", "\r", "\x03"
QUIET = 0.1  # seconds without output: the program is waiting for a key
POLL = 0.02  # how often a quiet terminal is checked for a program waiting for a key
# Where a process sleeps while it waits for a key (Linux, /proc/PID/wchan): prompt_toolkit
# in its event loop, less in select or a read, the program waiting for its pager.
WAITING = {"do_epoll_wait", "do_select", "do_sys_poll", "poll_schedule_timeout"}
WAITING |= {"wait_woken", "n_tty_read", "do_wait"}


def pty_environment(home: Path, **extra: str) -> dict[str, str]:
    """The program's environment in a test: its own home, no colour, a plain terminal."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COLUMNS", "LINES"))}
    env.update({"BPO_ASSESS_HOME": str(home), "TERM": "xterm", "NO_COLOR": "1"})
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"  # a pty under pexpect never answers position requests
    env.pop("BPO_ASSESS_RUN_HINT", None)
    env["PATH"] = f"{BIN.parent}{os.pathsep}{env.get('PATH', '')}"  # installed, as a user has it
    env.update(extra)
    return env


class Terminal:
    """A program in a pseudo-terminal of a fixed size, and the screen it draws (pyte).

    `wait_for` waits for the screen's state, never for a fixed time: the text is on the
    screen and the program has stopped drawing (it waits for a key)."""

    def __init__(
        self, home: Path, cols: int, rows: int, *args: str, env: dict[str, str] | None = None
    ) -> None:
        import pexpect
        import pyte

        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.Stream(self.screen)
        self.child = pexpect.spawn(
            str(BIN),
            list(args),
            env=env or pty_environment(home, PAGER="less", LESS="-R"),
            dimensions=(rows, cols),
            encoding="utf-8",
        )
        self.child.delaybeforesend = None  # keys go when the screen says the program waits
        self.transcript = ""  # everything the program wrote, for what scrolled away
        self.answered = True  # the program has written since the last keys were sent

    def wait_for(self, *texts: str, timeout: float = 30) -> list[str]:
        """Feed output to the screen until one of `texts` is on it and the program is
        quiet; the screen's lines."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump()
            if any(text in line for line in self.lines() for text in texts):
                return self.lines()
        raise AssertionError(f"{texts!r} never appeared:\n" + "\n".join(self.lines()))

    def pump(self) -> None:
        """Feed what the program wrote until it is quiet: QUIET seconds without output,
        or sooner, where /proc tells, every process on the terminal asleep waiting for
        input after answering the last keys sent."""
        import pexpect

        silent_since = time.monotonic()
        while True:
            try:
                chunk = self.child.read_nonblocking(100_000, timeout=POLL)
            except pexpect.EOF:
                return
            except pexpect.TIMEOUT:
                if time.monotonic() - silent_since >= QUIET or self.waiting():
                    return
                continue
            self.stream.feed(chunk)
            self.transcript += chunk
            self.answered = True
            silent_since = time.monotonic()

    def waiting(self) -> bool:
        """Every process of the terminal's session sleeps waiting for input (Linux), and
        the program has written since the last keys: it has read them and is done."""
        if not self.answered:
            return False
        states = []
        for entry in Path("/proc").iterdir() if Path("/proc/self/wchan").exists() else ():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                fields = stat[stat.rindex(")") + 2 :].split()
                if int(fields[3]) == self.child.pid:  # the session the program leads
                    states.append((fields[0], (entry / "wchan").read_text()))
            except (OSError, ValueError):  # it ended while we looked
                continue
        return bool(states) and all(state == "S" and where in WAITING for state, where in states)

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def send(self, keys: str) -> None:
        self.answered = False
        self.child.send(keys)

    def finish(self, timeout: float = 30) -> int:
        """Wait for the program to end; its exit status."""
        import pexpect

        self.child.expect(pexpect.EOF, timeout=timeout)
        self.transcript += str(self.child.before or "")
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)


def words_of(lines: list[str]) -> str:
    """The screen's words on one line: what a person reads, wherever the lines broke."""
    return " ".join(" ".join(line.strip(" │") for line in lines).split())


def keys_for_levels(seed: int, level: Callable[[str], int], *, quick: bool = True) -> list[str]:
    """Keys for the skill questions that pick, for each, the choice nearest `level(skill
    name)`, wherever the per-person shuffle put it: the same result for every seed."""
    from bpo_assess.core.catalogue import load_catalogue
    from bpo_assess.core.quality import item_levels
    from bpo_assess.interview.bank import Bank, build_questions

    catalogue = load_catalogue()
    keys = []
    for question in build_questions(Bank.of(catalogue), quick=quick, seed=seed):
        if question.item_kind is None:
            continue
        wanted = level(question.section)
        levels = [
            item_levels(catalogue, {question.key: v})[question.key] for _, v in question.choices
        ]
        place = min(range(len(levels)), key=lambda i: abs(levels[i] - wanted))
        keys.append(DOWN * place + ENTER)
    return keys
