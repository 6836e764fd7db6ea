"""What can go wrong in a store, as data: each engine raises these, and `messages.py`
turns them into the one-line messages a person reads (no engine writes a sentence)."""

from __future__ import annotations

from typing import Literal


class StoreError(Exception):
    """A problem with the store or a request to it; `messages.explain` words it."""

    def __init__(self, *details: object) -> None:
        super().__init__(*details)


class SessionNotFound(StoreError):
    """No session `ref`; `malformed` when `ref` cannot be a session number at all."""

    def __init__(self, ref: str, *, malformed: bool = False) -> None:
        super().__init__(ref, malformed)
        self.ref = ref
        self.malformed = malformed


class ClientNotFound(StoreError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class NotConsented(StoreError):
    """A session was to be saved for a client who has not consented: nothing was saved."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


NameProblem = Literal["empty", "too-long", "controls"]


class BadClientName(StoreError):
    def __init__(self, problem: NameProblem, limit: int = 0) -> None:
        super().__init__(problem, limit)
        self.problem = problem
        self.limit = limit


class EmptyNote(StoreError):
    pass


ExportProblemKind = Literal[
    "name-controls", "client-twice", "uid-twice", "unknown-client", "empty-result", "ratings"
]


class ExportProblem:
    """One problem an export check found: where in the document, and what."""

    __slots__ = ("kind", "subject", "where")

    def __init__(self, where: str, kind: ExportProblemKind, subject: str = "") -> None:
        self.where = where
        self.kind = kind
        self.subject = subject

    def __repr__(self) -> str:
        return f"ExportProblem({self.where!r}, {self.kind!r}, {self.subject!r})"


class Conflict:
    """An imported session whose uid is already stored with different content."""

    __slots__ = ("existing", "index", "uid")

    def __init__(self, index: int, uid: str, existing: int) -> None:
        self.index = index
        self.uid = uid
        self.existing = existing


class ImportRefused(StoreError):
    """An import that changed nothing: the document's own problems, or conflicts with
    what is stored. `source` names the file when the problems were found reading it."""

    def __init__(
        self,
        problems: list[ExportProblem] | None = None,
        conflicts: list[Conflict] | None = None,
        source: str | None = None,
    ) -> None:
        super().__init__(problems, conflicts, source)
        self.problems = problems or []
        self.conflicts = conflicts or []
        self.source = source


class SessionDamaged(StoreError):
    """A stored session that no longer reads as one (`field: detail` of the first fault)."""

    def __init__(self, location: str, session: int, field: str, detail: str) -> None:
        super().__init__(location, session, field, detail)
        self.location = location
        self.session = session
        self.field = field
        self.detail = detail


class StoreDamaged(StoreError):
    """The store itself fails its integrity check: nothing was written to it."""

    def __init__(self, location: str, detail: str) -> None:
        super().__init__(location, detail)
        self.location = location
        self.detail = detail


NotOursReason = Literal["folder", "not-a-database", "other-program"]


class NotOurs(StoreError):
    """The place holds something that is not a bpo-assess store; it was left untouched."""

    def __init__(self, location: str, reason: NotOursReason) -> None:
        super().__init__(location, reason)
        self.location = location
        self.reason = reason


class TooNew(StoreError):
    """Written by a newer bpo-assess: store schema `found`, this version reads `supported`."""

    def __init__(self, location: str, found: int, supported: int) -> None:
        super().__init__(location, found, supported)
        self.location = location
        self.found = found
        self.supported = supported


UnavailableAction = Literal[
    "read", "create", "use", "address", "connect", "busy", "lost", "timeout"
]


class Unavailable(StoreError):
    """The store cannot be read or created (a file), its address read or its server reached
    (a server), stayed busy through every retry, or failed while in use ("use"): `detail`
    is the engine's or system's own words."""

    def __init__(self, location: str, action: UnavailableAction, detail: str):
        super().__init__(location, action, detail)
        self.location = location
        self.action = action
        self.detail = detail


class ClientElsewhere(StoreError):
    """A client by this name exists, but another counsellor keeps them (not shared)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class NotInitialised(StoreError):
    """The server holds no store (`found` None) or an older schema than this version's."""

    def __init__(self, location: str, found: int | None, supported: int) -> None:
        super().__init__(location, found, supported)
        self.location = location
        self.found = found
        self.supported = supported


class NotPermitted(StoreError):
    """The login may not do this: `reason` "no group role", "no such login", or the
    server's own words."""

    def __init__(self, location: str, login: str, reason: str) -> None:
        super().__init__(location, login, reason)
        self.location = location
        self.login = login
        self.reason = reason


class NotSupported(StoreError):
    """The engine in use has no such feature (sharing and the audit need a server)."""

    def __init__(self, location: str, feature: str) -> None:
        super().__init__(location, feature)
        self.location = location
        self.feature = feature
