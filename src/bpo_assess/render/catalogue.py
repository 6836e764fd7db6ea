"""Terminal views (Rich) of the catalogue: the roles and skills tables and their details."""

from __future__ import annotations

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import (
    Role,
    Skill,
)
from bpo_assess.render.text import (
    bar,
    bullets,
    certification_list,
    growth_titles,
    heading,
    leans_on,
)

NARROW = 72  # below this many columns the roles are a list: three columns would be slivers


class RolesView:
    """The roles: a table on a wide screen, a list on a narrow one, so that no title, id
    or skill is cut and a wrapped title is not read as two roles."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width >= NARROW:
            yield roles_table(self.catalogue)
            return
        yield Text("BPO roles", style="italic")
        for role in self.catalogue.roles:
            yield Text()
            title = Text(role.title, style="bold")
            title.append(f" ({role.id})", style="italic")
            yield title
            yield bullets(
                [
                    "Leans on: " + ", ".join(leans_on(self.catalogue, role)),
                    "Leads to: " + "; ".join(growth_titles(self.catalogue, role)),
                ]
            )


def roles_table(catalogue: Catalogue) -> Table:
    table = Table(title="BPO roles", box=box.SIMPLE_HEAD, title_justify="left", expand=False)
    table.add_column("Role", ratio=3)
    table.add_column("Leans on", ratio=3)
    table.add_column("Leads to", ratio=3)
    for role in catalogue.roles:
        name = Text(role.title, style="bold")
        name.append(f"\n{role.id}", style="italic")
        table.add_row(  # a bullet per entry: a wrapped title is not read as two roles
            name,
            bullets(leans_on(catalogue, role), mark="•"),
            bullets(growth_titles(catalogue, role), mark="•"),
        )
    return table


def role_detail(catalogue: Catalogue, role: Role) -> Group:
    header = Text(role.title, style="bold")
    header.append(f"  ({role.id})", style="italic")
    facts = Text(role.description)
    facts.append(f"\nWork mode: {role.work_mode}", style="italic")
    if role.domains:
        facts.append(f" · domains: {', '.join(role.domains)}", style="italic")
    facts.append(
        f"\nNearest O*NET-SOC occupation: {role.onet_soc} {role.onet_title}", style="italic"
    )

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
            Text("●" * demand.importance + "○" * (5 - demand.importance), style="bold"),
            Text(demand.reason),
        )

    measured: list[RenderableType] = []
    if role.measures:
        measured = [
            heading("Measured by the tasks (bpo-assess task NAME)"),
            bullets(
                f"{need.text}. Source: "
                + ("the catalogue's own choice" if need.source == "catalogue" else need.source)
                for need in role.measures
            ),
        ]
    return Group(
        Panel(Group(header, Text(role.summary, style="italic"), Text(), facts), box=box.ROUNDED),
        heading("Skill profile"),
        profile,
        heading("Also expected"),
        bullets(role.requirements),
        *measured,
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


def skills_table(catalogue: Catalogue) -> Table:
    table = Table(title="Core BPO skills", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("Skill", no_wrap=True)
    table.add_column("What it is")
    table.add_column("Items", justify="right")
    for skill in catalogue.skills:
        name = Text(skill.name, style="bold")
        name.append(f"\n{skill.id}", style="italic")
        table.add_row(name, Text(skill.description), str(len(skill.items)))
    return table


def skill_detail(catalogue: Catalogue, skill: Skill) -> Group:
    header = Text(skill.name, style="bold")
    header.append(f"  ({skill.id})", style="italic")
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
            Text("●" * need.importance + "○" * (5 - need.importance), style="bold"),
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
            style="italic",
        ),
    )
