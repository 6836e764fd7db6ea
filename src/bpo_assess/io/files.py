"""Files written for the user: private to their account, because they hold a client's data.

A regular file is written whole or not at all: into a temporary file beside it, then
renamed over it, so a full disk or Ctrl-C leaves the old file (or none), never half a new
one, and a file that was readable by others before is replaced by a private one.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from bpo_assess.errors import UsageError, os_problem, printable

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def private_folder(folder: Path, *, tighten: bool = False) -> Path:
    """Create `folder` (and any missing parents) private (0700), whatever the umask.

    A folder that exists already is left as its owner set it (a shared folder keeps its
    mode and sticky bit), unless `tighten`: bpo-assess's own cache folder is made 0700 again.
    """
    missing = []
    here = folder
    while not here.exists() and here != here.parent:
        missing.append(here)
        here = here.parent
    try:
        for part in reversed(missing):
            with contextlib.suppress(FileExistsError):
                part.mkdir(mode=PRIVATE_FOLDER)
            part.chmod(PRIVATE_FOLDER)
        if not folder.is_dir():
            raise UsageError(f"{printable(folder)}: is not a folder")
        if tighten and stat.S_IMODE(folder.stat().st_mode) & 0o077:
            folder.chmod(PRIVATE_FOLDER)
    except OSError as error:
        raise UsageError(f"cannot make the folder {os_problem(error)}") from None
    return folder


def make_private(path: Path) -> None:
    """Take away every permission of group and others from an existing regular file."""
    with contextlib.suppress(FileNotFoundError):
        info = path.stat()
        if stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) & 0o077:
            path.chmod(PRIVATE_FILE)


def check_target(path: Path, option: str = "") -> None:
    """Fail before any work if `path` cannot be an output file: a folder, no folder, a
    file bpo-assess keeps (the store, a draft, the cache), or a file the user may not write.
    """
    from bpo_assess.io.paths import kept_places

    label = f"{option} {path}" if option else str(path)
    if path.is_dir():
        raise UsageError(f"{printable(label)}: is a folder; give a file name")
    parent = path.parent
    if not parent.is_dir():
        raise UsageError(
            f"{printable(label)}: cannot be written: the folder {printable(parent)} does not exist"
        )
    home, cache = kept_places()
    kept = kept_file(path, home, cache)
    if kept is not None:
        raise UsageError(
            f"{printable(label)}: is {printable(kept)}, which bpo-assess keeps; write somewhere"
            " else"
        )
    if path.is_file() and read_only(path):
        raise UsageError(
            f"{printable(label)}: is read-only; it is not replaced (make it writable, or give"
            " another name)"
        )


def read_only(path: Path) -> bool:
    """Whether the person may not, or said they would not, write `path`: no access, or
    their own file with its owner's write permission taken away (0444; even for root)."""
    if not os.access(path, os.W_OK):
        return True
    info = path.stat()
    return info.st_uid == os.geteuid() and not info.st_mode & stat.S_IWUSR


def kept_file(path: Path, home: Path, cache: Path) -> Path | None:
    """The store, companion, draft or cache file that writing `path` would land on, if
    any: by name after following links, and by identity (a hard link elsewhere)."""
    from bpo_assess.io.paths import KEPT_PREFIXES

    def kept_name(candidate: Path) -> bool:
        return candidate.name.startswith(KEPT_PREFIXES)

    try:
        where = path.resolve()
        home, cache = home.resolve(), cache.resolve()
    except (OSError, RuntimeError):  # a loop of links: not a file anyone can write
        return path
    if where == cache or cache in where.parents:
        return where
    if where.parent == home and kept_name(where):
        return where
    try:
        mine = path.stat()
    except OSError:
        return None  # a new file is no kept file
    candidates = [p for p in _listing(home) if kept_name(p)] + _listing(cache)
    for candidate in candidates:
        with contextlib.suppress(OSError):
            theirs = candidate.stat()
            if (theirs.st_dev, theirs.st_ino) == (mine.st_dev, mine.st_ino):
                return candidate
    return None


def _listing(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


@contextlib.contextmanager
def private_output(path: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """Write `path` only this user can read, whole or not at all (see the module's note).

    Devices, pipes and the like are written in place: they cannot be renamed over.
    """
    check_target(path)
    try:
        special = path.exists() and not path.is_file()
        if special:
            handle: IO[Any] = (
                path.open("wb") if binary else path.open("w", encoding="utf-8", newline="")
            )
            with handle:
                yield handle
            return
        # The partial file is 0600 in a 0700 folder of its own beside the target (mkdtemp,
        # mkstemp): nobody else can open it while it is written, and the same file system
        # keeps the final rename atomic.
        folder = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"))
        try:
            descriptor, name = tempfile.mkstemp(dir=folder, suffix=".part")
        except OSError:
            folder.rmdir()
            raise
    except OSError as error:
        raise UsageError(f"{printable(path)}: cannot be written: {error.strerror}") from None
    partial = Path(name)
    try:
        opened = (
            os.fdopen(descriptor, "wb")
            if binary
            else os.fdopen(descriptor, "w", encoding="utf-8", newline="")
        )
        with opened as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        partial.replace(path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            partial.unlink()
        with contextlib.suppress(OSError):
            folder.rmdir()
        if isinstance(error, OSError):
            raise UsageError(f"{printable(path)}: cannot be written: {error.strerror}") from None
        raise
    with contextlib.suppress(OSError):  # written whole: an empty folder left is no harm
        folder.rmdir()


def write_private(path: Path, content: bytes) -> None:
    """Write a file only this user can read: reports and exports hold a client's data.

    `-` is standard output, refused on a terminal: these are bytes, not lines to read.
    """
    if str(path) == "-":
        from bpo_assess.io.output import out_bytes

        out_bytes(content)
        return
    with private_output(path, binary=True) as handle:
        handle.write(content)
