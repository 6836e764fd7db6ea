"""Personas a counsellor would recognise, answered through the full interview at their true
levels: the results must be ones a counsellor finds plausible (issue 9, "Done when")."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from validity.personas import PERSONAS, Persona, report, score

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.next_steps import next_steps
from bpo_assess.render.result import result_view, tier_words
from bpo_assess.render.summary import summary_view

ENTRY_ROLES = {"customer-service", "back-office", "technical-support"}


def persona(name: str) -> Persona:
    return next(p for p in PERSONAS if p.name.startswith(name))


def test_a_newcomer_with_strong_answers_starts_with_entry_roles(catalogue: Catalogue) -> None:
    result = score(catalogue, persona("newcomer"))
    lead = next(m for m in result.matches if m.role == "team-lead")
    assert lead.ready_now is False
    assert [p.met for p in lead.prerequisites] == [False]
    apply_now = [m for m in result.matches if m.ready_now is not False]
    assert apply_now and apply_now[0].role in ENTRY_ROLES
    assert all(m.role in ENTRY_ROLES for m in apply_now)


def test_the_newcomer_sees_team_leader_under_roles_to_grow_into(catalogue: Catalogue) -> None:
    result = score(catalogue, persona("newcomer"))
    console = Console(file=io.StringIO(), width=100, no_color=True)
    console.print(result_view(catalogue, result))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    now, later = text.index("Roles you can apply for now"), text.index("Roles to grow into")
    assert now < later < text.index("Team Leader")
    assert "after one to two years as an agent" in " ".join(text.split())
    pmp = next(
        c for m in result.matches for c in m.certifications if c.id == "pmp"
    )  # offered only with what it needs first
    assert pmp.eligible is False and pmp.requires


def test_an_agent_with_three_years_and_leadership_strengths_is_ready_to_lead(
    catalogue: Catalogue,
) -> None:
    result = score(catalogue, persona("people leader"))
    lead = next(m for m in result.matches if m.role == "team-lead")
    assert lead.ready_now is True
    assert lead.rank <= 2


def test_someone_who_loves_coaching_has_quality_assurance_in_tier_one(
    catalogue: Catalogue,
) -> None:
    result = score(catalogue, persona("coach"))
    qa = next(m for m in result.matches if m.role == "qa-training")
    assert qa.tier == 1


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("warm communicator", "customer-service"),
        ("tech tinkerer", "technical-support"),
        ("meticulous organiser", "back-office"),
        ("quiet analyst", "finance-specialist"),
    ],
)
def test_each_persona_has_its_role_first_and_can_apply(
    catalogue: Catalogue, name: str, expected: str
) -> None:
    result = score(catalogue, persona(name))
    assert result.matches[0].role == expected
    assert result.matches[0].ready_now is True


def test_the_specialists_part_on_domain_knowledge(catalogue: Catalogue) -> None:
    """The quiet analyst knows finance, not medicine or law: only finance is ready now."""
    result = score(catalogue, persona("quiet analyst"))
    ready = {m.role: m.ready_now for m in result.matches}
    assert ready["finance-specialist"] is True
    assert ready["healthcare-specialist"] is ready["legal-specialist"] is False


def test_the_persona_report_lists_every_persona(catalogue: Catalogue) -> None:
    text = report(size=1, seed=3)
    assert all(p.name in text for p in PERSONAS)
    assert "tier 1" in text


def test_someone_who_meets_every_role_is_told_what_orders_them(catalogue: Catalogue) -> None:
    from bpo_assess.core.models import AssessmentInput
    from bpo_assess.core.scoring import assess
    from bpo_assess.render.result import tier_words

    strong = AssessmentInput.model_validate(
        {
            "skills": dict.fromkeys(catalogue.skill_ids, 5.0),
            "background": {"years_experience": 3, "domain_knowledge": []},
        }
    )
    top = assess(catalogue, strong)
    words = " ".join(tier_words(top))
    assert "You meet the skill levels of every role" in words
    # Ready for everything: the role that asks most of them leads, and the screen says why.
    assert top.matches[0].role == "team-lead"
    assert "Team Leader comes before" in words and "asks more of you" in words


def test_a_finance_profile_with_finance_study_has_finance_first(catalogue: Catalogue) -> None:
    """Issue 15: with Finance's own profile and accounts study, Back-Office used to come
    first ("fits you clearly better"); the role's level and the study now decide."""
    someone = Persona(
        "finance graduate, three years in a bank's back office",
        (3.0, 3.0, 4.0, 4.0, 3.0, 5.0, 3.0),
        {"years_experience": 3, "domain_knowledge": ["finance"]},
    )
    result = score(catalogue, someone)
    assert result.matches[0].role == "finance-specialist"
    assert result.matches[0].ready_now is True and result.matches[0].match_rank == 1
    words = " ".join(tier_words(result))
    assert "comes before Back-Office Support Associate" in words


def test_a_newcomer_whose_best_fits_need_experience_is_told_what_to_apply_for(
    catalogue: Catalogue,
) -> None:
    """A team leader's profile with no job yet: tier 1 is Team Leader alone, which needs a
    year on the floor. The summary says so, names a role they can apply for now, and never
    puts Team Leader under "apply for" or its certification under "Take"."""
    someone = Persona(
        "natural leader, no job yet",
        (5.0, 4.0, 3.0, 4.0, 5.0, 4.0, 4.0),
        {"years_experience": 0, "domain_knowledge": []},
    )
    result = score(catalogue, someone)
    assert all(m.ready_now is False for m in result.matches if m.tier == 1)
    steps = next_steps(catalogue, result)
    assert steps.apply_for is not None and steps.apply_for.ready_now is True
    assert steps.grow_into is not None and steps.grow_into.role == "team-lead"
    assert steps.take_for is not None and steps.take_for.ready_now is not False
    console = Console(file=io.StringIO(), width=80, no_color=True)
    console.print(summary_view(catalogue, result))
    screen = " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]
    assert "None of the roles that fit you best can be applied for yet" in screen
    assert f"The best role you can apply for now is {steps.apply_for.title}" in screen
    assert f"Apply for {steps.apply_for.title}" in screen
    assert "Grow into Team Leader, after" in screen
    listed = screen.split("Roles to apply for now")[1].split("Your next steps")[0]
    assert "1. Team Leader" not in listed and "match" in listed
