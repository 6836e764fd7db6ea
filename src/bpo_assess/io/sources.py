"""Reading the `score` input: a JSON file or standard input, checked against the model."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from bpo_assess.core.models import AssessmentInput
from bpo_assess.errors import BpoError, UsageError, pydantic_problems

M = TypeVar("M", bound=BaseModel)


def read_text(source: str) -> tuple[str, str]:
    """The text of a file, or of standard input for '-', and the name to use in messages."""
    if source == "-":
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError(
                "no input: give an answers file, or pipe JSON in: bpo-assess score - < answers.json"
            )
        return _decode(sys.stdin.buffer.read(), "<stdin>"), "<stdin>"
    path = Path(source)
    if path.is_dir():
        raise UsageError(f"{source}: is a directory, not an answers file")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{source}: no such file") from None
    except OSError as error:
        raise UsageError(f"{source}: cannot be read: {error.strerror}") from None
    return _decode(raw, source), source


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BpoError(f"{name}: not UTF-8 text (byte {error.start})") from None


def parse_json_model(text: str, name: str, model: type[M], expected: str) -> M:
    """A JSON object validated as `model`, or a BpoError with one line per problem."""
    if not text.strip():
        raise BpoError(f"{name}: empty input; expected {expected}")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise BpoError(
            f"{name}: invalid JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    if not isinstance(document, dict):
        raise BpoError(f"{name}: expected {expected}")
    try:
        return model.model_validate(document)
    except ValidationError as error:
        raise BpoError(pydantic_problems(error, prefix=name)) from None


def parse_assessment(text: str, name: str) -> AssessmentInput:
    return parse_json_model(text, name, AssessmentInput, "a JSON object with 'skills' or 'answers'")


def load_assessment(source: str) -> tuple[AssessmentInput, str]:
    text, name = read_text(source)
    return parse_assessment(text, name), name
