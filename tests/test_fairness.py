"""Notes that are fair to strong people, answers that do not reward sounding complete, and
the three situational keys a BPO trainer disputed (issue 15, "Why", fourth and sixth
bullets). Each test failed on the bank and notes before issue 15."""

from __future__ import annotations

import itertools
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from validity.gaming import PROXIES, gaming, most_complete
from validity.ranking import session
from validity.responding import CARELESS, FLAGGED
from validity.simulate import (
    Respondent,
    as_input,
    careful_answers,
    nearest_answers,
    straight_line_answers,
    strong_profile,
)

from bpo_assess.core.catalogue import Catalogue, packaged_data
from bpo_assess.core.compare import compare
from bpo_assess.core.models import RatingItem, SituationalItem
from bpo_assess.core.scoring import RoleScorer, assess
from support import examples

STRONG = dict(
    zip(
        (
            "communication",
            "adaptability",
            "tech-savvy",
            "problem-solving",
            "teamwork",
            "time-management",
            "customer-centric",
        ),
        (4.8, 4.7, 4.9, 4.6, 5.0, 4.8, 4.7),
        strict=True,
    )
)


def top_answers(catalogue: Catalogue, *, quick: bool = False) -> dict[str, int | str]:
    """The top level of every question: rating 5, the option keyed highest."""
    return {
        item.id: 5 if isinstance(item, RatingItem) else max(item.options, key=lambda o: o.score).id
        for _, item in catalogue.items(quick=quick)
    }


# --- Strong, honest people ---------------------------------------------------------------


@pytest.mark.parametrize("quick", [False, True])
def test_a_strong_honest_person_gets_no_careless_note(catalogue: Catalogue, quick: bool) -> None:
    """Before: "You chose the fifth level for 21 of 21 ... time is short" for 36% of people
    whose true level is 4.6 to 5 (43% on the quick form). Target: 5% at most."""
    rng = random.Random(15)
    scorer = RoleScorer(catalogue)
    flagged = 0
    for n in range(120):
        truth = strong_profile(catalogue, rng)
        answers = (
            careful_answers(catalogue, Respondent(truth), rng, quick=quick)
            if n % 2
            else nearest_answers(catalogue, truth, rng, quick=quick)
        )
        data = as_input(answers, {}, seed=rng.randrange(2**31))
        result = assess(catalogue, data, scorer=scorer, top=1)
        flagged += bool({f.code for f in result.quality} & CARELESS)
        assert not any("time is short" in f.message for f in result.quality)
    assert flagged / 120 <= 0.05


def test_the_strong_persona_answering_at_their_true_levels_gets_a_respectful_note(
    catalogue: Catalogue,
) -> None:
    answers = nearest_answers(catalogue, STRONG, random.Random(3), share=0.0)
    result = assess(catalogue, as_input(answers, {"years_experience": 2}, seed=20261202))
    codes = [flag.code for flag in result.quality]
    assert codes == ["top-of-scale"]
    note = result.quality[0].message
    assert "strong result" in note and "counsellor's rating or a measured task" in note
    assert "time is short" not in note and "second, slower pass" not in note


@settings(max_examples=examples(40), deadline=None)
@given(seed=st.integers(0, 2**31 - 1), quick=st.booleans())
def test_every_answer_at_the_top_is_never_straight_lining(
    catalogue: Catalogue, seed: int, quick: bool
) -> None:
    """The top level sits in a different place on each screen, so a person who is strong
    everywhere is not pressing one key throughout."""
    result = assess(catalogue, as_input(top_answers(catalogue, quick=quick), {}, seed=seed), top=1)
    codes = {flag.code for flag in result.quality}
    assert "straight-lining" not in codes and "top-of-scale" in codes


@settings(max_examples=examples(40), deadline=None)
@given(seed=st.integers(0, 2**31 - 1), quick=st.booleans())
def test_one_place_on_the_screen_throughout_is_still_straight_lining(
    catalogue: Catalogue, seed: int, quick: bool
) -> None:
    answers = straight_line_answers(catalogue, random.Random(seed), seed, quick=quick)
    result = assess(catalogue, as_input(answers, {}, seed=seed), top=1)
    assert "straight-lining" in {flag.code for flag in result.quality}
    without_seed = assess(catalogue, as_input(answers, {}), top=1)
    assert "straight-lining" not in {flag.code for flag in without_seed.quality}


