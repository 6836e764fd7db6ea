"""The scoring: answers -> skill levels -> ranked role matches, tiers, gaps and advice.

Pure functions over the catalogue; no terminal or file I/O. The rooms:

- formula.py: the match formula, written plainly, and the one order of roles;
- fast.py: `RoleScorer`, the same figures arranged for batch's speed;
- uncertainty.py: standard errors, slopes, tiers, a match's standard error;
- levels.py: answers -> skill levels (each item kind's rule is in core/items.py);
- advice.py: gaps, prerequisites, the certification plan, growth;
- here: `assess`, which puts them together into one result.

docs/scoring.md gives the formulas and a worked example.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.evidence import disagreement, evidence, measured_prerequisites
from bpo_assess.core.models import AssessmentInput, AssessmentResult, Background, RoleMatch
from bpo_assess.core.quality import quality_flags
from bpo_assess.core.scoring.advice import (
    DOMAIN_VALUE,
    certification_plan,
    eligibility,
    growth_path,
    held_certifications,
    prerequisites,
    ready_now,
    role_gaps,
)
from bpo_assess.core.scoring.fast import RoleScore, RoleScorer
from bpo_assess.core.scoring.formula import (
    DOMAIN_BONUS,
    INTEREST_BONUS,
    PREFERENCE_BONUS,
    READINESS_TOLERANCE,
    READINESS_WEIGHT,
    STRENGTHS_WEIGHT,
    STRETCH_WEIGHT,
    Levels,
    RoleFigures,
    ScoringContext,
    bonuses,
    rank_label,
    shared_ranks,
    shown,
    studied,
)
from bpo_assess.core.scoring.levels import level_to_score, skill_scores
from bpo_assess.core.scoring.uncertainty import (
    ANSWER_SD,
    RATING_SE,
    TIER_Z,
    match_error,
    skill_error,
    standard_error,
    tiers,
)

TOP = 3  # the top roles: shown in detail, written per person by batch

__all__ = [
    "ANSWER_SD",
    "DOMAIN_BONUS",
    "DOMAIN_VALUE",
    "INTEREST_BONUS",
    "PREFERENCE_BONUS",
    "RATING_SE",
    "READINESS_TOLERANCE",
    "READINESS_WEIGHT",
    "STRENGTHS_WEIGHT",
    "STRETCH_WEIGHT",
    "TIER_Z",
    "TOP",
    "Levels",
    "RoleFigures",
    "RoleScore",
    "RoleScorer",
    "ScoringContext",
    "assess",
    "certification_plan",
    "context_of",
    "eligibility",
    "growth_path",
    "held_certifications",
    "level_to_score",
    "match_error",
    "prerequisites",
    "rank_label",
    "rank_labels",
    "ready_now",
    "role_gaps",
    "shared_ranks",
    "shown_groups",
    "shown_places",
    "shown_ranking",
    "skill_error",
    "skill_scores",
    "standard_error",
    "tiers",
]


def rank_labels(matches: Sequence[RoleMatch]) -> dict[str, str]:
    """Each role's rank as every view prints it ("=2" when shared), by role id."""
    holders = Counter(match.rank for match in matches)
    return {match.role: rank_label(match.rank, holders[match.rank] > 1) for match in matches}


def context_of(catalogue: Catalogue, result: AssessmentResult) -> ScoringContext:
    """A saved result's scoring context: its skill levels and its background."""
    levels = tuple(result.skills[s].level for s in catalogue.skill_ids)
    return ScoringContext(levels, result.background)


SHOWN_GROUPS = {True: 0, None: 1, False: 2}  # apply now, not known, grow into


def shown_groups(matches: Sequence[RoleMatch]) -> list[RoleMatch]:
    """Matches in the order the screen shows them: roles the person can apply for now,
    then those whose prerequisites the background does not settle, then roles to grow
    into; by match within each (the sort is stable)."""
    return sorted(matches, key=lambda match: SHOWN_GROUPS[match.ready_now])


def shown_places(catalogue: Catalogue, background: Background) -> list[int]:
    """Each role's group as shown (0 apply now, 1 not known, 2 grow into), catalogue order."""
    held = held_certifications(catalogue, background.certifications)
    return [
        SHOWN_GROUPS[ready_now(prerequisites(catalogue, role, background, held))]
        for role in catalogue.roles
    ]


def shown_ranking(
    scorer: RoleScorer, context: ScoringContext, places: Sequence[int], top: int | None = None
) -> list[RoleScore]:
    """The roles in the order the screen shows them (batch's CSV): by group, then match."""
    return scorer.score(context, top, places)


def assess(
    catalogue: Catalogue,
    data: AssessmentInput,
    *,
    scorer: RoleScorer | None = None,
    top: int | None = None,
) -> AssessmentResult:
    """Score one person: skill profile, role matches in the order shown, with gaps and
    advice. `rank` is the place as shown, `match_rank` the place by match alone."""
    scorer = scorer or RoleScorer(catalogue)
    skills = skill_scores(catalogue, data)
    levels = tuple(skills[s].level for s in catalogue.skill_ids)
    by_skill = {s: skills[s].level for s in catalogue.skill_ids}
    background = data.background
    held = held_certifications(catalogue, background.certifications)
    measured = evidence(data.tasks)
    domains = studied(catalogue, background)
    ranked = scorer.score(ScoringContext(levels, background))
    errors = tuple(skill_error(skills[s]) for s in catalogue.skill_ids)
    tiered = tiers(ranked, scorer.demands, levels, errors)
    match_ranks = shared_ranks([scored.match for scored in ranked])
    shared = Counter(tiered)
    matches = []
    for match_rank, tier, scored in zip(match_ranks, tiered, ranked, strict=True):
        role = scored.role
        gaps = role_gaps(catalogue, role, by_skill)
        needs = prerequisites(catalogue, role, background, held)
        needs += measured_prerequisites(role, measured)
        extra = bonuses(role, background, domains)
        matches.append(
            RoleMatch(
                rank=match_rank,
                match_rank=match_rank,
                role=role.id,
                title=role.title,
                match=scored.match,
                readiness=scored.readiness,
                alignment=scored.alignment,
                strengths=scored.strengths,
                stretch=shown(scored.figures.stretch),
                tier=tier,
                close_call=shared[tier] > 1,
                ready_now=ready_now(needs),
                prerequisites=needs,
                interest_bonus=extra.interest,
                domain_bonus=extra.domain,
                preference_bonus=extra.preference,
                gaps=gaps,
                certifications=certification_plan(catalogue, role, gaps, held, background),
                growth=growth_path(catalogue, role),
            )
        )
    in_view = shown_groups(matches)
    ranks = shared_ranks([match.match for match in in_view])
    matches = [m.model_copy(update={"rank": r}) for m, r in zip(in_view, ranks, strict=True)]
    return AssessmentResult(
        skills=skills,
        matches=matches[:top] if top else matches,
        background=background,
        quality=disagreement(by_skill, measured, {s.id: s.name for s in catalogue.skills})
        + quality_flags(catalogue, data, levels),
        evidence=measured,
        catalogue_hash=catalogue.content_hash,
    )
