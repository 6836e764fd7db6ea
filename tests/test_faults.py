"""Issue 12: hostile and faulty input, one test per numbered problem of the issue.

Each was a traceback, a damaged store written to, an input destroyed, or private data
leaked; each must now be one `error: ...` line per problem with a documented exit code,
and leave the store byte for byte as it was.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from bpo_assess.cli import app
from bpo_assess.core.catalogue import Catalogue
from bpo_assess.interview.bank import Bank
from bpo_assess.interview.draft import Draft, DraftStore

ROOT = Path(__file__).resolve().parents[1]
RATINGS = ROOT / "examples" / "ratings.json"
COUNSELLOR = ROOT / "examples" / "counsellor-ratings.json"
COHORT_CSV = ROOT / "examples" / "cohort.csv"
DEEP_JSON = "[" * 100_000 + "]" * 100_000
HUGE_INT = '{"skills": {"communication": 1' + "0" * 5000 + "}}"
TERMINAL_HIJACK = "\x1b]0;pwned\x07\x1b[2J"


def invoke(*args: object, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, [str(arg) for arg in args], input=input, env=env)


def no_traceback(result: Result) -> None:
    error = result.exception
    if error is not None and not isinstance(error, SystemExit):
        pytest.fail("".join(traceback.format_exception(error)))


def refused(result: Result, code: int, *fragments: str) -> None:
    """One or more `error:` lines on stderr, the exit code, nothing on stdout."""
    no_traceback(result)
    assert result.exit_code == code, result.output
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), lines
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    assert result.stdout == ""


def ok(result: Result) -> Result:
    no_traceback(result)
    assert result.exit_code == 0, result.output
    return result


def home() -> Path:
    return Path(os.environ["BPO_ASSESS_HOME"])


def store_file() -> Path:
    return home() / "sessions.db"


def snapshot() -> bytes:
    return store_file().read_bytes()


def program(
    *args: object, stdin: Any = None, stdout: Any = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    """The installed program in a child process, as a shell would run it."""
    return subprocess.run(
        [sys.executable, "-m", "bpo_assess", *map(str, args)],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        timeout=60,
    )


@pytest.fixture
def ana() -> None:
    """Session 1, saved for Ana, as the issue set up every reproduction."""
    ok(invoke("score", RATINGS, "--client", "Ana", "--consent"))


def exported() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(ok(invoke("export")).stdout)
    return document


# --- 1. A mistyped BPO_ASSESS_NOW ---------------------------------------------------------


@pytest.mark.parametrize(
    "moment",
    ["0026-11-18T10:00:00Z", "9999-12-31T23:59:59-14:00", "2026-02-30T10:00:00Z", "soon"],
)
@pytest.mark.usefixtures("ana")
def test_01_a_bad_clock_is_refused_and_the_client_can_still_be_erased(moment: str) -> None:
    before = snapshot()
    refused(invoke("note", 1, "x", env={"BPO_ASSESS_NOW": moment}), 2, "BPO_ASSESS_NOW")
    refused(
        invoke("score", RATINGS, "--client", "Bo", "--consent", env={"BPO_ASSESS_NOW": moment}), 2
    )
    assert snapshot() == before, "nothing was stored"
    for command in (["history"], ["export"], ["show", "1"], ["compare", "1", "1"]):
        ok(invoke(*command))
    ok(invoke("forget", "--client", "Ana", "--yes"))


@pytest.mark.usefixtures("ana")
def test_01_a_stamp_an_older_version_stored_is_one_line_and_erasable() -> None:
    with sqlite3.connect(store_file()) as raw:
        raw.execute("INSERT INTO notes (session_id, text, created_at) VALUES (1, 'x', '26-11-18')")
    refused(invoke("show", 1), 1, "session 1 is damaged")
    ok(invoke("forget", 1, "--yes"))
    ok(invoke("forget", "--client", "Ana", "--yes"))


# --- 2. A damaged store -----------------------------------------------------------------


@pytest.mark.usefixtures("ana")
def test_02_a_damaged_store_is_refused_for_writing_and_left_as_it_was() -> None:
    with store_file().open("r+b") as raw:  # page 3: the index of client names
        raw.seek(8192)
        raw.write(b"\xa5" * 4096)
    before = snapshot()
    for command in (
        ["note", 1, "x"],
        ["rate", 1, "--from", COUNSELLOR],
        ["score", RATINGS, "--client", "Ana"],
        ["forget", "--client", "Ana", "--yes"],
    ):
        refused(invoke(*command), 1, "is damaged")
        assert snapshot() == before, command
    for command in (["history"], ["export"], ["show", "1"]):
        no_traceback(invoke(*command))  # reading may still work; it never writes
    assert snapshot() == before


# --- 3. batch onto its own input ---------------------------------------------------------


@pytest.mark.process
def test_03_batch_never_writes_onto_its_input_whatever_the_path(tmp_path: Path) -> None:
    cohort = tmp_path / "in.csv"
    cohort.write_bytes(COHORT_CSV.read_bytes())
    link = tmp_path / "link.csv"
    link.symlink_to(cohort)
    with cohort.open("rb") as stdin:
        done = program("batch", "-", "-o", cohort, stdin=stdin)
    assert done.returncode == 2 and done.stderr.startswith("error: "), done.stderr
    assert "is the input" in done.stderr
    with cohort.open("rb") as stdin:
        done = program("batch", "-", "--errors", link, stdin=stdin)
    assert done.returncode == 2, done.stderr
    refused(invoke("batch", cohort, "-o", link), 2, "is the input")
    with cohort.open("ab") as appended:  # batch IN >> IN would read its own results forever
        done = program("batch", cohort, stdout=appended)
    assert done.returncode == 2 and "standard output is the input" in done.stderr
    assert cohort.read_bytes() == COHORT_CSV.read_bytes()


# --- 4. import checks every value on the way in ------------------------------------------


def mutated(document: dict[str, Any], change: Any) -> str:
    copy = json.loads(json.dumps(document))
    copy["sessions"][0]["uid"] = secrets.token_hex(8)  # a new session, not a known one
    change(copy)
    return json.dumps(copy)


def _set(path: str, value: Any) -> Any:
    def change(document: dict[str, Any]) -> None:
        target = document
        keys = path.split(".")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]  # type: ignore[index]
        target[keys[-1]] = value

    return change


def _twin_clients(first: str, second: str) -> Any:
    def change(document: dict[str, Any]) -> None:
        client = document["clients"][0]
        document["clients"] = [{**client, "name": first}, {**client, "name": second}]
        document["sessions"][0]["client"] = first

    return change


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (_set("sessions.0.created_at", "2026-99-99T99:99:99Z"), "created_at"),
        (_set("sessions.0.id", 9223372036854775807), "id"),
        (_set("sessions.0.id", 10**30), "more than 20 digits"),
        (_twin_clients("ÉMILE", "émile"), "twice"),
        (_twin_clients("STRASSE", "straße"), "twice"),
        (_set("sessions.0.ratings", {"no-such-skill": 3}), "no-such-skill"),
        (_set("sessions.0.result.matches", []), "no skills or no role matches"),
        (_set("clients.0.name", "Ana\x1b[2J"), "control"),
    ],
)
@pytest.mark.usefixtures("ana")
def test_04_import_refuses_values_that_would_break_the_store(change: Any, fragment: str) -> None:
    text = mutated(exported(), change)
    before = snapshot()
    refused(invoke("import", "-", input=text), 1, fragment)
    assert snapshot() == before
    ok(invoke("score", RATINGS, "--client", "Ana"))  # a later save still works
    ok(invoke("compare", "--client", "Ana"))


def test_04_client_names_fold_unicode_case_everywhere() -> None:
    ok(invoke("score", RATINGS, "--client", "émile", "--consent"))
    document = exported()
    ok(invoke("import", "-", input=mutated(document, _set("clients.0.name", "ÉMILE"))))
    listed = json.loads(ok(invoke("history", "--client", "ÉMILE", "--json")).stdout)
    assert len(listed["sessions"]) == 2
    ok(invoke("score", RATINGS, "--client", "STRASSE", "--consent"))
    ok(invoke("score", RATINGS, "--client", "straße"))  # the same client: no consent asked
    assert len(exported()["clients"]) == 2


# --- 5. Control characters never reach the terminal raw ----------------------------------


def test_05_batch_errors_cannot_hijack_the_terminal_or_forge_lines(tmp_path: Path) -> None:
    row = json.dumps({"id": "p1", "skills": {TERMINAL_HIJACK + "\nerror: forged": 3}})
    cohort = tmp_path / "c.jsonl"
    cohort.write_text(row + "\n")
    result = invoke("batch", cohort)
    no_traceback(result)
    assert result.exit_code == 3
    assert not set(result.stderr) & {"\x1b", "\x07"}
    assert not any(line.startswith("error: forged") for line in result.stderr.splitlines())


def test_05_csv_header_names_are_shown_escaped(tmp_path: Path, catalogue: Catalogue) -> None:
    cohort = tmp_path / "c.csv"
    cohort.write_text(f"id,{','.join(catalogue.skill_ids)},{TERMINAL_HIJACK}\np1,3,3,3,3,3,3,3,x\n")
    result = ok(invoke("batch", cohort))
    assert "\x1b" not in result.stderr and "ignoring column" in result.stderr


def test_05_free_text_in_an_answers_file_is_shown_escaped() -> None:
    document = json.loads(RATINGS.read_text())
    document["background"] = {"certifications": [TERMINAL_HIJACK], "languages": ["\u202e"]}
    shown = ok(invoke("score", "-", input=json.dumps(document))).stdout
    assert not set(shown) & {"\x1b", "\x07", "\u202e"} and "\\u202e" in shown


@pytest.mark.usefixtures("ana")
def test_05_names_and_notes_are_shown_escaped() -> None:
    with sqlite3.connect(store_file()) as raw:  # as an older version could have stored it
        name = f"Ana{TERMINAL_HIJACK}\u202eanA"
        raw.execute("UPDATE clients SET name = ?, name_key = ?", (name, name.casefold()))
    ok(invoke("note", 1, f"call back {TERMINAL_HIJACK} \u202e"))
    for command in (["history"], ["show", "1"]):
        shown = ok(invoke(*command)).stdout
        assert not set(shown) & {"\x1b", "\x07", "\u202e"}, command
        assert "\\x1b" in shown
    refused(invoke("score", RATINGS, "--client", f"Bo{TERMINAL_HIJACK}", "--consent"), 2)
    assert len(exported()["clients"]) == 1


# --- 6. One line, never a traceback ------------------------------------------------------


@pytest.mark.parametrize("text", [DEEP_JSON, HUGE_INT], ids=["deep", "huge-number"])
@pytest.mark.usefixtures("ana")
def test_06_deep_or_huge_json_is_one_line(tmp_path: Path, text: str) -> None:
    source = tmp_path / "bad.json"
    source.write_text(text)
    before = snapshot()
    refused(invoke("score", source), 1)
    refused(invoke("score", "-", input=text), 1)
    refused(invoke("import", source), 1)
    refused(invoke("rate", 1, "--from", source), 1)
    assert snapshot() == before
    cohort = tmp_path / "c.jsonl"
    good = json.dumps({"id": "p1", **json.loads(RATINGS.read_text())})
    cohort.write_text(f"{good}\n{text}\n{good.replace('p1', 'p3')}\n")
    result = invoke("batch", cohort, "--format", "jsonl")
    no_traceback(result)
    assert result.exit_code == 3 and len(result.stdout.splitlines()) == 2
    assert result.stderr.startswith("error: ") and ": line 2: " in result.stderr


@pytest.mark.parametrize("text", [DEEP_JSON, HUGE_INT.replace("skills", "answers")])
def test_06_a_deep_or_huge_draft_is_set_aside(tmp_path: Path, text: str) -> None:
    drafts = DraftStore(tmp_path)
    drafts.path.write_text(text)
    draft, notice = drafts.load()
    assert draft is None and notice is not None and "set aside" in notice
    assert not drafts.path.exists() and len(list(tmp_path.glob("draft.damaged-*"))) == 1


def test_06_deeply_nested_toml_is_one_line(data_copy: Path) -> None:
    (data_copy / "skills.toml").write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    refused(invoke("check-data", "--data-dir", data_copy), 1, "nested too deeply")


@pytest.mark.parametrize("ref", ["99999999999999999999", "²", "0", "1e3", "1_000"])
@pytest.mark.usefixtures("ana")
def test_06_session_numbers_are_range_checked(ref: str) -> None:
    for command in (
        ["show", ref],
        ["note", ref, "x"],
        ["rate", ref, "--from", COUNSELLOR],
        ["forget", ref, "--yes"],
        ["compare", ref, "1"],
        ["report", ref, "--format", "md"],
    ):
        refused(invoke(*command), 1, "no session")


@pytest.mark.usefixtures("ana")
def test_06_output_targets_that_cannot_be_written(tmp_path: Path) -> None:
    refused(invoke("report", 1, "-o", tmp_path), 2, "is a folder")
    refused(invoke("export", "-o", tmp_path / "missing" / "x.json"), 2, "does not exist")
    refused(invoke("batch", COHORT_CSV, "-o", tmp_path), 2, "is a folder")


@pytest.mark.process
@pytest.mark.parametrize(
    "command",
    [
        ["score", RATINGS, "--json"],
        ["roles", "--json"],
        ["export"],
        ["report", "1", "--format", "md"],
    ],
)
@pytest.mark.usefixtures("ana")
def test_06_a_full_disk_is_one_line(command: list[object]) -> None:
    with Path("/dev/full").open("w") as full:
        done = program(*command, stdout=full)
    assert done.returncode == 2, done.stderr
    assert done.stderr == "error: No space left on device\n", done.stderr


@pytest.mark.parametrize("name", ["", "   ", "x" * 201, "tab\there"])
def test_06_client_names_are_checked_before_anything_is_stored(name: str) -> None:
    refused(invoke("score", RATINGS, "--client", name, "--consent"), 2, "--client")
    if name.strip() != "tab\there":  # looking up a name only needs it to fit
        refused(invoke("history", "--client", name), 2, "--client")
    assert not store_file().exists() or exported()["clients"] == []


def test_06_a_home_that_cannot_be_made_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("BPO_ASSESS_HOME", str(blocker / "home"))
    refused(invoke("score", RATINGS, "--client", "Ana", "--consent"), 2, "cannot make the folder")
    refused(invoke("history"), 2)


# Ctrl-C arrives while the program is still importing `module`: the console script's
# own code, run with a hook that sends SIGINT to itself as that import begins.
INTERRUPTED_IMPORT = """
import builtins, os, signal, sys
real, target = builtins.__import__, sys.argv[1]
def hooked(name, *args, **kwargs):
    if name == target:
        builtins.__import__ = real
        os.kill(os.getpid(), signal.SIGINT)
    return real(name, *args, **kwargs)
