"""The match formula as docs/scoring.md writes it, and the one order of roles.

This is the definition: plain arithmetic, one role at a time. `RoleScorer` (fast.py)
computes the same figures faster and a hypothesis test holds it to these within 1e-9. A
new term of the formula goes here first (constant, `RoleFigures` field, `role_figures`),
then into the fast path, then into docs/scoring.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import Background, Role

# match = 0.6 x readiness + 0.2 x strengths + 0.2 x stretch (+ bonuses): docs/scoring.md
READINESS_WEIGHT = 0.6
STRENGTHS_WEIGHT = 0.2
STRETCH_WEIGHT = 0.2
# A shortfall of up to half a level is within what the answers can tell (a full-interview
# skill's standard error is 0.26 to 0.29), so readiness counts only what lies beyond it.
READINESS_TOLERANCE = 0.5
SPREAD_FLOOR = 1.0  # alignment's floor on the profile's spread, in levels (see docs)
INTEREST_BONUS = 3.0  # match points for a role whose domain the person named as an interest
DOMAIN_BONUS = 3.0  # for a role whose domain prerequisite the person's study or work meets
PREFERENCE_BONUS = 2.0  # for a role whose kind of work (voice, non-voice) the person prefers
MATCH_CEILING = 100.0
SHOWN_DECIMALS = 1  # matches, readiness, alignment and strengths are shown to one decimal

Levels = tuple[float, ...]  # one level per skill, in catalogue order

NO_BACKGROUND = Background()


class ScoringContext(NamedTuple):
    """Everything a person brings to the ranking: skill levels (catalogue order) and
    background. Every path (score, batch, compare) ranks from one of these, so a term
    that reads the background is seen by all of them. A named tuple: batch makes one per
    row, and a frozen dataclass costs several times as much to build."""

    levels: Levels
    background: Background = NO_BACKGROUND


class RoleFigures(NamedTuple):
    """One role's figures for one person, before rounding."""

    readiness: float
    alignment: float
    strengths: float
    stretch: float  # readiness x the role's demand: how much of it you meet
    bonus: float  # interest + domain + preference
    match: float


class Bonuses(NamedTuple):
    """The match points a role gets from the person's background, by reason."""

    interest: float
    domain: float
    preference: float

    @property
    def total(self) -> float:
        return self.interest + self.domain + self.preference


def studied(catalogue: Catalogue, background: Background) -> frozenset[str]:
    """Domains the person has studied or worked in, or holds a credential in."""
    known = set(background.domain_knowledge or ())
    if background.certifications:
        from bpo_assess.core.scoring.advice import held_certifications

        for cert_id in held_certifications(catalogue, background.certifications):
            domain = catalogue.certification_by_id[cert_id].domain
            if domain is not None:
                known.add(domain)
    return frozenset(known)


def domain_prerequisites(role: Role) -> frozenset[str]:
    return frozenset(need.domain for need in role.prerequisites if need.domain is not None)


def bonuses(role: Role, background: Background, domains: frozenset[str]) -> Bonuses:
    """Interest: the role serves a domain the person named. Domain: the person's study or
    work (`domains`, from `studied`) meets the role's domain prerequisite. Preference: the
    role's kind of work is the one the person prefers."""
    needed = domain_prerequisites(role)
    preference = background.work_preference
    return Bonuses(
        INTEREST_BONUS if set(role.domains) & set(background.interests) else 0.0,
        DOMAIN_BONUS if needed and needed <= domains else 0.0,
        PREFERENCE_BONUS if preference != "either" and role.work_mode == preference else 0.0,
    )


def demand(catalogue: Catalogue, role: Role) -> float:
    """The role's level, 0 to 1: the importance-weighted mean of its required levels above
    level 1, out of 4. Team Leader asks most (0.81), Back-Office least (0.59)."""
    w = [role.profile[s].importance for s in catalogue.skill_ids]
    r = [role.profile[s].level for s in catalogue.skill_ids]
    return sum(w_s * (r_s - 1) for r_s, w_s in zip(r, w, strict=True)) / (4 * sum(w))


def role_figures(catalogue: Catalogue, role: Role, context: ScoringContext) -> RoleFigures:
    """Readiness, alignment, strengths, stretch, bonus and match of one role
    (docs/scoring.md, section 2)."""
    levels = context.levels
    n = len(levels)
    mean = sum(levels) / n
    d = [level - mean for level in levels]
    d_norm = math.sqrt(sum(x * x for x in d))
    r = [role.profile[s].level for s in catalogue.skill_ids]
    w = [role.profile[s].importance for s in catalogue.skill_ids]
    worst = sum(w_s * max(0, r_s - 1 - READINESS_TOLERANCE) for r_s, w_s in zip(r, w, strict=True))
    shortfall = sum(
        w_s * max(0, r_s - READINESS_TOLERANCE - L)
        for r_s, w_s, L in zip(r, w, levels, strict=True)
    )
    readiness = 100 * (1 - shortfall / worst) if worst else 100.0
    m = [r_s * w_s for r_s, w_s in zip(r, w, strict=True)]
    e = [m_s - sum(m) / n for m_s in m]
    e_norm = math.sqrt(sum(x * x for x in e))
    d_dot_e = sum(d_s * e_s for d_s, e_s in zip(d, e, strict=True))
    alignment = 50 + 50 * d_dot_e / (e_norm * max(d_norm, SPREAD_FLOOR)) if e_norm else 50.0
    strengths = 100 * sum(w_s * (L - 1) for w_s, L in zip(w, levels, strict=True)) / (4 * sum(w))
    stretch = readiness * demand(catalogue, role)
    extra = bonuses(role, context.background, studied(catalogue, context.background)).total
    match = min(
        MATCH_CEILING,
        READINESS_WEIGHT * readiness
        + STRENGTHS_WEIGHT * strengths
        + STRETCH_WEIGHT * stretch
        + extra,
    )
    return RoleFigures(readiness, alignment, strengths, stretch, extra, match)


def figures(catalogue: Catalogue, context: ScoringContext) -> list[RoleFigures]:
    """Every role's figures, in catalogue order."""
    return [role_figures(catalogue, role, context) for role in catalogue.roles]


def shown(value: float) -> float:
    """A figure as the person sees it."""
    return round(value, SHOWN_DECIMALS)


def order_key(place: int, figures: RoleFigures) -> tuple[float, float, int]:
    """The one order of roles: by the shown match, highest first, then the shown alignment
    (which role leans on your strongest skills), then the role's place in the catalogue
    (docs/scoring.md, "Ranking and ties")."""
    return (-shown(figures.match), -shown(figures.alignment), place)


def shown_order(all_figures: Sequence[RoleFigures]) -> list[int]:
    """Catalogue places of the roles in the order shown."""
    return sorted(range(len(all_figures)), key=lambda place: order_key(place, all_figures[place]))


def shared_ranks(matches: Sequence[float]) -> list[int]:
    """Competition ranks for shown matches in shown order: equal shown matches share a rank
    (1, =2, =2, 4)."""
    ranks: list[int] = []
    for index, match in enumerate(matches):
        ranks.append(ranks[-1] if index and match == matches[index - 1] else index + 1)
    return ranks


def rank_label(rank: int, shared: bool) -> str:
    """A rank as every view prints it: "=2" when another role holds the same rank."""
    return f"={rank}" if shared else str(rank)
