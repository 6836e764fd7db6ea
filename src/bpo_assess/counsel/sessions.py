"""The counsellor's commands behind cli.py: what each does with the store it is given.

Kept apart from cli.py so the commands stay a few lines, and apart from the store so the
store has no command logic. Nothing here prompts or prints: cli.py opens the store, asks
(through `interview/counsellor.py`) and prints what these functions return.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bpo_assess.core import wording
from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.compare import compare
from bpo_assess.core.models import (
    AssessmentInput,
    AssessmentResult,
    Comparison,
    CounsellorRatings,
    ExportDocument,
    RatingItem,
    SessionRecord,
    SessionSummary,
    TaskRecords,
)
from bpo_assess.core.wording import counted
from bpo_assess.counsel import report as reports
from bpo_assess.counsel.store import rules
from bpo_assess.counsel.store.errors import EmptyNote, ImportRefused
from bpo_assess.errors import BpoError, UsageError, printable
from bpo_assess.io import clock
from bpo_assess.io.files import write_private
from bpo_assess.io.output import json_safe
from bpo_assess.io.paths import program
from bpo_assess.io.prompts import interactive
from bpo_assess.io.sources import MAX_EXPORT_BYTES, parse_json_model, read_text

if TYPE_CHECKING:
    from bpo_assess.core.models import Skill
    from bpo_assess.counsel.store.interface import Store


def ensure_consent(
    store: Store,
    client: str,
    confirmed: bool,
    ask: Callable[[str], bool] | None,
    *,
    when: datetime | None = None,
) -> bool:
    """Make sure `client` has consented before anything is saved for them.

    A known client needs nothing more. For a new one, `confirmed` (the `--consent` flag)
    records consent at once; otherwise `ask` is shown the consent screen (worded for where
    the store keeps its data) and returns the answer. Returns False if the person declined
    (nothing recorded), and raises a usage error (exit 2) when consent is needed but there
    is no terminal to ask on.
    """
    client = rules.client_name(client, to_store=True)  # before any question or any write
    if store.client(client) is not None:
        return True
    if not confirmed:
        if ask is None:
            raise UsageError(
                f"client {client.strip()!r} is new and must consent to being saved: run in"
                " a terminal to see the consent screen, or add --consent once they agreed"
            )
        if not ask(wording.consent_text(client, store.location, local=store.local)):
            return False
    store.record_consent(client, when)
    return True


def save_session(
    store: Store,
    data: AssessmentInput,
    result: AssessmentResult,
    *,
    client: str | None,
    source: str,
    catalogue: Catalogue,
    when: datetime | None = None,
) -> SessionRecord:
    """Save a finished assessment (call `ensure_consent` first for a named client).

    `result` should be the full result (every role), so later comparisons see every rank.
    """
    if not catalogue.made(result.catalogue_hash):
        raise BpoError("the result was scored with a different catalogue than the one loaded")
    return store.save_session(data, result, client=client, source=source, when=when)


def save_scored(
    store: Store,
    catalogue: Catalogue,
    data: AssessmentInput,
    result: AssessmentResult,
    *,
    client: str,
    consent: bool,
    source: str,
    ask: Callable[[str], bool] | None,
) -> SessionRecord | None:
    """Consent first (asking through `ask` if needed), then save; None when declined."""
    if not ensure_consent(store, client, consent, ask, when=clock.now()):
        return None
    return save_session(
        store, data, result, client=client, source=source, catalogue=catalogue, when=clock.now()
    )


def add_task(
    store: Store,
    catalogue: Catalogue,
    client: str,
    records: TaskRecords,
    *,
    consent: bool,
    ask: Callable[[str], bool] | None,
) -> tuple[SessionRecord | None, AssessmentResult]:
    """A task done alone, added to the client's latest session: its answers with the new
    task's record (earlier tasks kept), scored again and saved as a new session."""
    from bpo_assess.core.scoring import assess

    earlier = store.sessions(client) if store.client(client) is not None else []
    if not earlier:
        raise UsageError(
            f'{client} has no saved session yet; start with: {program()} quiz --client "{client}"'
        )
    latest = max(earlier, key=lambda s: (s.created_at, s.id))
    before = latest.input.tasks or TaskRecords()
    done = {k: v for k, v in records if v is not None}
    data = latest.input.model_copy(update={"tasks": before.model_copy(update=done)})
    result = assess(catalogue, data)
    saved = save_scored(
        store, catalogue, data, result, client=client, consent=consent, source="task", ask=ask
    )
    return saved, result


