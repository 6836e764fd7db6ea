"""Batch scoring: a cohort's ratings in, one result line per person out, row by row.

Input is CSV (`id` and the seven skill levels) or JSON Lines (the `score` input with an
`id`); output is CSV (the top roles) or JSON Lines (the full `score --json` result). A bad
row is reported and skipped. Memory stays flat: nothing holds more than one line.

Imports inside functions here serve the batch budget (docs/performance.md): CSV rows
never load the pydantic models, and Rich loads only for the progress bar.
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import math
import operator
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple, TextIO

from bpo_assess.core.formats import EXTENSIONS, BatchFormat
from bpo_assess.core.scoring import (
    TOP,
    ScoringContext,
    shown_places,
    shown_ranking,
    skill_scores,
)
from bpo_assess.core.scoring.formula import NO_BACKGROUND
from bpo_assess.errors import BpoError, UsageError, printable, pydantic_problems
from bpo_assess.io.output import json_text

if TYPE_CHECKING:
    from bpo_assess.core.catalogue import Catalogue
    from bpo_assess.core.evidence import Threshold
    from bpo_assess.core.models import AssessmentInput, Role
    from bpo_assess.core.scoring import Levels, RoleScorer

MAX_LINE_BYTES = 1 << 20  # a person's row is a few hundred bytes; 1 MiB is not a row
MAX_SKIP_BYTES = 256 << 20  # no line end within 256 MiB: the input is not lines
PROGRESS_EVERY = 1000  # rows between progress reports
KNOWN_LEVELS = 1000  # distinct CSV level texts remembered as checked
BOM = b"\xef\xbb\xbf"
FORMULA_STARTS = frozenset("=+-@\t\r")  # what makes a spreadsheet read a cell as a formula


class RowError(BpoError):
    """Why one row could not be scored, and on which line; the run goes on."""

    def __init__(self, problems: str | list[str], line: int = 0):
        super().__init__(problems)
        self.line = line


# Optional CSV columns: figures measured elsewhere (a counsellor's own typing or checking
# test), with the largest value each may take (docs/formats.md, "Measured figures").
MEASURED_COLUMNS = {"typing_net_wpm": 250.0, "typing_accuracy": 100.0, "checking_percent": 100.0}
MEASURED_SOURCE = "figures given in the batch file"


class EndlessLine(Exception):
    """A line that does not end within MAX_SKIP_BYTES: the rest of the input is not read."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line
        self.problem = (
            f"no line break within {MAX_SKIP_BYTES >> 20} MiB; the rest of the input is not read"
        )


class Row(NamedTuple):
    """One person: ratings in skill order (CSV) or the `score` input (JSON Lines), and
    any figures measured elsewhere (CSV)."""

    line: int
    id: str | int
    levels: Levels | None = None
    data: AssessmentInput | None = None
    measured: dict[str, float] | None = None


@dataclass
class Summary:
    scored: int = 0
    failed: int = 0


# --- Reading lines -----------------------------------------------------------------------


