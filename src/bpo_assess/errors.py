"""The one error path: every mistake a user can make becomes a `BpoError`.

The CLI prints each of its problems as one line on stderr and exits with its code.

Imports inside functions here serve the `roles --json` start-up budget: pydantic loads
only when a validation error is formatted.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INVALID_DATA = 1  # a file or value the tool could read but not accept
    USAGE = 2  # a wrong argument, a missing file, no terminal to prompt on
    PARTIAL = 3  # batch: some rows failed, the others were scored
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


def pydantic_problems(error: object, prefix: str = "") -> list[str]:
    """One line per pydantic validation error: `path: message`."""
    from pydantic import ValidationError

    assert isinstance(error, ValidationError)
    lines = []
    for detail in error.errors(include_url=False):
        path = format_path(detail["loc"])
        where = ": ".join(part for part in (prefix, path) if part)
        message = detail["msg"]
        if detail["type"] == "extra_forbidden":
            message = "unknown key"
        elif detail["type"] == "missing":
            message = "required key is missing"
        lines.append(f"{where}: {message}" if where else message)
    return lines


def format_path(loc: Iterable[int | str]) -> str:
    """('roles', 2, 'profile', 'teamwork') -> 'roles[2].profile.teamwork'."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part in ("RatingItem", "SituationalItem", "rating", "situational"):
            continue  # discriminated-union tags add nothing for the reader
        else:
            path += f".{part}" if path else str(part)
    return path
