"""The session store: one interface (`Store`), engines behind it, and their shared rules.

- `interface.py`: the `Store` protocol the commands use;
- `errors.py`: what can go wrong, as data; `messages.py` words it for a person;
- `rules.py`: name folding, numbering, export checks and record mapping, for every engine;
- `sqlite.py`: the SQLite engine and its migrations (the only module importing sqlite3);
- `postgres.py`: the PostgreSQL engine (BPO_ASSESS_DATABASE_URL), its schema and roles.

Light on purpose: importing this package loads no database library.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from bpo_assess.io.paths import STORE_FILE, data_home

if TYPE_CHECKING:
    from bpo_assess.counsel.store.interface import Store

DATABASE_URL_ENV = "BPO_ASSESS_DATABASE_URL"


def store_path() -> Path:
    """The SQLite store's file in the per-user folder."""
    return data_home() / STORE_FILE


def database_url(given: str | None = None) -> str | None:
    """The PostgreSQL store's URL: `--database-url`, else BPO_ASSESS_DATABASE_URL."""
    return (given or os.environ.get(DATABASE_URL_ENV, "")).strip() or None


def holds_password(url: str) -> bool:
    """Whether a database address carries a password (`postgresql://LOGIN:PASSWORD@...`
    or a `password=` key), which on a command line any local user can read in `ps`."""
    from urllib.parse import parse_qs, urlsplit

    text = url.strip()
    if "://" not in text:
        return any(part.split("=", 1)[0].strip() == "password" for part in text.split())
    try:
        parts = urlsplit(text)
        return parts.password is not None or "password" in parse_qs(parts.query)
    except ValueError:
        return False


def open_store(
    path: Path | None = None, *, write: bool = True, url: str | None = None, command: str = ""
) -> Store:
    """Open the store: the PostgreSQL one when a URL is given or set (`command` names the
    command in its audit), else the SQLite file. `write`: the store will be written to, so
    a file is checked whole first; a file that does not exist yet reads as empty and is
    made at its first write."""
    address = database_url(url) if path is None else None
    if address is not None:
        from bpo_assess.counsel.store.postgres import open_postgres

        return open_postgres(address, command)
    from bpo_assess.counsel.store.sqlite import open_sqlite

    return open_sqlite(store_path() if path is None else path, write=write)