def numbered_lines(stream: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """Each line's number and bytes without its ending (LF or CRLF), and no byte-order mark.

    A line longer than MAX_LINE_BYTES comes as None; its bytes are read and dropped in
    chunks, so a 100 MB line costs no more memory than a short one.
    A line with no end within MAX_SKIP_BYTES (`batch /dev/zero`) raises EndlessLine: the
    input is read no further.
    """
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if number == 1 and raw.startswith(BOM):
            raw = raw[len(BOM) :]
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            skipped = len(raw)
            while raw and not raw.endswith(b"\n"):
                if skipped > MAX_SKIP_BYTES:
                    raise EndlessLine(number)
                raw = stream.readline(MAX_LINE_BYTES)
                skipped += len(raw)
            yield number, None
            continue
        yield number, raw.rstrip(b"\r\n")


def decode(raw: bytes | None) -> str:
    if raw is None:
        raise RowError(f"line is longer than {MAX_LINE_BYTES // (1 << 20)} MiB")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RowError(f"not UTF-8 text (byte {error.start + 1} of the line)") from None


def input_kind(name: str, first_line: bytes | None) -> BatchFormat:
    """By the file's extension, else by its first line: `{` starts JSON Lines."""
    by_extension = EXTENSIONS.get(Path(name).suffix.lower())
    if by_extension is not None:
        return by_extension
    if first_line is not None and first_line.lstrip().startswith(b"{"):
        return BatchFormat.jsonl
    return BatchFormat.csv


# --- Parsing rows ------------------------------------------------------------------------


class Rows:
    """The people in an input stream. Problems with the whole input raise BpoError at once;
    problems with one row come out of `__iter__` as a RowError carrying its line."""

    def __init__(self, stream: BinaryIO, name: str, skill_ids: tuple[str, ...]) -> None:
        self.name = name
        self.skill_ids = skill_ids
        self.warnings: list[str] = []
        self.measured: list[str] = []  # the measured-figure columns the CSV header has
        self._measured_fields: Callable[[list[str]], list[str]] = list
        self._lines = numbered_lines(stream)
        try:
            first = next(((n, raw) for n, raw in self._lines if raw is None or raw.strip()), None)
        except EndlessLine as endless:
            raise self._fail(endless.line, endless.problem) from None
        if first is None:
            raise BpoError(
                f"{name}: empty input; expected a CSV header (id and the seven skill ids)"
                " or JSON Lines (one JSON object per line)"
            )
        self._first = first
        number, raw = first
        self.kind = input_kind(name, raw)
        if self.kind is BatchFormat.csv:
            if raw is None:
                raise self._fail(number, "longer than 1 MiB; not a CSV header or a JSON line")
            self._read_header(number, raw)

    def _fail(self, number: int, problem: str) -> BpoError:
        return BpoError(f"{self.name}: line {number}: {problem}")

    def _read_header(self, number: int, raw: bytes) -> None:
        try:
            header = next(csv.reader([decode(raw)]))
        except (RowError, csv.Error) as error:
            raise self._fail(number, f"{error}; not a CSV file") from None
        names = [column.strip() for column in header]
        expected = ", ".join(("id", *self.skill_ids))
        if "id" not in names and not set(names) & set(self.skill_ids):
            raise self._fail(
                number,
                f"not a batch file: a CSV header with the columns {expected},"
                " or one JSON object per line",
            )
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise self._fail(number, f"column {', '.join(repeated)} appears more than once")
        missing = [n for n in ("id", *self.skill_ids) if n not in names]
        if missing:
            raise self._fail(
                number, f"missing column {', '.join(missing)}; the header needs {expected}"
            )
        columns = {n: i for i, n in enumerate(names)}
        self._width = len(names)
        self._id_index = columns["id"]
        self._skill_fields = operator.itemgetter(*(columns[s] for s in self.skill_ids))
        # Field text -> level, for texts already checked: a cohort's ratings are a handful
        # of texts ("1" to "5", "3.5"), so most rows need neither float() nor a range check.
        self._known_levels: dict[str, float] = {}
        self.measured = [n for n in MEASURED_COLUMNS if n in columns]
        if self.measured:  # a tuple of fields, even for one column
            indices = [columns[n] for n in self.measured]
            self._measured_fields = lambda fields: [fields[i] for i in indices]
        ignored = [
            n for n in names if n != "id" and n not in self.skill_ids and n not in MEASURED_COLUMNS
        ]
        if ignored:
            self.warnings.append(
                f"{self.name}: ignoring column {', '.join(ignored)} (not id or a skill id)"
            )

    def __iter__(self) -> Iterator[Row | RowError]:
        parse = self._csv_row if self.kind is BatchFormat.csv else self._jsonl_row
        lines = self._lines
        if self.kind is BatchFormat.jsonl:  # its first line is a person, not a header
            lines = itertools.chain([self._first], lines)
        lines = iter(lines)
        try:
            for number, raw in lines:
                if raw is not None and (not raw or raw.isspace()):
                    continue  # blank lines are skipped
                if self.kind is BatchFormat.csv and raw is not None and raw.count(b'"') % 2:
                    yield self._broken_record(number, raw, lines)
                    continue
                try:
                    yield parse(number, decode(raw))
                except RowError as error:
                    error.line = number
                    yield error
        except EndlessLine as endless:
            yield RowError(endless.problem, endless.line)

    def _broken_record(
        self, number: int, raw: bytes, lines: Iterator[tuple[int, bytes | None]]
    ) -> RowError:
        """A quoted value that runs on to the next line: the lines up to its closing quote
        are one bad record, so no part of it is scored under another id."""
        last, size, quotes = number, len(raw), raw.count(b'"')
        while quotes % 2 and size <= MAX_LINE_BYTES:
            following = next(lines, None)
            if following is None:
                break
            last, more = following
            if more is None:
                break
            size += len(more)
            quotes += more.count(b'"')
        problem = "a quoted value has no closing quote"
        if last > number:
            problem = f"a quoted value runs on to line {last} (lines {number} to {last} skipped)"
        return RowError(
            f"{problem}; a value may not hold a line break: give each person one line", number
        )

    def _csv_row(self, number: int, text: str) -> Row:
        # Plain rows are split on commas; only quoted ones need the csv module.
        try:
            fields = next(csv.reader([text])) if '"' in text else text.split(",")
        except csv.Error as error:
            raise RowError(f"not a CSV row: {error}") from None
        if len(fields) != self._width:
            raise RowError(f"{len(fields)} values for {self._width} columns")
        person = fields[self._id_index].strip()
        if not person:
            raise RowError("id: empty; every row needs an id")
        values = self._skill_fields(fields)
        try:
            levels = tuple(map(self._known_levels.__getitem__, values))
        except KeyError:  # a text not seen before, or not a level
            levels = self._check_levels(values)
        if self.measured:
            given = measured_figures(self.measured, self._measured_fields(fields))
            return Row(number, person, levels, measured=given)
        return Row(number, person, levels)

    def _check_levels(self, values: tuple[str, ...]) -> Levels:
        for skill, value in zip(self.skill_ids, values, strict=True):
            check_level(skill, value)  # raises RowError naming the first bad value
        levels = tuple(map(float, values))
        if len(self._known_levels) < KNOWN_LEVELS:
            self._known_levels.update(zip(values, levels, strict=True))
        return levels

    def _jsonl_row(self, number: int, text: str) -> Row:
        from pydantic import ValidationError

        from bpo_assess.core.models import AssessmentInput
        from bpo_assess.io.sources import JsonProblem, load_json

        try:
            document = load_json(text)
        except JsonProblem as error:
            raise RowError(str(error).replace("at line 1 column", "at column")) from None
        if not isinstance(document, dict):
            raise RowError("expected a JSON object with an id and 'skills' or 'answers'")
        if "id" not in document:
            raise RowError("id: required key is missing")
        person = document.pop("id")
        if isinstance(person, bool) or not isinstance(person, str | int) or person == "":
            raise RowError("id: give a non-empty string or a whole number")
        try:
            return Row(number, person, data=AssessmentInput.model_validate(document))
        except ValidationError as error:
            raise RowError(pydantic_problems(error)) from None


def measured_figures(names: Sequence[str], values: Sequence[str]) -> dict[str, float] | None:
    """The measured figures a CSV row gives (an empty cell gives none), checked."""
    found = {}
    for name, value in zip(names, values, strict=True):
        try:
            number = float(value)
        except ValueError:
            if not value.strip():
                continue
            number = math.nan
        if not 0.0 <= number <= MEASURED_COLUMNS[name]:  # also rejects nan and inf
            raise RowError(
                f"{name}: {value.strip()!r} is not a figure from 0 to {MEASURED_COLUMNS[name]:g}"
            )
        found[name] = number
    return found or None


def as_input(row: Row, skill_ids: Sequence[str]) -> AssessmentInput:
    """The row as a `score` input, with its measured figures if it gives any."""
    from bpo_assess.core.models import AssessmentInput, MeasuredElsewhere, TaskRecords

    data = row.data
    if data is None:
        assert row.levels is not None
        data = AssessmentInput(skills=dict(zip(skill_ids, row.levels, strict=True)))
    if row.measured is None:
        return data
    figures = MeasuredElsewhere(source=MEASURED_SOURCE, **row.measured)
    return data.model_copy(update={"tasks": TaskRecords(elsewhere=figures)})


def check_level(skill: str, value: str) -> None:
    """A CSV field must hold a skill level: a number from 1 to 5, halves allowed."""
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 1.0 <= number <= 5.0:  # also rejects nan and inf
        shown = value.strip()
        raise RowError(
            f"{skill}: {shown!r} is not a level from 1 to 5"
            if shown
            else f"{skill}: no value; give a level from 1 to 5"
        )


# --- Scoring and writing -----------------------------------------------------------------


class CsvResults:
    """id, then role and match for each of the top roles in the order the screen shows
    them (apply now, not known, grow into), then the first one's readiness and alignment.
    Straight from `RoleScorer.score`: no close calls, no pydantic per row."""

    def __init__(
        self,
        out: TextIO,
        catalogue: Catalogue,
        scorer: RoleScorer,
        top: int,
        measured: Sequence[str] = (),
    ) -> None:
        self.catalogue = catalogue
        self.scorer = scorer
        self.top = min(top, len(catalogue.roles))
        self.measured = tuple(measured)
        self._thresholds: dict[str, tuple[Threshold, ...]] = {}
        self._empty: list[object] = [""] * (len(self.measured) + 1)
        if self.measured:  # the models load only for a file with measured columns
            from bpo_assess.core.evidence import short_of

            self._short_of = short_of
        self.writer = csv.writer(out, lineterminator="\n")
        self.places = shown_places(catalogue, NO_BACKGROUND)  # a CSV row has no background
        ranks = [(f"role_{n}", f"match_{n}") for n in range(1, self.top + 1)]
        extra = [*self.measured, "not_yet_met"] if self.measured else []
        self.writer.writerow(
            ["id", *(name for pair in ranks for name in pair), "readiness", "alignment", *extra]
        )

    def write(self, row: Row) -> None:
        if row.data is None:
            assert row.levels is not None
            context, places = ScoringContext(row.levels), self.places
        else:
            skills = skill_scores(self.catalogue, row.data)
            levels = tuple(skills[s].level for s in self.catalogue.skill_ids)
            context = ScoringContext(levels, row.data.background)
            places = shown_places(self.catalogue, row.data.background)
        ranked = shown_ranking(self.scorer, context, places, self.top)
        best = ranked[0]
        record: list[object] = [neutral_cell(row.id)]
        for scored in ranked:
            record += (scored.role.id, scored.match)
        record += (best.readiness, best.alignment)
        if self.measured:
            record += self.measured_cells(row, best.role)
        self.writer.writerow(record)

    def measured_cells(self, row: Row, role: Role) -> list[object]:
        """The row's measured figures, then the best role's measured requirements they do
        not meet yet, joined with "; " (empty when none falls short)."""
        figures = row.measured
        if not figures:
            return self._empty
        cells: list[object] = [figures.get(name, "") for name in self.measured]
        needs = self._thresholds.get(role.id)
        if needs is None:
            from bpo_assess.core.evidence import thresholds

            needs = self._thresholds[role.id] = thresholds(role)
        cells.append("; ".join(self._short_of(needs, figures)))
        return cells


class JsonlResults:
    """The full `score --json` result for each person, with their id first."""

    def __init__(
        self, out: TextIO, catalogue: Catalogue, scorer: RoleScorer, top: int | None
    ) -> None:
        self.out = out
        self.catalogue = catalogue
        self.scorer = scorer
        self.top = top

    def write(self, row: Row) -> None:
        from bpo_assess.core.scoring import assess

        data = as_input(row, self.catalogue.skill_ids)
        result = assess(self.catalogue, data, scorer=self.scorer, top=self.top)
        document = {"id": row.id, **result.model_dump(mode="json")}
        self.out.write(json_text(document) + "\n")


def results_writer(
    chosen: str, out: TextIO, catalogue: Catalogue, top: int | None, measured: Sequence[str] = ()
) -> CsvResults | JsonlResults:
    """`measured`: the CSV input's measured-figure columns, copied to CSV output."""
    from bpo_assess.core.scoring import RoleScorer

    scorer = RoleScorer(catalogue)
    if chosen == "jsonl":
        return JsonlResults(out, catalogue, scorer, top)
    return CsvResults(out, catalogue, scorer, top or TOP, measured)


def output_format(chosen: str | None, output: Path | None) -> str:
    """--format if given, else from the output file's extension, else "csv"."""
    if chosen is not None:
        return chosen
    if output and EXTENSIONS.get(output.suffix.lower()) is BatchFormat.jsonl:
        return "jsonl"
    return "csv"


def open_input(source: str) -> tuple[BinaryIO, str]:
    """The input as a byte stream (standard input for '-') and its name for messages."""
    from bpo_assess.io.sources import open_input as open_source

    return open_source(source, "give a file, or pipe one in: bpo-assess batch - < cohort.csv")


def check_outputs(source: str, output: Path | None, errors: Path | None) -> None:
    """Refuse before reading a row: an output that is the input (by its path or as the file
    behind standard input), or results and error log in one file."""
    from bpo_assess.io.files import check_target

    targets = [(p, option) for p, option in ((output, "-o"), (errors, "--errors")) if p]
    for path, option in targets:
        check_target(path, option)
        if _same_file(path, source):
            raise UsageError(
                f"{option} {printable(path)}: is the input file; write it somewhere else"
            )
    if output is None and _same_file(None, source):
        raise UsageError("standard output is the input file; write the results somewhere else")
    if output is not None and errors is not None and _same_path(output, errors):
        raise UsageError(
            f"-o and --errors are both {printable(output)}; give the error log its own file"
        )


def _same_file(path: Path | None, source: str) -> bool:
    """Whether `path` (None: standard output) is the file `source` names (or stdin is)."""
    try:
        mine = os.fstat(sys.stdout.fileno()) if path is None else path.stat()
        theirs = os.fstat(sys.stdin.fileno()) if source == "-" else Path(source).stat()
    except (OSError, ValueError, AttributeError):  # no such file yet, or no real stdin
        return False
    return (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino)


def _same_path(one: Path, other: Path) -> bool:
    if one.exists() and other.exists():
        return one.samefile(other)
    return one.resolve() == other.resolve()


def neutral_cell(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading quote (OWASP), and
    control or text-direction characters are written as escapes, as on a terminal."""
    if isinstance(value, str):
        value = printable(value)
        if value[:1] in FORMULA_STARTS:
            return "'" + value
    return value


def measurable(stream: BinaryIO) -> bool:
    """Whether progress can be told by bytes: a regular file, not a pipe or a device."""
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode) and stream.seekable()
    except (OSError, ValueError, AttributeError):
        return False


@contextlib.contextmanager
def progress_bar(stream: BinaryIO) -> Iterator[Callable[[int], None]]:
    """A Rich progress bar on stderr, by bytes read, with rows per second."""
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    from bpo_assess.render.console import console

    columns = (
        TextColumn("scoring"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rows]:,} rows  {task.fields[rate]}"),
    )
    with Progress(*columns, console=console(stderr=True), transient=True) as bar:
        task = bar.add_task("scoring", total=os.fstat(stream.fileno()).st_size, rows=0, rate="")

        def advance(done: int) -> None:
            elapsed = bar.tasks[task].elapsed or 0.0
            rate = f"{done / elapsed:,.0f} rows/s" if elapsed else ""
            bar.update(task, completed=stream.tell(), rows=done, rate=rate)
            if done == PROGRESS_EVERY:  # show the rate at once, not at the next refresh
                bar.refresh()

        yield advance


def score_rows(
    rows: Rows,
    results: CsvResults | JsonlResults,
    report: Callable[[int, str], None],
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Score every good row into `results`; report each bad row's problems by line number."""
    summary = Summary()
    for row in rows:
        if isinstance(row, Row):
            try:
                results.write(row)
            except BpoError as error:  # e.g. an unknown skill or item id in a JSON row
                row = RowError(error.problems, row.line)
            else:
                summary.scored += 1
        if isinstance(row, RowError):
            summary.failed += 1
            for line in row.problems:
                report(row.line, line)
        if progress is not None and (summary.scored + summary.failed) % PROGRESS_EVERY == 0:
            progress(summary.scored + summary.failed)
    if progress is not None:
        progress(summary.scored + summary.failed)
    return summary
