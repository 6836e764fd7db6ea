"""Terminal views (Rich) of a computed result. Nothing here scores."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bpo_assess.core.advice import experience_phrase, practice_tips, weakest_skills
from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import (
    AssessmentResult,
    Background,
    Prerequisite,
    RoleMatch,
)
from bpo_assess.core.next_steps import next_steps, why_before
from bpo_assess.core.scoring import TOP, rank_labels
from bpo_assess.core.wording import DISCLAIMER, background_listing, level_phrase, level_word
from bpo_assess.errors import printable
from bpo_assess.io.paths import program
from bpo_assess.render.evidence import evidence_view
from bpo_assess.render.text import BAR_WIDTH, bar, bullets, certification_list, heading


class ProfileTable:
    """Each skill on the one scale used everywhere: level 1 to 5, with its word. The bar
    takes the room left, so names, levels and words are never cut on a narrow screen."""

    def __init__(self, rows: list[tuple[str, float]]) -> None:
        self.rows = rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        name = max(len(n) for n, _ in self.rows)
        word = max(len(level_word(level)) for _, level in self.rows)
        room = options.max_width - name - word - len("5.0") - 8  # two spaces per column
        width = max(4, min(BAR_WIDTH, room))
        table = Table(box=None, show_header=False, padding=(0, 1))
        for _ in range(4):
            table.add_column(no_wrap=True)
        for skill, level in self.rows:
            table.add_row(
                Text(skill),
                bar(level - 1, 4, width=width),
                Text(f"{level:.1f}", style="bold"),
                Text(level_word(level)),
            )
        yield table


def profile_table(catalogue: Catalogue, result: AssessmentResult) -> ProfileTable:
    ordered = sorted(
        catalogue.skill_ids,
        key=lambda s: (-result.skills[s].level, catalogue.skill_ids.index(s)),
    )
    return ProfileTable([(catalogue.skill_by_id[s].name, result.skills[s].level) for s in ordered])


def shown_rank(match: RoleMatch, matches: Sequence[RoleMatch]) -> str:
    """The rank as printed: "=2" when another role shares it."""
    return rank_labels(matches)[match.role]


def ranking_table(result: AssessmentResult, matches: Sequence[RoleMatch] | None = None) -> Table:
    """The roles with rank, tier and figures; `matches` picks a group of them."""
    shown = result.matches if matches is None else matches
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("#", justify="right")
    table.add_column("Role")
    table.add_column("Tier", justify="right")
    table.add_column("Match", justify="right", no_wrap=True)
    table.add_column("Ready", justify="right")
    table.add_column("Align", justify="right")
    labels = rank_labels(result.matches)  # once per table: linear in the number of roles
    for match in shown:
        title = Text(match.title)
        unmet = [need.text for need in match.prerequisites if need.met is False]
        unknown = [need.text for need in match.prerequisites if need.met is None]
        if unmet:
            title.append(f"\nafter {'; '.join(unmet)}", style="bold")
        elif unknown:
            title.append(f"\nemployers usually want {'; '.join(unknown)}", style="italic")
        table.add_row(
            labels[match.role],
            title,
            str(match.tier) if result.schema_version >= 2 else "—",
            Text(f"{match.match:.0f}", style="bold green" if match.tier == 1 else ""),
            f"{match.readiness:.0f}",
            f"{match.alignment:.0f}",
        )
    return table


def _names(titles: Sequence[str]) -> str:
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]


def tier_words(result: AssessmentResult) -> list[str]:
    """What the tiers and ties mean for this person, in words (results saved before
    schema version 2 have no tiers)."""
    if result.schema_version < 2:
        return []
    first = [m.title for m in result.matches if m.tier == 1]
    lines = []
    answered = max((s.answered for s in result.skills.values()), default=0)
    if answered > 1:  # the full interview: only another measure can separate them
        separate = "A counsellor's rating of your skills or a retest later can separate them."
    else:
        separate = "The full interview or a talk with a counsellor can separate them."
    if len(first) == len(result.matches) > 3:
        lines.append(
            f"Your answers cannot tell these {len(first)} roles apart: they all fit you about"
            f" equally. {separate}"
        )
    elif len(first) > 1:
        lines.append(
            f"{_names(first)} fit you about equally: your answers cannot put one before"
            f" the other. {separate}"
        )
    elif first:
        lines.append(f"{first[0]} fits you clearly better than the next roles.")
    if result.matches and all(m.readiness == 100 for m in result.matches):
        lines.append(
            "You meet the skill levels of every role. What orders them is how much each"
            " asks of you, your study or work in its field, your interests and the kind of"
            " work you prefer."
        )
    if len(result.matches) > 1:
        lines.append(why_before(result.matches[0], result.matches[1]))
    return lines


WORK_MODE_NOTE = {
    (
        "voice",
        "non-voice",
    ): "Most of this work is on calls, and you said you prefer non-voice work.",
    ("non-voice", "voice"): "This work is mostly non-voice, and you said you enjoy being on calls.",
}


def match_detail(catalogue: Catalogue, match: RoleMatch, background: Background) -> Group:
    role = catalogue.role_by_id[match.role]
    title = Text(f"{match.title}", style="bold")
    title.append(f"  match {match.match:.0f}, tier {match.tier}", style="green")
    parts: list[RenderableType] = [title, Text(role.description)]
    for need in match.prerequisites:
        if need.measure is not None:
            parts.append(measured_need(need))
        elif need.met is False:
            parts.append(Text(f"Employers usually want {need.text} first.", style="bold"))
        elif need.met is None:
            parts.append(Text(f"Employers usually want {need.text}.", style="italic"))
    if match.interest_bonus:
        parts.append(Text("It serves an industry you said interests you.", style="cyan"))
    mismatch = WORK_MODE_NOTE.get((role.work_mode, background.work_preference))
    if mismatch:
        parts.append(Text(mismatch, style="bold"))
    if match.gaps:
        parts.append(Text("Gaps to close, most important first:", style="bold"))
        lines = []
        for gap in match.gaps:
            line = Text(
                f"{gap.name}: you are at {level_phrase(gap.level)};"
                f" the role needs {gap.required} ({level_word(gap.required)})"
            )
            line.append(f", weight {gap.importance} of 5")
            lines.append(line)
        parts.append(bullets(lines))
    else:
        parts.append(Text("You already meet every skill level this role asks for.", style="green"))
    if match.certifications:
        parts.append(Text("Certifications, those closing your gaps first:", style="bold"))
        parts.append(certification_list(catalogue, match.certifications, closes=True))
    steps = Text("Where it leads: ", style="bold")
    steps.append(", ".join(step.title for step in match.growth))
    parts.append(steps)
    return Group(*parts)


def measured_need(need: Prerequisite) -> Text:
    """A measured requirement: met or not yet, the figure shown, and its source."""
    state = {True: "met", False: "not yet", None: "not measured"}[need.met]
    line = Text(f"Asks for {need.text}: {state}", style="bold" if need.met is False else "")
    if need.measured:
        line.append(f" (you showed {need.measured})")
    source = "the catalogue's own choice" if need.source == "catalogue" else need.source
    line.append(f". Source: {source}.", style="italic")
    return line


def result_view(catalogue: Catalogue, result: AssessmentResult, detail: int = TOP) -> Group:
    parts: list[RenderableType] = [
        *about_you(catalogue, result.background),
        heading("Your skill profile (levels 1 to 5)"),
        profile_table(catalogue, result),
        Text(),
    ]
    if result.evidence is not None:  # measured beside self-rated
        shown = [m for m in result.matches if m.ready_now is not False][:TOP]
        shown += [m for m in result.matches if m.ready_now is False][:TOP]
        parts += [evidence_view(result.evidence, shown), Text()]
    if result.quality:  # before the roles, so it qualifies them
        notes = bullets(flag.message for flag in result.quality)
        parts += [Panel(notes, title="A note on your answers", box=box.ROUNDED), Text()]
    now = [m for m in result.matches if m.ready_now is not False]
    later = [m for m in result.matches if m.ready_now is False]
    if later:
        parts += [heading("Roles you can apply for now"), ranking_table(result, now)]
        parts += [heading("Roles to grow into"), ranking_table(result, later)]
    else:
        parts += [heading("How the roles fit you"), ranking_table(result)]
    parts += [Text(line) for line in tier_words(result)]
    if next_steps(catalogue, result).background_unknown:
        parts.append(
            Text(
                "Your background does not say whether you have the experience or study some"
                " roles ask for, so for those roles it is not known.",
                style="italic",
            )
        )
    labels = rank_labels(result.matches).values()
    shared = " =2: a shared rank." if any(label.startswith("=") for label in labels) else ""
    parts.append(
        Text(
            "Match is mostly readiness (how far you meet the role's levels), then how much"
            " the role asks of you that you meet, and how strong you are in the skills it"
            " weighs most; it never falls when a skill rises. Align: how far the role leans"
            " on your relatively strongest skills (50 neutral). Tier 1: roles your answers"
            f" cannot tell apart from the best.{shared}",
            style="italic",
        )
    )
    for match in (now + later)[:detail]:
        parts += [Text(), match_detail(catalogue, match, result.background)]

    weakest = weakest_skills(catalogue, result)
    if weakest.tied:
        parts += [Text(), heading("Ways to grow two of your weakest skills")]
        names = [catalogue.skill_by_id[s].name for s in weakest.tied]
        level = result.skills[weakest.tied[0]].level
        why = (
            f"; these two are the ones {weakest.settled_by} needs most"
            if weakest.settled_by
            else ""
        )
        parts.append(
            Text(
                f"{', '.join(names[:-1])} and {names[-1]} are tied at {level_phrase(level)}{why}.",
                style="italic",
            )
        )
    else:
        parts += [Text(), heading("Ways to grow your two weakest skills")]
    for skill_id in weakest.skills:
        skill = catalogue.skill_by_id[skill_id]
        parts += [Text(skill.name, style="bold"), bullets(practice_tips(skill, result.background))]

    leads = any(catalogue.role_by_id[m.role].leadership for m in result.matches[:TOP])
    if leads or (result.background.years_experience or 0) >= 2:
        parts += [Text(), leadership_view(catalogue)]

    if result.matches:
        parts.append(
            Text(
                f"\nSee any role in detail: {program()} roles {result.matches[0].role}",
                style="italic",
            )
        )
    parts.append(Text(DISCLAIMER, style="italic"))
    return Group(*parts)


def about_you(catalogue: Catalogue, background: Background) -> list[RenderableType]:
    """The background the person gave, when they gave any: it shapes the advice."""
    listing = background_listing(catalogue, background)
    facts = []
    if listing.years:
        facts.append(experience_phrase(listing.years))
    if listing.languages:
        facts.append("speaks " + ", ".join(listing.languages))
    if listing.interests:
        facts.append("interested in " + ", ".join(listing.interests))
    if listing.work_preference != "either":
        facts.append(f"prefers {listing.work_preference} work")
    if listing.certifications:
        facts.append("holds " + ", ".join(listing.certifications))
    if not facts:
        return []
    text = Text("About you: ", style="bold")
    text.append(printable("; ".join(facts) + "."))  # free text from the input file
    return [text, Text()]


def leadership_view(catalogue: Catalogue) -> Group:
    lines = []
    for entry in catalogue.leadership.advice:
        line = Text(f"{entry.title}: ", style="bold")
        line.append(entry.text)
        lines.append(line)
    advice = Group(Text(catalogue.leadership.intro), bullets(lines))
    kpis = Table(box=box.SIMPLE_HEAD, show_edge=False)
    kpis.add_column("KPI", no_wrap=True)
    kpis.add_column("What it measures")
    for kpi in catalogue.kpis:
        kpis.add_row(Text(kpi.abbreviation, style="bold"), Text(f"{kpi.name}: {kpi.definition}"))
    return Group(heading("The road to leadership"), advice, Text(), heading("KPIs to learn"), kpis)
