"""Shared ranks reach the reader: the screen and both reports print them as =N."""

from __future__ import annotations

import io

from rich.console import Console

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import AssessmentInput, SessionRecord
from bpo_assess.core.scoring import assess
from bpo_assess.counsel.report import render
from bpo_assess.render.result import result_view


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
