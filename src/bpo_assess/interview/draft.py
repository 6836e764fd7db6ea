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


def owner_key(client: str) -> str:
    """The part of a client's draft file name: a digest of their folded name, so that
    "maria santos" finds Maria Santos's draft (the store's one rule for names)."""
    import hashlib

    from bpo_assess.counsel.store.rules import fold  # the store's one rule for names

    return hashlib.sha256(fold(client).encode("utf-8")).hexdigest()[:16]


class DraftStore:
    """One draft per owner, written atomically (temporary file, fsync, rename).

    The draft of an interview with no client is `draft.json`; a client's is
    `draft-<owner key>.json`, so one person's unfinished interview never takes another's
    place. A draft set aside keeps its owner's name stem (`draft-<key>.damaged-*.json`).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "draft.json"

    def path_for(self, client: str | None) -> Path:
        return self.folder / f"draft-{owner_key(client)}.json" if client else self.path

    def load(
        self, catalogue_hash: str | None = None, client: str | None = None
    ) -> tuple[Draft | None, str | None]:
        """The owner's draft, if any, and a one-line notice if one was set aside.

        With `catalogue_hash`, a draft begun with another catalogue is set aside too: its
        answers may not fit the questions asked now. A client's draft kept in
        `draft.json` by an older version is theirs too, and moves to their own file.
        """
        path = self.path_for(client)
        if client and not path.exists():
            legacy = self.read(self.path)
            if (
                legacy is None
                or legacy.client is None
                or owner_key(legacy.client) != (owner_key(client))
            ):
                return None, None
            self.path.replace(path)
        if not path.exists():
            return None, None
        try:
            draft = Draft.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
            return None, self.set_aside(path, "damaged", "was damaged")
        if catalogue_hash is not None and draft.catalogue_hash not in ("", catalogue_hash):
            return None, self.set_aside(
                path, "other-catalogue", "was begun with another catalogue of skills and roles"
            )
        return draft, None

    @staticmethod
    def read(path: Path) -> Draft | None:
        try:
            return Draft.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
            return None

    def client_drafts(self) -> list[Draft]:
        """Every client's unfinished interview, oldest first."""
        found = [self.read(path) for path in sorted(self.folder.glob("draft-*.json"))]
        kept = [d for d in found if d is not None and d.client]
        return sorted(kept, key=lambda draft: draft.started)

    def set_aside(self, path: Path, why: str, said: str) -> str:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        aside = path.with_name(f"{path.stem}.{why}-{stamp}.json")
        try:
            path.rename(aside)
        except OSError as error:
            return f"The saved draft {said}, and could not be set aside: {error.strerror}."
        return f"The saved draft {said} and has been set aside as {aside}."

    def save(self, draft: Draft) -> None:
        """Write the draft to its owner's file."""
        target = self.path_for(draft.client)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".draft-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(draft.to_json())
                out.flush()
                os.fsync(out.fileno())
            Path(temporary).replace(target)  # mkstemp made it 0600; the rename is atomic
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def remove(self, client: str | None = None) -> None:
        self.path_for(client).unlink(missing_ok=True)


def forget_client_drafts(client: str, folder: Path | None = None) -> tuple[int, int]:
    """Erase every draft of this client, the current one and those set aside; the counts
    (current, set aside). A client is matched as the store matches them (folded), by the
    file's name or, for a file of an older version, by the client it names."""
    from bpo_assess.io.paths import data_home

    home = folder or data_home(create=False)
    if not home.is_dir():
        return 0, 0
    key = owner_key(client)
    current = set_aside = 0
    for path in sorted(home.glob("draft*.json")):
        stem = path.name.split(".")[0]  # draft-<key>, or draft for an unnamed owner's file
        if stem == f"draft-{key}" or (stem == "draft" and _names(path, key)):
            path.unlink(missing_ok=True)
            if path.name in ("draft.json", f"draft-{key}.json"):
                current += 1
            else:
                set_aside += 1
    return current, set_aside


def _names(path: Path, key: str) -> bool:
    """Whether a draft in an unnamed owner's file names this client (read leniently: a
    draft set aside as damaged may still be JSON that names them)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    client = document.get("client") if isinstance(document, dict) else None
    return isinstance(client, str) and bool(client.strip()) and owner_key(client) == key
