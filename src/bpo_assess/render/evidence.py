""" "What you showed": the tasks' figures beside the self-rated skills. Nothing here scores."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from bpo_assess.core.evidence import shown_lines
from bpo_assess.core.models import Evidence, Prerequisite, RoleMatch
from bpo_assess.errors import printable
from bpo_assess.render.text import bullets, heading

POPULATION = (
    "For a wider picture of how people type, see Dhakal, Feit, Kristensson and Oulasvirta,"
    " 'Observations on Typing from 136 Million Keystrokes' (CHI 2018), a study of 168,000"
    " volunteers."
)
# One concrete practice step for each measured gap. How long improvement takes is not
# said: no published source we could check gives it for these tasks.
PRACTICE = {
    "typing": "Practise touch typing 15 minutes a day with a free typing tutor, copying real"
    " chat replies and emails; take the typing task again in two weeks to see the change"
    " (bpo-assess task typing).",
    "checking": "Practise comparing records character by character: read numbers in groups"
    " of two or three, check dates by meaning rather than by how they are written, and take"
    " the checking task again (bpo-assess task checking).",
    "english": "Practise the English skill the role names every day: for speaking, role-play"
    " customer calls aloud and record yourself; for writing, rewrite real customer emails"
    " clearly; then pick again the statements that describe you (bpo-assess task english).",
}


def evidence_lines(evidence: Evidence) -> list[RenderableType]:
    lines: list[RenderableType] = []
    for label, sentence in shown_lines(evidence):
        line = Text()
        line.append(f"{label}: ", style="bold")
        line.append(printable(sentence))  # a source named in an input file is free text
        lines.append(line)
    return lines


def measured_gaps(matches: Sequence[RoleMatch]) -> list[tuple[str, Prerequisite, str]]:
    """(measure, requirement, role title) of each measured requirement not yet met by the
    roles shown, one per measure: the first role that asks for it."""
    seen: dict[str, tuple[str, Prerequisite, str]] = {}
    for match in matches:
        for need in match.prerequisites:
            if need.measure and need.met is False and need.measure not in seen:
                seen[need.measure] = (need.measure, need, match.title)
    return list(seen.values())


def evidence_view(evidence: Evidence, matches: Sequence[RoleMatch] = ()) -> Group:
    """The "What you showed" section: each figure, then a practice step per measured gap."""
    parts: list[RenderableType] = [heading("What you showed"), *evidence_lines(evidence)]
    gaps = measured_gaps(matches)
    if gaps:
        parts.append(Text("To practise, for the roles that ask for more:", style="bold"))
        steps = []
        for measure, need, title in gaps:
            step = Text(f"{title} asks for {need.text}; you showed {need.measured}. ")
            step.append(PRACTICE[measure])
            steps.append(step)
        parts.append(bullets(steps))
    if evidence.typing is not None and evidence.typing.scored:
        parts.append(Text(POPULATION, style="italic"))
    return Group(*parts)
