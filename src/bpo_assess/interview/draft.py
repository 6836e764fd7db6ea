"""The draft: an interview in progress, kept on disk so Ctrl-C loses no answer."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bpo_assess.interview.bank import Answer


@dataclass
class Draft:
    """An interview in progress, as it is kept on disk between sessions."""

    quick: bool
    seed: int
    answers: dict[str, Answer] = field(default_factory=dict)
    started: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    catalogue_hash: str = ""
    timings: dict[str, float] = field(default_factory=dict)  # seconds per answer, by key
    client: str | None = None  # a counsellor's client: --resume continues under them
    consented: bool = False

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": 1,
                "quick": self.quick,
                "seed": self.seed,
                "started": self.started,
                "catalogue_hash": self.catalogue_hash,
                "client": self.client,
                "consented": self.consented,
                "answers": self.answers,
                "timings": self.timings,
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> Draft:
        document = json.loads(text)
        if not isinstance(document, dict) or document.get("version") != 1:
            raise ValueError("not a bpo-assess draft")
        answers = document["answers"]
        if not isinstance(answers, dict) or not isinstance(document["seed"], int):
            raise ValueError("answers or seed malformed")
        return cls(
            quick=bool(document["quick"]),
            seed=document["seed"],
            answers=answers,
            started=str(document["started"]),
            catalogue_hash=str(document.get("catalogue_hash", "")),
            timings={str(k): float(v) for k, v in document.get("timings", {}).items()},
            client=str(document["client"]) if document.get("client") else None,
            consented=document.get("consented") is True,
        )


class DraftStore:
    """One draft per user, written atomically (temporary file, fsync, rename)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "draft.json"

    def load(self) -> tuple[Draft | None, str | None]:
        """The draft, if any, and a one-line notice if a damaged one was set aside."""
        if not self.path.exists():
            return None, None
        try:
            return Draft.from_json(self.path.read_text(encoding="utf-8")), None
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            aside = self.path.with_name(f"draft.damaged-{stamp}.json")
            self.path.rename(aside)
            return None, f"The saved draft was damaged and has been set aside as {aside}."

    def save(self, draft: Draft) -> None:
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".draft-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(draft.to_json())
                out.flush()
                os.fsync(out.fileno())
            Path(temporary).replace(self.path)  # mkstemp made it 0600; the rename is atomic
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def forget_client_draft(client: str, folder: Path | None = None) -> bool:
    """Remove the unfinished interview if it is this client's; True if one was removed."""
    from bpo_assess.io.paths import data_home

    store = DraftStore(folder or data_home())
    try:
        draft = Draft.from_json(store.path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return False
    if draft.client is None or draft.client != client.strip():
        return False
    store.remove()
    return True
