"""Advice that depends on who the person is: practice tips by background, the weakest
skills to grow (ties settled by what the best role needs), experience as it was chosen."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import AssessmentResult, Background, Skill

# The interview's experience choices: the value stored for each, and the words chosen.
EXPERIENCE_RANGES = (
    (0.0, "no experience yet"),
    (0.5, "less than a year of experience"),
    (1.5, "one to two years of experience"),
    (3.0, "two to five years of experience"),
    (6.0, "more than five years of experience"),
)


def at_work(background: Background) -> bool:
    """The one rule for which form of a tip fits: any BPO or customer-facing experience
    means tips about the job; none, or none said, means tips that need no job."""
    return (background.years_experience or 0) > 0


def practice_tips(skill: Skill, background: Background) -> list[str]:
    """The skill's ways to grow, in the form that fits the person's background."""
    return list(skill.improve if at_work(background) else skill.improve_without_job)


def experience_phrase(years: float) -> str:
    """Experience as the person gave it: the range they chose in the interview ('two to
    five years of experience', not '3 years'), or the years a file states."""
    for value, words in EXPERIENCE_RANGES:
        if years == value:
            return words
    return f"{years:g} years of experience" if years != 1 else "1 year of experience"


@dataclass(frozen=True)
class Weakest:
    skills: list[str]  # skill ids, weakest first
    tied: list[str]  # every skill tied at the level where the choice had to be made
    settled_by: str | None  # the role whose needs chose among the tied, if any


def followed_levels(
    catalogue: Catalogue, result: AssessmentResult, ratings: Mapping[str, int] | None = None
) -> dict[str, float]:
    """Each skill's level as the advice follows it: the counsellor's rating where given."""
    return {s: float((ratings or {}).get(s, result.skills[s].level)) for s in catalogue.skill_ids}


def weakest_skills(
    catalogue: Catalogue,
    result: AssessmentResult,
    count: int = 2,
    ratings: Mapping[str, int] | None = None,
) -> Weakest:
    """The `count` weakest skills (the one rule the results, the summary and the report
    share). Among skills tied at the cut, those the best-matching role weighs most come
    first (then catalogue order), and the tie is said."""
    levels = followed_levels(catalogue, result, ratings)
    role = catalogue.role_by_id.get(result.matches[0].role) if result.matches else None

    def need(skill: str) -> float:
        return -role.profile[skill].importance if role and skill in role.profile else 0

    ordered = sorted(
        catalogue.skill_ids, key=lambda s: (levels[s], need(s), catalogue.skill_ids.index(s))
    )
    chosen = ordered[:count]
    if len(ordered) <= count:
        return Weakest(chosen, [], None)
    cut = levels[chosen[-1]]
    tied = [s for s in ordered if levels[s] == cut]
    if len(tied) <= len([s for s in chosen if levels[s] == cut]):
        return Weakest(chosen, [], None)
    return Weakest(chosen, tied, role.title if role else None)
