""" "What you showed": the tasks' figures beside the self-rated skills. Nothing here scores."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from bpo_assess.core.evidence import typing_words
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


def typing_line(evidence: Evidence) -> Text | None:
    typing = evidence.typing
    if typing is None:
        return None
    line = Text()
    line.append("Typing: ", style="bold")
    if not typing.scored:
        line.append(f"not scored ({typing.reason}).")
        return line
    line.append(typing_words(typing))
    details = []
    if typing.corrected_errors is not None and typing.uncorrected_errors is not None:
        details.append(
            f"{typing.corrected_errors} corrected, {typing.uncorrected_errors} left uncorrected"
        )
    if typing.seconds is not None:
        details.append(f"{typing.seconds:.0f} s")
    if typing.source != "typing task":
        details.append(f"measured by {printable(typing.source)}")
    if details:
        line.append(f" ({'; '.join(details)})")
    line.append(".")
    return line


def checking_line(evidence: Evidence) -> Text | None:
    checking = evidence.checking
    if checking is None:
        return None
    line = Text()
    line.append("Checking records: ", style="bold")
    if checking.pairs is not None and checking.hits is not None:
        right = checking.pairs - (checking.misses or 0) - (checking.false_alarms or 0)
        line.append(
            f"{right} of {checking.pairs} pairs right ({checking.percent_correct:.0f}%):"
            f" {checking.hits} of {checking.hits + (checking.misses or 0)} differences found,"
            f" {checking.false_alarms} false alarm{'s' if checking.false_alarms != 1 else ''}"
        )
        if checking.seconds is not None:
            line.append(f", {checking.seconds:.0f} s")
    else:
        line.append(
            f"{checking.percent_correct:.0f}% right (measured by {printable(checking.source)})"
        )
    line.append(".")
    return line


def english_line(evidence: Evidence) -> Text | None:
    english = evidence.english
    if english is None:
        return None
    line = Text()
    line.append("English (CEFR, self-assessed): ", style="bold")
    parts = ", ".join(
        f"{skill.replace('-', ' ')} {level}" for skill, level in english.skills.items()
    )
    line.append(f"overall {english.overall}; {parts}.")
    return line


def evidence_lines(evidence: Evidence) -> list[RenderableType]:
    lines: list[RenderableType] = []
    for line in (typing_line(evidence), checking_line(evidence), english_line(evidence)):
        if line is not None:
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