# --- Answering by the look of the text ---------------------------------------------------


def test_no_way_of_picking_the_most_complete_sounding_text_pays(catalogue: Catalogue) -> None:
    """Before: the longest text on the quick form scored 3.72 and was never flagged; level 4
    or 5 with the most complete-sounding option scored 4.4 and was flagged 5% of the time."""
    rows = gaming(catalogue, size=30, seed=15)
    assert len(rows) == 2 * len(PROXIES) + len(PROXIES)  # both forms, then the full form
    for row in rows:
        assert row.met, row
        if row.strategy == "complete everywhere":
            assert row.mean_level <= 3.3
        else:
            assert row.flagged >= 0.5


def test_the_most_complete_sounding_rating_choice_is_seldom_the_highest(
    catalogue: Catalogue,
) -> None:
    """Before: in 18 of 21 rating items the choice naming the most habits was level 4 or 5,
    each level repeating the one below plus one more."""
    ratings = [item for _, item in catalogue.items() if isinstance(item, RatingItem)]
    for proxy in PROXIES:
        high = sum(most_complete(item, proxy) in (4, 5) for item in ratings)
        assert high / len(ratings) <= 0.2, proxy
    for item in ratings:
        lengths = [len(choice.text) for choice in item.choices]
        assert max(lengths) <= 2.2 * min(lengths), f"{item.id}: choices of unequal length"


def test_every_situational_item_gives_partial_credit_across_the_scale(
    catalogue: Catalogue,
) -> None:
    """Before: 5 of 10 situational items had no option keyed 4, and 3 none keyed 3."""
    for _, item in catalogue.items():
        if isinstance(item, SituationalItem):
            keys = sorted(option.score for option in item.options)
            assert {3, 4, 5} <= set(keys), item.id
            assert all(b - a == 1 for a, b in itertools.pairwise(keys)), item.id


def test_self_ratings_far_above_the_situations_get_a_note(catalogue: Catalogue) -> None:
    rng = random.Random(4)
    answers = {
        item.id: rng.choice((4, 5))
        if isinstance(item, RatingItem)
        else min(item.options, key=lambda o: o.score).id
        for _, item in catalogue.items()
    }
    result = assess(catalogue, as_input(answers, {}, seed=1), top=1)
    note = next(f for f in result.quality if f.code == "ratings-above-situations")
    assert "Both can be honest" in note.message and "counsellor's rating" in note.message
    assert "ratings-above-situations" in FLAGGED


# --- The three disputed keys -------------------------------------------------------------


def options(catalogue: Catalogue, item_id: str) -> dict[str, int]:
    item = catalogue.item_by_id[item_id][1]
    assert isinstance(item, SituationalItem)
    return {option.text: option.score for option in item.options}


def comment_before(item_id: str) -> str:
    """The comment block written just above an item in skills.toml."""
    text = (packaged_data() / "skills.toml").read_text(encoding="utf-8")
    head = text[: text.index(f'id = "{item_id}"')]
    block = head[: head.rindex("[[skills.items]]")].rstrip().splitlines()
    comments: list[str] = []
    while block and block[-1].startswith("#"):
        comments.insert(0, block.pop())
    return " ".join(comments)


def retired(catalogue: Catalogue) -> dict[str, str]:
    return {item.id: item.reason for item in catalogue.retired}


def test_the_customer_who_asked_to_cancel_is_asked_not_ignored(catalogue: Catalogue) -> None:
    """Before: "remove the fee but do not mention the app problem" (4) sat above passing a
    customer who asked to cancel to the cancellations team (3), and the keyed best ignored
    the request."""
    keyed = options(catalogue, "customer-centric-sjt-fee-and-cancel")
    best = max(keyed, key=keyed.__getitem__)
    assert "cancel" in best
    ignores = next(text for text in keyed if "without mentioning" in text)
    passes_on = next(text for text in keyed if text.startswith("Pass them to the cancellations"))
    assert keyed[ignores] < keyed[passes_on]
    assert "customer-centric-sjt-outage-fee" in retired(catalogue)
    assert "asked to cancel" in comment_before("customer-centric-sjt-fee-and-cancel")


