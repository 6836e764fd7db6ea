"""What to do next, chosen once from a result: the roles to apply for now and one step of
each kind. The results summary, the counsellor's report and its practice plan use it."""

from __future__ import annotations

from dataclasses import dataclass

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import AssessmentResult, CertificationAdvice, RoleMatch, Skill
from bpo_assess.core.scoring import TOP


@dataclass(frozen=True)
class Practice:
    """A skill to practise, with the catalogue's ways to grow it."""

    skill: Skill
    level: float
    ways: tuple[str, ...]


@dataclass(frozen=True)
class NextSteps:
    apply_now: list[RoleMatch]  # tier 1 (about equal to the best), ready now where known
    more_in_tier: int  # tier-1 roles beyond those listed
    apply_for: RoleMatch | None
    take: CertificationAdvice | None
    take_for: RoleMatch | None
    practise: list[Practice]  # weakest skills first


def apply_now(result: AssessmentResult, limit: int = TOP) -> tuple[list[RoleMatch], int]:
    """The roles to apply for now: tier 1, without those known not to be ready yet."""
    first_tier = [m for m in result.matches if m.tier == 1 and m.ready_now is not False]
    if not first_tier:
        first_tier = result.matches[:1]
    return first_tier[:limit], max(0, len(first_tier) - limit)


def weakest(
    catalogue: Catalogue,
    result: AssessmentResult,
    count: int = 2,
    ratings: dict[str, int] | None = None,
) -> list[Practice]:
    """The weakest skills; where the counsellor rated a skill, their level is the one used."""
    levels = {s: float((ratings or {}).get(s, result.skills[s].level)) for s in catalogue.skill_ids}
    ordered = sorted(catalogue.skill_ids, key=lambda s: (levels[s], catalogue.skill_ids.index(s)))
    return [
        Practice(catalogue.skill_by_id[s], levels[s], tuple(catalogue.skill_by_id[s].improve))
        for s in ordered[:count]
    ]


def next_steps(
    catalogue: Catalogue, result: AssessmentResult, ratings: dict[str, int] | None = None
) -> NextSteps:
    roles, more = apply_now(result)
    target = roles[0] if roles else None
    take, take_for = None, None
    for match in ([target] if target else []) + list(result.matches):
        usable = [c for c in match.certifications if c.eligible is not False]
        closing = [c for c in usable if c.closes] or usable
        if closing:
            take, take_for = closing[0], match
            break
    return NextSteps(
        apply_now=roles,
        more_in_tier=more,
        apply_for=target,
        take=take,
        take_for=take_for,
        practise=weakest(catalogue, result, ratings=ratings),
    )
