"""The scoring engine: answers -> skill levels -> role matches, gaps and advice.

Pure functions over the catalogue; no terminal or file I/O. docs/scoring.md gives the
formulas and a worked example; the constants below are the ones it names.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import (
    AssessmentInput,
    AssessmentResult,
    CertificationAdvice,
    Gap,
    GrowthAdvice,
    RatingItem,
    Role,
    RoleMatch,
    SkillScore,
)
from bpo_assess.core.quality import quality_flags
from bpo_assess.errors import BpoError

READINESS_WEIGHT = 0.7  # match = 0.7 x readiness + 0.3 x alignment (+ interest bonus)
ALIGNMENT_WEIGHT = 0.3
SPREAD_FLOOR = 1.0  # alignment's floor on the profile's spread, in levels (see docs)
INTEREST_BONUS = 3.0  # match points for a role whose domain the person named as an interest
TOP = 3  # the top roles: shown in detail, judged for close calls, written per person by batch
TERMS_MEMO = 1_000  # levels per skill whose terms RoleScorer remembers
LEVEL_ORDER = {"entry": 0, "intermediate": 1, "advanced": 2}

Levels = tuple[float, ...]  # one level per skill, in catalogue order
# A role's figures: (match, order, readiness, alignment, bonus); -match before ranking
Ranked = tuple[float, int, float, float, float]


class RoleScore(NamedTuple):
    """One ranked role's figures. Readiness and alignment are rounded when read: most
    callers read them for a few roles only (batch's CSV for the best one), or not at all."""

    role: Role
    match: float  # rounded to one decimal
    bonus: float
    order: int  # the role's place in the catalogue: the last tie-break
    unrounded_readiness: float
    unrounded_alignment: float

    @property
    def readiness(self) -> float:
        return round(self.unrounded_readiness, 1)

    @property
    def alignment(self) -> float:
        return round(self.unrounded_alignment, 1)


class RoleVector(NamedTuple):
    """A role's profile as numbers in skill order, with the parts that do not depend on you."""

    role: Role
    demands: tuple[tuple[int, int], ...]  # (required level, importance) per skill
    worst: int  # the largest possible weighted shortfall: readiness's denominator
    centred: Levels  # the role's emphasis, e_s in docs/scoring.md
    norm: float  # its length, ||e||
    domains: frozenset[str]


class RoleScorer:
    """Role profiles turned into vectors once, so each person costs only arithmetic.

    `score` runs once per person in `batch` (hundreds of thousands of times). Both of a
    role's per-person sums, the weighted shortfall and the lean d . e, add up one term per
    skill that depends only on that skill's level (docs/scoring.md, "How it is computed"),
    so the terms are remembered per (skill, level) and a person costs a few look-ups, one
    pass of sums and a little arithmetic per role.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.skill_ids = catalogue.skill_ids
        self._vectors = [self._vector(role) for role in catalogue.roles]
        # What the per-person loop reads of each role: its place, worst, norm and domains.
        self._loop = [(o, v.worst, v.norm, v.domains) for o, v in enumerate(self._vectors)]
        self._terms: list[dict[float, tuple[float, ...]]] = [{} for _ in self.skill_ids]

    def _vector(self, role: Role) -> RoleVector:
        demands = tuple((role.profile[s].level, role.profile[s].importance) for s in self.skill_ids)
        worst = sum(w * (r - 1) for r, w in demands)
        demand = [r * w for r, w in demands]
        mean = sum(demand) / len(demand)
        centred = tuple(d - mean for d in demand)
        norm = math.sqrt(sum(c * c for c in centred))
        return RoleVector(role, demands, worst, centred, norm, frozenset(role.domains))

    def _skill_terms(self, skill: int, level: float) -> tuple[float, ...]:
        """One skill's terms in every role's two sums, for one level L_s of that skill:
        first the weighted shortfall w_s x max(0, r_s - L_s) for each role, then the lean
        L_s x e_s for each role, roles in catalogue order.

        Remembered per skill and level: a cohort's levels come from a handful of values,
        so a person's terms are mostly look-ups. Capped for odd input.
        """
        shortfalls = tuple(
            w * (r - level) if level < r else 0
            for r, w in (vector.demands[skill] for vector in self._vectors)
        )
        leans = tuple(level * vector.centred[skill] for vector in self._vectors)
        terms = shortfalls + leans
        remembered = self._terms[skill]
        if len(remembered) < TERMS_MEMO:
            remembered[level] = terms
        return terms

    def score(
        self, levels: Levels, interests: Sequence[str] = (), top: int | None = None
    ) -> list[RoleScore]:
        """Every role's readiness, alignment and match, ranked best first (the `top` only)."""
        ranking = self.unrounded(levels, interests)
        ranking.sort()  # best unrounded match first
        return [
            RoleScore(self._vectors[order].role, match, bonus, order, readiness, alignment)
            for match, order, readiness, alignment, bonus in in_shown_order(ranking, top)
        ]

    def unrounded(self, levels: Levels, interests: Sequence[str] = ()) -> list[Ranked]:
        """(-match, order, readiness, alignment, bonus) for each role in catalogue order,
        before rounding; the match is negated so that sorting puts the best first."""
        total = sum(levels)
        squares = sum(map(operator.mul, levels, levels))
        # ||d||^2 = sum(L^2) - n x mean^2; max() keeps rounding error from going below zero.
        spread = math.sqrt(max(squares - total * total / len(levels), 0.0))
        if spread < SPREAD_FLOOR:
            spread = SPREAD_FLOOR
        wanted = frozenset(interests)
        try:
            terms = list(map(dict.__getitem__, self._terms, levels))  # each skill's terms
        except KeyError:  # a level not seen before
            terms = [self._skill_terms(skill, level) for skill, level in enumerate(levels)]
        sums = list(map(sum, zip(*terms, strict=True)))  # add up each column of terms
        roles = len(self._vectors)
        shortfalls, leans = sums[:roles], sums[roles:]  # per role, in catalogue order
        ranking: list[Ranked] = []
        for (order, worst, norm, domains), shortfall, lean in zip(
            self._loop, shortfalls, leans, strict=True
        ):
            readiness = 100.0 * (1.0 - shortfall / worst) if worst else 100.0
            alignment = 50.0 + 50.0 * lean / (norm * spread) if norm else 50.0
            bonus = INTEREST_BONUS if wanted and domains & wanted else 0.0
            match = READINESS_WEIGHT * readiness + ALIGNMENT_WEIGHT * alignment + bonus
            if match > 100.0:  # the bonus can push past 100; min() costs more in this loop
                match = 100.0
            ranking.append((-match, order, readiness, alignment, bonus))
        return ranking

    def close_calls(self, levels: Levels, interests: Sequence[str] = ()) -> set[str]:
        """Roles whose place in the top three flips if any one skill moves one level."""
        top = {s.role.id for s in self.score(levels, interests, TOP)}
        flips: set[str] = set()
        for index, level in enumerate(levels):
            for step in (-1.0, 1.0):
                moved = min(5.0, max(1.0, level + step))
                if moved == level:
                    continue
                nudged = (*levels[:index], moved, *levels[index + 1 :])
                flips |= top ^ {s.role.id for s in self.score(nudged, interests, TOP)}
        return flips


def in_shown_order(ranking: list[Ranked], top: int | None) -> list[Ranked]:
    """The first `top` roles of `ranking` (sorted by -match, unrounded), with their match
    rounded, in the order the user sees: by the rounded match, then the rounded readiness,
    then catalogue order (docs/scoring.md, "Ranking and ties").

    Rounding never swaps two matches, it can only make them equal, so the two orders
    differ only within a run of equal rounded matches. Such runs are rare, so readiness is
    rounded only when there is one, and only the roles shown (and any tied with the last
    of them) have their match rounded at all.
    """
    top = len(ranking) if top is None else top
    if top < 1:
        return []
    taken: list[Ranked] = []
    for negative_match, order, readiness, alignment, bonus in ranking:
        match = round(-negative_match, 1)
        if len(taken) >= top and match != taken[-1][0]:
            break
        taken.append((match, order, readiness, alignment, bonus))
    if len({entry[0] for entry in taken}) < len(taken):
        taken.sort(key=lambda entry: (-entry[0], -round(entry[2], 1), entry[1]))
    return taken[:top]


# --- From answers to skill levels ------------------------------------------------------


def level_to_score(level: float) -> float:
    """Level 1..5 -> score 0..100."""
    return round((level - 1.0) * 25.0, 1)


def skill_scores(catalogue: Catalogue, data: AssessmentInput) -> dict[str, SkillScore]:
    """A score (0-100) and level (1-5) for each skill, from ratings or item answers."""
    problems: list[str] = []
    if data.skills is not None:
        for unknown in sorted(set(data.skills) - set(catalogue.skill_ids)):
            problems.append(f"skills.{unknown}: unknown skill id")
        for missing in [s for s in catalogue.skill_ids if s not in data.skills]:
            problems.append(f"skills.{missing}: missing; give a level from 1 to 5")
        if problems:
            raise BpoError(problems)
        return {
            s: SkillScore(score=level_to_score(data.skills[s]), level=data.skills[s], answered=0)
            for s in catalogue.skill_ids
        }

    values: dict[str, list[int]] = {s: [] for s in catalogue.skill_ids}
    retired = {item.id: item.reason for item in catalogue.retired}
    for item_id, choice in (data.answers or {}).items():
        found = catalogue.item_by_id.get(item_id)
        if found is None and item_id in retired:
            problems.append(
                f"answers.{item_id}: a question from an earlier version, since retired"
                f" ({retired[item_id]}); take the interview again or remove this answer"
            )
            continue
        if found is None:
            problems.append(f"answers.{item_id}: unknown item id")
            continue
        skill, item = found
        if isinstance(item, RatingItem):
            if not isinstance(choice, int):
                problems.append(f"answers.{item_id}: a rating item takes a number from 1 to 5")
                continue
            values[skill.id].append(choice)
        else:
            keyed = {option.id: option.score for option in item.options}
            if not isinstance(choice, str) or choice not in keyed:
                problems.append(f"answers.{item_id}: a situational item takes a, b, c or d")
                continue
            values[skill.id].append(keyed[choice])
    for skill_id, answered in values.items():
        if not answered and not problems:
            problems.append(f"answers: no answer for any {skill_id!r} item")
    if problems:
        raise BpoError(problems)
    result = {}
    for skill_id, answered in values.items():
        level = round(sum(answered) / len(answered), 2)
        result[skill_id] = SkillScore(
            score=level_to_score(level), level=level, answered=len(answered)
        )
    return result


# --- Gaps and advice -------------------------------------------------------------------


def _normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9+]", "", text.casefold())


