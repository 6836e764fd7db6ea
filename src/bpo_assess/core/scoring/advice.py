"""Advice for one role: the skill gaps, the prerequisites and the certification plan.

The one rule for every view: the screen, the reports and batch read what `assess` put in
the result, and the report, which may follow a counsellor's ratings instead of the
client's answers, calls these same functions with those levels (docs/scoring.md,
sections 3 and "Gaps").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import (
    Background,
    Certification,
    CertificationAdvice,
    Gap,
    GrowthAdvice,
    Prerequisite,
    Role,
    RolePrerequisite,
)

DOMAIN_VALUE = 5.0  # plan value of a credential that meets the role's domain prerequisite
LEVEL_ORDER = {"entry": 0, "intermediate": 1, "advanced": 2}


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


def gap_order(priority: float, importance: int, place: int) -> tuple[float, int, int]:
    """The order of a role's gaps: biggest importance x shortfall first, then the more
    important skill, then catalogue order."""
    return (-priority, -importance, place)


def role_gaps(catalogue: Catalogue, role: Role, levels: Mapping[str, float]) -> list[Gap]:
    """Skills below the role's required level, in `gap_order`."""
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
    gaps.sort(key=lambda pair: gap_order(pair[1].priority, pair[1].importance, pair[0]))
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


def _experience_met(
    catalogue: Catalogue, need: RolePrerequisite, background: Background, held: set[str]
) -> bool | None:
    years = background.years_experience
    return None if years is None else years >= (need.min_years or 0)


def _domain_met(
    catalogue: Catalogue, need: RolePrerequisite, background: Background, held: set[str]
) -> bool | None:
    if any(catalogue.certification_by_id[c].domain == need.domain for c in held):
        return True
    known = background.domain_knowledge
    return None if known is None else need.domain in known


# Whether a prerequisite is met, by its kind (docs/scoring.md, section 3); None: not known.
PREREQUISITE_KINDS = {"experience": _experience_met, "domain": _domain_met}


def prerequisites(
    catalogue: Catalogue, role: Role, background: Background, held: set[str]
) -> list[Prerequisite]:
    """Each of the role's prerequisites, met or not, or None when the background is silent."""
    return [
        Prerequisite(
            text=need.text, met=PREREQUISITE_KINDS[need.kind](catalogue, need, background, held)
        )
        for need in role.prerequisites
    ]


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
