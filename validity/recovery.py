"""Role recovery: does a person whose skills are a role's profile get that role?

Simulated careful respondents take the full interview. Each one's true levels are a
role's required levels plus noise (SD 0.3 levels, clamped to 1 to 5); they have three
years' experience, have studied the role's domain (none for roles without one) and name
no interests. The study prints the confusion matrix (true role -> first role as shown),
how often the true role is in tier 1, and, for newcomers (no experience, no domain study,
profiles from every role), whether a specialist role is ever offered under "apply for
now". docs/validity.md, "Role recovery", gives the method and the latest figures.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from bpo_assess.core.catalogue import Catalogue, load_catalogue
from bpo_assess.core.models import Role
from bpo_assess.core.next_steps import apply_now
from bpo_assess.core.scoring import RoleScorer, assess
from validity.simulate import Respondent, as_input, careful_answers

PROFILE_NOISE = 0.3  # SD of a person's true level around the role's required level
YEARS = 3.0
TIER_TARGET = 0.90
FIRST_TARGET = 0.60


@dataclass(frozen=True)
class Recovery:
    size: int  # respondents per role
    confusion: dict[str, Counter[str]]  # true role -> first role as shown -> count
    in_tier_one: dict[str, float]
    newcomers: int
    specialist_offered: float  # newcomers offered a specialist role under "apply for now"

    def first(self, role: str) -> float:
        return self.confusion[role][role] / self.size


def person(role: Role, catalogue: Catalogue, rng: random.Random, *, newcomer: bool) -> Respondent:
    levels = {
        s: min(5.0, max(1.0, role.profile[s].level + rng.gauss(0.0, PROFILE_NOISE)))
        for s in catalogue.skill_ids
    }
    studied = [] if newcomer else [n.domain for n in role.prerequisites if n.domain]
    background = {
        "years_experience": 0.0 if newcomer else YEARS,
        "domain_knowledge": studied,
        "interests": [],
    }
    return Respondent(levels, background)


def recovery(catalogue: Catalogue, size: int, seed: int) -> Recovery:
    rng = random.Random(seed)
    scorer = RoleScorer(catalogue)
    confusion: dict[str, Counter[str]] = {}
    in_tier: dict[str, float] = {}
    for role in catalogue.roles:
        firsts: Counter[str] = Counter()
        tier_one = 0
        for _ in range(size):
            someone = person(role, catalogue, rng, newcomer=False)
            answers = careful_answers(catalogue, someone, rng)
            result = assess(catalogue, as_input(answers, someone.background), scorer=scorer)
            firsts[result.matches[0].role] += 1
            tier_one += any(m.role == role.id and m.tier == 1 for m in result.matches)
        confusion[role.id] = firsts
        in_tier[role.id] = tier_one / size
    specialists = {role.id for role in catalogue.roles if role.domains}
    offered = 0
    newcomers = size * len(catalogue.roles)
    for index in range(newcomers):
        role = catalogue.roles[index % len(catalogue.roles)]
        someone = person(role, catalogue, rng, newcomer=True)
        answers = careful_answers(catalogue, someone, rng)
        result = assess(catalogue, as_input(answers, someone.background), scorer=scorer)
        roles, _ = apply_now(result)
        offered += any(match.role in specialists for match in roles)
    return Recovery(size, confusion, in_tier, newcomers, offered / newcomers)


def report(size: int, seed: int) -> str:
    catalogue = load_catalogue()
    per_role = max(200, size // 4)
    figures = recovery(catalogue, per_role, seed)
    ids = [role.id for role in catalogue.roles]
    short = {role_id: role_id.split("-")[0][:8] for role_id in ids}
    lines = [
        f"Role recovery: {per_role} careful respondents per role, full interview, true levels"
        f" = the role's profile + noise (SD {PROFILE_NOISE}), {YEARS:g} years' experience,"
        " the role's domain study, no interests",
        "",
        "  true role -> first role as shown (share of respondents)",
        f"  {'':<22}" + "".join(f"{short[r]:>9}" for r in ids) + "   tier 1  first",
    ]
    for role_id in ids:
        row = figures.confusion[role_id]
        cells = "".join(f"{row[other] / per_role:>9.0%}" for other in ids)
        tier, first = figures.in_tier_one[role_id], figures.first(role_id)
        marks = ("" if tier >= TIER_TARGET else " <tier") + (
            "" if first >= FIRST_TARGET else " <first"
        )
        lines.append(f"  {role_id:<22}{cells}   {tier:6.1%} {first:6.1%}{marks}")
    lines += [
        "",
        f"  targets: true role in tier 1 >= {TIER_TARGET:.0%}, first >= {FIRST_TARGET:.0%}",
        f"  newcomers ({figures.newcomers}: no experience, no domain study) offered a specialist"
        f" role under 'apply for now': {figures.specialist_offered:.1%} (target 0%)",
    ]
    return "\n".join(lines)
