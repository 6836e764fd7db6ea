"""The formula arranged for speed: `RoleScorer` scores a person with look-ups and sums.

Same figures as formula.py (a hypothesis test holds them within 1e-9), same order of
roles (formula.order_key). docs/scoring.md, "How it is computed", says how.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from typing import NamedTuple

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import Background, Role
from bpo_assess.core.scoring.formula import (
    MATCH_CEILING,
    NO_BACKGROUND,
    READINESS_TOLERANCE,
    READINESS_WEIGHT,
    SHOWN_DECIMALS,
    SPREAD_FLOOR,
    STRENGTHS_WEIGHT,
    STRETCH_WEIGHT,
    Levels,
    RoleFigures,
    ScoringContext,
    bonuses,
    demand,
    order_key,
    studied,
)

TERMS_MEMO = 1_000  # levels per skill whose terms RoleScorer remembers

# Inside RoleScorer only: (-match, place, readiness, alignment, strengths, stretch, bonus),
# so that a plain sort puts the best match first; every figure leaves as a RoleFigures.
_Sortable = tuple[float, int, float, float, float, float, float]


def _named(entry: _Sortable) -> RoleFigures:
    negative, _, readiness, alignment, strengths, stretch, bonus = entry
    # tuple.__new__ skips the named tuple's Python-level __new__: a third of its cost here.
    figures = (readiness, alignment, strengths, stretch, bonus, -negative)
    return tuple.__new__(RoleFigures, figures)


class RoleScore(NamedTuple):
    """One ranked role: the role, its place in the catalogue, its figures unrounded, and
    its match as shown. The other figures are rounded when read: most callers read them for
    a few roles only (batch's CSV for the best one), or not at all."""

    role: Role
    order: int  # the role's place in the catalogue: the last tie-break
    match: float  # as shown (one decimal)
    figures: RoleFigures

    @property
    def readiness(self) -> float:
        return round(self.figures.readiness, SHOWN_DECIMALS)  # formula.shown, one call less

    @property
    def alignment(self) -> float:
        return round(self.figures.alignment, SHOWN_DECIMALS)  # formula.shown, one call less

    @property
    def strengths(self) -> float:
        return round(self.figures.strengths, SHOWN_DECIMALS)  # formula.shown, one call less

    @property
    def bonus(self) -> float:
        return self.figures.bonus

    @property
    def unrounded_match(self) -> float:
        return self.figures.match


class RoleVector(NamedTuple):
    """A role's profile as numbers in skill order, with the parts that do not depend on you."""

    role: Role
    demands: tuple[tuple[int, int], ...]  # (required level, importance) per skill
    worst: float  # the largest possible weighted shortfall: readiness's denominator
    demand: float  # the role's level, formula.demand
    weight: int  # the sum of importances, Σ w_s: strengths' denominator (x 4)
    centred: Levels  # the role's emphasis, e_s in docs/scoring.md
    norm: float  # its length, ||e||
    domains: frozenset[str]


class SkillTerms(NamedTuple):
    """One skill's terms in every role's three sums, for one level of that skill, roles in
    catalogue order."""

    shortfalls: tuple[float, ...]  # 100 x w_s x max(0, r_s - L_s) / worst
    leans: tuple[float, ...]  # L_s x e_s
    weighted: tuple[float, ...]  # 100 x w_s x (L_s - 1) / (4 Σ w)


class RoleScorer:
    """Role profiles turned into vectors once, so each person costs only arithmetic.

    `score` runs once per person in `batch` (hundreds of thousands of times). Both of a
    role's per-person sums, the weighted shortfall and the lean d . e, add up one term per
    skill that depends only on that skill's level (docs/scoring.md, "How it is computed"),
    so the terms are remembered per (skill, level) and a person costs a few look-ups, one
    pass of sums and a little arithmetic per role. The weighted level behind strengths,
    Σ w_s (L_s - 1), is a third such sum.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.skill_ids = catalogue.skill_ids
        self._vectors = [self._vector(role) for role in catalogue.roles]
        self._roles = len(self._vectors)
        self.demands = [v.demands for v in self._vectors]  # by catalogue place
        # What the per-person loop reads of each role: its place, norm and level.
        self._loop = [(place, v.norm, v.demand) for place, v in enumerate(self._vectors)]
        # Per skill, per level: the three sums' terms laid end to end (SkillTerms flattened),
        # so that one zip adds up every role's three sums at once.
        self._terms: list[dict[float, tuple[float, ...]]] = [{} for _ in self.skill_ids]

    def _vector(self, role: Role) -> RoleVector:
        demands = tuple((role.profile[s].level, role.profile[s].importance) for s in self.skill_ids)
        worst = sum(w * max(0, r - 1 - READINESS_TOLERANCE) for r, w in demands)
        weight = sum(w for _, w in demands)
        emphasis = [r * w for r, w in demands]
        mean = sum(emphasis) / len(emphasis)
        centred = tuple(m - mean for m in emphasis)
        norm = math.sqrt(sum(c * c for c in centred))
        return RoleVector(
            role,
            demands,
            worst,
            demand(self.catalogue, role),
            weight,
            centred,
            norm,
            frozenset(role.domains),
        )

    def skill_terms(self, skill: int, level: float) -> SkillTerms:
        """One skill's terms in every role's three sums, for one level L_s of that skill."""
        return SkillTerms(
            shortfalls=tuple(
                100.0 * w * (r - READINESS_TOLERANCE - level) / vector.worst
                if level < r - READINESS_TOLERANCE
                else 0.0
                for vector, (r, w) in ((v, v.demands[skill]) for v in self._vectors)
            ),
            leans=tuple(level * vector.centred[skill] for vector in self._vectors),
            weighted=tuple(
                100.0 * vector.demands[skill][1] * (level - 1) / (4 * vector.weight)
                for vector in self._vectors
            ),
        )

    def _remembered(self, skill: int, level: float) -> tuple[float, ...]:
        """`skill_terms` laid end to end, remembered per skill and level: a cohort's levels
        come from a handful of values, so a person's terms are mostly look-ups. Capped for
        odd input."""
        terms = self.skill_terms(skill, level)
        flat = terms.shortfalls + terms.leans + terms.weighted
        remembered = self._terms[skill]
        if len(remembered) < TERMS_MEMO:
            remembered[level] = flat
        return flat

    def figures(self, context: ScoringContext) -> list[RoleFigures]:
        """Every role's figures in catalogue order, before rounding (formula.figures)."""
        return [_named(entry) for entry in self._sortable(context)]

    def _sortable(self, context: ScoringContext) -> list[_Sortable]:
        """Each role's figures in catalogue order as `_Sortable` tuples: the per-person
        loop names only the roles it keeps, since a named tuple costs a call per role."""
        levels = context.levels
        total = sum(levels)
        squares = sum(map(operator.mul, levels, levels))
        # ||d||^2 = sum(L^2) - n x mean^2; max() keeps rounding error from going below zero.
        spread = math.sqrt(max(squares - total * total / len(levels), 0.0))
        if spread < SPREAD_FLOOR:
            spread = SPREAD_FLOOR
        background = context.background
        extras = None if background is NO_BACKGROUND else self._bonuses(background)
        try:
            terms = list(map(dict.__getitem__, self._terms, levels))  # each skill's terms
        except KeyError:  # a level not seen before
            terms = [self._remembered(skill, level) for skill, level in enumerate(levels)]
        sums = list(map(sum, zip(*terms, strict=True)))  # add up each column of terms
        roles = self._roles
        shortfalls, leans, weighted = sums[:roles], sums[roles : 2 * roles], sums[2 * roles :]
        sortable: list[_Sortable] = []
        for (place, norm, level), shortfall, lean, strengths in zip(
            self._loop, shortfalls, leans, weighted, strict=True
        ):
            readiness = 100.0 - shortfall
            alignment = 50.0 + 50.0 * lean / (norm * spread) if norm else 50.0
            stretch = readiness * level
            bonus = extras[place] if extras else 0.0
            match = (
                READINESS_WEIGHT * readiness
                + STRENGTHS_WEIGHT * strengths
                + STRETCH_WEIGHT * stretch
                + bonus
            )
            if match > MATCH_CEILING:  # the bonus can push past it; min() costs more here
                match = MATCH_CEILING
            sortable.append((-match, place, readiness, alignment, strengths, stretch, bonus))
        return sortable

    def _bonuses(self, background: Background) -> list[float]:
        """Each role's background bonuses (formula.bonuses), in catalogue order."""
        domains = studied(self.catalogue, background)
        return [bonuses(v.role, background, domains).total for v in self._vectors]

    def score(
        self,
        context: ScoringContext,
        top: int | None = None,
        groups: Sequence[int] | None = None,
    ) -> list[RoleScore]:
        """The roles in the order shown (formula.order_key), the first `top` only.

        Sorting by the unrounded match first is the same order: rounding never swaps two
        matches, it can only make them equal, so the two orders differ only within a run
        of equal shown matches. Such runs are rare, so only the roles shown (and any tied
        with the last of them) are rounded, and they are sorted again by the one order key
        only when there is a run. With `groups` (each role's shown group by catalogue
        place: apply now, not known, grow into) the roles come group by group.
        """
        sortable = self._sortable(context)
        if groups is None:
            sortable.sort()  # best unrounded match first, then catalogue order
        else:
            sortable.sort(key=lambda entry: (groups[entry[1]], entry))
        top = self._roles if top is None else top
        if top < 1:
            return []
        taken: list[RoleScore] = []
        vectors = self._vectors
        for entry in sortable:
            match = round(-entry[0], SHOWN_DECIMALS)
            if len(taken) >= top and (
                match != taken[-1].match
                or (groups is not None and groups[entry[1]] != groups[taken[-1].order])
            ):
                break
            place = entry[1]
            taken.append(
                tuple.__new__(RoleScore, (vectors[place].role, place, match, _named(entry)))
            )
        if len({scored.match for scored in taken}) < len(taken):
            if groups is None:
                taken.sort(key=lambda scored: order_key(scored.order, scored.figures))
            else:
                taken.sort(key=lambda s: (groups[s.order], *order_key(s.order, s.figures)))
        return taken[:top]
