"""The one error path: every mistake a user can make becomes a `BpoError`.

The CLI prints each of its problems as one line on stderr and exits with its code.

Imports inside functions here serve the `roles --json` start-up budget: pydantic loads
only when a validation error is formatted.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INVALID_DATA = 1  # a file or value the tool could read but not accept
    USAGE = 2  # a wrong argument, a missing file, no terminal to prompt on
    PARTIAL = 3  # batch: some rows failed, the others were scored
    UNAVAILABLE = 4  # the database server cannot be reached, or stayed busy: try again
    INTERRUPTED = 130  # Ctrl-C


class BpoError(Exception):
    """A problem the user can fix, described in one line per problem."""

    def __init__(self, problems: str | Iterable[str], code: ExitCode = ExitCode.INVALID_DATA):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        self.code = code
        super().__init__("; ".join(self.problems))


class UsageError(BpoError):
    def __init__(self, problems: str | Iterable[str]):
        super().__init__(problems, ExitCode.USAGE)


def pydantic_problems(error: object, prefix: str = "", tags: Collection[str] = ()) -> list[str]:
    """One line per pydantic validation error: `path: message`; `tags` are the names of
    a tagged union's members, left out of the path."""
    from pydantic import ValidationError

    assert isinstance(error, ValidationError)
    lines = []
    for detail in error.errors(include_url=False):
        path = format_path(detail["loc"], tags)
        where = ": ".join(part for part in (prefix, path) if part)
        message = detail["msg"]
        if detail["type"] == "extra_forbidden":
            message = "unknown key"
        elif detail["type"] == "missing":
            message = "required key is missing"
        lines.append(f"{where}: {message}" if where else message)
    return lines


def format_path(loc: Iterable[int | str], tags: Collection[str] = ()) -> str:
    """('roles', 2, 'profile', 'teamwork') -> 'roles[2].profile.teamwork'."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part in tags:
            continue  # discriminated-union tags add nothing for the reader
        else:
            path += f".{part}" if path else str(part)
    return path


def os_problem(error: OSError, what: str | None = None) -> str:
    """An OSError as one line: the file it names (or `what`) and the system's reason."""
    where = what or (str(error.filename) if error.filename else "")
    reason = error.strerror or error.__class__.__name__
    return f"{printable(where)}: {reason}" if where else reason


# Control characters (C0, DEL, C1) and the bidirectional controls that can reorder or hide
# text on a terminal: shown as escapes, so data can never move the cursor, retitle the
# window, clear the screen, or forge a line of output.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = [*range(32), *range(127, 160), *map(ord, _BIDI)]


@functools.cache
def unsafe_pattern(keep: str = "") -> re.Pattern[str]:
    """One character that may not reach a terminal raw (but those in `keep`): a regular
    expression, so a long text is scanned in C rather than a character at a time."""
    return re.compile(
        "[" + "".join(f"\\u{code:04x}" for code in _UNSAFE if chr(code) not in keep) + "]"
    )


def unsafe_characters(text: str, keep: str = "") -> list[str]:
    """The control and bidi characters in `text` (but those in `keep`), in order."""
    return unsafe_pattern(keep).findall(text)


def _escape(found: re.Match[str]) -> str:
    code = ord(found[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object, *, lines: bool = False) -> str:
    """`text` safe to print on a terminal: control and bidi characters become escapes.

    With `lines`, line breaks and tabs are kept: a multi-line view or document stays
    multi-line, and still nothing in it can move the cursor or reorder text.
    """
    return unsafe_pattern("\n\t" if lines else "").sub(_escape, str(text))
