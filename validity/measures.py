"""Reliability of the measured evidence, on simulated people (docs/validity.md,
"Measured evidence: reliability").

- typing: split-half reliability (alternate tenths of the keys) with Spearman-Brown;
- checking: internal consistency (Kuder-Richardson 20) of the twelve pairs;
- passages: simulated typists of a known speed and error rate on every passage;
- detection: what paste and burst detection catch and miss;
- the disagreement note: how often it catches the "always 4 or 5" faker and how often it
  appears for an honest person.

Every population below is an assumption of the study, stated where it is made; the
figures say how the measures behave under it, not how real people type.
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Sequence

from bpo_assess.core.evidence import LOW_CHECKING, LOW_NET_WPM, SELF_RATED_HIGH, disagreement
from bpo_assess.core.measures import (
    split_speeds,
    typing_measure,
    unscorable,
)
from bpo_assess.core.models import CheckingFigures, Evidence, TypingFigures
from bpo_assess.core.task_content import TYPING_SECONDS, tasks
from validity.typists import Typist, type_passage

# Assumed population of typists: speed on letters N(40, 12) words a minute (10 to 110),
# mistypes 1% to 8% of keys, fixing 30% to 90% of them at once.
SPEED_MEAN, SPEED_SD = 40.0, 12.0
# Checking: a person's ability theta ~ N(1, 1); a pair's difficulty by its slip (logistic).
DIFFICULTY = {
    "none": -1.5,
    "the same day written another way": 0.0,  # tempting to mark
    "one letter of a name changed": 0.3,
    "two digits swapped": 0.5,
    "a house number changed": 0.0,
    "another day, written another way": -0.3,
}
EQUIVALENCE_TOLERANCE = 2.0  # words a minute between the passages' mean net speeds
PROFILES = (Typist(25, 0.04, 0.6), Typist(45, 0.03, 0.7), Typist(75, 0.02, 0.8))


def population_typist(rng: random.Random) -> Typist:
    speed = min(110.0, max(10.0, rng.gauss(SPEED_MEAN, SPEED_SD)))
    return Typist(speed, rng.uniform(0.01, 0.08), rng.uniform(0.3, 0.9))


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    return statistics.correlation(xs, ys)


def spearman_brown(r: float) -> float:
    return 2 * r / (1 + r)


def split_half(size: int, seed: int, quick: bool) -> tuple[float, float]:
    """(half-test correlation, Spearman-Brown full-test reliability) of typing speed."""
    rng = random.Random(seed)
    passages = tasks().passages
    first, second = [], []
    for _ in range(size):
        passage = passages[rng.randrange(len(passages))]
        keys = type_passage(population_typist(rng), passage.text, TYPING_SECONDS[quick], rng)
        odd, even = split_speeds(keys)
        first.append(odd)
        second.append(even)
    r = pearson(first, second)
    return r, spearman_brown(r)


def checker_answers(theta: float, rng: random.Random) -> list[int]:
    """1 for each pair judged right by a simulated checker of ability theta."""
    right = []
    for pair in tasks().pairs:
        chance = 1 / (1 + math.exp(-(theta - DIFFICULTY[pair.slip])))
        right.append(int(rng.random() < chance))
    return right


def kr20(size: int, seed: int) -> float:
    """Kuder-Richardson 20 of the checking task's pairs on simulated checkers."""
    rng = random.Random(seed)
    rows = [checker_answers(rng.gauss(1.0, 1.0), rng) for _ in range(size)]
    items = len(rows[0])
    variance = statistics.pvariance([sum(row) for row in rows])
    shares = [sum(row[i] for row in rows) / size for i in range(items)]
    return items / (items - 1) * (1 - sum(p * (1 - p) for p in shares) / variance)


def equivalence(size: int, seed: int) -> list[tuple[Typist, dict[str, float]]]:
    """Each profile's mean net speed on each passage (full form)."""
    rng = random.Random(seed)
    found = []
    for typist in PROFILES:
        means = {}
        for passage in tasks().passages:
            speeds = []
            for _ in range(size):
                keys = type_passage(typist, passage.text, TYPING_SECONDS[False], rng)
                speeds.append(typing_measure(passage.text, keys).net_wpm)
            means[passage.id] = statistics.fmean(speeds)
        found.append((typist, means))
    return found


