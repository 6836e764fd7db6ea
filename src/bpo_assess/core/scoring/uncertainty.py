"""How precise the figures are: skill standard errors, a match's slope per skill, tiers
and a match's standard error (docs/scoring.md, "Honest uncertainty").

The slope is the derivative of formula.role_figures' match, averaged over the
measurement error; tests/test_scoring_uncertainty.py checks it against finite
differences of the formula. A new formula term adds its derivative to `gradient`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from bpo_assess.core.models import SkillScore
from bpo_assess.core.scoring.fast import RoleScore
from bpo_assess.core.scoring.formula import (
    READINESS_TOLERANCE,
    READINESS_WEIGHT,
    STRENGTHS_WEIGHT,
    STRETCH_WEIGHT,
    Levels,
)

# The spread of one answer around the person's level, in levels, measured on a real retest:
# both sessions answered afresh from the same true levels (each answer the choice nearest
# the true level, one in five moved by one step), pooled over the bank's 35 items
# (`python -m validity`, docs/scoring.md "Standard errors").
ANSWER_SD = 0.42
RATING_SE = 0.5  # a direct rating's standard error: half a level, the finest step it uses
# A role leaves the leader's tier when the leader is ahead beyond the 95% two-sided interval
# of their difference. One-sided 95% (1.645) left the retest's leader outside the first
# run's tier 1 too often on the afresh retest (docs/validity.md, "Ranking and retest").
TIER_Z = 1.96

Demands = Sequence[tuple[int, int]]  # (required level, importance) per skill


def standard_error(answered: int) -> float:
    """A skill level's standard error: the mean of n answers that each scatter ANSWER_SD
    around the person's level has ANSWER_SD / sqrt(n); a direct rating (n = 0) has
    RATING_SE (docs/scoring.md, "Standard errors")."""
    return round(ANSWER_SD / math.sqrt(answered) if answered else RATING_SE, 3)


def skill_error(score: SkillScore) -> float:
    """The standard error of a saved skill score, recomputed for results saved before
    schema version 2."""
    return (
        score.standard_error if score.standard_error is not None else standard_error(score.answered)
    )


def _normal_cdf(z: float) -> float:
    return 0.5 * math.erfc(-z / math.sqrt(2.0))


def gradient(demands: Demands, levels: Levels, errors: Levels) -> tuple[float, ...]:
    """How much a role's match moves per level of each skill, averaged over the
    measurement error: a shortfall term counts with the chance Φ((r_s - t - L_s) / SE_s)
    that the true level is short by more than the tolerance t; readiness moves the match
    directly and through stretch (docs/scoring.md, "Tiers")."""
    worst = sum(w * max(0, r - 1 - READINESS_TOLERANCE) for r, w in demands)
    most = 4 * sum(w for _, w in demands)
    level = sum(w * (r - 1) for r, w in demands) / most  # formula.demand
    through_readiness = READINESS_WEIGHT + STRETCH_WEIGHT * level
    slopes = []
    for (required, importance), skill_level, error in zip(demands, levels, errors, strict=True):
        edge = required - READINESS_TOLERANCE
        below = (
            _normal_cdf((edge - skill_level) / error) if error > 0 else float(skill_level < edge)
        )
        ready = 100.0 * importance * below / worst if worst else 0.0
        slopes.append(through_readiness * ready + STRENGTHS_WEIGHT * 100.0 * importance / most)
    return tuple(slopes)


def difference_error(one: Sequence[float], other: Sequence[float], errors: Levels) -> float:
    """The standard error of the difference between two matches with these slopes: both
    come from the same answers, so much of their error cancels."""
    return math.sqrt(sum(((a - b) * e) ** 2 for a, b, e in zip(one, other, errors, strict=True)))


def match_error(demands: Demands, levels: Levels, errors: Levels) -> float:
    """The standard error of one role's match, in match points."""
    slopes = gradient(demands, levels, errors)
    return math.sqrt(sum((s * e) ** 2 for s, e in zip(slopes, errors, strict=True)))


def tiers(
    ranked: Sequence[RoleScore], demands: Sequence[Demands], levels: Levels, errors: Levels
) -> list[int]:
    """A tier for each role of `ranked` (in shown order, every role; `demands` by catalogue
    place): a role stays in the current tier while its gap to the tier's leader is within
    TIER_Z standard errors of that difference, or its shown match equals the role before
    it."""
    slopes = {scored.order: gradient(demands[scored.order], levels, errors) for scored in ranked}
    found: list[int] = []
    leader: RoleScore | None = None
    tier = 0
    for index, scored in enumerate(ranked):
        if leader is None:
            leader, tier = scored, 1
        elif scored.match != ranked[index - 1].match:
            gap = leader.unrounded_match - scored.unrounded_match
            spread = difference_error(slopes[leader.order], slopes[scored.order], errors)
            if gap > TIER_Z * spread:
                leader, tier = scored, tier + 1
        found.append(tier)
    return found
