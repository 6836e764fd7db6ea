"""Statements that are true of the person: tips by background, experience as chosen, ties
said, counts in words, certification issuers without doubled brackets."""

from __future__ import annotations

import io

import pytest
from pydantic import ValidationError
from rich.console import Console

from bpo_assess.core.advice import experience_phrase, practice_tips, weakest_skills
from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import AssessmentInput, AssessmentResult, Background, Skill
from bpo_assess.core.next_steps import next_steps
from bpo_assess.core.scoring import assess
from bpo_assess.core.wording import counted
from bpo_assess.render.result import result_view
from bpo_assess.render.summary import summary_view

JOB_WORDS = ("shift", "queue", "your account", "your lead", "QA review", "CRM", "escalations")


def screen(view: object, width: int = 80) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(view)
    return " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]


def scored(catalogue: Catalogue, years: float | None, **levels: float) -> AssessmentResult:
    skills = dict.fromkeys(catalogue.skill_ids, 3.0) | {
        k.replace("_", "-"): v for k, v in levels.items()
    }
    return assess(
        catalogue,
        AssessmentInput(skills=skills, background=Background(years_experience=years)),
    )


def test_every_tip_has_a_form_without_a_job_that_needs_no_job(catalogue: Catalogue) -> None:
    """Issue 16, problem 3: a 19-year-old with no job was told to list the cases of
    every shift and to ask to be cross-trained on a second queue."""
    for skill in catalogue.skills:
        assert len(skill.improve_without_job) == len(skill.improve), skill.id
        for tip in skill.improve_without_job:
            assert not any(word in tip for word in JOB_WORDS), (skill.id, tip)
    broken = catalogue.skills[0].model_dump() | {"improve_without_job": ["one way only"]}
    with pytest.raises(ValidationError, match="give each way in both forms"):
        Skill.model_validate(broken)


def test_the_background_picks_the_form_of_each_tip(catalogue: Catalogue) -> None:
    skill = catalogue.skill_by_id["time-management"]
    assert practice_tips(skill, Background(years_experience=0.0)) == skill.improve_without_job
    assert practice_tips(skill, Background()) == skill.improve_without_job
    assert practice_tips(skill, Background(years_experience=3.0)) == skill.improve
    for years, shown, hidden in ((0.0, "improve_without_job", "improve"), (3.0, "improve", "x")):
        result = scored(catalogue, years, time_management=1.0)
        full = screen(result_view(catalogue, result)) + screen(
            summary_view(catalogue, result, more="")
        )
        assert getattr(skill, shown)[0] in " ".join(full.split())
        if hidden != "x":
            assert skill.improve[0] not in full


def test_experience_is_shown_as_the_range_chosen(catalogue: Catalogue) -> None:
    """Issue 16, problem 6: 'Two to five years' was shown as '3 years of experience'."""
    assert experience_phrase(3.0) == "two to five years of experience"
    assert experience_phrase(0.5) == "less than a year of experience"
    assert experience_phrase(4.0) == "4 years of experience"  # a file's own figure
    text = screen(result_view(catalogue, scored(catalogue, 3.0)))
    assert "two to five years of experience" in text and "3 years" not in text


def test_tied_weakest_skills_are_said_and_settled_by_what_the_best_role_needs(
    catalogue: Catalogue,
) -> None:
    """Issue 16, problem 6: two of five skills tied at 4.0 were picked by catalogue order."""
    others = {s.replace("-", "_"): 4.0 for s in catalogue.skill_ids}
    result = scored(catalogue, 3.0, **(others | {"communication": 4.5, "tech_savvy": 4.5}))
    weakest = weakest_skills(catalogue, result)
    assert len(weakest.tied) == 5 and weakest.settled_by
    role = catalogue.role_by_id[result.matches[0].role]
    needs = sorted(-role.profile[s].importance for s in weakest.tied)
    assert [-role.profile[s].importance for s in weakest.skills] == needs[:2]
    text = screen(result_view(catalogue, result))
    assert "two of your weakest skills" in text and "are tied at level 4.0 of 5" in text


def test_counts_are_words_not_brackets() -> None:
    assert counted(1, "session") == "1 session" and counted(2, "client") == "2 clients"


def test_an_issuer_with_brackets_is_not_put_in_brackets_again(catalogue: Catalogue) -> None:
    """Issue 16, problem 6: 'Take … (Project Management Institute (PMI))'."""
    found = None
    for level in (1.0, 2.0, 3.0, 4.0, 5.0):
        for years in (0.0, 3.0, 6.0):
            result = scored(catalogue, years, communication=level, teamwork=5.0)
            steps = next_steps(catalogue, result)
            if steps.take and "(" in steps.take.issuer:
                found = result
    assert found is not None, "a result whose first certification's issuer has brackets"
    text = screen(summary_view(catalogue, found, more=""))
    assert "))" not in text and "((" not in text


def test_the_glossary_explains_kpi_and_does_not_claim_the_questions_avoid_its_words(
    catalogue: Catalogue,
) -> None:
    """Issue 16, problem 11: the results say "KPIs", which the glossary did not explain,
    and it said the questions do not need its words while they use several."""
    from bpo_assess.interview.bank import Bank
    from bpo_assess.interview.screens import GLOSSARY_NOTE

    terms = {term for term, _ in Bank.of(catalogue).glossary}
    assert "KPI" in terms
    assert any("KPIs" in role.summary for role in catalogue.roles)
    assert "do not need" not in GLOSSARY_NOTE


def test_summary_and_report_practise_the_skills_the_results_name(catalogue: Catalogue) -> None:
    """One rule for the weakest skills: with five skills tied, the summary (and the report,
    which takes the same next steps) practise the two the full results name, and each tip
    has the form that fits a person without a job."""
    others = {s.replace("-", "_"): 4.0 for s in catalogue.skill_ids}
    result = scored(catalogue, 0.0, **(others | {"communication": 4.5, "tech_savvy": 4.5}))
    named = weakest_skills(catalogue, result).skills
    steps = next_steps(catalogue, result)
    assert [p.skill.id for p in steps.practise] == named
    for practice in steps.practise:
        assert list(practice.ways) == practice.skill.improve_without_job
