"""Terminal views (Rich) of a computed result. Nothing here scores."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import (
    AssessmentResult,
    Background,
    RoleMatch,
)
from bpo_assess.core.scoring import TOP
from bpo_assess.core.wording import DISCLAIMER
from bpo_assess.errors import printable
from bpo_assess.render.text import bar, bullets, certification_list, heading


def profile_table(catalogue: Catalogue, result: AssessmentResult) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column("Skill", no_wrap=True)
    table.add_column("Bar", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    ordered = sorted(
        catalogue.skill_ids,
        key=lambda s: (-result.skills[s].score, catalogue.skill_ids.index(s)),
    )
    for skill_id in ordered:
        scored = result.skills[skill_id]
        table.add_row(
            Text(catalogue.skill_by_id[skill_id].name),
            bar(scored.score, 100),
            Text(f"{scored.score:.0f}", style="bold"),
        )
    return table


def ranking_table(result: AssessmentResult) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("#", justify="right")
    table.add_column("Role")
    table.add_column("Match", justify="right", no_wrap=True)
    table.add_column("Ready", justify="right")
    table.add_column("Align", justify="right")
    for match in result.matches:
        title = Text(match.title)
        if match.close_call:
            title.append(" ≈", style="yellow bold")
        table.add_row(
            str(match.rank),
            title,
            Text(f"{match.match:.0f}", style="bold green" if match.rank <= TOP else ""),
            f"{match.readiness:.0f}",
            f"{match.alignment:.0f}",
        )
    return table


WORK_MODE_NOTE = {
    (
        "voice",
        "non-voice",
    ): "Most of this work is on calls, and you said you prefer non-voice work.",
    ("non-voice", "voice"): "This work is mostly non-voice, and you said you enjoy being on calls.",
}


def match_detail(catalogue: Catalogue, match: RoleMatch, background: Background) -> Group:
    role = catalogue.role_by_id[match.role]
    title = Text(f"{match.rank}. {match.title}", style="bold")
    title.append(f"  match {match.match:.0f}", style="green")
    parts: list[RenderableType] = [title, Text(role.description)]
    if match.interest_bonus:
        parts.append(Text("It serves an industry you said interests you.", style="cyan"))
    mismatch = WORK_MODE_NOTE.get((role.work_mode, background.work_preference))
    if mismatch:
        parts.append(Text(mismatch, style="yellow"))
    if match.gaps:
        parts.append(Text("Gaps to close, most important first:", style="bold"))
        lines = []
        for gap in match.gaps:
            line = Text(f"{gap.name}: level {gap.level:g} of {gap.required} needed")
            line.append(f" (weight {gap.importance})", style="dim")
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


def result_view(catalogue: Catalogue, result: AssessmentResult, detail: int = TOP) -> Group:
    parts: list[RenderableType] = [
        *about_you(catalogue, result.background),
        heading("Your skill profile"),
        profile_table(catalogue, result),
        Text(),
        heading("How the roles fit you"),
        ranking_table(result),
        Text(
            "Match combines readiness (how far you meet the role's levels) and alignment"
            " (how far the role leans on your strongest skills).",
            style="dim",
        ),
    ]
    if any(m.close_call for m in result.matches):
        parts.append(
            Text(
                "≈ close call: one skill one level higher or lower would move this role"
                " in or out of the top three.",
                style="dim",
            )
        )
    for match in result.matches[:detail]:
        parts += [Text(), match_detail(catalogue, match, result.background)]

    weakest = sorted(
        catalogue.skill_ids, key=lambda s: (result.skills[s].score, catalogue.skill_ids.index(s))
    )[:2]
    parts += [Text(), heading("Ways to grow your two weakest skills")]
    for skill_id in weakest:
        skill = catalogue.skill_by_id[skill_id]
        parts += [Text(skill.name, style="bold"), bullets(skill.improve)]

    leads = any(catalogue.role_by_id[m.role].leadership for m in result.matches[:TOP])
    if leads or result.background.years_experience >= 2:
        parts += [Text(), leadership_view(catalogue)]

    if result.quality:
        notes = bullets(flag.message for flag in result.quality)
        parts += [Text(), Panel(notes, title="A note on your answers", box=box.ROUNDED)]

    if result.matches:
        parts.append(
            Text(
                f"\nSee any role in detail: bpo-assess roles {result.matches[0].role}", style="dim"
            )
        )
    parts.append(Text(DISCLAIMER, style="italic dim"))
    return Group(*parts)


def about_you(catalogue: Catalogue, background: Background) -> list[RenderableType]:
    """The background the person gave, when they gave any: it shapes the advice."""
    facts = []
    if background.years_experience:
        facts.append(f"{background.years_experience:g} years of experience")
    languages = [
        lang if isinstance(lang, str) else f"{lang.name} ({lang.fluency})"
        for lang in background.languages
    ]
    if languages:
        facts.append("speaks " + ", ".join(languages))
    if background.interests:
        facts.append("interested in " + ", ".join(background.interests))
    if background.work_preference != "either":
        facts.append(f"prefers {background.work_preference} work")
    if background.certifications:
        names = catalogue.certification_by_id
        held = [names[c].name if c in names else c for c in background.certifications]
        facts.append("holds " + ", ".join(held))
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
