"""Terminal views (Rich) of the catalogue and of a computed result. Nothing here scores.

Text that comes from data files is wrapped in `Text`, so square brackets in it survive.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import (
    AssessmentResult,
    Background,
    Certification,
    CertificationAdvice,
    Role,
    RoleMatch,
    Skill,
)
from bpo_assess.interview.screens import DISCLAIMER

BAR_WIDTH = 20
LEVEL_STYLE = {"entry": "green", "intermediate": "yellow", "advanced": "magenta"}


def bar(value: float, maximum: float, width: int = BAR_WIDTH, style: str = "cyan") -> Text:
    filled = round(width * max(0.0, min(value, maximum)) / maximum)
    text = Text("█" * filled, style=style)
    text.append("░" * (width - filled), style="grey37")
    return text


def heading(text: str) -> Text:
    return Text(text, style="bold underline")


def leans_on(catalogue: Catalogue, role: Role, count: int = 3) -> list[str]:
    """The skills a role leans on most: importance first, then required level."""
    ranked = sorted(
        catalogue.skill_ids,
        key=lambda s: (-role.profile[s].importance, -role.profile[s].level),
    )
    return [catalogue.skill_by_id[s].name for s in ranked[:count]]


def growth_titles(catalogue: Catalogue, role: Role) -> list[str]:
    return [
        catalogue.role_by_id[step.role].title if step.role else str(step.position)
        for step in role.growth
    ]


# --- Catalogue views -------------------------------------------------------------------


def roles_table(catalogue: Catalogue) -> Table:
    table = Table(title="BPO roles", box=box.SIMPLE_HEAD, title_justify="left", expand=False)
    table.add_column("Role", ratio=3)
    table.add_column("Leans on", ratio=3)
    table.add_column("Leads to", ratio=3)
    for role in catalogue.roles:
        name = Text(role.title, style="bold")
        name.append(f"\n{role.id}", style="dim")
        table.add_row(
            name,
            Text("\n".join(leans_on(catalogue, role))),
            Text("\n".join(growth_titles(catalogue, role))),
        )
    return table


def role_detail(catalogue: Catalogue, role: Role) -> Group:
    header = Text(role.title, style="bold")
    header.append(f"  ({role.id})", style="dim")
    facts = Text(role.description)
    facts.append(f"\nWork mode: {role.work_mode}", style="dim")
    if role.domains:
        facts.append(f" · domains: {', '.join(role.domains)}", style="dim")
    facts.append(f"\nNearest O*NET-SOC occupation: {role.onet_soc} {role.onet_title}", style="dim")

    profile = Table(box=box.SIMPLE_HEAD, show_edge=False)
    profile.add_column("Skill")
    profile.add_column("Level needed", no_wrap=True)
    profile.add_column("Weight", no_wrap=True)
    profile.add_column("Why")
    for skill_id in catalogue.skill_ids:
        demand = role.profile[skill_id]
        needed = bar(demand.level, 5, width=10)
        needed.append(f" {demand.level}")
        profile.add_row(
            Text(catalogue.skill_by_id[skill_id].name),
            needed,
            Text("●" * demand.importance + "○" * (5 - demand.importance), style="yellow"),
            Text(demand.reason),
        )

    return Group(
        Panel(Group(header, Text(role.summary, style="italic"), Text(), facts), box=box.ROUNDED),
        heading("Skill profile"),
        profile,
        heading("Also expected"),
        bullets(role.requirements),
        Text(),
        heading("Certifications"),
        certification_list(
            catalogue, [catalogue.certification_by_id[c] for c in role.certifications]
        ),
        heading("Where it leads"),
        bullets(
            f"{title}: {step.note}"
            for title, step in zip(growth_titles(catalogue, role), role.growth, strict=True)
        ),
    )


def bullets(lines: Iterable[str | Text]) -> Table:
    """A bulleted list whose wrapped lines hang under the text, not the bullet."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for line in lines:
        grid.add_row(" •", line if isinstance(line, Text) else Text(line))
    return grid


def certification_list(
    catalogue: Catalogue,
    certs: Sequence[Certification | CertificationAdvice],
    closes: bool = False,
) -> Table:
    """Certifications with issuer, level and why; with `closes`, the gaps each one closes."""
    entries = []
    for cert in certs:
        entry = Text(cert.name, style="bold")
        entry.append(f" · {cert.issuer} · ")
        entry.append(cert.level, style=LEVEL_STYLE[cert.level])
        built = cert.closes if isinstance(cert, CertificationAdvice) and closes else cert.skills
        names = ", ".join(catalogue.skill_by_id[s].name for s in built)
        if names:
            entry.append(f"\n{'Closes' if closes else 'Builds'}: {names}.", style="green")
        entry.append(f"\n{cert.why}")
        entry.append(f"\n{cert.url}", style="dim")
        entries.append(entry)
    return bullets(entries)


def skills_table(catalogue: Catalogue) -> Table:
    table = Table(title="Core BPO skills", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("Skill", no_wrap=True)
    table.add_column("What it is")
    table.add_column("Items", justify="right")
    for skill in catalogue.skills:
        name = Text(skill.name, style="bold")
        name.append(f"\n{skill.id}", style="dim")
        table.add_row(name, Text(skill.description), str(len(skill.items)))
    return table


def skill_detail(catalogue: Catalogue, skill: Skill) -> Group:
    header = Text(skill.name, style="bold")
    header.append(f"  ({skill.id})", style="dim")
    demand = Table(box=box.SIMPLE_HEAD, show_edge=False)
    demand.add_column("Role")
    demand.add_column("Level needed", no_wrap=True)
    demand.add_column("Weight", no_wrap=True)
    for role in sorted(catalogue.roles, key=lambda r: -r.profile[skill.id].level):
        need = role.profile[skill.id]
        level = bar(need.level, 5, width=10)
        level.append(f" {need.level}")
        demand.add_row(
            Text(role.title),
            level,
            Text("●" * need.importance + "○" * (5 - need.importance), style="yellow"),
        )
    kinds = [item.kind for item in skill.items]
    return Group(
        Panel(Group(header, Text(skill.description)), box=box.ROUNDED),
        heading("Why it matters in BPO work"),
        Text(skill.why_it_matters),
        Text(),
        heading("Ways to grow it"),
        bullets(skill.improve),
        Text(),
        heading("What each role asks"),
        demand,
        Text(
            f"The interview asks {kinds.count('rating')} self-rating and"
            f" {kinds.count('situational')} situational questions about this skill.",
            style="dim",
        ),
    )


# --- The result ------------------------------------------------------------------------


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
            Text(f"{match.match:.0f}", style="bold green" if match.rank <= 3 else ""),
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


def result_view(catalogue: Catalogue, result: AssessmentResult, detail: int = 3) -> Group:
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

    top_roles = {m.role for m in result.matches[:3]}
    if "team-lead" in top_roles or result.background.years_experience >= 2:
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
    text.append("; ".join(facts) + ".")
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
