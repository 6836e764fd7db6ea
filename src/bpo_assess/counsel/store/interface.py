"""The one interface every store engine gives the commands (sessions.py and cli.py).

An engine raises only the typed errors of `errors.py`; the rules it shares with every
other engine (name folding, numbering, export checks, record mapping) are in `rules.py`.
"""

from __future__ import annotations

from datetime import datetime
from types import TracebackType
from typing import Protocol

from bpo_assess.core.models import (
    AssessmentInput,
    AssessmentResult,
    AuditEvent,
    ClientRecord,
    ExportDocument,
    SessionRecord,
    SessionSummary,
)
from bpo_assess.counsel.store.rules import Imported


class Store(Protocol):
    """An open store of clients (with their consent) and their sessions."""

    location: str
    """Where the data lives, as a person would look for it: a file, or a server."""
    local: bool
    """True when the data stays on this computer (the consent screen says so)."""
    log_emptied: bool
    """False after an erasure when copies may stay in a log until another user closes it."""

    def __enter__(self) -> Store: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...

    def close(self) -> None: ...

    # Clients: found by their folded name (rules.fold), consent recorded once.
    def client(self, name: str) -> ClientRecord | None: ...

    def require_client(self, name: str) -> ClientRecord: ...

    def record_consent(self, name: str, when: datetime | None = None) -> ClientRecord: ...

    def count_sessions(self, client: str) -> int: ...

    # Sessions: found by number or uid; numbers are never reused.
    def save_session(
        self,
        data: AssessmentInput,
        result: AssessmentResult,
        *,
        client: str | None,
        source: str,
        when: datetime | None = None,
    ) -> SessionRecord: ...

    def session(self, ref: str) -> SessionRecord: ...

    def session_stamp(self, ref: str) -> tuple[int, str]: ...

    def sessions(self, client: str | None = None) -> list[SessionRecord]: ...

    def summaries(self, client: str | None = None) -> list[SessionSummary]: ...

    def rate(
        self, ref: str, levels: dict[str, int], when: datetime | None = None
    ) -> SessionRecord: ...

    def add_note(self, ref: str, text: str, when: datetime | None = None) -> SessionRecord: ...

    # Erasure: nothing of the erased data stays readable where the engine can prevent it.
    def forget_client(self, name: str) -> int: ...

    def forget_session(self, ref: str) -> int: ...

    def mentions(self, name: str) -> list[int]: ...

    # Moving between stores.
    def export(self, client: str | None = None, when: datetime | None = None) -> ExportDocument: ...

    def import_document(self, document: ExportDocument) -> Imported: ...

    # Sharing and the audit trail: a shared server's (a file store raises NotSupported).
    def share(self, client: str, login: str) -> str: ...

    def unshare(self, client: str, login: str) -> tuple[str, bool]: ...

    def audit_trail(self, client: str | None = None) -> list[AuditEvent]: ...
