"""Where bpo-assess keeps a person's own files: drafts and saved sessions.

The per-user data folder comes from platformdirs; `BPO_ASSESS_HOME` overrides it (tests,
or a counsellor who keeps client files on an encrypted volume). Created private (0700).

platformdirs is imported only when `BPO_ASSESS_HOME` is not set (start-up budget).
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "BPO_ASSESS_HOME"


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
