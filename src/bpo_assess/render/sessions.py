"""Terminal views (Rich) of saved sessions: history, one session, and a comparison."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.compare import DISAGREEMENT, disagrees
from bpo_assess.core.models import AuditEvent, Comparison, SessionRecord, SessionSummary
from bpo_assess.core.wording import level_number, signed_level
from bpo_assess.errors import printable
from bpo_assess.render.result import result_view
from bpo_assess.render.summary import summary_view
from bpo_assess.render.text import heading

NOISE_MARK = "~"


def history_table(summaries: Sequence[SessionSummary]) -> RenderableType:
    if not summaries:
        return Text("No saved sessions yet. Save one with: bpo-assess score FILE --client NAME")
    table = Table(title="Saved sessions, newest first", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("Date", no_wrap=True)
    table.add_column("Client")
    table.add_column("Top match")
    table.add_column("Match", justify="right")
    table.add_column("Counsellor")
    for entry in summaries:
        extras = [f"by {printable(entry.saved_by)}"] if entry.saved_by else []
        if entry.rated:
            extras.append("rated")
        if entry.notes:
            extras.append(f"{entry.notes} note{'s' * (entry.notes > 1)}")
        table.add_row(
            str(entry.id),
            entry.created_at[:10],
            Text(printable(entry.client or "—")),
            Text(entry.top_title or "—"),
            f"{entry.top_match:.0f}" if entry.top_match is not None else "—",
            ", ".join(extras) or "—",
        )
    return table


def session_header(session: SessionRecord, catalogue: Catalogue) -> Text:
    header = Text(f"Session {session.id}", style="bold")
    header.append(f"  {session.created_at[:16].replace('T', ' ')} UTC · {session.source}")
    header.append(f" · client: {printable(session.client or 'none')}")
    if not catalogue.made(session.result.catalogue_hash):
        header.append(
            f"\nScored with catalogue {session.result.catalogue_hash}; the loaded one is"
            f" {catalogue.content_hash}.",
            style="bold",
        )
    return header


def counsellor_view(catalogue: Catalogue, session: SessionRecord) -> RenderableType:
    parts: list[RenderableType] = [heading("Counsellor's view")]
    if session.saved_by:
        who = f"Saved by {session.saved_by}" + (
            f"; rated last by {session.rated_by}" if session.rated_by else ""
        )
        parts.append(Text(printable(who + ".")))
    if session.ratings:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False)
        table.add_column("Skill")
        table.add_column("Self", justify="right")
        table.add_column("Counsellor", justify="right")
        table.add_column("")
        for skill in catalogue.skills:
            mine = session.ratings.get(skill.id)
            own = session.result.skills[skill.id].level
            flag = ""
            if disagrees(mine, own):
                flag = "large disagreement"
            table.add_row(
                Text(skill.name),
                level_number(own),
                "—" if mine is None else str(mine),
                Text(flag, style="bold red"),
            )
        parts.append(table)
    else:
        parts.append(Text(f"No ratings yet: bpo-assess rate {session.id}", style="italic"))
    for note in session.notes:
        parts.append(
            Text(f"Note, {note.created_at[:10]}{by(note.by)}: ", style="bold")
            + Text(printable(note.text))
        )
    if not session.notes:
        parts.append(Text(f'No notes yet: bpo-assess note {session.id} "..."', style="italic"))
    return Group(*parts)


def by(login: str | None) -> str:
    """` (ana)` after a note on the shared store, where who wrote it is kept."""
    return f" ({printable(login)})" if login else ""


def session_view(
    catalogue: Catalogue, session: SessionRecord, more: str = "The full results follow."
) -> Group:
    """The session as the results screen showed it (its summary, then the full results),
    with the counsellor's ratings and notes."""
    result = session.result
    if set(result.skills) != set(catalogue.skill_ids) or any(
        m.role not in catalogue.role_by_id for m in result.matches
    ):
        return Group(
            session_header(session, catalogue),
            Text(
                "It names skills or roles the loaded catalogue does not have: load that"
                " catalogue with --data-dir to see it, or use show --json.",
                style="bold",
            ),
        )
    return Group(
        session_header(session, catalogue),
        Text(),
        summary_view(catalogue, session.result, more=more),
        Text(),
        result_view(catalogue, session.result),
        Text(),
        counsellor_view(catalogue, session),
    )


def _signed(value: float, digits: int) -> str:
    return f"{value:+.{digits}f}" if value else "0"


