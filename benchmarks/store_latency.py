"""The store: how long a save and a history of 200 sessions take, SQLite and PostgreSQL
side by side on this machine. Each timing opens the store, does the one thing and closes
it, as a command does (start-up of the program itself is the start-up figure's).
Budget (median of RUNS): 50 ms each on SQLite; 100 ms on PostgreSQL, whose every
command also connects, checks the login's role and writes an audit row. PostgreSQL is a
throwaway local server (tests/pgserver.py); its figures are SKIP where there is none.

    python benchmarks/store_latency.py [RUNS]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import Figure, median

ROOT = Path(__file__).resolve().parents[1]
BUDGET_S = {"sqlite": 0.050, "postgresql": 0.100}
RUNS = 30
SESSIONS = 200


def timings(open_store: Callable[[], Any], runs: int) -> tuple[float, float]:
    """(median save seconds, median history seconds with SESSIONS sessions)."""
    from bpo_assess.core.catalogue import load_catalogue
    from bpo_assess.core.models import AssessmentInput
    from bpo_assess.core.scoring import assess

    catalogue = load_catalogue()
    data = AssessmentInput(skills=dict.fromkeys(catalogue.skill_ids, 3))
    result = assess(catalogue, data)
    with open_store() as store:
        store.record_consent("Bench Client")
    saves = []
    for _ in range(SESSIONS):
        started = time.perf_counter()
        with open_store() as store:
            store.save_session(data, result, client="Bench Client", source="bench")
        saves.append(time.perf_counter() - started)
    reads = []
    for _ in range(runs):
        started = time.perf_counter()
        with open_store() as store:
            assert len(store.summaries()) == SESSIONS
        reads.append(time.perf_counter() - started)
    return median(saves), median(reads)


def figures(engine: str, save: float, history: float) -> list[Figure]:
    budget = BUDGET_S[engine]
    return [
        Figure(
            f"store save ({engine})",
            f"{save * 1000:.1f} ms median (budget {budget * 1000:.0f} ms)",
            save <= budget,
        ),
        Figure(
            f"store history of {SESSIONS} ({engine})",
            f"{history * 1000:.1f} ms median (budget {budget * 1000:.0f} ms)",
            history <= budget,
        ),
    ]


def measure(runs: int = RUNS) -> list[Figure]:
    from bpo_assess.counsel.store import open_store

    found = []
    with tempfile.TemporaryDirectory() as folder:
        os.environ["BPO_ASSESS_HOME"] = folder
        path = Path(folder) / "sessions.db"
        found += figures("sqlite", *timings(lambda: open_store(path), runs))
    sys.path.insert(0, str(ROOT / "tests"))
    import pgserver

    reason = pgserver.why_not()
    try:
        import psycopg  # noqa: F401
    except ImportError:
        reason = reason or "psycopg is not installed (pip install 'bpo-assess[postgres]')"
    if reason is not None:
        return [*found, Figure("store (postgresql)", f"skipped: {reason}", None)]
    from bpo_assess.counsel.store.postgres import COUNSELLOR, initialise
    from conftest import pg_login

    with pgserver.running() as server:
        database = server.new_database()
        initialise(server.url(database=database))
        url = pg_login(server, database, "bench", COUNSELLOR)
        found += figures("postgresql", *timings(lambda: open_store(url=url), runs))
    return found


if __name__ == "__main__":
    for figure in measure(int(sys.argv[1]) if len(sys.argv) > 1 else RUNS):
        print(figure.line())
