"""Comparing two sessions: real change is shown, noise is marked as noise."""

from __future__ import annotations

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.compare import RATING_STEP, answer_step, compare
from bpo_assess.core.models import AssessmentInput, SessionRecord, SkillScore
from bpo_assess.core.scoring import assess


def session(
    catalogue: Catalogue,
    number: int,
    when: str,
    *,
    skills: dict[str, float] | None = None,
    answers: dict[str, int | str] | None = None,
    ratings: dict[str, int] | None = None,
) -> SessionRecord:
    data = AssessmentInput(skills=skills, answers=answers)
    result = assess(catalogue, data)
    return SessionRecord(
        id=number,
        uid=f"{number:016x}",
        created_at=when,
        source="score",
        tool_version="test",
        catalogue_hash=catalogue.content_hash,
        input=data,
        result=result,
        ratings=ratings or {},
    )


def all_answers(catalogue: Catalogue, rating: int, option: str) -> dict[str, int | str]:
    return {
        item.id: rating if item.kind == "rating" else option
        for skill in catalogue.skills
        for item in skill.items
    }


def test_one_answer_step() -> None:
    assert answer_step(SkillScore(score=50, level=3, answered=4)) == 0.25
    assert answer_step(SkillScore(score=50, level=3, answered=1)) == 1.0
    assert answer_step(SkillScore(score=50, level=3, answered=0)) == RATING_STEP


def test_one_changed_answer_is_noise_and_a_real_change_is_not(catalogue: Catalogue) -> None:
    answers = all_answers(catalogue, 3, "b")
    before = session(catalogue, 1, "2026-11-18T10:00:00Z", answers=answers)
    nudged = dict(answers)
    first_rating = next(i.id for i in catalogue.skills[0].items if i.kind == "rating")
    nudged[first_rating] = 4  # one answer, one choice up
    same = session(catalogue, 2, "2026-11-25T10:00:00Z", answers=nudged)
    comparison = compare(catalogue, before, same)
    assert comparison.days_apart == 7.0 and comparison.same_catalogue
    moved = comparison.skills[0]
    assert moved.change > 0 and moved.within_noise
    assert moved.step == round(1 / len(catalogue.skills[0].items), 3)
    assert all(role.within_noise for role in comparison.roles)

    grown = dict(answers)
    for item in catalogue.skills[0].items:
        if item.kind == "rating":
            grown[item.id] = 5  # every rating item two choices up: real progress
    later = session(catalogue, 3, "2026-12-02T10:00:00Z", answers=grown)
    real = compare(catalogue, before, later)
    assert real.skills[0].change >= 0.5 and not real.skills[0].within_noise
    assert all(change.change == 0 and change.within_noise for change in real.skills[1:])
    assert any(not role.within_noise for role in real.roles)


def test_rank_changes_and_counsellor_ratings(catalogue: Catalogue) -> None:
    flat = dict.fromkeys(catalogue.skill_ids, 3.0)
    tech = {**flat, "tech-savvy": 5.0, "problem-solving": 5.0}
    before = session(catalogue, 1, "2026-11-18T10:00:00Z", skills=flat, ratings={"teamwork": 2})
    after = session(catalogue, 2, "2026-11-25T10:00:00Z", skills=tech, ratings={"teamwork": 4})
    comparison = compare(catalogue, before, after)
    support = next(r for r in comparison.roles if r.role == "technical-support")
    assert support.rank_after < support.rank_before
    assert support.change > support.noise_band and not support.within_noise
    teamwork = next(s for s in comparison.skills if s.skill == "teamwork")
    assert (teamwork.counsellor_before, teamwork.counsellor_after) == (2, 4)
    assert not teamwork.large_disagreement  # 4 against the client's 3
    disagree = session(catalogue, 3, "2026-12-02T10:00:00Z", skills=tech, ratings={"tech-savvy": 3})
    flagged = compare(catalogue, before, disagree)
    assert [s.skill for s in flagged.skills if s.large_disagreement] == ["tech-savvy"]
    assert {r.role for r in comparison.roles} == {r.id for r in catalogue.roles}


def test_sessions_from_another_catalogue_are_compared_without_noise_bands(
    catalogue: Catalogue,
) -> None:
    flat = dict.fromkeys(catalogue.skill_ids, 3.0)
    before = session(catalogue, 1, "2026-11-18T10:00:00Z", skills=flat)
    after = session(catalogue, 2, "2026-11-25T10:00:00Z", skills={**flat, "teamwork": 4.0})
    skills = {k: v for k, v in before.result.skills.items() if k != "teamwork"}
    old = before.model_copy(
        update={
            "result": before.result.model_copy(update={"catalogue_hash": "x", "skills": skills})
        }
    )
    comparison = compare(catalogue, old, after)
    assert not comparison.same_catalogue
    assert "teamwork" not in {s.skill for s in comparison.skills}
    assert all(r.noise_band == 0 for r in comparison.roles)