builtins.__import__ = hooked
sys.argv = ["bpo-assess", *sys.argv[2:]]
try:
    from bpo_assess.entry import main
except ImportError:  # before issue 12, the console script called cli.main
    from bpo_assess.cli import main
main()
"""


@pytest.mark.process
@pytest.mark.parametrize("module", ["typer", "bpo_assess.errors", "json", "bpo_assess.io.cache"])
def test_06_ctrl_c_during_start_up_is_exit_130_without_a_traceback(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_IMPORT, module, "roles", "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 130, done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize(
    "document",
    [
        {"answers": {"communication-irate-caller": True}},
        {"answers": {"communication-irate-caller": "9"}},
        {"answers": {"background.years_experience": "lots"}},
        {"seed": "abc"},
        {"seed": True},
        {"quick": "yes"},
    ],
)
def test_06_a_draft_with_values_of_the_wrong_type_is_set_aside(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    drafts = DraftStore(tmp_path)
    drafts.save(Draft(quick=True, seed=7))
    good = json.loads(drafts.path.read_text())
    drafts.path.write_text(json.dumps({**good, **document}))
    draft, notice = drafts.load()
    assert draft is None and notice is not None and "set aside" in notice


# --- 7. A draft from another catalogue ---------------------------------------------------


def test_07_a_draft_from_another_catalogue_is_set_aside(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    drafts = DraftStore(tmp_path)
    drafts.save(Draft(quick=True, seed=7, answers={"x": 3}, catalogue_hash="sha256:0123"))
    kept = drafts.path.read_text()
    draft, notice = drafts.load(Bank.of(catalogue).content_hash)
    assert draft is None and notice is not None and "another catalogue" in notice
    aside = list(tmp_path.glob("draft.other-catalogue-*.json"))
    assert len(aside) == 1 and aside[0].read_text() == kept, "every answer is kept"
    drafts.save(Draft(quick=True, seed=7, catalogue_hash=Bank.of(catalogue).content_hash))
    assert drafts.load(Bank.of(catalogue).content_hash)[0] is not None


# --- 8. The first save waits for the lock ------------------------------------------------


def test_08_opening_a_new_store_waits_for_another_writer(tmp_path: Path) -> None:
    from bpo_assess.counsel.store.sqlite import open_sqlite

    path = tmp_path / "sessions.db"
    path.touch(mode=0o600)
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another process, midway through creating the store
    releaser = threading.Timer(0.4, other.execute, ["ROLLBACK"])
    releaser.start()
    started = time.monotonic()
    try:
        with open_sqlite(path) as opened:
            assert opened.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        releaser.join()
        other.close()
    assert time.monotonic() - started >= 0.3, "it waited instead of failing at once"


# --- 9. Private files --------------------------------------------------------------------


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("open_umask")
def test_09_files_written_for_the_user_are_private(tmp_path: Path) -> None:
    ok(invoke("roles", "--json"))  # the first command to run makes the data folder
    assert mode(home()) == 0o700
    assert all(mode(folder) == 0o700 for folder in home().rglob("*") if folder.is_dir())
    assert all(mode(file) == 0o600 for file in home().rglob("*") if file.is_file())
    cache = home() / "cache"
    cache.chmod(0o755)
    for entry in cache.iterdir():
        entry.chmod(0o644)
    ok(invoke("roles", "--json"))  # made looser by someone else: private again on next use
    assert mode(cache) == 0o700 and all(mode(entry) == 0o600 for entry in cache.iterdir())
    ok(invoke("score", RATINGS, "--client", "Ana", "--consent"))
    for name in ("export.json", "report.md"):
        (tmp_path / name).write_text("old")
        (tmp_path / name).chmod(0o644)
    ok(invoke("export", "-o", tmp_path / "export.json"))
    ok(invoke("report", 1, "--format", "md", "-o", tmp_path / "report.md"))
    assert mode(tmp_path / "export.json") == mode(tmp_path / "report.md") == 0o600
    store_file().chmod(0o666)
    ok(invoke("score", RATINGS, "--client", "Ana"))
    assert mode(store_file()) == 0o600
    drafts = DraftStore(home())
    drafts.save(Draft(quick=True, seed=1))
    assert mode(drafts.path) == 0o600


# --- 10. Spreadsheet formulas ------------------------------------------------------------


def test_10_batch_csv_cells_cannot_become_formulas(tmp_path: Path, catalogue: Catalogue) -> None:
    ids = ['=HYPERLINK("http://evil.example","x")', "+cmd|'/C calc'!A0", "@SUM(1+1)", "-2+3"]
    header = "id," + ",".join(catalogue.skill_ids)
    rows = [f'"{person.replace(chr(34), chr(34) * 2)}",3,3,3,3,3,3,3' for person in ids]
    cohort = tmp_path / "c.csv"
    cohort.write_text("\n".join([header, *rows]) + "\n")
    result = ok(invoke("batch", cohort))
    import csv
    import io

    cells = [row[0] for row in csv.reader(io.StringIO(result.stdout))][1:]
    assert cells == ["'" + person for person in ids]


# --- 11. The Markdown report -------------------------------------------------------------


def test_11_markdown_report_escapes_user_text() -> None:
    ok(invoke("score", RATINGS, "--client", "Ana | Reyes", "--consent"))
    for text in ("<script>alert(1)</script>", "![x](http://evil.example/t.png)", "# Hired"):
        ok(invoke("note", 1, text))
    markdown = ok(invoke("report", 1, "--format", "md")).stdout
    assert "<script>" not in markdown and "![" not in markdown
    assert not any(line.lstrip("- ").startswith("# Hired") for line in markdown.splitlines())
    assert "Ana \\| Reyes" in markdown and "Ana | Reyes" not in markdown
    html = ok(invoke("report", 1, "--format", "html")).stdout
    assert "&lt;script&gt;" in html and "<script>alert" not in html


# --- 12. Smaller ones --------------------------------------------------------------------


def test_12_forget_under_a_long_reader_says_what_is_true(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bpo_assess.counsel.store import sqlite as engine

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_S", 0.25)  # the reader never lets go: wait less
    marker = "Zelda Quixote-Unique"
    ok(invoke("score", RATINGS, "--client", marker, "--consent"))
    reader = sqlite3.connect(store_file(), isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM sessions").fetchone()  # holds a snapshot open
    result = ok(invoke("forget", "--client", marker, "--yes"))
    assert "run the same forget again" not in result.stderr
    assert "until that program ends" in result.stderr
    reader.execute("COMMIT")
    reader.close()  # the last connection: SQLite checkpoints and removes the log
    files = [p for p in home().iterdir() if p.name.startswith("sessions.db")]
    assert all(marker.encode() not in p.read_bytes() for p in files), files


def test_12_results_and_error_log_cannot_be_one_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    refused(invoke("batch", COHORT_CSV, "-o", target, "--errors", target), 2, "--errors")
    assert not target.exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["skills"].update(communication=True),
        lambda d: d.update(background={"years_experience": True}),
        lambda d: d.update(seed=True),
    ],
)
def test_12_true_is_not_a_number(tmp_path: Path, change: Any) -> None:
    document = json.loads(RATINGS.read_text())
    change(document)
    refused(invoke("score", "-", input=json.dumps(document)), 1)


@pytest.mark.usefixtures("ana")
def test_12_true_is_not_a_counsellor_rating(tmp_path: Path) -> None:
    ratings = tmp_path / "r.json"
    ratings.write_text(json.dumps({"skills": {"communication": True}}))
    before = snapshot()
    refused(invoke("rate", 1, "--from", ratings), 1)
    assert snapshot() == before


def test_12_an_empty_database_of_another_program_is_left_untouched() -> None:
    home().mkdir(mode=0o700)
    with sqlite3.connect(store_file()) as raw:
        raw.execute("PRAGMA user_version = 7")
    before = snapshot()
    refused(invoke("score", RATINGS, "--client", "Ana", "--consent"), 1, "another program")
    assert snapshot() == before
    assert sorted(p.name for p in home().iterdir()) == ["sessions.db"]


@pytest.mark.usefixtures("ana")
def test_12_erasing_a_client_says_where_their_name_still_is() -> None:
    ok(invoke("score", RATINGS, "--client", "Bob", "--consent"))
    ok(invoke("note", 2, "Bob met ANA at the job fair"))
    result = ok(invoke("forget", "--client", "Ana", "--yes"))
    assert "Notes on other sessions (2) still mention 'Ana'" in result.stderr


# --- The last guard ----------------------------------------------------------------------


def test_an_unexpected_failure_is_one_line_with_where_to_report_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bpo_assess import cli
    from bpo_assess.io import cache

    def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(cache, "roles_view", broken)
    monkeypatch.setenv("BPO_ASSESS_DEBUG", "0")  # restored after the test: --debug sets it
    assert cli.run(["roles", "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert captured.err.startswith("error: bpo-assess failed unexpectedly (RuntimeError)")
    assert "report it" in captured.err and len(captured.err.splitlines()) == 1
    assert cli.run(["--debug", "roles", "--json"]) == 1
    assert "Traceback" in capsys.readouterr().err