def held_certifications(catalogue: Catalogue, held: Sequence[str]) -> set[str]:
    """Catalogue ids of the certifications the person named (by id, name or abbreviation)."""
    names = {_normalise(h) for h in held}
    found = set()
    for cert in catalogue.certifications:
        aliases = {_normalise(cert.id), _normalise(cert.name)}
        aliases |= {_normalise(a) for a in re.findall(r"\(([^)]+)\)", cert.name)}
        aliases.add(_normalise(re.sub(r"\s*\([^)]*\)", "", cert.name)))
        if names & aliases:
            found.add(cert.id)
    return found


def role_gaps(catalogue: Catalogue, role: Role, levels: Mapping[str, float]) -> list[Gap]:
    """Skills below the role's required level, biggest importance x shortfall first."""
    gaps = []
    for order, skill_id in enumerate(catalogue.skill_ids):
        demand = role.profile[skill_id]
        shortfall = round(demand.level - levels[skill_id], 2)
        if shortfall > 0:
            gaps.append(
                (
                    order,
                    Gap(
                        skill=skill_id,
                        name=catalogue.skill_by_id[skill_id].name,
                        level=levels[skill_id],
                        required=demand.level,
                        importance=demand.importance,
                        shortfall=shortfall,
                        priority=round(demand.importance * shortfall, 2),
                    ),
                )
            )
    gaps.sort(key=lambda pair: (-pair[1].priority, -pair[1].importance, pair[0]))
    return [gap for _, gap in gaps]


