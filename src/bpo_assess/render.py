"""Terminal views (Rich) of the catalogue and of a computed result. Nothing here scores.

Text that comes from data files is wrapped in `Text`, so square brackets in it survive.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bpo_assess.catalogue import Catalogue
from bpo_assess.models import (
    AssessmentResult,
    Certification,
    CertificationAdvice,
    Role,
    RoleMatch,
    Skill,
)

DISCLAIMER = (
    "These results are guidance for your own career development. They are not a test of"
    " ability and must not be used for hiring or screening decisions."
)
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
        certifications_table(
            catalogue, [catalogue.certification_by_id[c] for c in role.certifications]
        ),
        heading("Where it leads"),
        bullets(
            f"{title}: {step.note}"
            for title, step in zip(growth_titles(catalogue, role), role.growth, strict=True)
        ),
    )


def bullets(lines: Iterable[str]) -> Text:
    return Text("\n".join(f" • {line}" for line in lines))


def certifications_table(
    catalogue: Catalogue,
    certs: Sequence[Certification | CertificationAdvice],
    closes: bool = False,
) -> Table:
    """Certifications with issuer and level; with `closes`, the gaps each one closes."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Certification", overflow="fold")
    table.add_column("Issuer")
    table.add_column("Level", no_wrap=True)
    table.add_column("Closes" if closes else "Builds")
    for cert in certs:
        name = Text(cert.name)
        name.append(f"\n{cert.url}", style="dim")
        built = cert.closes if isinstance(cert, CertificationAdvice) and closes else cert.skills
        table.add_row(
            name,
            Text(cert.issuer),
            Text(cert.level, style=LEVEL_STYLE[cert.level]),
            Text(", ".join(catalogue.skill_by_id[s].name for s in built) or "—"),
        )
    return table


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


def match_detail(catalogue: Catalogue, match: RoleMatch) -> Group:
    role = catalogue.role_by_id[match.role]
    title = Text(f"{match.rank}. {match.title}", style="bold")
    title.append(f"  match {match.match:.0f}", style="green")
    parts: list[RenderableType] = [title, Text(role.description)]
    if match.gaps:
        gaps = Text("Gaps to close, most important first:", style="bold")
        for gap in match.gaps:
            gaps.append(f"\n • {gap.name}: level {gap.level:g} of {gap.required} needed")
            gaps.append(f" (weight {gap.importance})", style="dim")
        parts.append(gaps)
    else:
        parts.append(Text("You already meet every skill level this role asks for.", style="green"))
    if match.certifications:
        parts.append(Text("Certifications, those closing your gaps first:", style="bold"))
        parts.append(certifications_table(catalogue, match.certifications, closes=True))
    steps = Text("Where it leads: ", style="bold")
    steps.append(", ".join(step.title for step in match.growth))
    parts.append(steps)
    return Group(*parts)


def result_view(catalogue: Catalogue, result: AssessmentResult, detail: int = 3) -> Group:
    parts: list[RenderableType] = [
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
        parts += [Text(), match_detail(catalogue, match)]

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
        notes = Text()
        for index, flag in enumerate(result.quality):
            notes.append(("\n" if index else "") + f" • {flag.message}")
        parts += [Text(), Panel(notes, title="A note on your answers", box=box.ROUNDED)]

    if result.matches:
        parts.append(
            Text(
                f"\nSee any role in detail: bpo-assess roles {result.matches[0].role}", style="dim"
            )
        )
    parts.append(Text(DISCLAIMER, style="italic dim"))
    return Group(*parts)


def leadership_view(catalogue: Catalogue) -> Group:
    advice = Text(catalogue.leadership.intro)
    for entry in catalogue.leadership.advice:
        advice.append(f"\n • {entry.title}: ", style="bold")
        advice.append(entry.text)
    kpis = Table(box=box.SIMPLE_HEAD, show_edge=False)
    kpis.add_column("KPI", no_wrap=True)
    kpis.add_column("What it measures")
    for kpi in catalogue.kpis:
        kpis.add_row(Text(kpi.abbreviation, style="bold"), Text(f"{kpi.name}: {kpi.definition}"))
    return Group(heading("The road to leadership"), advice, Text(), heading("KPIs to learn"), kpis)


def print_view(console: Console, view: RenderableType) -> None:
    console.print(view, markup=False, highlight=False)
