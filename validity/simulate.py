"""Simulated respondents: answer sets drawn from a true skill profile through the item bank.

Every respondent answers the catalogue's own items, so the study measures the questions
and the scoring exactly as a person meets them. A rating item's choice is the level
nearest the respondent's true level plus noise; a situational item's choice is the option
whose key is nearest the same.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import AssessmentInput, RatingItem
from bpo_assess.core.order import shuffled


@dataclass(frozen=True)
class Respondent:
    """A true level per skill and a background; `noise` is the spread of one answer."""

    levels: Mapping[str, float]
    background: Mapping[str, Any] = field(default_factory=dict)
    noise: float = 0.5


def items_of(catalogue: Catalogue, *, quick: bool) -> list[tuple[str, Any]]:
    """(skill id, item) for every item the full or quick interview asks."""
    return [
        (skill.id, item)
        for skill in catalogue.skills
        for item in skill.items
        if item.quick or not quick
    ]


MOVED_SHARE = 0.2  # one answer in five moved by one step (the retest model)


def careful_answers(
    catalogue: Catalogue, person: Respondent, rng: random.Random, *, quick: bool = False
) -> dict[str, int | str]:
    """Answers near the person's true level, with a little noise on each."""
    answers: dict[str, int | str] = {}
    for skill_id, item in items_of(catalogue, quick=quick):
        wanted = person.levels[skill_id] + rng.gauss(0.0, person.noise)
        if isinstance(item, RatingItem):
            # the nearest level, a tie (a true level of 3.5 answered without noise) broken
            # at random as for the options, not always toward the even level as round() does
            answers[item.id] = min(range(1, 6), key=lambda n: (abs(n - wanted), rng.random()))
        else:
            best = min(item.options, key=lambda o: (abs(o.score - wanted), rng.random()))
            answers[item.id] = best.id
    return answers


def nearest_answers(
    catalogue: Catalogue,
    levels: Mapping[str, float],
    rng: random.Random,
    *,
    quick: bool = False,
    share: float = MOVED_SHARE,
) -> dict[str, int | str]:
    """The retest model of issue 15: each answer the choice nearest the true level (a tie
    broken at random), then one in five (`share`) moved one step up or down; at the end of
    the scale a move stays put. Answering twice with fresh draws is a real retest."""
    answers: dict[str, int | str] = {}
    for skill_id, item in items_of(catalogue, quick=quick):
        wanted = levels[skill_id]
        if isinstance(item, RatingItem):
            keys = sorted(choice.level for choice in item.choices)
            names: list[int | str] = list(keys)
        else:
            ordered = sorted(item.options, key=lambda o: o.score)
            keys = [option.score for option in ordered]
            names = [option.id for option in ordered]
        place = min(range(len(keys)), key=lambda i: (abs(keys[i] - wanted), rng.random()))
        if rng.random() < share:
            place = max(0, min(len(keys) - 1, place + rng.choice((-1, 1))))
        answers[item.id] = names[place]
    return answers


def strong_profile(catalogue: Catalogue, rng: random.Random) -> dict[str, float]:
    """An honest person strong everywhere: every true level from 4.6 to 5."""
    return {s: rng.uniform(4.6, 5.0) for s in catalogue.skill_ids}


def random_answers(
    catalogue: Catalogue, rng: random.Random, *, quick: bool = False
) -> dict[str, int | str]:
    """Every choice uniformly at random."""
    answers: dict[str, int | str] = {}
    for _, item in items_of(catalogue, quick=quick):
        if isinstance(item, RatingItem):
            answers[item.id] = rng.randint(1, 5)
        else:
            answers[item.id] = rng.choice(item.options).id
    return answers


def straight_line_answers(
    catalogue: Catalogue, rng: random.Random, seed: int, *, quick: bool = False
) -> dict[str, int | str]:
    """The same place on the screen every time (pressing Enter through the interview),
    read through the shuffle the interview with this `seed` showed."""
    place = rng.randrange(4)  # a place every item has: situational items show four
    answers: dict[str, int | str] = {}
    for _, item in items_of(catalogue, quick=quick):
        if isinstance(item, RatingItem):
            answers[item.id] = shuffled(item.id, item.choices, seed)[place].level
        else:
            answers[item.id] = shuffled(item.id, item.options, seed)[place].id
    return answers


def faking_answers(
    catalogue: Catalogue, rng: random.Random, *, quick: bool = False
) -> dict[str, int | str]:
    """Someone presenting themselves well: the most accomplished-sounding rating choice
    (level 4 or 5) and the longest situational option, the old bank's giveaway."""
    answers: dict[str, int | str] = {}
    for _, item in items_of(catalogue, quick=quick):
        if isinstance(item, RatingItem):
            answers[item.id] = rng.choice((4, 5, 5))
        else:
            answers[item.id] = max(item.options, key=lambda o: len(o.text)).id
    return answers


def random_profile(catalogue: Catalogue, rng: random.Random) -> dict[str, float]:
    """A realistic true profile: an overall level, and each skill a little above or below."""
    overall = rng.uniform(2.0, 4.5)
    return {s: min(5.0, max(1.0, overall + rng.gauss(0.0, 0.6))) for s in catalogue.skill_ids}


def as_input(
    answers: Mapping[str, int | str],
    background: Mapping[str, Any],
    seed: int | None = None,
) -> AssessmentInput:
    return AssessmentInput.model_validate(
        {"answers": dict(answers), "background": background, "seed": seed}
    )
