"""Comparing two sessions: real change is shown, noise is marked as noise."""

from __future__ import annotations

import math
from collections.abc import Mapping

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.compare import compare, reliable_z
from bpo_assess.core.models import AssessmentInput, SessionRecord
from bpo_assess.core.scoring import assess, standard_error


def session(
    catalogue: Catalogue,
    number: int,
    when: str,
    *,
    skills: dict[str, float] | None = None,
    answers: Mapping[str, int | str] | None = None,
    ratings: dict[str, int] | None = None,
) -> SessionRecord:
    data = AssessmentInput(skills=skills, answers=None if answers is None else dict(answers))
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


def test_reliable_change_threshold_is_jacobson_truax(catalogue: Catalogue) -> None:
    answers = all_answers(catalogue, 3, "b")
    before = session(catalogue, 1, "2026-11-18T10:00:00Z", answers=answers)
    after = session(catalogue, 2, "2026-11-25T10:00:00Z", answers=answers)
    comparison = compare(catalogue, before, after)
    assert not comparison.coarse and comparison.notes == []
    z = reliable_z(len(catalogue.skill_ids))
    assert round(z, 2) == 2.69, "seven skills judged together, 5% for the family"
    for change in comparison.skills:
        n = before.result.skills[change.skill].answered
        error = standard_error(n)
        assert change.threshold == round(z * math.sqrt(2) * error, 2)
        assert change.rci == 0 and change.within_noise
    assert all(r.change == 0 and r.within_noise and r.threshold > 0 for r in comparison.roles)


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
    z = reliable_z(len(catalogue.skill_ids))
    assert moved.change > 0 and moved.within_noise
    assert moved.rci == round(moved.change / (moved.threshold / z), 2) or math.isclose(
        moved.rci * moved.threshold / z, moved.change, abs_tol=0.01
    )
    assert all(role.within_noise for role in comparison.roles)

    grown = dict(answers)
    for item in catalogue.skills[0].items:
        if item.kind == "rating":
            grown[item.id] = 5  # every rating item two choices up: real progress
    later = session(catalogue, 3, "2026-12-02T10:00:00Z", answers=grown)
    real = compare(catalogue, before, later)
    assert real.skills[0].change >= 0.5 and not real.skills[0].within_noise
    assert all(change.change == 0 and change.within_noise for change in real.skills[1:])
    assert all(role.within_noise == (abs(role.change) < role.threshold) for role in real.roles)

    for skill in catalogue.skills[0], catalogue.skill_by_id["customer-centric"]:
        for item in skill.items:
            grown[item.id] = (
                5 if item.kind == "rating" else max(item.options, key=lambda o: o.score).id
            )
    warmer = session(catalogue, 4, "2026-12-09T10:00:00Z", answers=grown)
    customer = next(
        r for r in compare(catalogue, before, warmer).roles if r.role == "customer-service"
    )
    assert customer.change > customer.threshold > 0 and not customer.within_noise


def test_rank_changes_and_counsellor_ratings(catalogue: Catalogue) -> None:
    flat = dict.fromkeys(catalogue.skill_ids, 3.0)
    tech = {**flat, "tech-savvy": 5.0, "problem-solving": 5.0}
    before = session(catalogue, 1, "2026-11-18T10:00:00Z", skills=flat, ratings={"teamwork": 2})
    after = session(catalogue, 2, "2026-11-25T10:00:00Z", skills=tech, ratings={"teamwork": 4})
    comparison = compare(catalogue, before, after)
    support = next(r for r in comparison.roles if r.role == "technical-support")
    assert support.rank_after < support.rank_before
    assert support.change > support.threshold and not support.within_noise
    teamwork = next(s for s in comparison.skills if s.skill == "teamwork")
    assert (teamwork.counsellor_before, teamwork.counsellor_after) == (2, 4)
    assert not teamwork.large_disagreement  # 4 against the client's 3
    disagree = session(catalogue, 3, "2026-12-02T10:00:00Z", skills=tech, ratings={"tech-savvy": 3})
    flagged = compare(catalogue, before, disagree)
    assert [s.skill for s in flagged.skills if s.large_disagreement] == ["tech-savvy"]
    assert {r.role for r in comparison.roles} == {r.id for r in catalogue.roles}


