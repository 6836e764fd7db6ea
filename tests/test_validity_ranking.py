"""The ranking section of the validity study, at a size a test can afford."""

from __future__ import annotations

import random

from validity.ranking import moved, report, retest
from validity.simulate import Respondent, careful_answers, random_profile

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import RatingItem


def test_moving_answers_moves_about_one_in_five_by_one_step(catalogue: Catalogue) -> None:
    rng = random.Random(5)
    moves = total = 0
    for _ in range(40):
        person = Respondent(random_profile(catalogue, rng))
        answers = careful_answers(catalogue, person, rng)
        again = moved(catalogue, answers, rng)
        for item_id, choice in answers.items():
            item = catalogue.item_by_id[item_id][1]
            total += 1
            if again[item_id] == choice:
                continue
            moves += 1
            if isinstance(item, RatingItem):
                assert abs(int(again[item_id]) - int(choice)) == 1
    assert 0.12 < moves / total < 0.22  # a move at the end of the scale stays put


def test_growth_moves_every_answer_of_one_skill_up(catalogue: Catalogue) -> None:
    rng = random.Random(9)
    answers = {i.id: 2 for s, i in catalogue.items() if isinstance(i, RatingItem)}
    grown = moved(catalogue, answers, rng, share=0.0, grow="teamwork")
    for item_id, choice in grown.items():
        skill = catalogue.item_by_id[item_id][0]
        assert choice == (3 if skill.id == "teamwork" else 2)


def test_a_small_retest_meets_the_targets_loosely(catalogue: Catalogue) -> None:
    figures = retest(catalogue, size=60, seed=11)
    assert figures.first_in_tier >= 0.85
    assert figures.tier_one_to_three >= 0.55
    assert figures.false_alarm <= 0.2
    assert figures.detected >= 0.65
    assert figures.detected_quick < figures.detected
    assert sum(figures.firsts.values()) == 60


def test_the_report_prints_every_target_and_role(catalogue: Catalogue) -> None:
    text = report(size=20, seed=3)
    assert "(target >= 90%)" in text and "(target <= 10%)" in text
    assert all(role.title in text for role in catalogue.roles)
