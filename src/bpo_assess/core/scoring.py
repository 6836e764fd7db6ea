"""The scoring engine: answers -> skill levels -> role matches, gaps and advice.

Pure functions over the catalogue; no terminal or file I/O. docs/scoring.md gives the
formulas and a worked example; the constants below are the ones it names.
"""

from __future__ import annotations

import math
import operator
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.evidence import disagreement, evidence, measured_prerequisites
from bpo_assess.core.models import (
    AssessmentInput,
    AssessmentResult,
    Background,
    Certification,
    CertificationAdvice,
    Gap,
    GrowthAdvice,
    Prerequisite,
    RatingItem,
    Role,
    RoleMatch,
    SkillScore,
)
from bpo_assess.core.quality import quality_flags
from bpo_assess.errors import BpoError

READINESS_WEIGHT = 0.7  # match = 0.7 x readiness + 0.3 x strengths (+ interest bonus)
STRENGTHS_WEIGHT = 0.3
SPREAD_FLOOR = 1.0  # alignment's floor on the profile's spread, in levels (see docs)
INTEREST_BONUS = 3.0  # match points for a role whose domain the person named as an interest
TOP = 3  # the top roles: shown in detail, written per person by batch
# The spread of one answer around the person's level, in levels: a careful respondent's
# sense of their level scatters by 0.5 from day to day, and picking a whole choice adds a
# rounding error of variance 1/12 (docs/scoring.md, "Standard errors").
ANSWER_SD = math.sqrt(0.5**2 + 1 / 12)
RATING_SE = 0.5  # a direct rating's standard error: half a level, the finest step it uses
TIER_Z = 1.645  # a role leaves the leader's tier when the leader is ahead at 95% (one-sided)
DOMAIN_VALUE = 5.0  # plan value of a credential that meets the role's domain prerequisite
TERMS_MEMO = 1_000  # levels per skill whose terms RoleScorer remembers
LEVEL_ORDER = {"entry": 0, "intermediate": 1, "advanced": 2}

Levels = tuple[float, ...]  # one level per skill, in catalogue order
# A role's figures: (match, order, readiness, alignment, bonus, strengths); -match before
# ranking
Ranked = tuple[float, int, float, float, float, float]


class RoleScore(NamedTuple):
    """One ranked role's figures. Readiness and alignment are rounded when read: most
    callers read them for a few roles only (batch's CSV for the best one), or not at all."""

    role: Role
    match: float  # rounded to one decimal
    bonus: float
    order: int  # the role's place in the catalogue: the last tie-break
    unrounded_readiness: float
    unrounded_alignment: float
    unrounded_strengths: float
    unrounded_match: float

    @property
    def readiness(self) -> float:
        return round(self.unrounded_readiness, 1)

    @property
    def alignment(self) -> float:
        return round(self.unrounded_alignment, 1)

    @property
    def strengths(self) -> float:
        return round(self.unrounded_strengths, 1)


