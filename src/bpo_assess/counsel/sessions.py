"""The counsellor's commands behind cli.py: the store, prompts and files they need.

Kept apart from cli.py so the commands stay a few lines, and apart from store.py so the
store has no terminal code. Prompts appear only when standard input is a terminal.

questionary is imported inside the prompts (ruff TID253: the start-up budget of every
command that imports this module without asking anything).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.compare import compare
from bpo_assess.core.models import (
    AssessmentInput,
    AssessmentResult,
    Comparison,
    CounsellorRatings,
    RatingItem,
    SessionRecord,
    SessionSummary,
    TaskRecords,
)
from bpo_assess.counsel import report as reports
from bpo_assess.counsel import store
from bpo_assess.errors import BpoError, UsageError
from bpo_assess.io import clock
from bpo_assess.io.files import write_private
from bpo_assess.io.paths import program
from bpo_assess.io.prompts import interactive
from bpo_assess.io.sources import parse_json_model, read_text

if TYPE_CHECKING:
    from bpo_assess.core.models import Skill
    from bpo_assess.io.prompts import Prompter


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


def add_task(
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

    earlier = []
    if store.store_path().exists():
        with store.open_store(create=False) as opened:
            earlier = opened.sessions(client)
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
        catalogue, data, result, client=client, consent=consent, source="task", ask=ask
    )
    return saved, result


def saved_message(session: SessionRecord | None, client: str | None) -> str:
    """What the results screen says after saving: where, and how to erase it."""
    if session is None:
        return f"Not saved: {client} did not consent. The results above are not kept."
    where = f"Saved as session {session.id}" + (f" for {session.client}" if session.client else "")
    # Each command on a line of its own, so no terminal breaks one in two.
    command = program()
    message = f"{where} in {store.store_path()}.\nTo erase it: {command} forget {session.id}"
    if session.client:
        message += (
            f"\nTo erase everything about {session.client}:"
            f'\n  {command} forget --client "{session.client}"'
        )
    return message


def history(client: str | None) -> list[SessionSummary]:
    with store.open_store(create=False) as opened:
        return [store.summarise(session) for session in opened.sessions(client)]


def latest_background(client: str) -> dict[str, object] | None:
    """The background a returning client gave last time, to offer instead of asking again."""
    if not store.store_path().exists():
        return None
    with store.open_store(create=False) as opened:
        earlier = opened.sessions(client)
    if not earlier:
        return None
    latest = max(earlier, key=lambda s: (s.created_at, s.id))
    return latest.input.background.model_dump(mode="json")


def session(ref: str) -> SessionRecord:
    with store.open_store(create=False) as opened:
        return opened.session(ref)


def comparison(
    catalogue: Catalogue,
    first: str | None,
    second: str | None,
    client: str | None,
    across_clients: bool = False,
) -> Comparison:
    """The earlier session first, whatever order they were given in; two different
    clients' sessions only with `across_clients` (--across-clients)."""
    with store.open_store(create=False) as opened:
        if client is not None:
            if first or second:
                raise UsageError("give two sessions or --client NAME, not both")
            before, after = opened.last_two(client)
        elif first and second:
            before, after = opened.session(first), opened.session(second)
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


def wrap_text(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width=width, break_on_hyphens=False))


def prompter_here() -> Prompter:
    import os
    import shutil

    from bpo_assess.io.prompts import Prompter

    try:
        width = os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        width = shutil.get_terminal_size().columns
    return Prompter(width=width)


def ask_ratings(
    catalogue: Catalogue, session: SessionRecord, prompter: Prompter | None = None
) -> dict[str, int]:
    """Ask the counsellor for a level per skill: each level described by what a person
    does at it (the items' anchors), the client's own level beside it."""
    from bpo_assess.core.wording import level_word

    asker = prompter or prompter_here()
    levels: dict[str, int] = {}
    for skill in catalogue.skills:
        own = session.result.skills[skill.id].level
        earlier = session.ratings.get(skill.id)
        item = anchor_item(skill)
        intro = (
            f"The client's answers put them at level {own:.1f} of 5 ({level_word(own)})."
            " Which level describes what you have seen?"
        )
        if item is not None:
            intro += f" Each choice is how a person at that level handles this: {item.prompt}"
        asker.say([("bold", f"\n{skill.name}\n"), ("", wrap_text(intro, asker.width) + "\n")])
        choices = [
            (f"{level} {level_word(level)}: {text}", level)
            for level, text in enumerate(anchors(skill), start=1)
        ]
        answer = asker.select(
            f"{skill.name}: your level",
            choices,
            default=earlier or min(5, max(1, round(own))),
        )
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
    return prompter_here().deliberate(question)


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
    if source == "-" and interactive():
        raise UsageError(
            "no input: give an export file, or pipe one in: bpo-assess import - < FILE"
        )
    text, name = read_text(source)
    document = store.parse_export(text, name)
    with store.open_store() as opened:
        imported, skipped = opened.import_document(document)
    return f"Imported {imported} session(s); {skipped} already here, left as they were."


def previous_session(chosen: SessionRecord) -> SessionRecord | None:
    """The same client's session just before this one, if any."""
    if chosen.client is None:
        return None
    with store.open_store(create=False) as opened:
        earlier = [
            s
            for s in opened.sessions(chosen.client)
            if (s.created_at, s.id) < (chosen.created_at, chosen.id)
        ]
    return max(earlier, key=lambda s: (s.created_at, s.id)) if earlier else None


def progress(catalogue: Catalogue, chosen: SessionRecord) -> Comparison | None:
    """The compare table from the client's previous session, when both fit the catalogue."""
    from bpo_assess.core.compare import compare

    before = previous_session(chosen)
    if before is None or not catalogue.fits(before.result):
        return None
    return compare(catalogue, before, chosen)


def report(catalogue: Catalogue, ref: str, fmt: str, output: Path | None) -> str:
    chosen = session(ref)
    since = progress(catalogue, chosen)
    if fmt == "pdf":
        html = reports.render(catalogue, chosen, "html", since)
        target = output or Path(f"bpo-assess-session-{chosen.id}.pdf")
        reports.print_pdf(html, target)
        return f"Wrote {target}."
    text = reports.render(catalogue, chosen, fmt, since)
    if output is None:
        sys.stdout.write(text)
        return ""
    write_private(output, text.encode("utf-8"))
    return f"Wrote {output}."
