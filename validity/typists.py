"""Simulated typists: key records with a known speed and error rate, for the study and tests.

The model (an assumption of the study, not a finding): each key takes a base interval,
longer for capitals, digits and punctuation (a shift or a reach); intervals scatter
log-normally; a mistyped key is a neighbouring letter, fixed at once with Backspace with
a set probability, otherwise left in the text.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

REACH = 1.4  # a capital, digit or punctuation mark takes this much longer than a letter
JITTER = 0.35  # the log-normal spread of one interval
NEIGHBOURS = "qwertyuiopasdfghjklzxcvbnm"


@dataclass(frozen=True)
class Typist:
    """A simulated person: letters a minute in words (5 characters) and error habits."""

    wpm: float  # speed on plain letters, in words a minute
    error_rate: float = 0.03  # share of keys mistyped
    fix_rate: float = 0.7  # share of mistypes fixed at once


def intervals_mean(typist: Typist) -> float:
    """Seconds per plain letter."""
    return 60.0 / (typist.wpm * 5)


def wrong_key(char: str, rng: random.Random) -> str:
    lower = char.lower()
    if lower in NEIGHBOURS:
        at = NEIGHBOURS.index(lower)
        return NEIGHBOURS[(at + rng.choice((-1, 1))) % len(NEIGHBOURS)]
    return rng.choice(NEIGHBOURS)


def type_passage(
    typist: Typist, passage: str, limit: float, rng: random.Random
) -> list[tuple[float, str]]:
    """The keys a simulated typist sends while copying `passage` for `limit` seconds."""
    base = intervals_mean(typist)
    when = 1.0 + rng.random()  # reading before the first key
    start = when
    keys: list[tuple[float, str]] = []

    def press(key: str, reach: bool) -> bool:
        nonlocal when
        keys.append((round(when, 3), key))
        factor = REACH if reach else 1.0
        when += base * factor * math.exp(rng.gauss(0, JITTER) - JITTER**2 / 2)
        return when - start < limit

    for char in passage:
        reach = not char.islower() and char != " "
        if rng.random() < typist.error_rate and char != " ":
            if not press(wrong_key(char, rng), reach):
                break
            if rng.random() < typist.fix_rate:
                if not press("\b", False):
                    break
            else:
                continue  # the wrong key stays in place of this character
        if not press(char, reach):
            break
    return keys
