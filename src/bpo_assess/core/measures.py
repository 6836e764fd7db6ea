"""Measured evidence: figures from what a person did, not from what they said.

Pure functions over saved records, so `score`, `batch` and `--answers-out` reproduce
every figure from the answers file. docs/measures.md gives the definitions:

- typing: speed and errors as text-entry research defines them (Soukoreff and MacKenzie
  2003): the transcribed text is compared with the passage by minimum string distance;
  errors left in are "uncorrected", characters typed and then deleted "corrected". Speed
  counts a word as five characters, (|T| - 1) / 5 per minute from the first key to the
  last (MacKenzie's entry rate); net speed leaves out the characters still wrong.
- checking: hits, misses, false alarms and correct rejections over the pairs shown.
- English: the CEFR self-assessment, a level per skill and an overall level.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

CHARS_PER_WORD = 5
MIN_CHARACTERS = 20  # fewer typed characters than this say nothing about speed
# Detection: a person cannot keep a run of keys this close together (auto-repeat sends a
# held key about every 30 ms; software that "types" for someone sends them closer still).
BURST_INTERVAL = 0.025  # seconds between two keys that counts as "at once"
BURST_RUN = 8  # this many keys in a row, each within BURST_INTERVAL of the last
REPEAT_RUN = 12  # the same character this many times in a row: a key held down
IMPOSSIBLE_WPM = 200.0  # gross speed above this over the whole task is not a person
SEGMENTS = 4  # the task's quarters: their spread gives the speed's standard error
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")
ENGLISH_SKILLS = (
    "listening",
    "reading",
    "spoken-interaction",
    "spoken-production",
    "writing",
)
BACKSPACE = "\b"


def distance(one: str, other: str) -> int:
    """The minimum string distance (Levenshtein): insertions, deletions, substitutions."""
    if len(one) < len(other):
        one, other = other, one
    previous = list(range(len(other) + 1))
    for i, a in enumerate(one, start=1):
        current = [i]
        for j, b in enumerate(other, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]


def replay(keys: Sequence[tuple[float, str]]) -> tuple[str, int, int]:
    """The text the keys leave, the characters typed, and the backspaces that deleted one.

    A backspace at the start deletes nothing and is not counted as a fix.
    """
    text: list[str] = []
    typed = fixes = 0
    for _, key in keys:
        if key == BACKSPACE:
            if text:
                text.pop()
                fixes += 1
        else:
            text.append(key)
            typed += 1
    return "".join(text), typed, fixes


BAND = 48  # the alignment's band: exact whenever the distance found is below it


def prefix_distances(passage: str, transcribed: str, band: int | None = BAND) -> list[float]:
    """The minimum string distance from `transcribed` to each prefix of `passage`
    (index i: passage[:i]), in one pass. Within `band` of the diagonal only, which is
    exact for any distance below the band (an alignment that strays k places from the
    diagonal costs at least k); None computes every cell."""
    inf = float("inf")
    width = len(passage)
    row: list[float] = [float(i) if band is None or i <= band else inf for i in range(width + 1)]
    for j, char in enumerate(transcribed, start=1):
        low = 1 if band is None else max(1, j - band)
        high = width if band is None else min(width, j + band)
        current = [inf] * (width + 1)
        current[0] = float(j)
        for i in range(low, high + 1):
            current[i] = min(
                row[i] + 1,  # a typed character too many
                current[i - 1] + 1,  # a passage character left out
                row[i - 1] + (passage[i - 1] != char),
            )
        row = current
    return row


def compared_passage(passage: str, transcribed: str) -> tuple[str, int]:
    """The part of the passage the person reached, and its distance from what was typed:
    of all the passage's beginnings, the one closest to the typed text (nearest in length
    on a tie), so someone stopped by the clock is not charged for the rest."""
    distances = prefix_distances(passage, transcribed)
    best = min(distances)
    if best >= BAND:
        distances = prefix_distances(passage, transcribed, None)
        best = min(distances)
    length = min(
        (i for i, d in enumerate(distances) if d == best),
        key=lambda i: abs(i - len(transcribed)),
    )
    return passage[:length], int(best)


@dataclass(frozen=True)
class TypingMeasure:
    """The figures of one typing task (see the module's docstring for the definitions)."""

    scored: bool
    reason: str | None  # why not scored, in words
    seconds: float
    characters: int  # |T|, the transcribed text's length
    gross_wpm: float
    net_wpm: float
    accuracy: float  # percent: 100 x (1 - MSD / max(|P|, |T|))
    corrected: int  # IF: characters typed and then deleted
    uncorrected: int  # INF: the minimum string distance left in the text
    fixes: int  # F: backspaces that deleted something
    total_error_rate: float  # percent: (INF + IF) / (C + INF + IF)
    standard_error: float | None  # of net_wpm, from the spread of the task's quarters


def typing_measure(
    passage: str,
    keys: Sequence[tuple[float, str]],
    pastes: Sequence[tuple[float, str]] = (),
) -> TypingMeasure:
    """The figures of a typing task from its keys; not scored when pasted, burst-typed,
    impossibly fast or too short (docs/measures.md, "What is not scored")."""
    transcribed, typed, fixes = replay(keys)
    seconds = round(keys[-1][0] - keys[0][0], 3) if len(keys) > 1 else 0.0
    reason = unscorable(keys, pastes, transcribed, seconds)
    target, uncorrected = compared_passage(passage, transcribed)
    correct = max(len(target), len(transcribed)) - uncorrected
    corrected = max(0, typed - len(transcribed))  # IF = |input stream| - |T| (no fixes in it)
    errors_total = correct + uncorrected + corrected
    longest = max(len(target), len(transcribed)) or 1
    minutes = seconds / 60 if seconds > 0 else 0.0
    gross = (len(transcribed) - 1) / CHARS_PER_WORD / minutes if minutes else 0.0
    net = (
        max(0.0, (len(transcribed) - 1 - uncorrected) / CHARS_PER_WORD / minutes)
        if minutes
        else 0.0
    )
    if reason is None and gross > IMPOSSIBLE_WPM:
        reason = f"faster than a person can type ({gross:.0f} words a minute)"
    return TypingMeasure(
        scored=reason is None,
        reason=reason,
        seconds=round(seconds, 1),
        characters=len(transcribed),
        gross_wpm=round(gross, 1),
        net_wpm=round(net, 1),
        accuracy=round(100.0 * (1 - uncorrected / longest), 1),
        corrected=corrected,
        uncorrected=uncorrected,
        fixes=fixes,
        total_error_rate=round(100.0 * (uncorrected + corrected) / errors_total, 1)
        if errors_total
        else 0.0,
        standard_error=quarters_error(passage, keys) if reason is None else None,
    )


def unscorable(
    keys: Sequence[tuple[float, str]],
    pastes: Sequence[tuple[float, str]],
    transcribed: str,
    seconds: float,
) -> str | None:
    """Why the keys cannot be scored as typing, or None."""
    if pastes:
        return "text was pasted in, so the speed is not a typing speed"
    if len(transcribed) < MIN_CHARACTERS or seconds <= 0:
        return f"fewer than {MIN_CHARACTERS} characters were typed"
    run = repeat = 1
    for (before, first), (after, second) in itertools.pairwise(keys):
        run = run + 1 if after - before < BURST_INTERVAL else 1
        repeat = repeat + 1 if second == first and second != BACKSPACE else 1
        if run >= BURST_RUN:
            return "keys arrived faster than fingers can press them (a burst)"
        if repeat >= REPEAT_RUN:
            return "one key was held down and repeated"
    return None


def quarters_error(passage: str, keys: Sequence[tuple[float, str]]) -> float | None:
    """The standard error of net speed: the spread of the four quarters' speeds over
    sqrt(4). None when a quarter is too short to time."""
    size = len(keys) // SEGMENTS
    if size < 5:
        return None
    speeds = []
    for part in range(SEGMENTS):
        chunk = keys[part * size : (part + 1) * size]
        span = chunk[-1][0] - chunk[0][0]
        if span <= 0:
            return None
        speeds.append((len(chunk) - 1) / CHARS_PER_WORD / (span / 60))
    mean = sum(speeds) / SEGMENTS
    spread = math.sqrt(sum((s - mean) ** 2 for s in speeds) / (SEGMENTS - 1))
    return round(spread / math.sqrt(SEGMENTS), 2)


def split_speeds(keys: Sequence[tuple[float, str]], parts: int = 10) -> tuple[float, float]:
    """Speed on the odd and on the even tenths of the task, in keys per minute over the
    time each half's own tenths took (split-half reliability: alternate tenths, so
    warming up and tiring fall on both halves)."""
    size = len(keys) // parts
    if size < 2:
        return 0.0, 0.0
    counted = [0, 0]
    spent = [0.0, 0.0]
    for part in range(parts):
        piece = keys[part * size : (part + 1) * size]
        counted[part % 2] += len(piece) - 1
        spent[part % 2] += piece[-1][0] - piece[0][0]
    return (
        counted[0] / CHARS_PER_WORD / (spent[0] / 60) if spent[0] > 0 else 0.0,
        counted[1] / CHARS_PER_WORD / (spent[1] / 60) if spent[1] > 0 else 0.0,
    )


# --- The record-checking task ------------------------------------------------------


@dataclass(frozen=True)
class CheckingMeasure:
    pairs: int
    hits: int  # differing pairs marked
    misses: int  # differing pairs not marked
    false_alarms: int  # matching pairs marked
    correct_rejections: int
    percent_correct: float  # (hits + correct rejections) / pairs
    score: float  # (hits - false alarms) / pairs, in percent: guessing earns nothing
    seconds: float
    standard_error: float  # of percent_correct, binomial


def checking_measure(
    differs: dict[str, bool], marked: Sequence[str], seconds: float
) -> CheckingMeasure:
    """Scores of a checking task: `differs` says, for each pair shown, if it differs."""
    chosen = set(marked)
    hits = sum(1 for pair, d in differs.items() if d and pair in chosen)
    misses = sum(1 for pair, d in differs.items() if d and pair not in chosen)
    false_alarms = sum(1 for pair, d in differs.items() if not d and pair in chosen)
    rejections = len(differs) - hits - misses - false_alarms
    n = len(differs) or 1
    share = (hits + rejections) / n
    return CheckingMeasure(
        pairs=len(differs),
        hits=hits,
        misses=misses,
        false_alarms=false_alarms,
        correct_rejections=rejections,
        percent_correct=round(100 * share, 1),
        score=round(100 * (hits - false_alarms) / n, 1),
        seconds=round(seconds, 1),
        standard_error=round(100 * math.sqrt(share * (1 - share) / n), 1),
    )


# --- English on the CEFR scale ------------------------------------------------------


def cefr_rank(level: str) -> int:
    """A1 = 1 ... C2 = 6."""
    return CEFR.index(level) + 1


def overall_cefr(levels: dict[str, str]) -> str:
    """The overall level: the median of the five skills' levels (the middle one), so one
    strong or weak skill does not move it. The Council of Europe gives no formula for an
    overall self-assessed level; the median is the catalogue's choice (docs/measures.md)."""
    ranks = sorted(cefr_rank(levels[skill]) for skill in ENGLISH_SKILLS)
    return CEFR[ranks[len(ranks) // 2] - 1]