def _skills_table(comparison: Comparison) -> Table:
    skills = Table(box=box.SIMPLE_HEAD, show_edge=False)
    skills.add_column("Skill")
    skills.add_column("Before", justify="right")
    skills.add_column("After", justify="right")
    skills.add_column("Change", justify="right")
    skills.add_column("Counsellor", justify="right")
    for skill in comparison.skills:
        mark = Text(signed_level(skill.change))
        if skill.within_noise:
            mark = Text(f"{NOISE_MARK}{signed_level(skill.change)}", style="italic")
        elif skill.change:
            mark.stylize("green" if skill.change > 0 else "red")
        counsellor = "—"
        if skill.counsellor_before is not None or skill.counsellor_after is not None:
            counsellor = f"{skill.counsellor_before or '—'} → {skill.counsellor_after or '—'}"
            if skill.large_disagreement:
                counsellor += " !"
        skills.add_row(
            Text(skill.name),
            level_number(skill.before),
            level_number(skill.after),
            mark,
            counsellor,
        )
    return skills


def _measures_table(comparison: Comparison) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Measure")
    table.add_column("Before", justify="right")
    table.add_column("After", justify="right")
    table.add_column("Change", justify="right")
    for measured in comparison.measures:
        mark = Text(_signed(measured.change, 1))
        if measured.within_noise:
            mark = Text(f"{NOISE_MARK}{_signed(measured.change, 1)}", style="italic")
        elif measured.within_noise is None:
            mark.append(" (no error known)", style="italic")
        table.add_row(Text(measured.measure), f"{measured.before:g}", f"{measured.after:g}", mark)
    return table


def _roles_table(comparison: Comparison) -> Table:
    roles = Table(box=box.SIMPLE_HEAD, show_edge=False)
    roles.add_column("Role")
    roles.add_column("Match", justify="right", no_wrap=True)
    roles.add_column("Change", justify="right")
    roles.add_column("Rank", justify="right", no_wrap=True)
    for role in sorted(comparison.roles, key=lambda r: r.rank_after):
        change = Text(_signed(role.change, 1))
        if role.within_noise:
            change = Text(f"{NOISE_MARK}{_signed(role.change, 1)}", style="italic")
        rank = Text(f"{role.rank_before} → {role.rank_after}")
        if role.rank_before != role.rank_after and role.rank_within_noise:
            rank = Text(f"{NOISE_MARK}{role.rank_before} → {role.rank_after}", style="italic")
        roles.add_row(
            Text(role.title), f"{role.match_before:.0f} → {role.match_after:.0f}", change, rank
        )
    return roles


def comparison_view(comparison: Comparison) -> Group:
    title = Text(
        f"Session {comparison.before} ({comparison.before_at[:10]}) → session"
        f" {comparison.after} ({comparison.after_at[:10]}), {comparison.days_apart:g} days apart",
        style="bold",
    )
    skills, roles = _skills_table(comparison), _roles_table(comparison)
    parts: list[RenderableType] = [title]
    if comparison.reordered:
        parts.append(
            Text(
                f"Session {comparison.before} is the earlier one, so it is shown first.",
                style="bold",
            )
        )
    if comparison.before_client != comparison.after_client:
        parts.append(
            Text(
                "Note: these are different clients' sessions"
                f" ({comparison.before_client or 'no client'},"
                f" {comparison.after_client or 'no client'}).",
                style="bold",
            )
        )
    if not comparison.same_catalogue:
        parts.append(
            Text(
                "Note: the sessions were not all scored with the loaded catalogue: part of the"
                " change may come from the catalogue, not the person.",
                style="bold",
            )
        )
    for note in comparison.notes:
        parts.append(Text(note, style="bold"))
    parts += [Text(), heading("Skills (levels 1 to 5)"), skills]
    if comparison.measures:
        parts += [heading("What was measured"), _measures_table(comparison)]
    parts += [
        heading("Roles"),
        roles,
        Text(
            f"{NOISE_MARK} within noise: smaller than the reliable-change threshold (about 2.7 x"
            " the standard error of the difference, Jacobson and Truax, set for all skills"
            " compared at once), so answering again on another day could give it with no real"
            " change. Do not read it as progress."
            f" ! the counsellor's rating is {DISAGREEMENT:g} levels or more from the client's.",
            style="italic",
        ),
    ]
    return Group(*parts)


def audit_table(events: list[AuditEvent]) -> RenderableType:
    """The audit trail, oldest first: a forgotten client shows as their number only."""
    if not events:
        return Text("No audit events yet.")
    table = Table(title="Audit trail, oldest first", box=box.SIMPLE_HEAD, title_justify="left")
    for column in ("when", "login", "command", "action", "client", "session"):
        table.add_column(column)
    for event in events:
        if event.client is not None:
            client = event.client
        elif event.client_id is not None:
            client = f"#{event.client_id} (forgotten)"
        else:
            client = ""
        table.add_row(
            *(
                Text(printable(value))
                for value in (
                    event.at,
                    event.login,
                    event.command,
                    event.action,
                    client,
                    "" if event.session is None else str(event.session),
                )
            )
        )
    return table
