"""The draft: an interview in progress, kept on disk so Ctrl-C loses no answer.

A draft that cannot be trusted (damaged, with values of the wrong type, or from another
catalogue) is set aside under a new name and the person is told: never deleted, and
never resumed into a crash.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bpo_assess.core.items import answer_shapes, is_answer
from bpo_assess.interview.bank import Answer

BACKGROUND_KINDS: dict[str, tuple[type, ...]] = {
    "years_experience": (int, float),
    "languages": (str,),
    "certifications": (list,),
    "other_certifications": (str,),
    "interests": (list,),
    "work_preference": (str,),
}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_answer(key: str, value: Any) -> None:
    """Raise ValueError if `value` cannot be an answer to the question `key`."""
    if key.startswith("background."):
        kinds = BACKGROUND_KINDS.get(key.removeprefix("background."), (str, list, int, float))
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise ValueError(f"{key}: not an answer of the right kind")
        if isinstance(value, list) and not all(isinstance(entry, str) for entry in value):
            raise ValueError(f"{key}: a list that is not of text")
    elif not is_answer(value):
        raise ValueError(f"{key}: not {answer_shapes()}")


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
        """A draft whose every value has the type it should; ValueError otherwise."""
        from bpo_assess.io.sources import load_json

        document = load_json(text)  # bounded: a JsonProblem is a ValueError
        if not isinstance(document, dict) or document.get("version") != 1:
            raise ValueError("not a bpo-assess draft")
        answers, seed = document["answers"], document["seed"]
        quick, started = document["quick"], document["started"]
        catalogue_hash = document.get("catalogue_hash", "")
        if not isinstance(answers, dict) or not _is_int(seed) or not 0 <= seed < 2**63:
            raise ValueError("answers or seed malformed")
        if not isinstance(quick, bool) or not isinstance(started, str):
            raise ValueError("quick or started malformed")
        if not isinstance(catalogue_hash, str):
            raise ValueError("catalogue_hash malformed")
        timings = document.get("timings", {})
        if not isinstance(timings, dict) or not all(
            isinstance(value, int | float) and not isinstance(value, bool)
            for value in timings.values()
        ):
            raise ValueError("timings malformed")
        client, consented = document.get("client"), document.get("consented", False)
        if not (client is None or isinstance(client, str)) or not isinstance(consented, bool):
            raise ValueError("client or consent malformed")
        for key, value in answers.items():
            check_answer(key, value)
        return cls(
            quick=quick,
            seed=seed,
            answers=answers,
            started=started,
            catalogue_hash=catalogue_hash,
            timings={str(key): float(value) for key, value in timings.items()},
            client=client,
            consented=consented,
        )


class DraftStore:
    """One draft per user, written atomically (temporary file, fsync, rename)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "draft.json"

    def load(self, catalogue_hash: str | None = None) -> tuple[Draft | None, str | None]:
        """The draft, if any, and a one-line notice if one was set aside.

        With `catalogue_hash`, a draft begun with another catalogue is set aside too: its
        answers may not fit the questions asked now.
        """
        if not self.path.exists():
            return None, None
        try:
            draft = Draft.from_json(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
            return None, self.set_aside("damaged", "was damaged")
        if catalogue_hash is not None and draft.catalogue_hash not in ("", catalogue_hash):
            return None, self.set_aside(
                "other-catalogue", "was begun with another catalogue of skills and roles"
            )
        return draft, None

    def set_aside(self, why: str, said: str) -> str:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"draft.{why}-{stamp}.json")
        try:
            self.path.rename(aside)
        except OSError as error:
            return f"The saved draft {said}, and could not be set aside: {error.strerror}."
        return f"The saved draft {said} and has been set aside as {aside}."

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
