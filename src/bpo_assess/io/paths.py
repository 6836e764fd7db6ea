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
    """How the person runs bpo-assess from here: `.venv/bin/bpo-assess` after `make quiz`."""
    return ".venv/bin/bpo-assess" if os.environ.get(RUN_HINT_ENV, "").strip() else "bpo-assess"


def resume_command() -> str:
    """The command that resumes an interview: `make quiz ARGS=--resume` after `make quiz`."""
    prefix = os.environ.get(RUN_HINT_ENV, "").strip()
    return f"{prefix}--resume" if prefix else "bpo-assess quiz --resume"


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
