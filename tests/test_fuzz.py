"""Random bytes and random JSON into every command that reads a file: whatever comes in,
the answer is a documented exit code, never a traceback, and the store is left as it was.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bpo_assess.cli import app

ROOT = Path(__file__).resolve().parents[1]
RATINGS = ROOT / "examples" / "ratings.json"
DOCUMENTED = {0, 1, 2, 3}
SKILLS = ["communication", "tech-savvy", "problem-solving", "x" * 3, "id", "skills"]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["", "1", "a", "\x1b[2J", "2026-99-99T99:99:99Z"])
)
keys = st.sampled_from([*SKILLS, "answers", "sessions", "clients", "id", "seed"]) | st.text(
    max_size=8
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)
# Shapes near the real formats, so the fuzzing reaches the checks behind the parser.
near_inputs = st.fixed_dictionaries(
    {}, optional={"skills": st.dictionaries(keys, documents, max_size=4), "answers": documents}
)
payloads = (
    st.binary(max_size=300)
    | documents.map(lambda d: json.dumps(d).encode())
    | near_inputs.map(lambda d: json.dumps(d).encode())
)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def store_bytes() -> bytes:
    path = Path(os.environ["BPO_ASSESS_HOME"]) / "sessions.db"
    return path.read_bytes()


def check(args: list[str], payload: bytes, *, may_save: bool = False) -> None:
    before = store_bytes()
    result = CliRunner().invoke(app, args, input=payload)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in DOCUMENTED, (result.exit_code, result.output)
    assert "Traceback" not in result.stderr
    if result.exit_code:
        lines = result.stderr.splitlines()
        assert lines and all(
            line.startswith(("error: ", "warning: ")) or "could not be scored" in line
            for line in lines
        ), lines
    if not (may_save and result.exit_code == 0):
        assert store_bytes() == before


@pytest.fixture(autouse=True)
def saved_session() -> None:
    """A store with session 1 in it, whose bytes every example must leave alone."""
    result = CliRunner().invoke(app, ["score", str(RATINGS), "--client", "Ana", "--consent"])
    assert result.exit_code == 0, result.output


@FUZZ
@given(payload=payloads)
def test_score_reads_anything(payload: bytes) -> None:
    check(["score", "-", "--json"], payload)


@FUZZ
@given(payload=payloads)
def test_import_reads_anything(payload: bytes) -> None:
    check(["import", "-"], payload, may_save=True)


@FUZZ
@given(payload=payloads)
def test_rate_from_reads_anything(payload: bytes, tmp_path: Path) -> None:
    ratings = tmp_path / "ratings.json"
    ratings.write_bytes(payload)
    check(["rate", "1", "--from", str(ratings)], payload, may_save=True)


@FUZZ
@given(lines=st.lists(payloads, min_size=1, max_size=4))
def test_batch_reads_anything(lines: list[bytes]) -> None:
    payload = b"\n".join(line.replace(b"\n", b" ") for line in lines)
    check(["batch", "-"], payload)


def test_the_fuzzing_reaches_past_the_parser() -> None:
    """A guard on the strategies: a near-valid document gets to the model's checks."""
    document: dict[str, Any] = {"skills": {"communication": True}}
    result = CliRunner().invoke(app, ["score", "-"], input=json.dumps(document))
    assert result.exit_code == 1 and "skills.communication" in result.stderr
