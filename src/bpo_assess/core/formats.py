"""The batch formats, in one place for `batch --format` and the reader that detects them.

Kept free of heavy imports: the command line builds its options from it at start-up.
"""

from __future__ import annotations

from enum import StrEnum


class BatchFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"


EXTENSIONS = {".csv": BatchFormat.csv, ".jsonl": BatchFormat.jsonl, ".ndjson": BatchFormat.jsonl}