def test_suspected_fraud_goes_to_the_lead_with_the_evidence(catalogue: Catalogue) -> None:
    """Before: investigating the clinic yourself (5) sat above referring it to the lead with
    the claim numbers (4)."""
    keyed = options(catalogue, "problem-solving-sjt-odd-claims")
    refer = next(text for text in keyed if "claim numbers" in text)
    yourself = next(text for text in keyed if "yourself" in text)
    assert keyed[refer] == 5 and keyed[yourself] < keyed[refer]
    assert "problem-solving-sjt-claims-dates" in retired(catalogue)
    assert "not into your own investigation" in comment_before("problem-solving-sjt-odd-claims")


def test_asking_clarifying_questions_is_a_way_of_checking(catalogue: Catalogue) -> None:
    """Before: asking clarifying questions (2) sat below repeating back only when the problem
    sounded complicated (3)."""
    item = catalogue.item_by_id["communication-check-understanding"][1]
    assert isinstance(item, RatingItem)
    level = {choice.text: choice.level for choice in item.choices}
    asks = [lv for text, lv in level.items() if re.search(r"\bask (about|questions)\b", text)]
    guesses = next(lv for text, lv in level.items() if "what I think they mean" in text)
    assert asks and min(asks) > guesses
    assert "clarifying" in retired(catalogue)["communication-confirm-understanding"]
    assert "clarifying questions" in comment_before("communication-check-understanding")


# --- compare on a real retest ------------------------------------------------------------


def test_a_true_one_level_growth_is_real_and_answering_again_is_not(
    catalogue: Catalogue,
) -> None:
    """Both sessions answered at the true levels (no slips): the same levels give no real
    change, one skill a level higher gives one."""
    truth = {**STRONG, "teamwork": 3.2, "communication": 2.6}
    raised = {**truth, "teamwork": 4.2}
    scorer = RoleScorer(catalogue)
    first, again, later = (
        session(
            n,
            assess(
                catalogue,
                as_input(nearest_answers(catalogue, levels, random.Random(n), share=0.0), {}),
                scorer=scorer,
            ),
            catalogue,
        )
        for n, levels in enumerate((truth, truth, raised), start=1)
    )
    assert all(change.within_noise for change in compare(catalogue, first, again).skills)
    grown = compare(catalogue, first, later)
    assert [c.skill for c in grown.skills if not c.within_noise] == ["teamwork"]


def keyed(item: SituationalItem, level: int) -> str:
    return str(min(item.options, key=lambda o: abs(o.score - level)).id)


@settings(max_examples=examples(60), deadline=None)
@given(
    levels=st.lists(st.integers(2, 5), min_size=7, max_size=7),
    lift=st.integers(0, 3),
    seed=st.integers(0, 2**31 - 1),
)
def test_the_rating_gap_note_follows_the_gap_not_the_height(
    catalogue: Catalogue, levels: list[int], lift: int, seed: int
) -> None:
    """Self-ratings that agree with the situational answers never get the note, at any
    height; ratings a level or more above them always do."""
    by_skill = dict(zip(catalogue.skill_ids, levels, strict=True))
    answers: dict[str, int | str] = {}
    for skill, item in catalogue.items():
        level = by_skill[skill.id]
        if isinstance(item, RatingItem):
            answers[item.id] = min(5, level + lift)
        else:
            assert isinstance(item, SituationalItem)
            answers[item.id] = keyed(item, level)
    result = assess(catalogue, as_input(answers, {}, seed=seed), top=1)
    gap = sum(min(5, lv + lift) - lv for lv in levels) / len(levels)
    noted = "ratings-above-situations" in {flag.code for flag in result.quality}
    assert noted == (gap >= 1.0)