def saved_message(session: SessionRecord | None, client: str | None, where: str = "") -> str:
    """What the results screen says after saving: where, and how to erase it."""
    if session is None:
        return f"Not saved: {client} did not consent. The results above are not kept."
    saved = f"Saved as session {session.id}" + (f" for {session.client}" if session.client else "")
    # Each command on a line of its own, so no terminal breaks one in two.
    command = program()
    message = f"{saved} in {where}.\nTo erase it: {command} forget {session.id}"
    if session.client:
        message += (
            f"\nTo erase everything about {session.client}:"
            f'\n  {command} forget --client "{session.client}"'
        )
    return message


def history(store: Store, client: str | None) -> list[SessionSummary]:
    return store.summaries(client)


def latest_background(store: Store, client: str) -> dict[str, object] | None:
    """The background a returning client gave last time, to offer instead of asking again."""
    if store.client(client) is None:
        return None
    earlier = store.sessions(client)
    if not earlier:
        return None
    latest = max(earlier, key=lambda s: (s.created_at, s.id))
    return latest.input.background.model_dump(mode="json")


def session(store: Store, ref: str) -> SessionRecord:
    return store.session(ref)


def last_two(store: Store, client: str) -> tuple[SessionRecord, SessionRecord]:
    """A client's two latest sessions, older first."""
    found = store.sessions(client)
    if len(found) < 2:
        raise BpoError(
            f"client {client.strip()!r} has {counted(len(found), 'saved session')};"
            " comparing needs two"
        )
    return found[1], found[0]


def comparison(
    store: Store,
    catalogue: Catalogue,
    first: str | None,
    second: str | None,
    client: str | None,
    across_clients: bool = False,
) -> Comparison:
    """The earlier session first, whatever order they were given in; two different
    clients' sessions only with `across_clients` (--across-clients)."""
    if client is not None:
        if first or second:
            raise UsageError("give two sessions or --client NAME, not both")
        before, after = last_two(store, client)
    elif first and second:
        before, after = store.session(first), store.session(second)
    else:
        raise UsageError("give two sessions (compare 3 5) or --client NAME")
    if before.client != after.client and not across_clients:
        raise UsageError(
            f"sessions {before.id} and {after.id} belong to different clients"
            f" ({before.client or 'no client'}, {after.client or 'no client'});"
            " to compare them anyway add --across-clients"
        )
    reordered = (after.created_at, after.id) < (before.created_at, before.id)
    if reordered:
        before, after = after, before
    return compare(catalogue, before, after).model_copy(
        update={
            "reordered": reordered,
            "before_client": before.client,
            "after_client": after.client,
        }
    )


def read_ratings(source: Path, catalogue: Catalogue) -> dict[str, int]:
    """A ratings file: {"skills": {"communication": 4, ...}}, levels 1 to 5."""
    text, name = read_text(str(source))
    ratings = parse_json_model(text, name, CounsellorRatings, '{"skills": {...}}')
    unknown = [s for s in ratings.skills if s not in catalogue.skill_by_id]
    if unknown:
        raise BpoError([f"{source}: skills.{s}: unknown skill id" for s in unknown])
    return dict(ratings.skills)


def anchor_item(skill: Skill) -> RatingItem | None:
    """The skill's rating item whose five choices describe its levels (the quick one)."""
    rated = [item for item in skill.items if isinstance(item, RatingItem)]
    return next((item for item in rated if item.quick), rated[0] if rated else None)


def anchors(skill: Skill) -> list[str]:
    """What each level 1 to 5 looks like: the choices of the skill's (quick) rating item."""
    chosen = anchor_item(skill)
    if chosen is None:
        return [f"Level {level}" for level in range(1, 6)]
    return [choice.text for choice in sorted(chosen.choices, key=lambda choice: choice.level)]


def rate(store: Store, ref: str, levels: dict[str, int]) -> SessionRecord:
    return store.rate(ref, levels, clock.now())


def note(store: Store, ref: str, text: str) -> SessionRecord:
    store.session(ref)  # an unknown session is said before an empty note
    if not text.strip():
        raise EmptyNote()
    return store.add_note(ref, text, clock.now())


