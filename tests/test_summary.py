"""The results summary (issue 11, problem 4): one screen, what to do next, one scale."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from bpo_assess.cli import app
from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import AssessmentInput, AssessmentResult, QualityFlag
from bpo_assess.core.next_steps import apply_now, next_steps, weakest
from bpo_assess.core.scoring import assess
from bpo_assess.core.wording import level_phrase, level_word
from bpo_assess.render import result as render_result
from bpo_assess.render.summary import summary_view

ROOT = Path(__file__).resolve().parents[1]
SIZES = [(60, 20), (80, 24), (100, 30), (120, 40)]


def scored(catalogue: Catalogue, **levels: float) -> AssessmentResult:
    skills = dict.fromkeys(catalogue.skill_ids, 3.0) | {
        k.replace("_", "-"): v for k, v in levels.items()
    }
    return assess(catalogue, AssessmentInput(skills=skills))


def text_of(view: object, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(view)
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


def tiered(result: AssessmentResult, first_tier: int, ready: int) -> AssessmentResult:
    """The ranking as issue 9 gives it: the first roles about equal, some ready now."""
    matches = [
        m.model_copy(update={"tier": 1 if i < first_tier else 2, "ready_now": i < ready})
        for i, m in enumerate(result.matches)
    ]
    return result.model_copy(update={"matches": matches})


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_summary_fits_one_screen_at_every_size(
    catalogue: Catalogue, width: int, height: int
) -> None:
    result = scored(catalogue, communication=4.5, tech_savvy=1.5)
    flag = QualityFlag(
        code="straight-lining",
        message="Many answers in a row were the same choice; the picture may be rougher.",
    )
    result = tiered(result, 3, 2).model_copy(update={"quality": [flag]})
    screen = text_of(summary_view(catalogue, result, more="The full results follow."), width)
    lines = screen.rstrip("\n").splitlines()
    assert len(lines) <= height - 1, screen  # one line left for the pager's prompt
    assert all(len(line.rstrip()) <= width for line in lines)
    words = " ".join(screen.split())
    assert words.index("Note on your answers") < words.index("Roles to apply for now")
    for step in ("Apply for", "Take", "Practise"):
        assert re.search(rf"^{step} ", screen, re.MULTILINE), step


def test_the_summary_names_tier_one_roles_ready_now_and_one_step_of_each_kind(
    catalogue: Catalogue,
) -> None:
    result = tiered(scored(catalogue, communication=4.5, tech_savvy=1.5), 4, 2)
    roles, more = apply_now(result)
    assert [m.rank for m in roles] == [1, 2] and more == 0, "not-ready roles wait"
    steps = next_steps(catalogue, result)
    assert steps.apply_for == result.matches[0]
    assert steps.take is not None and steps.take in result.matches[0].certifications
    assert steps.practise[0].skill.id == "tech-savvy"
    screen = " ".join(text_of(summary_view(catalogue, result), 80).split())
    assert f"Apply for {result.matches[0].title}" in screen
    assert f"Take {steps.take.name}" in screen
    assert "Practise Tech-savvy, now level 1.5 of 5 (developing)" in screen
    assert result.matches[2].title not in screen.split("Your next steps")[0]


def test_an_ineligible_certification_is_not_the_next_step(catalogue: Catalogue) -> None:
    result = scored(catalogue, communication=2)
    top = result.matches[0]
    blocked = [c.model_copy(update={"eligible": False}) for c in top.certifications[:1]]
    matches = [top.model_copy(update={"certifications": blocked + top.certifications[1:]})]
    steps = next_steps(
        catalogue, result.model_copy(update={"matches": matches + result.matches[1:]})
    )
    assert steps.take is not None and steps.take.eligible is not False


def test_the_counsellors_rating_decides_the_weakest_skill(catalogue: Catalogue) -> None:
    result = scored(catalogue, tech_savvy=2)
    assert weakest(catalogue, result)[0].skill.id == "tech-savvy"
    assert (
        weakest(catalogue, result, ratings={"tech-savvy": 5, "teamwork": 1})[0].skill.id
        == "teamwork"
    )


def test_one_scale_everywhere_levels_with_words(catalogue: Catalogue) -> None:
    """'Communication 90' beside 'level 4.6 of 5 needed' was two scales for one thing."""
    result = scored(catalogue, communication=4.6, tech_savvy=1.4)
    screen = text_of(render_result.result_view(catalogue, result), 100)
    profile = screen.split("Your skill profile")[1].split("How the roles fit you")[0]
    assert re.search(r"Communication\s+\S+\s+4\.6\s+expert", profile)
    assert not re.search(r"\b(9\d|100)\b", profile), "no 0-100 score for a skill"
    assert level_phrase(3.44) == "level 3.4 of 5 (capable)"
    assert [level_word(x) for x in (1, 1.6, 3, 3.5, 5)] == [
        "starting",
        "developing",
        "capable",
        "strong",
        "expert",
    ]


def test_no_yellow_or_dim_text_and_no_colour_with_no_color(
    catalogue: Catalogue, runner: CliRunner
) -> None:
    """Issue 11, problem 11: yellow and dim text are hard to read on light backgrounds."""
    result = scored(catalogue, communication=2)
    console = Console(file=io.StringIO(), width=100, force_terminal=True, color_system="truecolor")
    console.print(render_result.result_view(catalogue, result))
    ansi = console.file.getvalue()  # type: ignore[attr-defined]
    codes = set(re.findall(r"\x1b\[([0-9;]*)m", ansi))
    parts = {p for c in codes for p in c.split(";")}
    assert "33" not in parts and "93" not in parts, "no yellow"
    assert "2" not in parts, "no dim"
    out = runner.invoke(
        app, ["score", str(ROOT / "examples" / "ratings.json")], env={"NO_COLOR": "1"}
    )
    assert out.exit_code == 0 and "\x1b[" not in out.stdout


def test_no_pager_prints_the_summary_then_everything(runner: CliRunner) -> None:
    ratings = str(ROOT / "examples" / "ratings.json")
    out = runner.invoke(app, ["score", ratings, "--no-pager"])
    assert out.exit_code == 0, out.output
    assert out.stdout.index("Your results in brief") < out.stdout.index("How the roles fit you")
    assert "The full results follow." in out.stdout
    plain = runner.invoke(app, ["score", ratings, "--json"])
    assert "Your results in brief" not in plain.stdout and json.loads(plain.stdout)["matches"]
