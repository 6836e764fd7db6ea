"""Response quality: kind notices when answers look careless, rushed or contradictory.

Notices never change a score. The indices follow Meade and Craig (2012) on careless
responding: long strings of one place on the screen, consistency pairs, within-person
variability and response time; beside them, self-ratings far above the situational
answers (presenting oneself well), and a respectful note when nearly every answer is at
the top. docs/scoring.md ("Response quality") gives the rules and docs/validity.md how
often each one fires on simulated respondents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.items import kind_of
from bpo_assess.core.models import AssessmentInput, QualityFlag
from bpo_assess.core.order import shuffled, words

ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}
STRAIGHT_SHARE = 0.85  # one place on the screen for this share of answers...
STRAIGHT_MIN_ITEMS = 6  # ...out of at least this many
TOP_SHARE = 0.85  # answers at the top level (rating 5, option keyed 5) for "at the top"
GAP_LIMIT = 1.0  # self-ratings this many levels above the situational answers, on average...
GAP_MIN_SKILLS = 4  # ...over at least this many skills answered both ways
PAIR_DISAGREEMENT = 3  # consistency-pair answers this many levels apart contradict
SPREAD_LIMIT = 1.25  # mean squared distance of an answer from its skill's mean (see docs)
SPREAD_MIN_DF = 2  # compared answers needed before the spread is judged
FAST_WORDS_PER_MINUTE = 400  # quicker than a fast reader could read the question
FAST_SHARE = 0.25  # this share of timed answers too fast...
FAST_MIN = 3  # ...and at least this many
FLAT_RANGE = 0.75  # a profile whose levels span less than this is "nearly flat"


def item_levels(catalogue: Catalogue, answers: Mapping[str, int | str]) -> dict[str, float]:
    """Each answer as a level: a rating's choice, a situational option's key."""
    levels: dict[str, float] = {}
    for item_id, choice in answers.items():
        _, item = catalogue.item_by_id[item_id]
        value = kind_of(item).value(item, choice)
        assert value is not None  # scoring has checked every answer
        levels[item_id] = float(value)
    return levels


def positions(catalogue: Catalogue, answers: Mapping[str, int | str], seed: int) -> list[int]:
    """The place on the screen (1 = top) of each answer, as the interview showed it."""
    places = []
    for item_id, choice in answers.items():
        _, item = catalogue.item_by_id[item_id]
        shown = [answer for _, answer in shuffled(item_id, kind_of(item).choices(item), seed)]
        places.append(shown.index(choice) + 1)
    return places


def within_skill_spread(catalogue: Catalogue, levels: Mapping[str, float]) -> tuple[float, int]:
    """Mean squared distance of each answer from its skill's mean, and its degrees of
    freedom (answers minus skills answered). Careful answers about one skill sit close
    together; answers picked at random do not (within-person variability)."""
    by_skill: dict[str, list[float]] = {}
    for item_id, level in levels.items():
        by_skill.setdefault(catalogue.item_by_id[item_id][0].id, []).append(level)
    squares, df = 0.0, 0
    for values in by_skill.values():
        mean = sum(values) / len(values)
        squares += sum((v - mean) ** 2 for v in values)
        df += len(values) - 1
    return (squares / df if df else 0.0), df


def too_fast(catalogue: Catalogue, timings: Mapping[str, float]) -> tuple[int, int]:
    """(answers quicker than reading the question at a fast pace, answers timed)."""
    rushed = timed = 0
    for item_id, seconds in timings.items():
        found = catalogue.item_by_id.get(item_id)
        if found is None:
            continue
        timed += 1
        if seconds < words(found[1].prompt) * 60 / FAST_WORDS_PER_MINUTE:
            rushed += 1
    return rushed, timed


def top_of_scale(catalogue: Catalogue, answers: Mapping[str, int | str]) -> bool:
    """Whether nearly every answer is the top level: a strong result, not a careless one,
    since the choices were shuffled and the top level sat in a different place each time."""
    levels = item_levels(catalogue, answers)
    return len(levels) >= STRAIGHT_MIN_ITEMS and (
        sum(level == 5 for level in levels.values()) >= TOP_SHARE * len(levels)
    )


def rating_gap(catalogue: Catalogue, answers: Mapping[str, int | str]) -> tuple[float, int]:
    """How far the self-ratings sit above the situational answers: the mean over skills
    answered both ways of (mean rating - mean situational key), and how many such skills.
    Someone presenting themselves well rates every habit high, but a situation asks them
    to choose, and the choice shows the level more plainly."""
    rated: dict[str, list[float]] = {}
    judged: dict[str, list[float]] = {}
    for item_id, level in item_levels(catalogue, answers).items():
        skill, item = catalogue.item_by_id[item_id]
        (rated if kind_of(item).self_rating else judged).setdefault(skill.id, []).append(level)
    both = [s for s in rated if s in judged]
    if not both:
        return 0.0, 0
    gaps = [sum(rated[s]) / len(rated[s]) - sum(judged[s]) / len(judged[s]) for s in both]
    return sum(gaps) / len(gaps), len(both)


def quality_flags(
    catalogue: Catalogue, data: AssessmentInput, levels: Sequence[float]
) -> list[QualityFlag]:
    """Kind notices about how the answers were given; `levels` is the skill profile."""
    flags = []
    answers = data.answers or {}
    places = Counter(positions(catalogue, answers, data.seed)) if data.seed is not None else None
    if places and len(answers) >= STRAIGHT_MIN_ITEMS:
        place, count = places.most_common(1)[0]
        if count / len(answers) >= STRAIGHT_SHARE:
            flags.append(
                QualityFlag(
                    code="straight-lining",
                    message=(
                        f"You chose the {ORDINAL[place]} answer on the screen for {count} of"
                        f" {len(answers)} questions. That often happens when time is short;"
                        " a second, slower pass may give a truer picture."
                    ),
                )
            )
    contradicted = []
    for first, second in catalogue.consistency_pairs():
        a, b = answers.get(first.id), answers.get(second.id)
        if isinstance(a, int) and isinstance(b, int) and abs(a - b) >= PAIR_DISAGREEMENT:
            contradicted.append(catalogue.item_by_id[first.id][0].name)
    if contradicted:
        flags.append(
            QualityFlag(
                code="inconsistent-pairs",
                message=(
                    "Two questions that look at the same habit got quite different answers"
                    f" ({', '.join(contradicted)}). It may help to think of a recent, concrete"
                    " example and answer again."
                ),
            )
        )
    spread, df = within_skill_spread(catalogue, item_levels(catalogue, answers))
    if df >= SPREAD_MIN_DF and spread >= SPREAD_LIMIT:
        flags.append(
            QualityFlag(
                code="random-responding",
                message=(
                    "Your answers about the same skill were further apart than people's"
                    " answers usually are. A question may have been unclear, or the answers"
                    " picked in a hurry; if so, taking the interview again slowly will give"
                    " advice you can rely on more."
                ),
            )
        )
    rushed, timed = too_fast(catalogue, data.timings or {})
    if rushed >= FAST_MIN and rushed >= FAST_SHARE * timed:
        flags.append(
            QualityFlag(
                code="too-fast",
                message=(
                    f"{rushed} of {timed} answers came quicker than the question can be read."
                    " If you were rushed, a second try at your own pace may fit you better."
                ),
            )
        )
    gap, compared = rating_gap(catalogue, answers)
    if compared >= GAP_MIN_SKILLS and gap >= GAP_LIMIT:
        flags.append(
            QualityFlag(
                code="ratings-above-situations",
                message=(
                    "Your self-ratings came out well above what your answers to the workplace"
                    f" situations suggest (by {gap:.1f} levels on average). Both can be"
                    " honest: rating a habit is harder than it looks. A counsellor's rating or"
                    " a measured task can show which is closer, before you rely on the roles"
                    " below."
                ),
            )
        )
    if top_of_scale(catalogue, answers):
        flags.append(
            QualityFlag(
                code="top-of-scale",
                message=(
                    "You gave the strongest answer to nearly every question, a strong result."
                    " The questions cannot show strengths beyond their top level, so they"
                    " cannot tell which of your skills stands out most; a counsellor's rating"
                    " or a measured task can confirm your levels and show where you shine."
                ),
            )
        )
    elif max(levels) - min(levels) < FLAT_RANGE:
        flags.append(
            QualityFlag(
                code="flat-profile",
                message=(
                    "Your skills came out almost level with each other, so the tool cannot tell"
                    " which roles suit your particular strengths; lean on readiness more than"
                    " alignment."
                ),
            )
        )
    return flags