def detection(size: int, seed: int) -> dict[str, float]:
    """The share of each kind of record that detection marks as not scored."""
    rng = random.Random(seed)
    text = tasks().passages[0].text

    def caught(make: object) -> float:
        hits = 0
        for _ in range(size):
            keys, pastes = make()  # type: ignore[operator]
            typed = "".join(k for _, k in keys if k != "\b")
            seconds = keys[-1][0] - keys[0][0] if len(keys) > 1 else 0.0
            hits += unscorable(keys, pastes, typed, seconds) is not None
        return hits / size

    def bracketed() -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
        return [], [(1.0, text)]

    def unbracketed() -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
        # a terminal without bracketed paste: the text arrives as keys in one read
        return [(1.0 + i * rng.uniform(0, 0.002), ch) for i, ch in enumerate(text)], []

    def held_key() -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
        keys = type_passage(Typist(40), text[:60], 60, rng)
        last = keys[-1][0]
        keys += [(last + 0.5 + i * 0.033, "e") for i in range(30)]  # auto-repeat, 30 a second
        return keys, []

    def human_paced_script() -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
        # software typing for someone at 80 ms a key with jitter: looks like a person
        return [(1.0 + i * 0.08 + rng.uniform(0, 0.03), ch) for i, ch in enumerate(text)], []

    def honest(speed: float) -> object:
        def make() -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
            return type_passage(Typist(speed, 0.03, 0.7), text, 120, rng), []

        return make

    return {
        "bracketed paste": caught(bracketed),
        "paste without bracketing (arrives as keys)": caught(unbracketed),
        "a key held down (auto-repeat)": caught(held_key),
        "software typing at a human pace (missed by design)": caught(human_paced_script),
        "honest typist, 40 words a minute (false alarm)": caught(honest(40)),
        "honest typist, 120 words a minute (false alarm)": caught(honest(120)),
    }


def note_rates(size: int, seed: int) -> dict[str, float]:
    """How often the disagreement note appears, for honest people and for the "always 4
    or 5" faker. Assumed: a person's true comfort with computers theta ~ N(3, 0.8) on the
    1-5 scale; their letters-a-minute speed 38 + 10 (theta - 3) + N(0, 10); their checking
    ability 1 + 0.8 (theta - 3) + N(0, 0.6). An honest self-rating is theta + N(0, 0.5),
    a faker's is 4 or 5 whatever theta is."""
    rng = random.Random(seed)
    passage = tasks().passages[0]
    names = {"tech-savvy": "Tech-savvy"}
    honest_notes = faker_notes = honest_high = honest_high_notes = 0
    for _ in range(size):
        theta = min(5.0, max(1.0, rng.gauss(3.0, 0.8)))
        speed = min(110.0, max(8.0, 38 + 10 * (theta - 3) + rng.gauss(0, 10)))
        keys = type_passage(Typist(speed, 0.04, 0.6), passage.text, 120, rng)
        measured = typing_measure(passage.text, keys)
        ability = 1 + 0.8 * (theta - 3) + rng.gauss(0, 0.6)
        right = checker_answers(ability, rng)
        shown = Evidence(
            typing=TypingFigures(
                source="typing task",
                scored=measured.scored,
                net_wpm=measured.net_wpm,
                accuracy=measured.accuracy,
            ),
            checking=CheckingFigures(
                source="checking task", percent_correct=100 * sum(right) / len(right)
            ),
        )
        honest_level = min(5.0, max(1.0, round(theta + rng.gauss(0, 0.5))))
        faker_level = float(rng.choice((4, 5)))
        noted = bool(disagreement({"tech-savvy": honest_level}, shown, names))
        honest_notes += noted
        if honest_level >= SELF_RATED_HIGH:
            honest_high += 1
            honest_high_notes += noted
        faker_notes += bool(disagreement({"tech-savvy": faker_level}, shown, names))
    return {
        "faker caught (always 4 or 5)": faker_notes / size,
        "honest person shown the note": honest_notes / size,
        "honest person rating 4 or 5 shown the note": honest_high_notes / max(1, honest_high),
    }


def report(size: int, seed: int) -> str:
    size = max(50, size // 4)  # typing records are slower to simulate than answers
    lines = ["Measured evidence: reliability on simulated people", ""]
    for quick in (False, True):
        r, full = split_half(size, seed, quick)
        form = "quick form, 1 minute" if quick else "full form, 2 minutes"
        lines.append(
            f"  typing speed, {form}: halves correlate r = {r:.3f};"
            f" Spearman-Brown reliability {full:.3f} ({size} typists)"
        )
    lines.append(f"  checking, 12 pairs: KR-20 = {kr20(size * 4, seed):.3f} ({size * 4} checkers)")
    lines += ["", "  Passage equivalence: mean net words a minute per passage (full form)"]
    spread_max = 0.0
    for typist, means in equivalence(max(10, size // 10), seed):
        spread = max(means.values()) - min(means.values())
        spread_max = max(spread_max, spread)
        figures = "  ".join(f"{passage} {mean:5.1f}" for passage, mean in means.items())
        lines.append(f"    typist at {typist.wpm:.0f} on letters: {figures}  (spread {spread:.1f})")
    verdict = "within" if spread_max <= EQUIVALENCE_TOLERANCE else "OUTSIDE"
    lines.append(
        f"    largest spread {spread_max:.1f}: {verdict} the tolerance of"
        f" {EQUIVALENCE_TOLERANCE:g} words a minute"
    )
    lines += ["", "  Detection: share marked not scored"]
    for kind, share in detection(max(20, size // 5), seed).items():
        lines.append(f"    {kind}: {share:.0%}")
    lines += [
        "",
        f"  Disagreement note (self-rating {SELF_RATED_HIGH:g}+ in tech-savvy, typing under"
        f" {LOW_NET_WPM:g} net words a minute or checking at {LOW_CHECKING:g}% or below)",
    ]
    for kind, share in note_rates(size, seed).items():
        lines.append(f"    {kind}: {share:.1%}")
    return "\n".join(lines)