def forget(
    store: Store, ref: str | None, client: str | None, confirm: Callable[[str], bool]
) -> str | None:
    """Erase a session or a whole client once `confirm` agrees to the question; the message
    to print, or None if not confirmed."""
    if (ref is None) == (client is None):
        raise UsageError("give a session (forget 3) or a client (forget --client NAME)")
    if client is not None:
        known = store.require_client(client)
        count = store.count_sessions(client)
        question = f"Erase {known.name} and all {count} of their sessions, for good?"
    else:
        assert ref is not None
        number, created = store.session_stamp(ref)
        question = f"Erase session {number} ({created[:10]}), for good?"
    if not confirm(question):
        return None
    if client is not None:
        name = store.require_client(client).name
        erased = store.forget_client(client)
        message = f"Erased {name}: {counted(erased, 'session')}, ratings, notes and consent."
        mentioned = store.mentions(name)
        if mentioned:
            numbers = ", ".join(map(str, mentioned))
            message += (
                f"\nNotes on other sessions ({numbers}) still mention {name!r}: they are"
                " the counsellor's own text and were not changed; read them with"
                f" `{program()} show`, and forget those sessions if they must go too."
            )
    else:
        assert ref is not None
        message = f"Erased session {store.forget_session(ref)}."
    if not store.local:
        message += (
            "\nEvery login stops seeing it now; copies stay in the server's write-ahead log"
            " and backups until they expire (docs/organisations.md, Backups and erasure)."
        )
    if not store.log_emptied:
        message += (
            f"\nAnother bpo-assess has {store.location} open, so copies of the erased data"
            " stay in its log file until that program ends; nothing needs to be run again."
        )
    return message


def export(store: Store, client: str | None, target: str) -> tuple[str, str]:
    """(the export for standard output when `target` is -, else empty; the message)."""
    document = store.export(client, clock.now())
    text = json_safe(document.model_dump_json(indent=2)) + "\n"
    if target != "-":
        write_private(Path(target), text.encode("utf-8"))
    message = (
        f"Exported {counted(len(document.sessions), 'session')}"
        f" of {counted(len(document.clients), 'client')}"
        + ("" if target == "-" else f" to {printable(target)}")
        + "."
    )
    return (text if target == "-" else ""), message


def parse_export(text: str, name: str) -> ExportDocument:
    """A validated export file; ImportRefused naming the file for each problem."""
    parsed = parse_json_model(text, name, ExportDocument, "a bpo-assess export (a JSON object)")
    problems = rules.check_export(parsed)
    if problems:
        raise ImportRefused(problems, source=name)
    return parsed


def read_export(source: str) -> ExportDocument:
    if source == "-" and interactive():
        raise UsageError(
            "no input: give an export file, or pipe one in: bpo-assess import - < FILE"
        )
    text, name = read_text(source, limit=MAX_EXPORT_BYTES)
    return parse_export(text, name)


def import_document(store: Store, document: ExportDocument) -> str:
    done = store.import_document(document)
    message = (
        f"Imported {counted(done.imported, 'session')}; {done.skipped} already here,"
        " left as they were."
    )
    if done.renumbered:
        moved = ", ".join(f"{old} -> {new}" for old, new in done.renumbered)
        message += f"\nThese numbers were taken here, so the sessions got new ones: {moved}."
    return message


def previous_session(store: Store, chosen: SessionRecord) -> SessionRecord | None:
    """The same client's session just before this one, if any."""
    if chosen.client is None:
        return None
    earlier = [
        s
        for s in store.sessions(chosen.client)
        if (s.created_at, s.id) < (chosen.created_at, chosen.id)
    ]
    return max(earlier, key=lambda s: (s.created_at, s.id)) if earlier else None


def progress(store: Store, catalogue: Catalogue, chosen: SessionRecord) -> Comparison | None:
    """The compare table from the client's previous session, when both fit the catalogue."""
    before = previous_session(store, chosen)
    if before is None or not catalogue.fits(before.result):
        return None
    return compare(catalogue, before, chosen)


def report(
    store: Store, catalogue: Catalogue, ref: str, fmt: str, output: Path | None
) -> tuple[str, str]:
    """(the report for standard output when there is no `output`, else empty; the message)."""
    chosen = store.session(ref)
    since = progress(store, catalogue, chosen)
    if fmt == "pdf":
        html = reports.render(catalogue, chosen, "html", since)
        target = output or Path(f"bpo-assess-session-{chosen.id}.pdf")
        reports.print_pdf(html, target)
        return "", f"Wrote {printable(target)}."
    text = reports.render(catalogue, chosen, fmt, since)
    if output is None:
        return text, ""
    write_private(output, text.encode("utf-8"))
    return "", f"Wrote {printable(output)}."
