"""How far the ranking and `compare` can be trusted under a real retest: the tiers'
stability, which roles come first, compare's false alarms and detection, and the spread of
one answer that the standard errors are calibrated on.

The retest model (issue 15): a person with a realistic true profile answers the full
interview, each answer the choice nearest the true level with one in five moved by one step
(validity.simulate.nearest_answers); then answers it again afresh, the same way, from the
same true levels. Growth is the second session answered from true levels with one skill
raised by one level. docs/validity.md, "Ranking and retest", gives the method and figures.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from bpo_assess.core.catalogue import Catalogue, load_catalogue
from bpo_assess.core.compare import compare
from bpo_assess.core.models import AssessmentResult, RoleMatch, SessionRecord
from bpo_assess.core.scoring import ANSWER_SD, RoleScorer, assess
from validity.simulate import as_input, nearest_answers, random_profile

GROWTH = 1.0  # the true growth, in levels, of one skill
GROWABLE = 4.0  # only a skill at or below this true level can grow by a whole level
PER_SKILL_Z = 1.96  # the uncorrected bar, shown for contrast
Answers = dict[str, int | str]


def leader(result: AssessmentResult) -> RoleMatch:
    """The role first by match alone (`match_rank` 1, the shown order's tie-breaks): the
    tiers are about the match, whatever the prerequisites; results list roles in the
    order shown since schema version 3."""
    return min(result.matches, key=lambda m: (-m.match, -m.alignment, m.match_rank or 0))


def session(number: int, result: AssessmentResult, catalogue: Catalogue) -> SessionRecord:
    return SessionRecord.model_validate(
        {
            "id": number,
            "uid": f"{number:016x}",
            "created_at": "2026-11-27T00:00:00Z",
            "source": "quiz",
            "tool_version": "validity",
            "catalogue_hash": catalogue.content_hash,
            "input": {"skills": {s: v.level for s, v in result.skills.items()}},
            "result": result.model_dump(mode="json"),
        }
    )


def grown(catalogue: Catalogue, levels: Mapping[str, float], rng: random.Random) -> str:
    """The skill that grows: one at random among those with room for a whole level."""
    return rng.choice(
        [s for s in catalogue.skill_ids if levels[s] <= GROWABLE] or list(catalogue.skill_ids)
    )


def limited(catalogue: Catalogue, answers: Mapping[str, int | str], per_skill: int) -> Answers:
    """Only the first `per_skill` answered items of each skill (in the bank's order)."""
    kept: Answers = {}
    taken: Counter[str] = Counter()
    for skill, item in catalogue.items():
        if item.id in answers and taken[skill.id] < per_skill:
            kept[item.id] = answers[item.id]
            taken[skill.id] += 1
    return kept


@dataclass
class Retest:
    """Figures from `size` people, each measured twice afresh."""

    size: int
    first_in_tier: float  # the second run's first role is in the first run's tier 1
    tier_one_to_three: float  # tier 1 holds one to three roles (first run)
    first_role_changed: float  # the second run's first role differs (for contrast)
    mean_tier_one: float
    false_alarm: float  # some skill marked as a real change with no true change
    role_false_alarm: float  # some role's match marked as a real change with no true change
    uncorrected_alarm: float  # some skill with |RCI| >= 1.96, the per-skill bar, for contrast
    per_skill_alarm: float  # the share of single skills marked real with no true change
    detected: float  # a one-level growth in one skill marked as real, full interview
    detected_quick: float  # the same on the quick interview
    strong_in_tier: float  # first_in_tier for strong all-rounders (true mean level >= 4)
    strong: int  # how many of the respondents were strong all-rounders
    answer_sd: float  # the spread of one answer on retest, pooled (calibrates ANSWER_SD)
    firsts: Counter[str]


def retest(catalogue: Catalogue, size: int, seed: int) -> Retest:
    rng = random.Random(seed)
    scorer = RoleScorer(catalogue)
    in_tier = small_tier = changed = alarms = role_alarms = skill_alarms = uncorrected = 0
    found = found_quick = tier_sizes = strong = strong_in = 0
    squares = 0.0
    firsts: Counter[str] = Counter()
    for _ in range(size):
        truth = random_profile(catalogue, rng)
        first = assess(
            catalogue, as_input(nearest_answers(catalogue, truth, rng), {}), scorer=scorer
        )
        again = assess(
            catalogue, as_input(nearest_answers(catalogue, truth, rng), {}), scorer=scorer
        )
        tier_one = {m.role for m in first.matches if m.tier == 1}
        firsts[leader(first).role] += 1
        in_tier += leader(again).role in tier_one
        small_tier += 1 <= len(tier_one) <= 3
        tier_sizes += len(tier_one)
        changed += leader(again).role != leader(first).role
        if sum(truth.values()) / len(truth) >= 4.0:
            strong += 1
            strong_in += leader(again).role in tier_one
        for skill_id in catalogue.skill_ids:
            one, two = first.skills[skill_id], again.skills[skill_id]
            squares += (two.level - one.level) ** 2 * one.answered / 2
        noise = compare(catalogue, session(1, first, catalogue), session(2, again, catalogue))
        marked = sum(not change.within_noise for change in noise.skills)
        alarms += marked > 0
        skill_alarms += marked
        role_alarms += any(not change.within_noise for change in noise.roles)
        uncorrected += any(abs(change.rci) >= PER_SKILL_Z for change in noise.skills)

        skill = grown(catalogue, truth, rng)
        raised = {**truth, skill: truth[skill] + GROWTH}
        later = assess(
            catalogue, as_input(nearest_answers(catalogue, raised, rng), {}), scorer=scorer
        )
        growth = compare(catalogue, session(1, first, catalogue), session(3, later, catalogue))
        change = next(c for c in growth.skills if c.skill == skill)
        found += (not change.within_noise) and change.change > 0

        before = assess(
            catalogue,
            as_input(nearest_answers(catalogue, truth, rng, quick=True), {}),
            scorer=scorer,
        )
        after = assess(
            catalogue,
            as_input(nearest_answers(catalogue, raised, rng, quick=True), {}),
            scorer=scorer,
        )
        short = compare(catalogue, session(1, before, catalogue), session(2, after, catalogue))
        change = next(c for c in short.skills if c.skill == skill)
        found_quick += (not change.within_noise) and change.change > 0
    skills = len(catalogue.skill_ids)
    return Retest(
        size=size,
        first_in_tier=in_tier / size,
        tier_one_to_three=small_tier / size,
        first_role_changed=changed / size,
        mean_tier_one=tier_sizes / size,
        false_alarm=alarms / size,
        role_false_alarm=role_alarms / size,
        uncorrected_alarm=uncorrected / size,
        per_skill_alarm=skill_alarms / (size * skills),
        detected=found / size,
        detected_quick=found_quick / size,
        strong_in_tier=strong_in / strong if strong else 1.0,
        strong=strong,
        answer_sd=math.sqrt(squares / (size * skills)),
        firsts=firsts,
    )


def trade_off(catalogue: Catalogue, size: int, seed: int) -> list[tuple[int, float, float]]:
    """Items per skill against compare's two figures: (items, false alarm, detected), each
    session limited to the first items of every skill, answered afresh as in `retest`."""
    most = min(len(skill.items) for skill in catalogue.skills)
    rng = random.Random(f"{seed}:trade-off")
    scorer = RoleScorer(catalogue)
    counts = {k: [0, 0] for k in range(1, most + 1)}
    for _ in range(size):
        truth = random_profile(catalogue, rng)
        skill = grown(catalogue, truth, rng)
        raised = {**truth, skill: truth[skill] + GROWTH}
        sessions = [nearest_answers(catalogue, levels, rng) for levels in (truth, truth, raised)]
        for k, tally in counts.items():
            first, again, later = (
                session(
                    n,
                    assess(catalogue, as_input(limited(catalogue, a, k), {}), scorer=scorer),
                    catalogue,
                )
                for n, a in enumerate(sessions, start=1)
            )
            tally[0] += any(not c.within_noise for c in compare(catalogue, first, again).skills)
            change = next(c for c in compare(catalogue, first, later).skills if c.skill == skill)
            tally[1] += (not change.within_noise) and change.change > 0
    return [(k, alarm / size, hit / size) for k, (alarm, hit) in counts.items()]


def report(size: int, seed: int) -> str:
    catalogue = load_catalogue()
    figures = retest(catalogue, size, seed)
    items = sum(len(skill.items) for skill in catalogue.skills)
    lines = [
        f"Ranking and compare: {size} people, the full interview ({items} questions) answered"
        " twice afresh",
        "(each answer the choice nearest the true level, one in five moved by one step)",
        "",
        f"  one answer's spread on retest, pooled           {figures.answer_sd:6.3f}"
        f"   (ANSWER_SD = {ANSWER_SD:g})",
        f"  second run's first role in first run's tier 1   {figures.first_in_tier:6.1%}"
        "   (target >= 90%)",
        f"  tier 1 holds one to three roles                 {figures.tier_one_to_three:6.1%}"
        "   (target >= 70%)",
        f"  roles in tier 1, mean                           {figures.mean_tier_one:6.2f}",
        f"  first role differs between the runs            {figures.first_role_changed:6.1%}",
        f"  {f'strong all-rounders ({figures.strong}): first in tier 1':<48}"
        f"{figures.strong_in_tier:6.1%}",
        f"  compare: some skill marked real, no change      {figures.false_alarm:6.1%}"
        "   (target <= 10%)",
        f"    the same at 1.96 per skill (uncorrected)      {figures.uncorrected_alarm:6.1%}",
        f"  compare: one skill marked real, no change       {figures.per_skill_alarm:6.1%}",
        f"  compare: some role marked real, no change       {figures.role_false_alarm:6.1%}",
        f"  compare: one-level growth marked real (full)    {figures.detected:6.1%}"
        "   (target >= 80%)",
        f"  compare: one-level growth marked real (quick)   {figures.detected_quick:6.1%}",
        "",
        f"  Items per skill against compare's figures ({size // 4} people, first items of"
        " each skill):",
        "    items  some skill marked real, no change  growth marked real",
    ]
    for k, alarm, hit in trade_off(catalogue, size // 4, seed):
        lines.append(f"    {k:>5}  {alarm:33.1%}  {hit:18.1%}")
    lines += ["", "  How often each role comes first (first run):"]
    for role in catalogue.roles:
        share = figures.firsts[role.id] / size
        lines.append(f"    {role.title:<46} {share:6.1%}")
    return "\n".join(lines)
