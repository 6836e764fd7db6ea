"""Random bytes and random JSON into every command that reads a file: whatever comes in,
the answer is a documented exit code, never a traceback, and the store is left as it was.

Random text in a catalogue (`--data-dir`) and in an import, then every command that shows
it: no control or text-direction character reaches the terminal raw, whatever it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bpo_assess.cli import app
from bpo_assess.core.catalogue import packaged_data
from support import examples

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
# Breadth, not reach: every example runs commands whose lines other tests already reach,
# and measuring coverage made these five times slower (tests/conftest.py, "no_cover").
pytestmark = pytest.mark.no_cover

FUZZ = settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# What may not reach a terminal raw: C0 but line break and tab, DEL, C1, bidi controls.
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HOSTILE = [
    "\x1b]0;PWNED\x07",
    "\x1b[2J\x1b[H",
    "\x1b]8;;https://evil/\x1b\\CLICK\x1b]8;;\x1b\\",
    "\u202eexe.txt",
    "\x9b31m",
    "line\rover",
    "x\nerror: forged",
    "Le\u0430der",
    "\u2066\u2069\u200f",
    "[bold]markup[/bold]",
]
texts = st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=16) | st.sampled_from(
    HOSTILE
).flatmap(lambda hostile: st.text(max_size=4).map(lambda extra: "Role " + hostile + extra))


def terminal_safe(output: str) -> None:
    found = RAW.findall(output)
    assert not found, (found, output[:2000])


# Each example of these runs ten commands against a fresh catalogue or import.
FUZZ_VIEWS = settings(
    max_examples=examples(25),
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
    terminal_safe(result.stdout + result.stderr)
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


# --- Text from a catalogue and from an import, on the terminal ------------------------------

CATALOGUE_FIELDS = [
    ("roles.toml", 'title = "Customer Service Representative"'),
    ("roles.toml", 'summary = "Helps customers by phone, chat and email with everyday requests"'),
    ("skills.toml", 'name = "Communication"'),
]
CATALOGUE_COMMANDS = [
    ["roles"],
    ["roles", "customer-service"],
    ["roles", "--json"],
    ["skills"],
    ["skills", "communication"],
    ["glossary"],
    ["score", str(RATINGS)],
    ["score", str(RATINGS), "--json"],
    ["show", "1"],
    ["check-data"],
]


def toml_string(text: str) -> str:
    """`text` as a TOML basic string, every character escaped so any of them can be in it."""
    return '"' + "".join(f"\\U{ord(char):08x}" for char in text) + '"'


def run_safely(args: list[str], payload: bytes | None = None) -> None:
    result = CliRunner().invoke(app, args, input=payload)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in DOCUMENTED, (args, result.exit_code, result.output)
    terminal_safe(result.stdout + result.stderr)


@FUZZ_VIEWS
@given(field=st.sampled_from(CATALOGUE_FIELDS), text=texts)
def test_no_catalogue_text_reaches_the_terminal_raw(
    field: tuple[str, str], text: str, tmp_path: Path
) -> None:
    folder = tmp_path / "catalogue"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for name in ("skills.toml", "roles.toml"):
        (folder / name).write_bytes((packaged_data() / name).read_bytes())
    name, line = field
    path = folder / name
    key = line.split(" = ", 1)[0]
    path.write_text(
        path.read_text(encoding="utf-8").replace(line, f"{key} = {toml_string(text)}", 1),
        encoding="utf-8",
    )
    for args in CATALOGUE_COMMANDS:
        if args[0] == "check-data":
            run_safely([*args, "--data-dir", str(folder)])
        else:
            run_safely(["--data-dir", str(folder), *args])


IMPORT_COMMANDS = [
    ["history"],
    ["show", "2"],
    ["show", "2", "--json"],
    ["export"],
    ["report", "2", "--format", "md"],
    ["compare", "1", "2", "--across-clients"],
    ["forget", "2", "--yes"],
]


SHOWN = {"title", "name", "issuer", "why", "url", "message", "source", "requires", "text"}


def with_text(value: Any, text: str, rng: Any, key: str = "") -> Any:
    """A stored session with `text` added to about half of the texts it shows."""
    if isinstance(value, dict):
        return {
            inner_key: inner if inner_key == "input" else with_text(inner, text, rng, inner_key)
            for inner_key, inner in value.items()
        }
    if isinstance(value, list):
        return [with_text(inner, text, rng, key) for inner in value]
    if isinstance(value, str) and key in SHOWN and rng.random() < 0.5:
        return value + text
    return value


@FUZZ_VIEWS
@given(text=texts, rng=st.randoms(use_true_random=False))
def test_no_imported_text_reaches_the_terminal_raw(text: str, rng: Any) -> None:
    exported = CliRunner().invoke(app, ["export"])
    document = json.loads(exported.stdout)
    session = document["sessions"][0]
    changed = with_text(session, text, rng)
    changed["uid"] = f"{rng.getrandbits(64):016x}"
    changed["notes"] = [{"text": "note " + text, "created_at": session["created_at"]}]
    document["sessions"] = [changed]
    run_safely(["import", "-"], json.dumps(document).encode())
    for args in IMPORT_COMMANDS:
        run_safely(args)


def test_the_import_fuzzing_reaches_the_views() -> None:
    """A guard on `with_text`: a session changed so is imported and shown, escaped."""
    import random

    document = json.loads(CliRunner().invoke(app, ["export"]).stdout)
    changed = with_text(document["sessions"][0], HOSTILE[0], random.Random(1))
    changed["uid"] = "0123456789abcdef"
    document["sessions"] = [changed]
    imported = CliRunner().invoke(app, ["import", "-"], input=json.dumps(document))
    assert imported.exit_code == 0, imported.output
    shown = CliRunner().invoke(app, ["show", "2"])
    assert shown.exit_code == 0 and "\\x1b]0;PWNED" in shown.stdout
    terminal_safe(shown.stdout)
