"""The counsellor's commands behind cli.py: the store, prompts and files they need.

Kept apart from cli.py so the commands stay a few lines, and apart from store.py so the
store has no terminal code. Prompts appear only when standard input is a terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import (
    AssessmentInput,
    AssessmentResult,
    Comparison,
    CounsellorRatings,
    SessionRecord,
    SessionSummary,
)
from bpo_assess.counsel import store
from bpo_assess.errors import BpoError, UsageError
from bpo_assess.io import clock
from bpo_assess.io.files import write_private


def interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def save_scored(
    catalogue: Catalogue,
    data: AssessmentInput,
    result: AssessmentResult,
    *,
    client: str,
    consent: bool,
    source: str,
    ask: Callable[[str], bool] | None,
) -> SessionRecord | None:
    """Consent first (prompting if needed), then save; None when the client declined."""
    if not store.ensure_consent(client, consent, ask, when=clock.now()):
        return None
    return store.save_session(
        data, result, client=client, source=source, catalogue=catalogue, when=clock.now()
    )


def saved_message(session: SessionRecord | None, client: str | None) -> str:
    """What the results screen says after saving: where, and how to erase it."""
    if session is None:
        return f"Not saved: {client} did not consent. The results above are not kept."
    where = f"Saved as session {session.id}" + (f" for {session.client}" if session.client else "")
    message = f"{where} in {store.store_path()}.\nTo erase it: bpo-assess forget {session.id}"
    if session.client:
        message += (
            f'; everything about {session.client}: bpo-assess forget --client "{session.client}"'
        )
    return message


def history(client: str | None) -> list[SessionSummary]:
    with store.open_store(create=False) as opened:
        return [store.summarise(session) for session in opened.sessions(client)]


def session(ref: str) -> SessionRecord:
    with store.open_store(create=False) as opened:
        return opened.session(ref)


def comparison(
    catalogue: Catalogue, first: str | None, second: str | None, client: str | None
) -> Comparison:
    from bpo_assess.core.compare import compare

    with store.open_store(create=False) as opened:
        if client is not None:
            if first or second:
                raise UsageError("give two sessions or --client NAME, not both")
            before, after = opened.last_two(client)
        elif first and second:
            before, after = opened.session(first), opened.session(second)
        else:
            raise UsageError("give two sessions (compare 3 5) or --client NAME")
    return compare(catalogue, before, after)


def read_ratings(source: Path, catalogue: Catalogue) -> dict[str, int]:
    """A ratings file: {"skills": {"communication": 4, ...}}, levels 1 to 5."""
    from bpo_assess.io.sources import parse_json_model, read_text

    text, name = read_text(str(source))
    ratings = parse_json_model(text, name, CounsellorRatings, '{"skills": {...}}')
    unknown = [s for s in ratings.skills if s not in catalogue.skill_by_id]
    if unknown:
        raise BpoError([f"{source}: skills.{s}: unknown skill id" for s in unknown])
    return dict(ratings.skills)


def ask_ratings(catalogue: Catalogue, session: SessionRecord, **prompt: Any) -> dict[str, int]:
    """Ask the counsellor for a level per skill, showing the client's own beside it.

    `prompt` is passed to questionary (tests give `input=` and `output=`).
    """
    import questionary

    levels: dict[str, int] = {}
    for skill in catalogue.skills:
        own = session.result.skills[skill.id].level
        earlier = session.ratings.get(skill.id)
        choices = [questionary.Choice(f"{level}", value=level) for level in range(1, 6)]
        answer = questionary.select(
            f"{skill.name} (client: {own:g}) — your level:",
            choices=choices,
            default=choices[(earlier or round(own)) - 1],
            **prompt,
        ).unsafe_ask()
        levels[skill.id] = int(answer)
    return levels


def rate(
    catalogue: Catalogue, ref: str, source: Path | None, ask: bool | None = None
) -> SessionRecord:
    with store.open_store() as opened:
        target = opened.session(ref)
        if source is not None:
            levels = read_ratings(source, catalogue)
        elif interactive() if ask is None else ask:
            levels = ask_ratings(catalogue, target)
        else:
            raise UsageError(
                f"no terminal to ask on: give the ratings as a file, bpo-assess rate {ref}"
                " --from ratings.json"
            )
        return opened.rate(ref, levels, clock.now())


def note(ref: str, text: str) -> SessionRecord:
    with store.open_store() as opened:
        return opened.add_note(ref, text, clock.now())


def confirm(question: str, yes: bool) -> bool:
    """True with --yes; asks on a terminal; without either, a usage error naming --yes."""
    if yes:
        return True
    if not interactive():
        raise UsageError("this erases data: confirm in a terminal, or add --yes")
    import questionary

    return bool(questionary.confirm(question, default=False).unsafe_ask())


def forget(ref: str | None, client: str | None, yes: bool) -> str | None:
    """Erase a session or a whole client; the message to print, or None if not confirmed."""
    if (ref is None) == (client is None):
        raise UsageError("give a session (forget 3) or a client (forget --client NAME)")
    with store.open_store(create=False) as opened:
        if client is not None:
            known = opened.require_client(client)
            count = opened.count_sessions(client)
            question = f"Erase {known.name} and all {count} of their sessions, for good?"
        else:
            assert ref is not None
            number, created = opened.session_stamp(ref)
            question = f"Erase session {number} ({created[:10]}), for good?"
    if not confirm(question, yes):
        return None
    with store.open_store() as opened:
        if client is not None:
            name = opened.require_client(client).name
            erased = opened.forget_client(client)
            message = f"Erased {name}: {erased} session(s), ratings, notes and consent."
            mentioned = opened.mentions(name)
            if mentioned:
                numbers = ", ".join(map(str, mentioned))
                message += (
                    f"\nNotes on other sessions ({numbers}) still mention {name!r}: they are"
                    " the counsellor's own text and were not changed; read them with"
                    " `bpo-assess show`, and forget those sessions if they must go too."
                )
        else:
            assert ref is not None
            message = f"Erased session {opened.forget_session(ref)}."
        if not opened.log_emptied:
            message += (
                f"\nAnother bpo-assess has {opened.path} open, so copies of the erased data stay"
                " in its log file until that program ends; nothing needs to be run again."
            )
        return message


def export(client: str | None, target: str) -> str:
    with store.open_store(create=False) as opened:
        document = opened.export(client, clock.now())
    text = document.model_dump_json(indent=2) + "\n"
    if target == "-":
        sys.stdout.write(text)
    else:
        write_private(Path(target), text.encode("utf-8"))
    return (
        f"Exported {len(document.sessions)} session(s) of {len(document.clients)} client(s)"
        + ("" if target == "-" else f" to {target}")
        + "."
    )


def import_file(source: str) -> str:
    from bpo_assess.io.sources import read_text

    if source == "-" and interactive():
        raise UsageError(
            "no input: give an export file, or pipe one in: bpo-assess import - < FILE"
        )
    text, name = read_text(source)
    document = store.parse_export(text, name)
    with store.open_store() as opened:
        imported, skipped = opened.import_document(document)
    return f"Imported {imported} session(s); {skipped} already here, left as they were."


def report(catalogue: Catalogue, ref: str, fmt: str, output: Path | None) -> str:
    from bpo_assess.counsel import report as reports

    chosen = session(ref)
    if fmt == "pdf":
        html = reports.render(catalogue, chosen, "html")
        target = output or Path(f"bpo-assess-session-{chosen.id}.pdf")
        reports.print_pdf(html, target)
        return f"Wrote {target}."
    text = reports.render(catalogue, chosen, fmt)
    if output is None:
        sys.stdout.write(text)
        return ""
    write_private(output, text.encode("utf-8"))
    return f"Wrote {output}."
