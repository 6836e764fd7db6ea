"""Shared ranks reach the reader: the screen and both reports print them as =N."""

from __future__ import annotations

import io

from rich.console import Console

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import AssessmentInput, SessionRecord
from bpo_assess.core.scoring import assess
from bpo_assess.counsel.report import render
from bpo_assess.render.result import result_view

LEVELS = (4.0, 3.5, 3.0, 4.0, 4.0, 3.0, 5.0)


def flat_session(catalogue: Catalogue) -> SessionRecord:
    """Every skill at 1: no role's level is met, so every role shares the first place."""
    data = AssessmentInput(skills=dict.fromkeys(catalogue.skill_ids, 1.0))
    return SessionRecord(
        id=1,
        uid="0" * 16,
        created_at="2026-11-27T00:00:00Z",
        source="score",
        tool_version="test",
        catalogue_hash=catalogue.content_hash,
        input=data,
        result=assess(catalogue, data),
    )


def test_the_flat_profile_has_a_shared_rank(catalogue: Catalogue) -> None:
    ranks = [m.rank for m in flat_session(catalogue).result.matches]
    assert len(set(ranks)) < len(ranks)


def test_screen_and_reports_print_shared_ranks(catalogue: Catalogue) -> None:
    session = flat_session(catalogue)
    shared = next(
        m.rank
        for m in session.result.matches
        if [x.rank for x in session.result.matches].count(m.rank) > 1
    )
    console = Console(file=io.StringIO(), width=100, no_color=True)
    console.print(result_view(catalogue, session.result))
    screen = console.file.getvalue()  # type: ignore[attr-defined]
    assert f"={shared} " in screen
    assert f"| ={shared} |" in render(catalogue, session, "md")
    assert f">={shared}<" in render(catalogue, session, "html")


def test_the_shared_rank_legend_appears_only_with_a_shared_rank(catalogue: Catalogue) -> None:
    """Issue 15, section 5: the legend "=2: a shared rank" matches what the table shows."""

    def screen(result: object) -> str:
        console = Console(file=io.StringIO(), width=100, no_color=True)
        console.print(result_view(catalogue, result))  # type: ignore[arg-type]
        return " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]

    flat = flat_session(catalogue).result
    assert "=1 " in screen(flat) and "=2: a shared rank" in screen(flat)
    distinct = assess(
        catalogue, AssessmentInput(skills=dict(zip(catalogue.skill_ids, LEVELS, strict=True)))
    )
    assert len({m.rank for m in distinct.matches}) == len(distinct.matches)
    assert "shared rank" not in screen(distinct)
    assert "shared rank" not in render(
        catalogue, flat_session(catalogue).model_copy(update={"result": distinct}), "html"
    )


def test_after_the_full_interview_the_screen_does_not_suggest_it(catalogue: Catalogue) -> None:
    """Roles sharing tier 1 after the full interview: what can separate them is a
    counsellor's rating or a retest, not the interview just taken."""
    from validity.personas import PERSONAS, score

    from bpo_assess.render.result import tier_words

    result = score(catalogue, PERSONAS[0])
    assert all(s.answered > 1 for s in result.skills.values())
    tied = result.model_copy(
        update={"matches": [m.model_copy(update={"tier": 1}) for m in result.matches[:3]]}
    )
    words = " ".join(tier_words(tied))
    assert "The full interview" not in words and "A counsellor's rating" in words
    quick = flat_session(catalogue).result  # direct ratings: the full interview can help
    assert "The full interview" in " ".join(tier_words(quick))


def test_levels_have_one_precision_on_screen_in_compare_and_in_the_report() -> None:
    from bpo_assess.core.wording import level_number, level_phrase, signed_level

    assert level_number(4.25) == "4.2" and level_number(3) == "3.0"
    assert signed_level(2.25) == "+2.2" and signed_level(-0.04) == "0.0"
    assert level_phrase(4.25).startswith("level 4.2 of 5")
