"""The first screen of the results: what to do next, in one screen (80x24, even 60x20).

Notes about the answers' quality come first; then the roles to apply for now, and one
step of each kind: Apply for, Take, Practise. The full results follow it.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bpo_assess.core.advice import practice_tips
from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.evidence import brief
from bpo_assess.core.models import AssessmentResult
from bpo_assess.core.next_steps import next_steps
from bpo_assess.core.scoring import rank_labels
from bpo_assess.core.wording import level_phrase
from bpo_assess.errors import printable
from bpo_assess.render.text import heading


def quality_notes(result: AssessmentResult) -> list[RenderableType]:
    """Each quality note on its own line, marked in words (not colour alone)."""
    notes: list[RenderableType] = []
    for flag in result.quality:
        line = Text("Note on your answers: ", style="bold")
        line.append(flag.message)
        notes.append(line)
    return notes


def summary_view(catalogue: Catalogue, result: AssessmentResult, *, more: str = "") -> Group:
    """The summary screen; `more` says where the full results are (pager or below)."""
    steps = next_steps(catalogue, result)
    parts: list[RenderableType] = [heading("Your results in brief")]
    parts += quality_notes(result)
    if result.evidence is not None:
        shown = Text("What you showed: ", style="bold")
        shown.append(printable(brief(result.evidence)), style="not bold")
        parts += [Text(), shown]

    roles = Table.grid(padding=(0, 1))
    roles.add_column(justify="right", no_wrap=True)
    roles.add_column()
    roles.add_column(justify="right", no_wrap=True)
    labels = rank_labels(result.matches)
    for match in steps.apply_now:
        ready = " ready now" if match.ready_now else ""
        roles.add_row(
            f"{labels[match.role]}.",
            Text(match.title, style="bold"),
            f"match {match.match:.0f}{ready}",
        )
    parts += [Text(), Text("Roles to apply for now", style="bold")]
    if steps.grow_into is not None:
        grow = steps.grow_into
        needs = "; ".join(steps.needs_first) or "more experience"
        if steps.apply_now:
            said = (
                f"None of the roles that fit you best can be applied for yet. The best role"
                f" you can apply for now is {steps.apply_now[0].title}."
            )
        else:
            said = "No role can be applied for yet."
        parts.append(Text(f"{said} {grow.title} fits you well, after {needs}."))
    if steps.apply_now:
        parts.append(roles)
    if steps.more_in_tier:
        parts.append(Text(f"   and {steps.more_in_tier} more about as good (see the full results)"))

    plan = Table.grid(padding=(0, 1))
    plan.add_column(no_wrap=True, style="bold")
    plan.add_column()
    if steps.apply_for is not None:
        plan.add_row("Apply for", Text(steps.apply_for.title))
    if steps.grow_into is not None:
        needs = "; ".join(steps.needs_first) or "more experience"
        plan.add_row("Grow into", Text(f"{steps.grow_into.title}, after {needs}"))
    if steps.take is not None:
        take = Text(f"{steps.take.name} · {steps.take.issuer}")  # an issuer may hold (…)
        built = steps.take.closes or steps.take.skills
        names = ", ".join(catalogue.skill_by_id[s].name for s in built)
        take.append(f": builds {names}")
        plan.add_row("Take", take)
    if steps.practise:
        first = steps.practise[0]
        practise = Text(f"{first.skill.name}, now {level_phrase(first.level)}: ")
        practise.append(practice_tips(first.skill, result.background)[0])
        plan.add_row("Practise", practise)
    parts += [Text(), Text("Your next steps", style="bold"), plan]
    if more:
        parts.append(Text(more, style="italic"))
    return Group(*parts)
