"""Views of a checked catalogue, kept in a per-user cache so the commands using them start fast.

Checking the catalogue means parsing two TOML files and building the pydantic models,
about a quarter of `roles --json`'s start-up and of the time to the interview's first
question. Once a catalogue has passed every check, its `roles --json` document and the
interview's item bank are cached as JSON. An entry is keyed by
a hash of everything that decides it (both files' bytes, the source of every module and
template in the installed package, the pydantic version), so no change of code can serve a
stale view, and carries a checksum of its own bytes: an
entry that does not match is ignored and rewritten, and the cache is never required.

Imports inside functions here serve the `roles --json` and first-question budgets: on a
cache hit neither the models nor the TOML parser load.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from bpo_assess.core.catalogue import ROLES_FILE, SKILLS_FILE, locate, read_file
from bpo_assess.io.paths import HOME_ENV

CACHE_FORMAT = b"bpo-assess catalogue views 3"
PACKAGE_ROOT = Path(__file__).resolve().parents[1]
SOURCE_PATTERNS = ("*.py", "*.j2")  # every file of ours that can change what a view holds

Document = dict[str, Any]  # what `roles --json` prints


def cache_dir() -> Path:
    """`$BPO_ASSESS_HOME/cache`, else the platform's per-user cache folder."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser() / "cache"
    from platformdirs import user_cache_path

    return user_cache_path("bpo-assess", appauthor=False)


def cache_key(raw_skills: bytes, raw_roles: bytes) -> str | None:
    """A hash of everything the view depends on; None if the code cannot be read."""
    import pydantic.version

    digest = hashlib.sha256(CACHE_FORMAT)
    for part in (raw_skills, raw_roles, pydantic.version.VERSION.encode()):
        digest.update(len(part).to_bytes(8, "big") + part)
    sources = package_sources()
    if not sources:  # e.g. run from a zip archive: go without the cache
        return None
    try:
        for path in sources:
            name = path.relative_to(PACKAGE_ROOT).as_posix().encode()
            body = path.read_bytes()
            digest.update(len(name).to_bytes(8, "big") + name + len(body).to_bytes(8, "big") + body)
    except OSError:  # e.g. run from a zip archive: go without the cache
        return None
    return digest.hexdigest()


def package_sources() -> list[Path]:
    """Every module and template of the installed package, in a fixed order."""
    found = {path for pattern in SOURCE_PATTERNS for path in PACKAGE_ROOT.rglob(pattern)}
    return sorted(path for path in found if "__pycache__" not in path.parts)


def roles_view(data_dir: Path | None = None) -> Document:
    """`roles --json` for every role: from the cache if current, else built and cached."""
    return cached_view("roles", data_dir)


def interview_view(data_dir: Path | None = None) -> Document:
    """The interview's item bank (see interview.Bank), cached like the roles view."""
    return cached_view("interview", data_dir)


def cached_view(kind: str, data_dir: Path | None) -> Document:
    folder, _ = locate(data_dir)
    key = cache_key(read_file(folder, SKILLS_FILE), read_file(folder, ROLES_FILE))
    if key is None:
        return build(kind, data_dir)
    path = cache_dir() / f"{kind}-{key[:32]}.json"
    document = read_entry(path, key)
    if document is None:
        document = build(kind, data_dir)
        write_entry(path, key, document)
    else:
        keep_private(path)
    return document


def keep_private(path: Path) -> None:
    """An entry and its folder made before with looser permissions become private."""
    from bpo_assess.errors import BpoError
    from bpo_assess.io.files import make_private, private_folder

    with contextlib.suppress(OSError, BpoError):
        private_folder(path.parent, tighten=True)
        make_private(path)


def build(kind: str, data_dir: Path | None) -> Document:
    from bpo_assess.core import views
    from bpo_assess.core.catalogue import load_catalogue

    catalogue = load_catalogue(data_dir)  # raises BpoError on any problem: nothing is cached
    if kind == "interview":
        return views.interview_document(catalogue)
    return views.roles_document(catalogue, catalogue.roles)


def read_entry(path: Path, key: str) -> Document | None:
    """An entry's document, or None if it is missing, for another key, or damaged."""
    try:
        checksum, _, body = path.read_bytes().partition(b"\n")
    except OSError:
        return None
    if checksum.decode("ascii", "replace") != hashlib.sha256(body).hexdigest():
        return None
    try:
        entry = json.loads(body)
    except ValueError:
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    document = entry.get("view")
    return document if isinstance(document, dict) else None


def write_entry(path: Path, key: str, document: Document) -> None:
    """Write atomically (a reader never sees half an entry); a failure only costs speed."""
    body = json.dumps({"key": key, "view": document}, ensure_ascii=False).encode("utf-8")
    checksum = hashlib.sha256(body).hexdigest().encode("ascii")
    from bpo_assess.errors import BpoError
    from bpo_assess.io.files import private_folder

    try:
        private_folder(path.parent, tighten=True)  # the data folder too, when the cache lives in it
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".view-")
    except (OSError, BpoError):
        return
    partial = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(checksum + b"\n" + body)
        partial.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