class RoleVector(NamedTuple):
    """A role's profile as numbers in skill order, with the parts that do not depend on you."""

    role: Role
    demands: tuple[tuple[int, int], ...]  # (required level, importance) per skill
    worst: int  # the largest possible weighted shortfall: readiness's denominator
    weight: int  # the sum of importances, Σ w_s: strengths' denominator (x 4)
    centred: Levels  # the role's emphasis, e_s in docs/scoring.md
    norm: float  # its length, ||e||
    domains: frozenset[str]


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
        # What the per-person loop reads of each role: its place, worst, norm and domains.
        self._loop = [(o, v.norm, v.domains) for o, v in enumerate(self._vectors)]
        self._terms: list[dict[float, tuple[float, ...]]] = [{} for _ in self.skill_ids]

    def _vector(self, role: Role) -> RoleVector:
        demands = tuple((role.profile[s].level, role.profile[s].importance) for s in self.skill_ids)
        worst = sum(w * (r - 1) for r, w in demands)
        weight = sum(w for _, w in demands)
        demand = [r * w for r, w in demands]
        mean = sum(demand) / len(demand)
        centred = tuple(d - mean for d in demand)
        norm = math.sqrt(sum(c * c for c in centred))
        return RoleVector(role, demands, worst, weight, centred, norm, frozenset(role.domains))

    def _skill_terms(self, skill: int, level: float) -> tuple[float, ...]:
        """One skill's terms in every role's three sums, for one level L_s of that skill:
        first the weighted shortfall 100 x w_s x max(0, r_s - L_s) / worst for each role
        (readiness is 100 minus their sum), then the lean L_s x e_s for each role, then the
        weighted level 100 x w_s x (L_s - 1) / (4 Σ w) for each role (strengths is their
        sum), roles in catalogue order.

        Remembered per skill and level: a cohort's levels come from a handful of values,
        so a person's terms are mostly look-ups. Capped for odd input.
        """
        # Scaled here, once per (skill, level), so the per-person loop needs no division.
        shortfalls = tuple(
            100.0 * w * (r - level) / vector.worst if level < r else 0.0
            for vector, (r, w) in ((v, v.demands[skill]) for v in self._vectors)
        )
        leans = tuple(level * vector.centred[skill] for vector in self._vectors)
        weighted = tuple(
            100.0 * vector.demands[skill][1] * (level - 1) / (4 * vector.weight)
            for vector in self._vectors
        )
        terms = shortfalls + leans + weighted
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
            RoleScore(
                self._vectors[order].role,
                match,
                bonus,
                order,
                readiness,
                alignment,
                strengths,
                exact,
            )
            for match, order, readiness, alignment, bonus, strengths, exact in in_shown_order(
                ranking, top
            )
        ]

    def unrounded(self, levels: Levels, interests: Sequence[str] = ()) -> list[Ranked]:
        """(-match, order, readiness, alignment, bonus, strengths) for each role in
        catalogue order, before rounding; the match is negated so that sorting puts the best
        first."""
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
        # per role, in catalogue order
        shortfalls, leans, weighted = sums[:roles], sums[roles : 2 * roles], sums[2 * roles :]
        ranking: list[Ranked] = []
        for (order, norm, domains), shortfall, lean, strengths in zip(
            self._loop, shortfalls, leans, weighted, strict=True
        ):
            readiness = 100.0 - shortfall
            alignment = 50.0 + 50.0 * lean / (norm * spread) if norm else 50.0
            bonus = INTEREST_BONUS if wanted and domains & wanted else 0.0
            match = READINESS_WEIGHT * readiness + STRENGTHS_WEIGHT * strengths + bonus
            if match > 100.0:  # the bonus can push past 100; min() costs more in this loop
                match = 100.0
            ranking.append((-match, order, readiness, alignment, bonus, strengths))
        return ranking

    def gradient(self, order: int, levels: Levels, errors: Levels) -> tuple[float, ...]:
        """How much role `order`'s match moves per level of each skill, averaged over the
        measurement error: a shortfall term counts with the chance Φ((r_s - L_s) / SE_s)
        that the true level is below the required one (docs/scoring.md, "Tiers")."""
        vector = self._vectors[order]
        most = 4 * vector.weight
        slopes = []
        for (required, importance), level, error in zip(
            vector.demands, levels, errors, strict=True
        ):
            below = (
                _normal_cdf((required - level) / error) if error > 0 else float(level < required)
            )
            ready = 100.0 * importance * below / vector.worst if vector.worst else 0.0
            slopes.append(READINESS_WEIGHT * ready + STRENGTHS_WEIGHT * 100.0 * importance / most)
        return tuple(slopes)

    def tiers(self, ranked: Sequence[RoleScore], levels: Levels, errors: Levels) -> list[int]:
        """A tier for each role of `ranked` (in shown order, every role): a role stays in
        the current tier while its gap to the tier's leader is within TIER_Z standard errors
        of that difference, or its shown match equals the role before it."""
        slopes = {scored.order: self.gradient(scored.order, levels, errors) for scored in ranked}
        tiers: list[int] = []
        leader: RoleScore | None = None
        for index, scored in enumerate(ranked):
            if leader is None:
                leader, tier = scored, 1
            elif scored.match != ranked[index - 1].match:
                gap = leader.unrounded_match - scored.unrounded_match
                spread = math.sqrt(
                    sum(
                        ((a - b) * e) ** 2
                        for a, b, e in zip(
                            slopes[leader.order], slopes[scored.order], errors, strict=True
                        )
                    )
                )
                if gap > TIER_Z * spread:
                    leader, tier = scored, tier + 1
            tiers.append(tier)
        return tiers

    def match_error(self, order: int, levels: Levels, errors: Levels) -> float:
        """The standard error of one role's match, in match points."""
        slopes = self.gradient(order, levels, errors)
        return math.sqrt(sum((s * e) ** 2 for s, e in zip(slopes, errors, strict=True)))


def _normal_cdf(z: float) -> float:
    return 0.5 * math.erfc(-z / math.sqrt(2.0))


def shared_ranks(matches: Sequence[float]) -> list[int]:
    """Competition ranks for matches in shown order: equal shown matches share a rank
    (1, =2, =2, 4)."""
    ranks: list[int] = []
    for index, match in enumerate(matches):
        ranks.append(ranks[-1] if index and match == matches[index - 1] else index + 1)
    return ranks


def in_shown_order(
    ranking: list[Ranked], top: int | None
) -> list[tuple[float, int, float, float, float, float, float]]:
    """The first `top` roles of `ranking` (sorted by -match, unrounded), with their match
    rounded (and the unrounded match last), in the order the user sees: by the rounded
    match, then the rounded alignment (which role leans on your strongest skills), then
    catalogue order (docs/scoring.md, "Ranking and ties"). Roles with equal rounded
    matches share a rank.

    Rounding never swaps two matches, it can only make them equal, so the two orders
    differ only within a run of equal rounded matches. Such runs are rare, so alignment is
    rounded only when there is one, and only the roles shown (and any tied with the last
    of them) have their match rounded at all.
    """
    top = len(ranking) if top is None else top
    if top < 1:
        return []
    taken: list[tuple[float, int, float, float, float, float, float]] = []
    for negative_match, order, readiness, alignment, bonus, strengths in ranking:
        match = round(-negative_match, 1)
        if len(taken) >= top and match != taken[-1][0]:
            break
        taken.append((match, order, readiness, alignment, bonus, strengths, -negative_match))
    if len({entry[0] for entry in taken}) < len(taken):
        taken.sort(key=lambda entry: (-entry[0], -round(entry[3], 1), entry[1]))
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
            s: SkillScore(
                score=level_to_score(data.skills[s]),
                level=data.skills[s],
                answered=0,
                standard_error=standard_error(0),
            )
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
            score=level_to_score(level),
            level=level,
            answered=len(answered),
            standard_error=standard_error(len(answered)),
        )
    return result


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


