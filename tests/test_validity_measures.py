"""The reliability study of the measures (validity/measures.py) gives what docs/validity.md
reports: equal passages, detection that catches pastes and spares honest typists, and a
disagreement note that fires more for the faker than for honest people."""

from __future__ import annotations

import pytest
from validity.measures import (
    EQUIVALENCE_TOLERANCE,
    detection,
    equivalence,
    kr20,
    note_rates,
    split_half,
)


@pytest.mark.no_cover  # a study of many runs over lines other tests reach; see conftest
def test_the_passages_give_the_same_net_speed_within_the_tolerance() -> None:
    for _, means in equivalence(size=8, seed=1):
        assert max(means.values()) - min(means.values()) <= EQUIVALENCE_TOLERANCE


def test_detection_catches_pastes_and_held_keys_and_spares_honest_typists() -> None:
    rates = detection(size=10, seed=1)
    assert rates["bracketed paste"] == 1.0
    assert rates["paste without bracketing (arrives as keys)"] == 1.0
    assert rates["a key held down (auto-repeat)"] == 1.0
    assert rates["honest typist, 120 words a minute (false alarm)"] == 0.0
    assert rates["software typing at a human pace (missed by design)"] == 0.0


def test_the_typing_halves_agree_and_the_checking_pairs_hang_together() -> None:
    r, full = split_half(size=60, seed=2, quick=True)
    assert 0 < r < full <= 1
    assert 0.4 < kr20(size=400, seed=2) < 1


@pytest.mark.no_cover  # a study of many runs over lines other tests reach; see conftest
def test_the_note_catches_the_faker_more_often_than_it_troubles_honest_people() -> None:
    rates = note_rates(size=120, seed=3)
    assert rates["faker caught (always 4 or 5)"] > 2 * rates["honest person shown the note"]
