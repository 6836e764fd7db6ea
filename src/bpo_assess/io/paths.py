"""Where bpo-assess keeps a person's own files: drafts and saved sessions.

The per-user data folder comes from platformdirs; `BPO_ASSESS_HOME` overrides it (tests,
or a counsellor who keeps client files on an encrypted volume). Created private (0700).

platformdirs is imported only when `BPO_ASSESS_HOME` is not set (start-up budget).
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "BPO_ASSESS_HOME"
# What bpo-assess keeps in the data folder: the store (with its -wal, -shm and -journal
# companions) and drafts (draft.json, those set aside, and their temporary files).
# counsel/store uses this STORE_FILE; io/files.py refuses to write over any of them.
STORE_FILE = "sessions.db"
KEPT_PREFIXES = (STORE_FILE, "draft.", ".draft-")
# Set by `make quiz` (to "make quiz ARGS="): the program is then not on PATH, so hints
# must name a command that works where the person is.
RUN_HINT_ENV = "BPO_ASSESS_RUN_HINT"


def program() -> str:
    """How the person runs bpo-assess from here: `.venv/bin/bpo-assess` after `make quiz`,
    or the path they typed when the program is not the one on PATH."""
    if os.environ.get(RUN_HINT_ENV, "").strip():
        return ".venv/bin/bpo-assess"
    import shutil
    import sys

    typed = sys.argv[0] if sys.argv else ""
    if Path(typed).name != "bpo-assess" or os.sep not in typed:
        return "bpo-assess"  # found on PATH, or run some other way (python -m, tests)
    on_path = shutil.which("bpo-assess")
    try:
        same = on_path is not None and Path(on_path).samefile(typed)
    except OSError:
        same = False
    if same:
        return "bpo-assess"
    import shlex

    return shlex.quote(typed)


def resume_command(client: str | None = None) -> str:
    """The command that resumes an interview: `make quiz ARGS=--resume` after `make quiz`;
    with the client named, for a client's interview."""
    import shlex

    prefix = os.environ.get(RUN_HINT_ENV, "").strip()
    args = ["--resume", "--client", client] if client else ["--resume"]
    if prefix and client and not set("'\"\\$`") & set(client):
        return f"{prefix}'--resume --client \"{client}\"'"  # as a person would type it
    if prefix:
        return prefix + (shlex.quote(shlex.join(args)) if client else "--resume")
    return f"{program()} quiz {shlex.join(args)}"


def data_home(create: bool = True) -> Path:
    """The per-user folder for bpo-assess files, created with mode 0700 when asked."""
    override = os.environ.get(HOME_ENV)
    if override:
        folder = Path(override).expanduser()
    else:
        from platformdirs import user_data_path

        folder = user_data_path("bpo-assess", appauthor=False)
    if create:
        from bpo_assess.io.files import private_folder

        private_folder(folder)  # one line (exit 2) if it cannot be made
    return folder


def kept_places() -> tuple[Path, Path]:
    """The data folder and the cache folder, neither created: what no output may land on."""
    from bpo_assess.io.cache import cache_dir

    return data_home(create=False), cache_dir()
