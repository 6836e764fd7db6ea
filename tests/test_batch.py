"""`bpo-assess batch`: cohorts in CSV or JSON Lines, results equal to `score --json`, bad input."""

from __future__ import annotations

import csv
import io
import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest
from typer.testing import CliRunner

from bpo_assess import batch
from bpo_assess.cli import app
from bpo_assess.core.catalogue import Catalogue, load_catalogue
from bpo_assess.errors import BpoError, ExitCode
from support import examples

ROOT = Path(__file__).resolve().parents[1]
COHORT_CSV = ROOT / "examples" / "cohort.csv"
COHORT_JSONL = ROOT / "examples" / "cohort.jsonl"
SKILLS = load_catalogue().skill_ids  # test_scoring pins these to the agreed ids
HEADER = "id," + ",".join(SKILLS)
GOOD_ROW = "ana,4,3.5,3,4,4,3,5"


def run(runner: CliRunner, *args: str, input: str | bytes | None = None) -> Any:
    return runner.invoke(app, ["batch", *args], input=input)


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return str(path)


def score_json(runner: CliRunner, document: dict[str, Any], *top: str) -> dict[str, Any]:
    result = runner.invoke(app, ["score", "-", "--json", *top], input=json.dumps(document))
    assert result.exit_code == 0, result.output
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def scored(catalogue: Catalogue, document: dict[str, Any]) -> dict[str, Any]:
    """What `score --json` prints for a document, computed through the scoring API.

    test_jsonl_in_jsonl_out_is_score_json checks this oracle against the command itself.
    """
    from bpo_assess.core.models import AssessmentInput
    from bpo_assess.core.scoring import assess

    result = assess(catalogue, AssessmentInput.model_validate(document))
    parsed: dict[str, Any] = json.loads(json.dumps(result.model_dump(mode="json")))
    return parsed


def random_person(rnd: random.Random, catalogue: Catalogue, number: int) -> dict[str, Any]:
    """A `score` input in either form, with a random background."""
    person: dict[str, Any] = {"id": f"p{number}" if number % 5 else number}
    if rnd.random() < 0.6:
        steps = [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]
        person["skills"] = {
            s: rnd.choice(steps) if rnd.random() < 0.8 else round(rnd.uniform(1, 5), 2)
            for s in catalogue.skill_ids
        }
    else:
        answers: dict[str, int | str] = {}
        for _, item in catalogue.items():
            if rnd.random() < 0.2:
                continue
            if item.kind == "rating":
                answers[item.id] = rnd.randint(1, 5)
            else:
                answers[item.id] = rnd.choice("abcd")
        for skill in catalogue.skills:  # every skill needs at least one answer
            first = skill.items[0]
            answers.setdefault(first.id, 3 if first.kind == "rating" else "a")
        person["answers"] = answers
    person["background"] = {
        "interests": rnd.sample(
            ["healthcare", "finance", "legal", "technology"], rnd.randint(0, 2)
        ),
        "certifications": rnd.sample(
            ["CompTIA A+", "CPC", "hdi-csr", "nothing"], rnd.randint(0, 2)
        ),
        "years_experience": rnd.randint(0, 10),
    }
    return person


# --- Happy paths -------------------------------------------------------------------------


def test_csv_in_csv_out(runner: CliRunner) -> None:
    result = run(runner, str(COHORT_CSV))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [
        "id",
        *("role_1", "match_1", "role_2", "match_2", "role_3", "match_3"),
        *("readiness", "alignment"),
    ]
    assert [row[0] for row in rows[1:]] == ["ana-reyes", "ben-cruz", "carla-santos", "dev-patel"]
    assert rows[1][1:5] == ["customer-service", "85.9", "back-office", "69.7"]  # as shown
    assert result.stderr == ""


def test_top_sets_the_roles_per_person(runner: CliRunner) -> None:
    result = run(runner, str(COHORT_CSV), "--top", "1")
    header = result.stdout.splitlines()[0]
    assert header == "id,role_1,match_1,readiness,alignment"
    wide = run(runner, str(COHORT_CSV), "--top", "99").stdout.splitlines()[0]
    assert "role_8" in wide and "role_9" not in wide


