"""From answers to skill levels: each answer's value comes from its item kind's row in
core/items.py; a skill's level is the mean of its answers (docs/scoring.md, section 1)."""

from __future__ import annotations

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.items import kind_of
from bpo_assess.core.models import AssessmentInput, SkillScore
from bpo_assess.core.scoring.uncertainty import standard_error
from bpo_assess.errors import BpoError


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

    values: dict[str, list[float]] = {s: [] for s in catalogue.skill_ids}
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
        kind = kind_of(item)
        value = kind.value(item, choice)
        if value is None:
            problems.append(f"answers.{item_id}: a {kind.name} item takes {kind.takes}")
            continue
        values[skill.id].append(value)
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
