"""What to do next, chosen once from a result: the roles to apply for now and one step of
each kind. The results summary, the counsellor's report and its practice plan use it."""

from __future__ import annotations

from dataclasses import dataclass

from bpo_assess.core.advice import followed_levels, practice_tips, weakest_skills
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
    apply_now: list[RoleMatch]  # roles to apply for now: tier 1 when one is ready, else
    # the best role the person can apply for from any tier; never one known not ready
    more_in_tier: int  # tier-1 roles beyond those listed
    apply_for: RoleMatch | None
    take: CertificationAdvice | None  # only for a role they can apply for, and can sit now
    take_for: RoleMatch | None
    practise: list[Practice]  # weakest skills first
    tier_one_ready: bool = True  # whether a role of tier 1 can be applied for now
    grow_into: RoleMatch | None = None  # when none of tier 1 is ready: the best of them
    needs_first: tuple[str, ...] = ()  # what `grow_into` needs first
    background_unknown: bool = False  # some prerequisite cannot be judged (no background)


def can_apply(match: RoleMatch) -> bool:
    """Ready now, or not known to be unready (the background does not say)."""
    return match.ready_now is not False


def apply_now(result: AssessmentResult, limit: int = TOP) -> tuple[list[RoleMatch], int]:
    """The roles to apply for now: tier 1 without those known not to be ready yet; when
    that leaves none, the best role the person can apply for from any tier."""
    candidates = [m for m in result.matches if can_apply(m)]
    first_tier = [m for m in candidates if m.tier == 1]
    if not first_tier:
        return candidates[:1], 0
    return first_tier[:limit], max(0, len(first_tier) - limit)


def weakest(
    catalogue: Catalogue,
    result: AssessmentResult,
    count: int = 2,
    ratings: dict[str, int] | None = None,
) -> list[Practice]:
    """The weakest skills (`advice.weakest_skills`, the counsellor's rating where given),
    each with its tips in the form that fits the person's background."""
    levels = followed_levels(catalogue, result, ratings)
    chosen = weakest_skills(catalogue, result, count, ratings).skills
    skills = [catalogue.skill_by_id[s] for s in chosen]
    return [
        Practice(skill, levels[skill.id], tuple(practice_tips(skill, result.background)))
        for skill in skills
    ]


def next_steps(
    catalogue: Catalogue, result: AssessmentResult, ratings: dict[str, int] | None = None
) -> NextSteps:
    roles, more = apply_now(result)
    target = roles[0] if roles else None
    tier_one = [m for m in result.matches if m.tier == 1]
    tier_one_ready = any(can_apply(m) for m in tier_one)
    grow = None if tier_one_ready or not tier_one else tier_one[0]
    take, take_for = None, None
    # Only roles the person can apply for; a certification they cannot sit yet never leads.
    for match in ([target] if target else []) + [m for m in result.matches if can_apply(m)]:
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
        tier_one_ready=tier_one_ready,
        grow_into=grow,
        needs_first=tuple(n.text for n in grow.prerequisites if n.met is False) if grow else (),
        background_unknown=any(n.met is None for m in result.matches for n in m.prerequisites),
    )


def why_before(first: RoleMatch, second: RoleMatch) -> str:
    """Why `first` is shown before `second`, in words: what differs between them."""
    reasons = []
    if first.ready_now is not False and second.ready_now is False:
        reasons.append(f"you can apply for it now, and {second.title} needs more first")
    elif first.ready_now is True and second.ready_now is None:
        reasons.append("you are known to meet what employers want for it")
    if first.readiness - second.readiness >= 1:
        reasons.append("you meet more of the skill levels it asks for")
    elif (first.stretch or 0) - (second.stretch or 0) >= 1:
        reasons.append("it asks more of you, and you meet it")
    if first.domain_bonus > second.domain_bonus:
        reasons.append("your study or work meets its domain requirement")
    if first.interest_bonus > second.interest_bonus:
        reasons.append("it serves an industry you named")
    if first.preference_bonus > second.preference_bonus:
        reasons.append("it is the kind of work you prefer")
    if not reasons:
        if first.match == second.match:
            return f"{first.title} and {second.title} fit you equally well."
        reasons.append("its match is higher")
    return f"{first.title} comes before {second.title}: {'; '.join(reasons)}."