def certification_plan(
    catalogue: Catalogue, role: Role, gaps: Sequence[Gap], held: set[str]
) -> list[CertificationAdvice]:
    """The role's certifications not yet held, those closing the most gap first."""
    priority = {gap.skill: gap.priority for gap in gaps}
    gap_order = [gap.skill for gap in gaps]
    ranked = []
    for listed, cert_id in enumerate(role.certifications):
        if cert_id in held:
            continue
        cert = catalogue.certification_by_id[cert_id]
        closes = [s for s in gap_order if s in cert.skills]
        value = sum(priority[s] for s in closes)
        ranked.append((-value, LEVEL_ORDER[cert.level], listed, cert, closes))
    ranked.sort(key=lambda entry: entry[:3])
    return [
        CertificationAdvice(
            id=cert.id,
            name=cert.name,
            issuer=cert.issuer,
            level=cert.level,
            url=cert.url,
            why=cert.why,
            skills=list(cert.skills),
            closes=closes,
        )
        for *_, cert, closes in ranked
    ]


def growth_path(catalogue: Catalogue, role: Role) -> list[GrowthAdvice]:
    return [
        GrowthAdvice(
            role=step.role,
            title=catalogue.step_title(step),
            note=step.note,
        )
        for step in role.growth
    ]


# --- The whole assessment --------------------------------------------------------------


def assess(
    catalogue: Catalogue,
    data: AssessmentInput,
    *,
    scorer: RoleScorer | None = None,
    top: int | None = None,
) -> AssessmentResult:
    """Score one person: skill profile, ranked role matches with gaps and advice."""
    scorer = scorer or RoleScorer(catalogue)
    skills = skill_scores(catalogue, data)
    levels = tuple(skills[s].level for s in catalogue.skill_ids)
    by_skill = {s: skills[s].level for s in catalogue.skill_ids}
    background = data.background
    interests = background.interests
    held = held_certifications(catalogue, background.certifications)
    ranked = scorer.score(levels, interests)
    close = scorer.close_calls(levels, interests)
    matches = []
    for rank, scored in enumerate(ranked[:top] if top else ranked, start=1):
        role = scored.role
        gaps = role_gaps(catalogue, role, by_skill)
        matches.append(
            RoleMatch(
                rank=rank,
                role=role.id,
                title=role.title,
                match=scored.match,
                readiness=scored.readiness,
                alignment=scored.alignment,
                close_call=role.id in close,
                interest_bonus=scored.bonus,
                gaps=gaps,
                certifications=certification_plan(catalogue, role, gaps, held),
                growth=growth_path(catalogue, role),
            )
        )
    return AssessmentResult(
        skills=skills,
        matches=matches,
        background=background,
        quality=quality_flags(catalogue, data, levels),
        catalogue_hash=catalogue.content_hash,
    )