def test_jsonl_in_jsonl_out_is_score_json(runner: CliRunner, catalogue: Catalogue) -> None:
    result = run(runner, str(COHORT_JSONL), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lines = COHORT_JSONL.read_text(encoding="utf-8").splitlines()
    outputs = result.stdout.splitlines()
    assert len(outputs) == len(lines)
    for line, output in zip(lines, outputs, strict=True):
        person = json.loads(line)
        document = json.loads(output)
        assert next(iter(document)) == "id" and document.pop("id") == person.pop("id")
        assert document == score_json(runner, person) == scored(catalogue, person)


@pytest.mark.no_cover  # a study of many runs over lines other tests reach; see conftest
def test_identical_to_score_json_on_random_rows(runner: CliRunner, catalogue: Catalogue) -> None:
    """A few hundred random people, both input forms: batch's JSON Lines is `score --json`."""
    rnd = random.Random(20260501)
    people = [random_person(rnd, catalogue, n) for n in range(examples(300))]
    text = "".join(json.dumps(p) + "\n" for p in people)
    result = run(runner, "-", "--format", "jsonl", input=text)
    assert result.exit_code == 0, result.output
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(outputs) == len(people)
    for person, output in zip(people, outputs, strict=True):
        assert output.pop("id") == person.pop("id")
        assert output == scored(catalogue, person)


def test_csv_figures_are_score_json_figures(runner: CliRunner, catalogue: Catalogue) -> None:
    rnd = random.Random(7)
    steps = ["1", "1.5", "2", "2.5", "3", "3.5", "4", "4.5", "5", "3.25", "4.75"]
    table = [[f"r{n}", *(rnd.choice(steps) for _ in SKILLS)] for n in range(examples(200))]
    text = HEADER + "\n" + "".join(",".join(row) + "\n" for row in table)
    as_csv = run(runner, "-", "--top", "8", input=text)
    as_jsonl = run(runner, "-", "--format", "jsonl", input=text)
    assert as_csv.exit_code == as_jsonl.exit_code == 0
    results = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    documents = [json.loads(line) for line in as_jsonl.stdout.splitlines()]
    for row, result, document in zip(table, results, documents, strict=True):
        expected = scored(
            catalogue, {"skills": {s: float(v) for s, v in zip(SKILLS, row[1:], strict=True)}}
        )
        assert {**document, "id": None} == {**expected, "id": None}
        matches = expected["matches"]
        assert result["id"] == row[0]
        for rank, match in enumerate(matches, start=1):
            assert result[f"role_{rank}"] == match["role"]
            assert float(result[f"match_{rank}"]) == match["match"]
        assert float(result["readiness"]) == matches[0]["readiness"]
        assert float(result["alignment"]) == matches[0]["alignment"]


def test_output_file_format_follows_its_extension(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    result = run(runner, str(COHORT_CSV), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert ids == ["ana-reyes", "ben-cruz", "carla-santos", "dev-patel"]
    out_csv = tmp_path / "results.txt"
    assert run(runner, str(COHORT_JSONL), "-o", str(out_csv)).exit_code == 0
    assert out_csv.read_text().startswith("id,role_1,match_1")


def test_standard_input_is_sniffed(runner: CliRunner) -> None:
    as_csv = run(runner, "-", input=COHORT_CSV.read_text())
    assert as_csv.exit_code == 0 and as_csv.stdout.count("\n") == 5
    as_jsonl = run(runner, "-", input="\n  " + COHORT_JSONL.read_text())
    assert as_jsonl.exit_code == 0 and as_jsonl.stdout.startswith("id,role_1")


def test_other_extensions_are_sniffed_too(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "cohort.txt", COHORT_JSONL.read_text())
    assert run(runner, path).exit_code == 0


# --- Bad input ---------------------------------------------------------------------------


def one_error(result: Any, code: int, *fragments: str) -> None:
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert all(fragment in lines[0] for fragment in fragments), lines[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("content", ["", "\n\n  \n", "\ufeff"])
def test_empty_input_fails_at_once(runner: CliRunner, tmp_path: Path, content: str) -> None:
    one_error(run(runner, write(tmp_path, "empty.csv", content)), 1, "empty input")
    one_error(run(runner, "-", input=content), 1, "empty input")


def test_header_only_gives_a_header_and_no_rows(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, write(tmp_path, "header.csv", HEADER + "\n"))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "id,role_1,match_1,role_2,match_2,role_3,match_3,readiness,alignment"
    ]


def test_windows_line_endings_and_byte_order_mark(runner: CliRunner, tmp_path: Path) -> None:
    plain = run(runner, str(COHORT_CSV)).stdout
    text = COHORT_CSV.read_text().replace("\n", "\r\n")
    for content in (text.encode(), b"\xef\xbb\xbf" + text.encode()):
        result = run(runner, write(tmp_path, "windows.csv", content))
        assert result.exit_code == 0, result.output
        assert result.stdout == plain
    jsonl = b"\xef\xbb\xbf" + COHORT_JSONL.read_text().replace("\n", "\r\n").encode()
    assert run(runner, "-", input=jsonl).exit_code == 0


def huge_line_file(path: Path, start: bytes, size: int = 100 * 1024 * 1024) -> None:
    """A file whose first line is `size` bytes long, written in chunks."""
    chunk = b"x" * (1 << 20)
    with path.open("wb") as out:
        out.write(start)
        for _ in range(size // len(chunk)):
            out.write(chunk)
        out.write(b"\n")


def test_a_100_mb_line_is_an_error_not_a_hang(runner: CliRunner, tmp_path: Path) -> None:
    header_line = tmp_path / "huge.csv"
    huge_line_file(header_line, b"id,")
    one_error(run(runner, str(header_line)), 1, "line 1", "longer than 1 MiB")
    row_line = tmp_path / "huge.jsonl"
    huge_line_file(row_line, b'{"id": "x", "skills": "')
    with row_line.open("ab") as out:
        out.write(COHORT_JSONL.read_bytes())
    result = run(runner, str(row_line))
    assert result.exit_code == ExitCode.PARTIAL
    assert "line 1: line is longer than 1 MiB" in result.stderr
    assert result.stdout.count("\n") == 4  # header and the three good people after it


def test_a_long_line_on_standard_input(runner: CliRunner) -> None:
    one_error(run(runner, "-", input=b"x" * (3 << 20)), 1, "longer than 1 MiB")


def test_non_utf8_bytes(runner: CliRunner, tmp_path: Path) -> None:
    bad_row = (HEADER + "\n" + GOOD_ROW + "\n").encode() + b"b\xe9n,3,3,3,3,3,3,3\n"
    result = run(runner, write(tmp_path, "latin1.csv", bad_row))
    assert result.exit_code == ExitCode.PARTIAL
    assert "line 3: not UTF-8 text (byte 2 of the line)" in result.stderr
    assert result.stdout.count("\n") == 2
    one_error(run(runner, write(tmp_path, "bin.csv", b"\x89PNG\r\n\x1a\n\x00")), 1, "not UTF-8")


def test_not_csv_or_json_lines_fails_at_once(runner: CliRunner, tmp_path: Path) -> None:
    prose = "Dear team,\nplease find the ratings attached.\n"
    one_error(run(runner, write(tmp_path, "letter.txt", prose)), 1, "not a batch file")
    one_error(run(runner, "-", input=prose), 1, "not a batch file")


def test_extra_columns_are_ignored_with_one_warning(runner: CliRunner, tmp_path: Path) -> None:
    text = "email," + HEADER + ",notes\n" + "a@b.c," + GOOD_ROW + ",fine\n"
    text += "d@e.f," + GOOD_ROW.replace("ana", "bo") + ",ok\n"
    result = run(runner, write(tmp_path, "export.csv", text))
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines() == [
        "warning: " + str(tmp_path / "export.csv") + ": ignoring column email, notes"
        " (not id or a skill id)"
    ]
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == ["ana", "bo"]


def test_columns_in_any_order(runner: CliRunner, tmp_path: Path) -> None:
    text = ",".join(reversed(HEADER.split(","))) + "\n" + ",".join(reversed(GOOD_ROW.split(",")))
    result = run(runner, write(tmp_path, "reversed.csv", text))
    assert result.stdout == run(runner, "-", input=HEADER + "\n" + GOOD_ROW).stdout


def test_missing_or_repeated_column_fails_at_once(runner: CliRunner, tmp_path: Path) -> None:
    missing = HEADER.replace(",teamwork", "") + "\n"
    one_error(run(runner, write(tmp_path, "m.csv", missing)), 1, "missing column teamwork")
    repeated = HEADER + ",teamwork\n"
    one_error(run(runner, write(tmp_path, "r.csv", repeated)), 1, "teamwork appears more than once")
    no_id = HEADER.replace("id,", "person,") + "\n"
    one_error(run(runner, write(tmp_path, "i.csv", no_id)), 1, "missing column id")


def test_bad_rows_are_reported_and_skipped(runner: CliRunner, tmp_path: Path) -> None:
    rows = [
        GOOD_ROW,
        "bo,4,3.5,3,4,4,3,7",  # out of range
        "cy,4,3.5,3,4,,3,5",  # empty value
        "di,4,3.5,3,four,4,3,5",  # not a number
        "ed,4,3.5,3,4,4,3",  # a value short
        "fa,4,3.5,3,4,4,3,5,9",  # a value too many
        ",4,3.5,3,4,4,3,5",  # no id
        "gu,nan,3.5,3,4,4,3,5",
        "",  # blank lines are skipped
        '"ha, jr",4,3.5,3,4,4,3,5',  # quoted id with a comma
        '"unclosed,4,3.5,3,4,4,3,5',
    ]
    errors = tmp_path / "errors.txt"
    path = write(tmp_path, "cohort.csv", HEADER + "\n" + "\n".join(rows) + "\n")
    result = run(runner, path, "--errors", str(errors))
    assert result.exit_code == ExitCode.PARTIAL
    assert int(ExitCode.PARTIAL) == 3
    assert [row[0] for row in csv.reader(io.StringIO(result.stdout))] == ["id", "ana", "ha, jr"]
    logged = errors.read_text().splitlines()
    assert logged == [
        "line 3: customer-centric: '7' is not a level from 1 to 5",
        "line 4: teamwork: no value; give a level from 1 to 5",
        "line 5: problem-solving: 'four' is not a level from 1 to 5",
        "line 6: 7 values for 8 columns",
        "line 7: 9 values for 8 columns",
        "line 8: id: empty; every row needs an id",
        "line 9: communication: 'nan' is not a level from 1 to 5",
        "line 12: a quoted value has no closing quote; a value may not hold a line break:"
        " give each person one line",
    ]
    stderr = result.stderr.splitlines()
    assert stderr[:-1] == [f"error: {path}: {line}" for line in logged]
    assert stderr[-1] == f"{path}: 8 of 10 rows could not be scored"


def test_bad_json_lines_are_reported_and_skipped(runner: CliRunner, tmp_path: Path) -> None:
    good = COHORT_JSONL.read_text().splitlines()[0]
    lines = [
        good,
        '{"id": "x", "skills": {"communication": 4',  # malformed
        "[1, 2]",
        '{"skills": {"communication": 4}}',
        '{"id": true, "skills": {}}',
        '{"id": "y", "skills": {"juggling": 3, "communication": 9}}',
        good.replace("ana-reyes", "ana-reyes"),  # a repeated id is scored again
    ]
    path = write(tmp_path, "cohort.jsonl", "\n".join(lines))
    result = run(runner, path, "--errors", str(tmp_path / "e.txt"))
    assert result.exit_code == ExitCode.PARTIAL
    assert [line.split(",")[0] for line in result.stdout.splitlines()] == [
        "id",
        "ana-reyes",
        "ana-reyes",
    ]
    logged = (tmp_path / "e.txt").read_text()
    assert "line 2: invalid JSON at column 42" in logged
    assert "line 3: expected a JSON object" in logged
    assert "line 4: id: required key is missing" in logged
    assert "line 5: id: give a non-empty string or a whole number" in logged
    assert "line 6: skills.communication: Input should be less than or equal to 5" in logged
    unknown = f"error: {path}: line 6: skills.juggling: unknown skill id"
    six = [line for line in result.stderr.splitlines() if ": line 6: " in line]
    assert len(six) == 1  # pydantic stops at the range error; the skill check then never runs
    assert unknown not in result.stderr


def test_unknown_skill_in_json_lines(runner: CliRunner) -> None:
    person = {"id": 1, "skills": dict.fromkeys(SKILLS, 3) | {"juggling": 3}}
    result = run(runner, "-", input=json.dumps(person))
    assert result.exit_code == ExitCode.PARTIAL
    assert "line 1: skills.juggling: unknown skill id" in result.stderr


def test_all_rows_bad_is_still_partial(runner: CliRunner) -> None:
    result = run(runner, "-", input=HEADER + "\nbo,9,9,9,9,9,9,9\n")
    assert result.exit_code == ExitCode.PARTIAL
    assert result.stdout.count("\n") == 1


def test_missing_file_and_directory_are_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    one_error(run(runner, str(tmp_path / "nope.csv")), 2, "no such file")
    one_error(run(runner, str(tmp_path)), 2, "is a directory")


def test_no_piped_input_is_a_usage_error(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(BpoError) as raised:
        batch.open_input("-")
    assert raised.value.code == ExitCode.USAGE


# --- Streaming ---------------------------------------------------------------------------


class EndlessCohort(io.RawIOBase):
    """A CSV stream that never ends: reading it whole would never return."""

    def __init__(self) -> None:
        self.pending = (HEADER + "\n").encode()
        self.made = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while len(self.pending) < len(buffer):
            self.made += 1
            self.pending += f"p{self.made},3,4,2.5,5,1,3,4\n".encode()
        size = len(buffer)
        buffer[:size], self.pending = self.pending[:size], self.pending[size:]
        return size


def test_rows_are_read_lazily(catalogue: Catalogue) -> None:
    source = EndlessCohort()
    stream = io.BufferedReader(source, buffer_size=4096)
    rows: Iterator[batch.Row | batch.RowError] = iter(
        batch.Rows(stream, "endless", catalogue.skill_ids)
    )
    first = [next(rows) for _ in range(1000)]
    assert all(isinstance(row, batch.Row) for row in first)
    assert source.made < 1200  # only a buffer's worth ahead of the rows asked for


def test_checked_level_texts_are_remembered_up_to_a_cap(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "KNOWN_LEVELS", 3)
    header = "id," + ",".join(catalogue.skill_ids) + "\n"
    lines = ["a,1,2,3,4,5,1,2", "b,1.5,2,3,4,5,1,2", "c,9,2,3,4,5,1,2", "d,1.5,2,3,4,5,1,2"]
    stream = io.BytesIO((header + "\n".join(lines) + "\n").encode())
    rows = list(batch.Rows(stream, "cohort.csv", catalogue.skill_ids))
    assert [row.levels for row in rows if isinstance(row, batch.Row)] == [
        (1.0, 2.0, 3.0, 4.0, 5.0, 1.0, 2.0),
        (1.5, 2.0, 3.0, 4.0, 5.0, 1.0, 2.0),
        (1.5, 2.0, 3.0, 4.0, 5.0, 1.0, 2.0),
    ]
    error = next(row for row in rows if isinstance(row, batch.RowError))
    assert (error.line, error.problems) == (4, ["communication: '9' is not a level from 1 to 5"])


def test_results_are_written_row_by_row(catalogue: Catalogue) -> None:
    out = io.StringIO()
    results = batch.results_writer("csv", out, catalogue, None)
    sizes = []
    for n in range(3):
        results.write(batch.Row(n + 2, f"p{n}", levels=(3.0,) * 7))
        sizes.append(out.tell())
    assert sizes[0] < sizes[1] < sizes[2]


# --- A person at a terminal --------------------------------------------------------------


@pytest.mark.pty
def test_progress_bar_in_a_terminal(tmp_path: Path) -> None:
    rows = "".join(f"p{n},{GOOD_ROW.split(',', 1)[1]}\n" for n in range(5_000))
    path = write(tmp_path, "big.csv", HEADER + "\n" + rows)
    out = tmp_path / "out.csv"
    command = f"{sys.executable} -m bpo_assess batch {path} -o {out}"
    child = pexpect.spawn(command, env={"COLUMNS": "100", "TERM": "xterm"}, timeout=60)
    child.expect("rows/s")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert out.read_text().count("\n") == 5_001
    piped = CliRunner().invoke(app, ["batch", path, "-o", str(out)])
    assert piped.stderr == ""  # no progress when stderr is not a terminal


def test_the_input_is_never_the_output(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "cohort.csv", COHORT_CSV.read_text())
    for option in ("-o", "--errors"):
        one_error(run(runner, path, option, path), 2, "is the input file")
    assert Path(path).read_text() == COHORT_CSV.read_text()


def test_an_unwritable_output_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "out.csv"
    one_error(run(runner, str(COHORT_CSV), "-o", str(missing)), 2, "cannot be written")


@pytest.mark.process
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_a_full_disk_is_one_line(tmp_path: Path) -> None:
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "bpo_assess", "batch", str(COHORT_CSV)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr == "error: batch stopped: No space left on device\n"


def test_csv_input_can_carry_figures_measured_elsewhere(runner: CliRunner, tmp_path: Path) -> None:
    """Issue 18: a counsellor's own typing or checking test, in optional columns; the
    output copies them and names the best role's measured requirements not met yet."""
    source = tmp_path / "cohort.csv"
    header = "id,communication,adaptability,tech-savvy,problem-solving,teamwork,time-management"
    source.write_text(
        header + ",customer-centric,typing_net_wpm,checking_percent\n"
        "slow,2,3,4,3,2,5,2,12,95\n"
        "none,4,3.5,3,4,4,3,5,,\n"
        "bad,4,3.5,3,4,4,3,5,-4,\n"
    )
    result = runner.invoke(app, ["batch", str(source)])
    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    assert lines[0].endswith(",typing_net_wpm,checking_percent,not_yet_met")
    slow = lines[1].split(",")
    assert slow[-3:-1] == ["12.0", "95.0"] and "typing" in slow[-1]
    assert lines[2].endswith(",,,")
    assert "typing_net_wpm: '-4' is not a figure from 0 to 250" in result.stderr
    jsonl = runner.invoke(app, ["batch", str(source), "--format", "jsonl"])
    first = json.loads(jsonl.stdout.splitlines()[0])
    assert first["evidence"]["typing"]["net_wpm"] == 12.0
    assert first["evidence"]["typing"]["source"] == "figures given in the batch file"
