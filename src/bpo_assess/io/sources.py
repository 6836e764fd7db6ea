"""Reading input: files and standard input, and JSON bounded before it is parsed.

Every command that reads a file or standard input opens it here, so the rules are the
same everywhere: '-' is standard input (never a terminal), a folder or a missing file is
one line (exit 2), no more than a limit is read (MAX_INPUT_BYTES, or MAX_EXPORT_BYTES for
an export), and JSON deeper than MAX_JSON_DEPTH or with a whole number longer than
MAX_INT_DIGITS digits is refused before Python's parser can fail on it.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from pydantic import BaseModel, ValidationError

from bpo_assess.core.models import AssessmentInput
from bpo_assess.errors import BpoError, UsageError, printable, pydantic_problems

M = TypeVar("M", bound=BaseModel)

MAX_INPUT_BYTES = 1 << 20  # answers or ratings: a few KiB; 1 MiB is not one
MAX_EXPORT_BYTES = 64 << 20  # about 1,700 sessions of the shipped catalogue (38 KB each)
MAX_JSON_DEPTH = 64  # an export nests about 8 deep; Python's parser fails near 1,000
MAX_INT_DIGITS = 20  # a 64-bit number has at most 20 digits; Python refuses over 4,300
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


class JsonProblem(ValueError):
    """Why a JSON text was refused, in words for the user."""


def open_input(source: str, hint: str) -> tuple[BinaryIO, str]:
    """The input as a byte stream (standard input for '-') and its name for messages.

    `hint` completes "no input: ..." when '-' is a terminal.
    """
    if source == "-":
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError(f"no input: {hint}")
        return sys.stdin.buffer, "<stdin>"
    path = Path(source)
    if path.is_dir():
        raise UsageError(f"{source}: is a directory, not a file")
    try:
        return path.open("rb"), source
    except FileNotFoundError:
        raise UsageError(f"{source}: no such file") from None
    except OSError as error:
        raise UsageError(f"{source}: cannot be read: {error.strerror}") from None


def read_text(
    source: str, hint: str = "give a file, or pipe one in", limit: int = MAX_INPUT_BYTES
) -> tuple[str, str]:
    """The text of a file, or of standard input for '-', and the name to use in messages;
    more than `limit` bytes is refused after reading `limit` + 1 of them, never all."""
    stream, name = open_input(source, hint)
    try:
        with stream if source != "-" else contextlib.nullcontext(stream):  # stdin stays open
            raw = stream.read(limit + 1)
    except OSError as error:
        raise UsageError(f"{name}: cannot be read: {error.strerror}") from None
    if len(raw) > limit:
        raise BpoError(f"{printable(name)}: larger than {limit >> 20} MiB; not read")
    return _decode(raw, name), name


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BpoError(f"{name}: not UTF-8 text (byte {error.start})") from None


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise JsonProblem(f"a number has more than {MAX_INT_DIGITS} digits")
    return int(text)


def _no_constant(text: str) -> Any:
    raise JsonProblem(f"{text} is not a JSON number")


def too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether brackets outside strings nest deeper than `limit`."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for bracket in _BRACKETS.finditer(_STRING.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > limit:
            return True
    return False


def load_json(text: str) -> Any:
    """Parse JSON within the bounds above; JsonProblem (a ValueError) says what is wrong."""
    if too_deep(text):
        raise JsonProblem(f"nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        return json.loads(text, parse_int=_bounded_int, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise JsonProblem(
            f"invalid JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    except RecursionError:  # not reached within MAX_JSON_DEPTH; kept as a last guard
        raise JsonProblem(f"nested more than {MAX_JSON_DEPTH} levels deep") from None


def parse_json_model(text: str, name: str, model: type[M], expected: str) -> M:
    """A JSON object validated as `model`, or a BpoError with one line per problem."""
    if not text.strip():
        raise BpoError(f"{name}: empty input; expected {expected}")
    try:
        document = load_json(text)
    except JsonProblem as error:
        raise BpoError(f"{name}: {error}") from None
    if not isinstance(document, dict):
        raise BpoError(f"{name}: expected {expected}")
    try:
        return model.model_validate(document)
    except ValidationError as error:
        raise BpoError(pydantic_problems(error, prefix=name)) from None


def parse_assessment(text: str, name: str) -> AssessmentInput:
    return parse_json_model(text, name, AssessmentInput, "a JSON object with 'skills' or 'answers'")


def load_assessment(source: str) -> tuple[AssessmentInput, str]:
    text, name = read_text(
        source, "give an answers file, or pipe JSON in: bpo-assess score - < answers.json"
    )
    return parse_assessment(text, name), name
