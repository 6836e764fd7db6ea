"""The output boundary: every byte a command prints passes through here or `render.console`.

One rule (`errors.printable`) for everything that reaches standard output or standard
error, whatever it came from (the catalogue, an import, a file name, a batch id): control
and text-direction characters are shown as escapes, so data can never move the cursor,
retitle the window, clear the screen, make a link or forge a line. Documents and messages
go through `out`, `err` and `json_out` here; Rich views through `render.console.console()`,
which neutralises each text before it is laid out. `test_nothing_prints_around_the_boundary`
fails if a module prints any other way.

No Rich here: `roles --json` prints through this module within its start-up budget.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from bpo_assess.errors import printable, unsafe_pattern

KEEP = "\n\t"  # a view or document keeps its line breaks and tabs; nothing else passes raw


def out(text: str) -> None:
    """A document or plain text on standard output (line breaks kept)."""
    sys.stdout.write(printable(text, lines=True))


def out_bytes(content: bytes) -> None:
    """A binary document (a PDF) on standard output; refused on a terminal, where its
    bytes would be read as control sequences."""
    from bpo_assess.errors import UsageError

    if sys.stdout.isatty():
        raise UsageError("-o -: standard output is a terminal; give a file name")
    sys.stdout.flush()
    sys.stdout.buffer.write(content)
    sys.stdout.buffer.flush()


def err(text: str) -> None:
    """A message on standard error, neutralised, ending in one line break."""
    sys.stderr.write(printable(text, lines=True).rstrip("\n") + "\n")


def json_safe(text: str) -> str:
    """JSON text with no raw control or text-direction character: each becomes a \\u
    escape, which JSON reads back as the same character. JSON encoders escape only C0
    and quotes, and such a character can only be inside a string, where \\u is valid."""
    return unsafe_pattern(KEEP).sub(lambda found: f"\\u{ord(found[0]):04x}", text)


def json_text(document: object, **options: Any) -> str:
    return json_safe(json.dumps(document, ensure_ascii=False, **options))


def json_out(document: object) -> None:
    sys.stdout.write(json_text(document, indent=2) + "\n")


def standard_streams() -> None:
    """Make standard output and error safe to write, whatever the program was given.

    A closed descriptor 0, 1 or 2 gets /dev/null, so no file the program opens later
    (the store!) takes its number and receives its output, and `print` never falls back
    from a missing stderr to stdout. An encoding that cannot show a character (a Latin-1
    terminal) shows a replacement instead of failing.
    """
    import os

    for number in (0, 1, 2):
        try:
            os.fstat(number)
        except OSError:
            with _suppressed():
                empty = os.open(os.devnull, os.O_RDWR)
                if empty != number:
                    os.dup2(empty, number)
                    os.close(empty)
    if sys.stdout is None:
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with _suppressed():
                reconfigure(errors="replace")


def _suppressed() -> Any:
    import contextlib

    return contextlib.suppress(OSError, ValueError, AttributeError, TypeError)
