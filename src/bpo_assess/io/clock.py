"""The clock: now (or the time `BPO_ASSESS_NOW` simulates) and the stamps stored with it."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime

from bpo_assess.errors import UsageError, printable

NOW_ENV = "BPO_ASSESS_NOW"  # simulate the clock: BPO_ASSESS_NOW=2026-11-18T10:00:00Z
# A four-digit year and the usual separators; the year range keeps every stamp the same
# shape (YYYY-MM-DDTHH:MM:SSZ), so stored times always sort and parse.
ISO_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)
FIRST_YEAR, LAST_YEAR = 1970, 9998


def now() -> datetime:
    """The current time, or the one `BPO_ASSESS_NOW` simulates (ISO 8601; UTC if naive)."""
    simulated = os.environ.get(NOW_ENV)
    if not simulated:
        return datetime.now(UTC)
    problem = (
        f"{NOW_ENV}={printable(simulated)!r} is not an ISO 8601 time from {FIRST_YEAR} to"
        f" {LAST_YEAR}; try 2026-11-18T10:00:00Z"
    )
    if not ISO_TIME.match(simulated.strip()):
        raise UsageError(problem)
    try:
        moment = datetime.fromisoformat(simulated.strip().replace("Z", "+00:00"))
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        in_utc = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise UsageError(problem) from None
    if not FIRST_YEAR <= in_utc.year <= LAST_YEAR:
        raise UsageError(problem)
    return moment


def stamp(moment: datetime | None = None) -> str:
    """A UTC timestamp to the second, as stored and exported: 2026-11-25T14:03:00Z."""
    moment = now() if moment is None else moment
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    utc = moment.astimezone(UTC)
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}"
        f"T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}Z"
    )
