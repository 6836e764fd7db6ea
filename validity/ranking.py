"""How far the ranking and `compare` can be trusted: retest stability of the tiers, which
roles come first, and compare's false alarms and detection.

The retest model (issue 9): a careful respondent takes the full interview, then takes it
again with one answer in five moved by one step, up or down, and no true change. Growth is
the same retest with every answer of one skill moved one step up as well. The re-answer
model (issue 10) is harsher: the same person answers the whole interview afresh, every
answer drawn again around the same true levels.
docs/scoring.md, "Validity of the ranking", gives the method and the latest figures.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from bpo_assess.core.catalogue import Catalogue, load_catalogue
from bpo_assess.core.compare import compare
from bpo_assess.core.models import AssessmentResult, RatingItem, RoleMatch, SessionRecord
from bpo_assess.core.scoring import RoleScorer, assess
from validity.simulate import Respondent, as_input, careful_answers, random_profile

MOVED_SHARE = 0.2  # one answer in five moved by one step
Answers = dict[str, int | str]


def moved(
    catalogue: Catalogue,
    answers: Mapping[str, int | str],
    rng: random.Random,
    *,
    share: float = MOVED_SHARE,
    grow: str | None = None,
) -> Answers:
    """The answers again with each moved one step (up or down, at random) with chance
    `share`; with `grow`, every answer of that skill also moves one step up."""
    result: Answers = {}
    for item_id, choice in answers.items():
        skill, item = catalogue.item_by_id[item_id]
        steps = 1 if grow == skill.id else 0
        if rng.random() < share:
            steps += rng.choice((-1, 1))
        result[item_id] = _step(item, choice, steps) if steps else choice
    return result


def _step(item: object, choice: int | str, steps: int) -> int | str:
    """`choice` moved `steps` answer steps; at the end of the scale it stays where it is."""
    if isinstance(item, RatingItem):
        assert isinstance(choice, int)
        return max(1, min(5, choice + steps))
    options = sorted(item.options, key=lambda o: o.score)  # type: ignore[attr-defined]
    place = next(i for i, option in enumerate(options) if option.id == choice)
    return str(options[max(0, min(len(options) - 1, place + steps))].id)


def leader(result: AssessmentResult) -> RoleMatch:
    """The role first by match alone (`match_rank` 1, the shown order's tie-breaks): the
    tiers are about the match, whatever the prerequisites; results list roles in the
    order shown since schema version 3."""
    return min(result.matches, key=lambda m: (-m.match, -m.alignment, m.match_rank or 0))


def _session(number: int, result: AssessmentResult, catalogue: Catalogue) -> SessionRecord:
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


@dataclass
class Retest:
    """Figures from `size` careful respondents, each measured twice."""

    size: int
    first_in_tier: float  # the second run's first role is in the first run's tier 1
    tier_one_to_three: float  # tier 1 holds one to three roles (first run)
    first_role_changed: float  # the second run's first role differs (for contrast)
    mean_tier_one: float
    false_alarm: float  # some skill marked as a real change with no true change
    detected: float  # a one-level growth in one skill marked as real, full interview
    detected_quick: float  # the same on the quick interview
    strong_in_tier: float  # first_in_tier for strong all-rounders (true mean level >= 4)
    strong_changed: float  # first_role_changed for them
    strong: int  # how many of the respondents were strong all-rounders
    firsts: Counter[str]
    reanswered_in_tier: float  # answered afresh: first role in the first run's tier 1
    reanswered_changed: float  # answered afresh: the first role differs
    reanswered_alarm: float  # answered afresh: some skill marked as a real change


def retest(catalogue: Catalogue, size: int, seed: int) -> Retest:
    rng = random.Random(seed)
    scorer = RoleScorer(catalogue)
    in_tier = small_tier = changed = alarms = found = found_quick = 0
    tier_sizes = strong = strong_in = strong_changed = 0
    fresh_in = fresh_changed = fresh_alarms = 0
    firsts: Counter[str] = Counter()
    for _ in range(size):
        person = Respondent(random_profile(catalogue, rng))
        answers = careful_answers(catalogue, person, rng)
        first = assess(catalogue, as_input(answers, {}), scorer=scorer)
        again = assess(catalogue, as_input(moved(catalogue, answers, rng), {}), scorer=scorer)
        tier_one = {m.role for m in first.matches if m.tier == 1}
        firsts[leader(first).role] += 1
        in_tier += leader(again).role in tier_one
        small_tier += 1 <= len(tier_one) <= 3
        tier_sizes += len(tier_one)
        changed += leader(again).role != leader(first).role
        if sum(person.levels.values()) / len(person.levels) >= 4.0:
            strong += 1
            strong_in += leader(again).role in tier_one
            strong_changed += leader(again).role != leader(first).role
        noise = compare(catalogue, _session(1, first, catalogue), _session(2, again, catalogue))
        alarms += any(not change.within_noise for change in noise.skills)

        fresh = assess(
            catalogue, as_input(careful_answers(catalogue, person, rng), {}), scorer=scorer
        )
        fresh_in += leader(fresh).role in tier_one
        fresh_changed += leader(fresh).role != leader(first).role
        anew = compare(catalogue, _session(1, first, catalogue), _session(4, fresh, catalogue))
        fresh_alarms += any(not change.within_noise for change in anew.skills)

        grown_skill = rng.choice(
            [s for s in catalogue.skill_ids if first.skills[s].level <= 4.0]
            or list(catalogue.skill_ids)
        )
        grown = assess(
            catalogue,
            as_input(moved(catalogue, answers, rng, grow=grown_skill), {}),
            scorer=scorer,
        )
        growth = compare(catalogue, _session(1, first, catalogue), _session(3, grown, catalogue))
        change = next(c for c in growth.skills if c.skill == grown_skill)
        found += (not change.within_noise) and change.change > 0

        quick = careful_answers(catalogue, person, rng, quick=True)
        before = assess(catalogue, as_input(quick, {}), scorer=scorer)
        after = assess(
            catalogue,
            as_input(moved(catalogue, quick, rng, grow=grown_skill), {}),
            scorer=scorer,
        )
        short = compare(catalogue, _session(1, before, catalogue), _session(2, after, catalogue))
        change = next(c for c in short.skills if c.skill == grown_skill)
        found_quick += (not change.within_noise) and change.change > 0
    return Retest(
        size=size,
        first_in_tier=in_tier / size,
        tier_one_to_three=small_tier / size,
        first_role_changed=changed / size,
        mean_tier_one=tier_sizes / size,
        false_alarm=alarms / size,
        detected=found / size,
        detected_quick=found_quick / size,
        strong_in_tier=strong_in / strong if strong else 1.0,
        strong_changed=strong_changed / strong if strong else 0.0,
        strong=strong,
        firsts=firsts,
        reanswered_in_tier=fresh_in / size,
        reanswered_changed=fresh_changed / size,
        reanswered_alarm=fresh_alarms / size,
    )


def report(size: int, seed: int) -> str:
    catalogue = load_catalogue()
    figures = retest(catalogue, size, seed)
    lines = [
        f"Ranking and compare: {size} careful respondents, full interview taken twice"
        " (one answer in five moved by one step)",
        "",
        f"  second run's first role in first run's tier 1   {figures.first_in_tier:6.1%}"
        "   (target >= 90%)",
        f"  tier 1 holds one to three roles                 {figures.tier_one_to_three:6.1%}"
        "   (target >= 70%)",
        f"  roles in tier 1, mean                           {figures.mean_tier_one:6.2f}",
        f"  first role differs between the runs            {figures.first_role_changed:6.1%}",
        f"  {f'strong all-rounders ({figures.strong}): first in tier 1':<48}"
        f"{figures.strong_in_tier:6.1%}",
        f"  strong all-rounders: first role differs         {figures.strong_changed:6.1%}",
        f"  compare: some skill marked real, no change      {figures.false_alarm:6.1%}"
        "   (target <= 10%)",
        f"  compare: one-level growth marked real (full)    {figures.detected:6.1%}"
        "   (target >= 80%)",
        f"  compare: one-level growth marked real (quick)   {figures.detected_quick:6.1%}",
        "",
        "  The whole interview answered afresh (same true levels, new answers):",
        f"  second run's first role in first run's tier 1   {figures.reanswered_in_tier:6.1%}",
        f"  first role differs between the runs            {figures.reanswered_changed:6.1%}",
        f"  compare: some skill marked real, no change      {figures.reanswered_alarm:6.1%}",
        "",
        "  How often each role comes first (first run):",
    ]
    for role in catalogue.roles:
        share = figures.firsts[role.id] / size
        lines.append(f"    {role.title:<46} {share:6.1%}")
    return "\n".join(lines)
