"""Comparing two saved sessions, with changes too small to mean anything marked as noise.

One answer step is the change one answer moved by one choice makes: a skill's level is
the mean of its n answered items, so one step is 1/n of a level (0.25 for a four-item
skill, 1 for the quick interview's single item); for direct ratings it is half a level,
the finest step the ratings form is meant to use. A skill change no larger than that step
(of the coarser session) is "within noise": it is what answering one question a little
differently on another day does. A role's noise band is the largest change in its match
that any one-step nudge of one skill produces, and its rank change is noise when such a
nudge could give the other rank.
"""

from __future__ import annotations

from datetime import datetime

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import (
    AssessmentResult,
    Comparison,
    RoleChange,
    SessionRecord,
    SkillChange,
    SkillScore,
)
from bpo_assess.core.scoring import RoleScorer

RATING_STEP = 0.5  # direct ratings come in halves
DISAGREEMENT = 1.5  # levels between counsellor and self-rating worth pointing out
EPSILON = 1e-9  # levels are rounded to two decimals; a change of exactly one step is noise


def disagrees(counsellor: float | None, own: float) -> bool:
    """Whether the counsellor's rating is far enough from the client's to point out."""
    return counsellor is not None and abs(counsellor - own) >= DISAGREEMENT


def answer_step(score: SkillScore) -> float:
    """One answer step for a skill, in levels."""
    return 1.0 / score.answered if score.answered else RATING_STEP


def _levels(catalogue: Catalogue, result: AssessmentResult) -> tuple[float, ...]:
    return tuple(result.skills[s].level for s in catalogue.skill_ids)


def _nudged_scores(
    catalogue: Catalogue, scorer: RoleScorer, result: AssessmentResult, steps: dict[str, float]
) -> list[dict[str, tuple[float, int]]]:
    """Each role's (match, rank) for the result and for every one-step nudge of one skill."""
    base = _levels(catalogue, result)
    interests = result.background.interests
    variants = [base]
    for index, skill_id in enumerate(catalogue.skill_ids):
        for sign in (-1.0, 1.0):
            moved = min(5.0, max(1.0, base[index] + sign * steps[skill_id]))
            if moved != base[index]:
                variants.append((*base[:index], moved, *base[index + 1 :]))
    outcomes = []
    for levels in variants:
        ranked = scorer.score(levels, interests)
        outcomes.append({s.role.id: (s.match, rank) for rank, s in enumerate(ranked, start=1)})
    return outcomes


def compare(catalogue: Catalogue, before: SessionRecord, after: SessionRecord) -> Comparison:
    """Per-skill and per-role change from `before` to `after`, noise marked."""
    a, b = before.result, after.result
    fits = all(set(r.skills) == set(catalogue.skill_ids) for r in (a, b))
    skill_ids = catalogue.skill_ids if fits else tuple(s for s in a.skills if s in b.skills)
    steps = {s: max(answer_step(a.skills[s]), answer_step(b.skills[s])) for s in skill_ids}
    skills = []
    for skill_id in skill_ids:
        change = round(b.skills[skill_id].level - a.skills[skill_id].level, 2)
        skill = catalogue.skill_by_id.get(skill_id)
        counsellor = after.ratings.get(skill_id)
        skills.append(
            SkillChange(
                skill=skill_id,
                name=skill.name if skill else skill_id,
                before=a.skills[skill_id].level,
                after=b.skills[skill_id].level,
                change=change,
                step=round(steps[skill_id], 3),
                within_noise=abs(change) <= steps[skill_id] + EPSILON,
                counsellor_before=before.ratings.get(skill_id),
                counsellor_after=counsellor,
                large_disagreement=disagrees(counsellor, b.skills[skill_id].level),
            )
        )

    variants: list[list[dict[str, tuple[float, int]]]] = []
    if fits:
        scorer = RoleScorer(catalogue)
        variants = [_nudged_scores(catalogue, scorer, r, steps) for r in (a, b)]
    old = {m.role: m for m in a.matches}
    roles = []
    for match in b.matches:
        earlier = old.get(match.role)
        if earlier is None:
            continue
        change = round(match.match - earlier.match, 1)
        band = 0.0
        reachable: list[set[int]] = [set(), set()]  # ranks one step from before / after
        for side, outcomes in enumerate(variants):
            base = outcomes[0][match.role][0]
            for outcome in outcomes:
                band = max(band, abs(outcome[match.role][0] - base))
                reachable[side].add(outcome[match.role][1])
        rank_noise = (
            earlier.rank == match.rank or match.rank in reachable[0] or earlier.rank in reachable[1]
        )
        roles.append(
            RoleChange(
                role=match.role,
                title=match.title,
                match_before=earlier.match,
                match_after=match.match,
                change=change,
                rank_before=earlier.rank,
                rank_after=match.rank,
                noise_band=round(band, 1),
                within_noise=abs(change) <= band + EPSILON,
                rank_within_noise=rank_noise,
            )
        )
    return Comparison(
        before=before.id,
        after=after.id,
        before_at=before.created_at,
        after_at=after.created_at,
        days_apart=round((_when(after) - _when(before)).total_seconds() / 86400, 1),
        same_catalogue=catalogue.made(a.catalogue_hash) and catalogue.made(b.catalogue_hash),
        skills=skills,
        roles=roles,
    )


def _when(session: SessionRecord) -> datetime:
    return datetime.fromisoformat(session.created_at.replace("Z", "+00:00"))
