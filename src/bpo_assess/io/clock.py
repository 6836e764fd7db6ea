"""The clock: now (or the time `BPO_ASSESS_NOW` simulates) and the stamps stored with it."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from bpo_assess.errors import UsageError

NOW_ENV = "BPO_ASSESS_NOW"  # simulate the clock: BPO_ASSESS_NOW=2026-11-18T10:00:00Z


def now() -> datetime:
    """The current time, or the one `BPO_ASSESS_NOW` simulates (ISO 8601; UTC if naive)."""
    simulated = os.environ.get(NOW_ENV)
    if not simulated:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(simulated.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"{NOW_ENV}={simulated!r} is not an ISO 8601 time; try 2026-11-18T10:00:00Z"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def stamp(moment: datetime | None = None) -> str:
    """A UTC timestamp to the second, as stored and exported: 2026-11-25T14:03:00Z."""
    moment = now() if moment is None else moment
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
