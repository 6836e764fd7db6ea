"""Several counsellors at once: 4 processes x 250 mixed operations on one store (saves,
ratings, notes, history, forgets), then a count of what the store holds against what the
workers did: sessions lost or duplicated, notes lost, and every error line.

    python benchmarks/store_concurrency.py [sqlite|postgresql] [PROCESSES] [OPERATIONS]

With `postgresql` it starts a throwaway server (tests/pgserver.py) unless
BPO_ASSESS_DATABASE_URL names one where `db init` has run. `make bench` runs both engines
(`measure`): PASS when nothing is lost or duplicated and no operation failed, SKIP for
PostgreSQL where no server can be started.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import Figure

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Tally:
    """What one worker did, and the error lines it met."""

    saved: list[str] = field(default_factory=list)
    forgotten: list[str] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


def opener(spec: str) -> Any:
    from bpo_assess.counsel.store import open_store

    if spec.startswith("postgresql://"):
        return lambda: open_store(url=spec, command="bench")
    return lambda: open_store(Path(spec))


def worker(spec: str, index: int, operations: int) -> Tally:
    from bpo_assess.core.catalogue import load_catalogue
    from bpo_assess.core.models import AssessmentInput
    from bpo_assess.core.scoring import assess
    from bpo_assess.counsel.store.errors import StoreError
    from bpo_assess.counsel.store.messages import explain

    catalogue = load_catalogue()
    data = AssessmentInput(skills=dict.fromkeys(catalogue.skill_ids, 3))
    result = assess(catalogue, data)
    client = f"Worker {index}"
    tally = Tally()
    live: list[tuple[int, str]] = []
    open_one = opener(spec)
    with open_one() as store:
        store.record_consent(client)
    for step in range(operations):
        kind = step % 6
        try:
            with open_one() as store:
                if kind in (0, 3) or not live:
                    saved = store.save_session(data, result, client=client, source="bench")
                    live.append((saved.id, saved.uid))
                    tally.saved.append(saved.uid)
                elif kind == 1:
                    store.rate(str(live[-1][0]), {"communication": 1 + step % 5})
                elif kind == 2:
                    store.add_note(str(live[-1][0]), f"note {step}")
                    tally.notes[live[-1][1]] += 1
                elif kind == 4:
                    store.summaries(client)
                elif len(live) > 3:
                    number, uid = live.pop(0)
                    store.forget_session(str(number))
                    tally.forgotten.append(uid)
        except StoreError as error:
            tally.errors.extend(explain(error).problems)
    return tally


@dataclass
class Outcome:
    operations: int
    seconds: float
    lost: int
    duplicated: int
    notes_lost: int
    errors: list[str]


def run(
    spec: str, processes: int = 4, operations: int = 250, logins: list[str] | None = None
) -> Outcome:
    """`logins`: one store address per worker (each counsellor as themselves); `spec`
    reads the result (a supervisor, or the file)."""
    context = multiprocessing.get_context("spawn")
    places = logins or [spec] * processes
    started = time.perf_counter()
    pool = context.Pool(processes)
    try:
        tallies = pool.starmap(worker, [(places[i], i, operations) for i in range(processes)])
    finally:  # each worker exits on its own: terminate() could kill one as it writes at exit
        pool.close()
        pool.join()
    seconds = time.perf_counter() - started
    with opener(spec)() as store:
        stored = [s for s in store.sessions() if (s.client or "").startswith("Worker ")]
    uids = Counter(s.uid for s in stored)
    expected = {u for t in tallies for u in t.saved} - {u for t in tallies for u in t.forgotten}
    notes = {s.uid: len(s.notes) for s in stored}
    wanted = Counter[str]()
    for tally in tallies:
        wanted.update(tally.notes)
    return Outcome(
        operations=processes * operations,
        seconds=seconds,
        lost=len(expected - set(uids)),
        duplicated=sum(n - 1 for n in uids.values()) + len(set(uids) - expected),
        notes_lost=sum(max(0, n - notes.get(u, 0)) for u, n in wanted.items() if u in expected),
        errors=[e for t in tallies for e in t.errors],
    )


def on_engine(engine: str, processes: int, operations: int) -> Outcome:
    if engine == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            os.environ["BPO_ASSESS_HOME"] = folder
            return run(str(Path(folder) / "sessions.db"), processes, operations)
    url = os.environ.get("BPO_ASSESS_DATABASE_URL")
    if url:
        return run(url, processes, operations)
    sys.path.insert(0, str(ROOT / "tests"))
    import pgserver
    from bpo_assess.counsel.store.postgres import COUNSELLOR, initialise
    from conftest import pg_login

    with pgserver.running() as server:
        database = server.new_database()
        initialise(server.url(database=database))
        logins = [pg_login(server, database, f"w{i}", COUNSELLOR) for i in range(processes)]
        return run(server.url(database=database), processes, operations, logins)


def skip_reason() -> str | None:
    """Why PostgreSQL cannot be measured here, or None."""
    if os.environ.get("BPO_ASSESS_DATABASE_URL"):
        return None
    sys.path.insert(0, str(ROOT / "tests"))
    import pgserver

    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'bpo-assess[postgres]')"
    return pgserver.why_not()


def figure(engine: str, processes: int, operations: int) -> Figure:
    found = on_engine(engine, processes, operations)
    kinds = "; ".join(sorted(set(found.errors)))
    return Figure(
        f"store concurrency ({engine})",
        f"{processes} processes x {operations} operations in {found.seconds:.1f} s:"
        f" {found.lost} lost, {found.duplicated} duplicated, {found.notes_lost} notes lost,"
        f" {len(found.errors)} errors" + (f" ({kinds})" if kinds else ""),
        found.lost == found.duplicated == found.notes_lost == len(found.errors) == 0,
    )


def measure(processes: int = 4, operations: int = 250) -> list[Figure]:
    """`make bench`: both engines, 4 processes x 250 operations each."""
    found = [figure("sqlite", processes, operations)]
    reason = skip_reason()
    if reason is not None:
        return [*found, Figure("store concurrency (postgresql)", f"skipped: {reason}", None)]
    return [*found, figure("postgresql", processes, operations)]


def main() -> None:
    engine = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    processes = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    operations = int(sys.argv[3]) if len(sys.argv) > 3 else 250
    found = on_engine(engine, processes, operations)
    print(
        f"{engine}: {processes} processes x {operations} operations in {found.seconds:.1f} s:"
        f" {found.lost} lost, {found.duplicated} duplicated, {found.notes_lost} notes lost,"
        f" {len(found.errors)} errors"
    )
    for line in sorted(set(found.errors)):
        print(f"  error: {line}")


if __name__ == "__main__":
    main()
