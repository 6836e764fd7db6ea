"""Careless-responding study: how often each kind of respondent gets a quality notice.

Respondents are simulated through the item bank (validity.simulate) and scored through
the public API (`assess`); a respondent counts as flagged when any notice about how the
answers were given appears, including self-ratings far above the situational answers.
`flat-profile` and `top-of-scale` describe the profile, not the answering, so they are not
counted. validity/gaming.py measures answering by the look of the text. The answer-key
balance figures check that the options' wording does not give the key away.
"""

from __future__ import annotations

import random
from typing import Any

from bpo_assess.core.catalogue import Catalogue, load_catalogue
from bpo_assess.core.models import RatingItem, SituationalItem
from bpo_assess.core.scoring import RoleScorer, assess
from validity.gaming import most_complete
from validity.simulate import (
    Respondent,
    as_input,
    careful_answers,
    faking_answers,
    items_of,
    nearest_answers,
    random_answers,
    random_profile,
    straight_line_answers,
    strong_profile,
)

CARELESS = frozenset({"straight-lining", "inconsistent-pairs", "random-responding", "too-fast"})
FLAGGED = CARELESS | {"ratings-above-situations"}
KINDS = ("careful", "strong", "noisy", "random", "straight-line", "faking")
Answers = dict[str, int | str]


def respondent(kind: str, catalogue: Catalogue, rng: random.Random, quick: bool) -> Any:
    """One simulated answer set of the given kind, with the seed its interview used."""
    seed = rng.randrange(2**31)
    answers: Answers
    if kind in ("careful", "noisy"):
        person = Respondent(random_profile(catalogue, rng), noise=0.5 if kind == "careful" else 1.0)
        answers = careful_answers(catalogue, person, rng, quick=quick)
    elif kind == "strong":
        # the retest's model: the choice nearest the true level, one in five moved a step
        answers = nearest_answers(catalogue, strong_profile(catalogue, rng), rng, quick=quick)
    elif kind == "random":
        answers = random_answers(catalogue, rng, quick=quick)
    elif kind == "straight-line":
        answers = straight_line_answers(catalogue, rng, seed, quick=quick)
    else:
        answers = faking_answers(catalogue, rng, quick=quick)
    return as_input(answers, {}, seed=seed)


def flag_rates(
    catalogue: Catalogue, size: int, seed: int, *, quick: bool
) -> dict[str, tuple[float, dict[str, float]]]:
    """Per kind of respondent: the share flagged, and the share given each notice."""
    scorer = RoleScorer(catalogue)
    rates: dict[str, tuple[float, dict[str, float]]] = {}
    for kind in KINDS:
        rng = random.Random(f"{seed}:{kind}:{quick}")
        flagged = 0
        codes: dict[str, int] = {}
        for _ in range(size):
            result = assess(
                catalogue, respondent(kind, catalogue, rng, quick), scorer=scorer, top=1
            )
            found = {flag.code for flag in result.quality} & FLAGGED
            flagged += bool(found)
            for code in found:
                codes[code] = codes.get(code, 0) + 1
        rates[kind] = (flagged / size, {code: n / size for code, n in sorted(codes.items())})
    return rates


def key_balance(catalogue: Catalogue) -> dict[str, float]:
    """How much the wording gives away: is the best choice the longest?"""
    situational = [
        item for _, item in items_of(catalogue, quick=False) if isinstance(item, SituationalItem)
    ]
    best_longest = sum(
        max(item.options, key=lambda o: o.score) is max(item.options, key=lambda o: len(o.text))
        for item in situational
    )
    two_good = sum(sum(o.score >= 3 for o in item.options) >= 2 for item in situational)
    longest_key = [max(item.options, key=lambda o: len(o.text)).score for item in situational]
    ratings = [item for _, item in items_of(catalogue, quick=False) if isinstance(item, RatingItem)]
    longest_level = [max(item.choices, key=lambda c: len(c.text)).level for item in ratings]
    most_actions = [most_complete(item, "most actions") for item in ratings]
    return {
        "rating items": len(ratings),
        "rating items whose longest choice is level 5 (share)": longest_level.count(5)
        / len(ratings),
        "mean level of always picking the longest rating choice": round(
            sum(longest_level) / len(ratings), 2
        ),
        "rating items whose choice naming the most actions is level 4 or 5 (share)": sum(
            level in (4, 5) for level in most_actions
        )
        / len(ratings),
        "situational items with options keyed 2, 3, 4 and 5 (share)": sum(
            {2, 3, 4, 5} <= {o.score for o in item.options} for item in situational
        )
        / len(situational),
        "situational items": len(situational),
        "keyed best is the longest (share)": best_longest / len(situational),
        "items with two or more options keyed 3+ (share)": two_good / len(situational),
        "mean key of always picking the longest option": round(
            sum(longest_key) / len(longest_key), 2
        ),
    }


def report(size: int, seed: int) -> str:
    catalogue = load_catalogue()
    lines = [
        "## Careless responding: share of respondents given a notice",
        "",
        f"{size} simulated respondents per group, seed {seed}; flat-profile and top-of-scale"
        " not counted.",
        "",
        "| respondent | full interview | quick interview | notices (full) | notices (quick) |",
        "| --- | --- | --- | --- | --- |",
    ]
    full = flag_rates(catalogue, size, seed, quick=False)
    quick = flag_rates(catalogue, size, seed, quick=True)
    for kind in KINDS:
        full_codes, quick_codes = (
            ", ".join(f"{code} {share:.1%}" for code, share in form[kind][1].items()) or "none"
            for form in (full, quick)
        )
        lines.append(
            f"| {kind} | {full[kind][0]:.1%} | {quick[kind][0]:.1%} | {full_codes}"
            f" | {quick_codes} |"
        )
    lines += ["", "## Answer-key balance", "", "| figure | value |", "| --- | --- |"]
    for figure, value in key_balance(catalogue).items():
        shown = f"{value:.0%}" if "share" in figure else f"{value:g}"
        lines.append(f"| {figure} | {shown} |")
    return "\n".join(lines)