def eligibility(cert: Certification, background: Background) -> tuple[bool | None, str | None]:
    """(eligible, requires): False when the person's years fall short of the issuer's
    rule, True when the rule asks for nothing else, None when the background does not say
    or the rule asks for what it does not record."""
    rule = cert.eligibility
    if rule is None:
        return None, None
    years = background.years_experience
    if rule.min_years and years is not None and years < rule.min_years:
        return False, rule.text
    if rule.open and (not rule.min_years or (years is not None and years >= rule.min_years)):
        return True, None
    return None, rule.text


def prerequisites(
    catalogue: Catalogue, role: Role, background: Background, held: set[str]
) -> list[Prerequisite]:
    """Each of the role's prerequisites, met or not, or None when the background is silent."""
    found = []
    for need in role.prerequisites:
        met: bool | None
        if need.kind == "experience":
            years = background.years_experience
            met = None if years is None else years >= (need.min_years or 0)
        else:
            credited = any(catalogue.certification_by_id[c].domain == need.domain for c in held)
            known = background.domain_knowledge
            met = True if credited else (None if known is None else need.domain in known)
        found.append(Prerequisite(text=need.text, met=met))
    return found


def ready_now(needs: Sequence[Prerequisite]) -> bool | None:
    if any(need.met is False for need in needs):
        return False
    return None if any(need.met is None for need in needs) else True


def certification_plan(
    catalogue: Catalogue,
    role: Role,
    gaps: Sequence[Gap],
    held: set[str],
    background: Background | None = None,
) -> list[CertificationAdvice]:
    """The role's certifications not yet held: those the person can sit for first, then
    those closing the most gap (a domain credential closes the role's domain
    prerequisite), then entry level first."""
    background = background or Background()
    priority = {gap.skill: gap.priority for gap in gaps}
    gap_order = [gap.skill for gap in gaps]
    needs = prerequisites(catalogue, role, background, held)
    domain_met = all(
        need.met is True
        for need, spec in zip(needs, role.prerequisites, strict=True)
        if spec.kind == "domain"
    )
    ranked = []
    for listed, cert_id in enumerate(role.certifications):
        if cert_id in held:
            continue
        cert = catalogue.certification_by_id[cert_id]
        closes = [s for s in gap_order if s in cert.skills]
        value = sum(priority[s] for s in closes)
        if cert.domain is not None and cert.domain in role.domains and not domain_met:
            value += DOMAIN_VALUE
        eligible, requires = eligibility(cert, background)
        ranked.append(
            (
                eligible is False,
                -value,
                LEVEL_ORDER[cert.level],
                listed,
                cert,
                closes,
                eligible,
                requires,
            )
        )
    ranked.sort(key=lambda entry: entry[:4])
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
            domain=cert.domain,
            eligible=eligible,
            requires=requires,
        )
        for *_, cert, closes, eligible, requires in ranked
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
    shown = evidence(data.tasks)
    ranked = scorer.score(levels, interests)
    errors = tuple(skill_error(skills[s]) for s in catalogue.skill_ids)
    tiers = scorer.tiers(ranked, levels, errors)
    ranks = shared_ranks([scored.match for scored in ranked])
    shared = Counter(tiers)
    entries = list(zip(ranks, tiers, ranked, strict=True))
    matches = []
    for rank, tier, scored in entries[:top] if top else entries:
        role = scored.role
        gaps = role_gaps(catalogue, role, by_skill)
        needs = prerequisites(catalogue, role, background, held)
        needs += measured_prerequisites(role, shown)
        matches.append(
            RoleMatch(
                rank=rank,
                role=role.id,
                title=role.title,
                match=scored.match,
                readiness=scored.readiness,
                alignment=scored.alignment,
                strengths=scored.strengths,
                tier=tier,
                close_call=shared[tier] > 1,
                ready_now=ready_now(needs),
                prerequisites=needs,
                interest_bonus=scored.bonus,
                gaps=gaps,
                certifications=certification_plan(catalogue, role, gaps, held, background),
                growth=growth_path(catalogue, role),
            )
        )
    return AssessmentResult(
        skills=skills,
        matches=matches,
        background=background,
        quality=disagreement(by_skill, shown, {s.id: s.name for s in catalogue.skills})
        + quality_flags(catalogue, data, levels),
        evidence=shown,
        catalogue_hash=catalogue.content_hash,
    )