def test_sessions_from_another_catalogue_compare_skills_and_say_why_not_roles(
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
    assert comparison.roles == []
    assert any("cannot be rescored" in note for note in comparison.notes)


def test_quick_against_full_says_it_is_coarse(catalogue: Catalogue) -> None:
    full = all_answers(catalogue, 3, "b")
    quick = {i.id: 4 for _, i in catalogue.items(quick=True)}
    before = session(catalogue, 1, "2026-11-18T10:00:00Z", answers=quick)
    after = session(catalogue, 2, "2026-11-25T10:00:00Z", answers=full)
    comparison = compare(catalogue, before, after)
    assert comparison.coarse
    assert any("coarse" in note for note in comparison.notes)
    # a one-answer skill's error is large: a change of one level is never reliable
    asked = [skill.id for skill, _ in catalogue.items(quick=True)]
    single = {s for s in catalogue.skill_ids if asked.count(s) == 1}
    assert single, "the quick form has skills asked once"
    one_answer = [change for change in comparison.skills if change.skill in single]
    assert all(change.threshold > 1.0 for change in one_answer)
    assert all(change.within_noise for change in one_answer if abs(change.change) <= 1)


def test_a_version_one_session_is_rescored_and_says_so(catalogue: Catalogue) -> None:
    flat = dict.fromkeys(catalogue.skill_ids, 3.0)
    before = session(catalogue, 1, "2026-11-18T10:00:00Z", skills=flat)
    after = session(catalogue, 2, "2026-11-25T10:00:00Z", skills={**flat, "teamwork": 5.0})
    v1_matches = [
        m.model_copy(update={"tier": 1, "ready_now": None, "prerequisites": [], "strengths": None})
        for m in before.result.matches
    ]
    v1_skills = {
        k: v.model_copy(update={"standard_error": None}) for k, v in before.result.skills.items()
    }
    old_result = before.result.model_copy(
        update={"schema_version": 1, "matches": v1_matches, "skills": v1_skills}
    )
    old = SessionRecord.model_validate(
        before.model_copy(update={"result": old_result}).model_dump(mode="json")
    )
    comparison = compare(catalogue, old, after)
    assert any("rescored" in note for note in comparison.notes)
    teamwork = next(s for s in comparison.skills if s.skill == "teamwork")
    assert teamwork.change == 2.0 and not teamwork.within_noise
    assert len(comparison.roles) == len(catalogue.roles)


def test_a_version_one_result_still_shows(catalogue: Catalogue) -> None:
    """A result saved by schema version 1 (no tiers, standard errors or prerequisites,
    close_call in its old sense) loads and renders without claiming tiers."""
    import io

    from rich.console import Console

    from bpo_assess.core.models import AssessmentResult
    from bpo_assess.render.result import result_view

    current = assess(catalogue, AssessmentInput(skills=dict.fromkeys(catalogue.skill_ids, 3.0)))
    document = current.model_dump(mode="json")
    document["schema_version"] = 1
    document["background"]["years_experience"] = 0
    del document["background"]["domain_knowledge"]
    for skill in document["skills"].values():
        del skill["standard_error"]
    for match in document["matches"]:
        for key in ("tier", "ready_now", "prerequisites", "strengths"):
            del match[key]
        for cert in match["certifications"]:
            for key in ("domain", "eligible", "requires"):
                del cert[key]
    old = AssessmentResult.model_validate(document)
    console = Console(file=io.StringIO(), width=100, no_color=True)
    console.print(result_view(catalogue, old))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "How the roles fit you" in text and "fit you about equally" not in text
