"""The session store: one interface (`Store`), engines behind it, and their shared rules.

- `interface.py`: the `Store` protocol the commands use;
- `errors.py`: what can go wrong, as data; `messages.py` words it for a person;
- `rules.py`: name folding, numbering, export checks and record mapping, for every engine;
- `sqlite.py`: the SQLite engine and its migrations (the only module importing sqlite3).

Light on purpose: importing this package loads no database library.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bpo_assess.io.paths import data_home

if TYPE_CHECKING:
    from bpo_assess.counsel.store.interface import Store

STORE_FILE = "sessions.db"


def store_path() -> Path:
    """The SQLite store's file in the per-user folder."""
    return data_home() / STORE_FILE


def open_store(path: Path | None = None, *, write: bool = True) -> Store:
    """Open the store. `write`: the store will be written to, so it is checked whole first;
    a store that does not exist yet reads as empty and is made at its first write."""
    from bpo_assess.counsel.store.sqlite import open_sqlite

    return open_sqlite(store_path() if path is None else path, write=write)
