"""The uncertainty maths against the formula: slopes are its derivatives."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.scoring import RoleScorer, ScoringContext, formula, uncertainty
from bpo_assess.core.scoring.formula import READINESS_TOLERANCE
from support import examples

STEP = 1e-4
levels_strategy = st.tuples(*[st.floats(1, 5)] * 7)


@settings(max_examples=examples(100), deadline=None)
@given(levels_strategy, st.integers(0, 7))
def test_slopes_are_the_formulas_derivatives(
    catalogue: Catalogue, levels: tuple[float, ...], place: int
) -> None:
    """With a vanishing standard error the averaged slope is the match's derivative: a
    central finite difference of formula.role_figures, away from the kinks at r_s."""
    role = catalogue.roles[place]
    edges = [role.profile[s].level - READINESS_TOLERANCE for s in catalogue.skill_ids]
    assume(all(abs(level - edge) > 10 * STEP for level, edge in zip(levels, edges, strict=True)))
    slopes = uncertainty.gradient(RoleScorer(catalogue).demands[place], levels, (1e-12,) * 7)
    for skill in range(7):
        up, down = list(levels), list(levels)
        up[skill] += STEP
        down[skill] -= STEP
        rise = formula.role_figures(catalogue, role, ScoringContext(tuple(up))).match
        fall = formula.role_figures(catalogue, role, ScoringContext(tuple(down))).match
        assert slopes[skill] == pytest.approx((rise - fall) / (2 * STEP), abs=1e-6)


def test_a_match_error_is_the_spread_of_the_formula_over_noisy_levels(
    catalogue: Catalogue,
) -> None:
    """Away from the required levels a match is linear in the levels, so its standard
    error is the slope-weighted sum of the skills' errors, as a finite difference shows."""
    role = catalogue.roles[0]
    levels = tuple(role.profile[s].level + 0.3 for s in catalogue.skill_ids)
    levels = tuple(min(level, 4.9) for level in levels)
    errors = (1e-9,) * 7
    base = formula.role_figures(catalogue, role, ScoringContext(levels)).match
    squares = 0.0
    for skill in range(7):
        moved = list(levels)
        moved[skill] += STEP
        slope = formula.role_figures(catalogue, role, ScoringContext(tuple(moved))).match - base
        squares += (slope / STEP * errors[skill]) ** 2
    error = uncertainty.match_error(RoleScorer(catalogue).demands[0], levels, errors)
    assert error == pytest.approx(squares**0.5, rel=1e-4)
