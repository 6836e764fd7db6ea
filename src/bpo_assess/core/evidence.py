"""From the tasks' records to the result's evidence, measured requirements and the note
when a self-rating and a measurement disagree. Pure: no terminal, no files.

docs/measures.md gives every rule; the thresholds below are the ones it names.
"""

from __future__ import annotations

from collections.abc import Mapping

from bpo_assess.core.measures import (
    cefr_rank,
    checking_measure,
    overall_cefr,
    typing_measure,
)
from bpo_assess.core.models import (
    CheckingFigures,
    EnglishFigures,
    Evidence,
    MeasuredRequirement,
    Prerequisite,
    QualityFlag,
    Role,
    TaskRecords,
    TypingFigures,
)
from bpo_assess.core.task_content import pair_by_id, passage_by_id
from bpo_assess.errors import BpoError

TYPING_TASK = "typing task"
CHECKING_TASK = "checking task"
# The disagreement note: a self-rating this high on the skill the tasks touch...
SELF_RATED_HIGH = 4.0
SELF_RATED_SKILL = "tech-savvy"  # computers and systems: typing and checking records
# ...while a measure falls below these (well under what any role in the catalogue asks).
LOW_NET_WPM = 25.0
LOW_CHECKING = 60.0  # at or below: with 12 pairs, 7 right or fewer


def evidence(records: TaskRecords | None) -> Evidence | None:
    """The figures of every task done, or None when no task was done or given."""
    if records is None:
        return None
    typing = typing_figures(records)
    checking = checking_figures(records)
    english = None
    if records.english is not None:
        levels = records.english.levels()
        english = EnglishFigures(skills=levels, overall=overall_cefr(levels))
    if typing is None and checking is None and english is None:
        return None
    return Evidence(typing=typing, checking=checking, english=english)


def typing_figures(records: TaskRecords) -> TypingFigures | None:
    if records.typing is not None:
        record = records.typing
        passage = passage_by_id(record.passage)
        if passage is None:
            raise BpoError(f"tasks.typing.passage: {record.passage!r} is not one of the passages")
        if not record.keys and not record.pastes:
            return TypingFigures(
                source=TYPING_TASK,
                scored=False,
                reason="nothing was typed",
                passage=record.passage,
            )
        measured = typing_measure(passage.text, record.keys, record.pastes)
        return TypingFigures(
            source=TYPING_TASK,
            scored=measured.scored,
            reason=measured.reason,
            passage=record.passage,
            seconds=measured.seconds,
            characters=measured.characters,
            net_wpm=measured.net_wpm if measured.scored else None,
            gross_wpm=measured.gross_wpm if measured.scored else None,
            accuracy=measured.accuracy if measured.scored else None,
            corrected_errors=measured.corrected,
            uncorrected_errors=measured.uncorrected,
            total_error_rate=measured.total_error_rate if measured.scored else None,
            standard_error=measured.standard_error,
        )
    elsewhere = records.elsewhere
    if elsewhere is not None and elsewhere.typing_net_wpm is not None:
        return TypingFigures(
            source=elsewhere.source,
            scored=True,
            net_wpm=elsewhere.typing_net_wpm,
            accuracy=elsewhere.typing_accuracy,
        )
    return None


def checking_figures(records: TaskRecords) -> CheckingFigures | None:
    if records.checking is not None:
        known = pair_by_id()
        record = records.checking
        unknown = [pair for pair in record.shown if pair not in known]
        if unknown:
            raise BpoError(f"tasks.checking.shown: {', '.join(unknown)} are not record pairs")
        measured = checking_measure(
            {pair: known[pair].differs for pair in record.shown}, record.marked, record.seconds
        )
        return CheckingFigures(
            source=CHECKING_TASK,
            pairs=measured.pairs,
            hits=measured.hits,
            misses=measured.misses,
            false_alarms=measured.false_alarms,
            percent_correct=measured.percent_correct,
            score=measured.score,
            seconds=measured.seconds,
            standard_error=measured.standard_error,
        )
    elsewhere = records.elsewhere
    if elsewhere is not None and elsewhere.checking_percent is not None:
        return CheckingFigures(source=elsewhere.source, percent_correct=elsewhere.checking_percent)
    return None


def measured_prerequisites(role: Role, shown: Evidence | None) -> list[Prerequisite]:
    """The role's measured requirements, met or not by what was shown; none at all when
    no task was done (then the results say nothing was measured, not "not yet")."""
    if shown is None:
        return []
    return [requirement_met(need, shown) for need in role.measures]


def requirement_met(need: MeasuredRequirement, shown: Evidence) -> Prerequisite:
    met: bool | None = None
    measured: str | None = None
    if need.measure == "typing" and shown.typing is not None:
        typing = shown.typing
        if typing.scored and typing.net_wpm is not None:
            measured = typing_words(typing)
            met = typing_met(need, typing.net_wpm, typing.accuracy)
        else:
            measured = f"not scored: {typing.reason}"
    elif need.measure == "checking" and shown.checking is not None:
        measured = f"{shown.checking.percent_correct:.0f}% of pairs right"
        met = shown.checking.percent_correct >= (need.min_accuracy or 0)
    elif need.measure == "english" and shown.english is not None:
        skill = need.english_skill or "overall"
        level = shown.english.overall if skill == "overall" else shown.english.skills[skill]
        measured = f"{level} in {skill.replace('-', ' ')}, self-assessed"
        met = cefr_rank(level) >= cefr_rank(need.min_cefr or "A1")
    return Prerequisite(
        text=need.text, met=met, measure=need.measure, measured=measured, source=need.source
    )


def typing_met(need: MeasuredRequirement, net_wpm: float, accuracy: float | None) -> bool | None:
    """A typing requirement against a speed and an accuracy (None: accuracy not given)."""
    if need.min_net_wpm is not None and net_wpm < need.min_net_wpm:
        return False
    if need.min_accuracy is not None:
        if accuracy is None:
            return None
        return accuracy >= need.min_accuracy
    return True


Threshold = tuple[str, str, float | None, float | None]  # text, measure, speed, accuracy


def thresholds(role: Role) -> tuple[Threshold, ...]:
    """A role's typing and checking requirements as plain numbers, read once per role."""
    return tuple(
        (need.text, need.measure, need.min_net_wpm, need.min_accuracy)
        for need in role.measures
        if need.measure in ("typing", "checking")
    )


def short_of(needs: tuple[Threshold, ...], figures: Mapping[str, float]) -> list[str]:
    """The requirements (from `thresholds`) that plain figures (batch CSV columns
    `typing_net_wpm`, `typing_accuracy`, `checking_percent`) do not meet: the rules of
    `requirement_met` with no models, as batch reads one row at a time."""
    unmet = []
    speed = figures.get("typing_net_wpm")
    accuracy = figures.get("typing_accuracy")
    checking = figures.get("checking_percent")
    for text, measure, least_speed, least_accuracy in needs:
        if measure == "typing" and speed is not None:
            if (least_speed is not None and speed < least_speed) or (
                least_accuracy is not None and accuracy is not None and accuracy < least_accuracy
            ):
                unmet.append(text)
        elif measure == "checking" and checking is not None and checking < (least_accuracy or 0):
            unmet.append(text)
    return unmet


def typing_words(typing: TypingFigures) -> str:
    """'31 net words a minute at 96% accuracy'."""
    text = f"{typing.net_wpm:.0f} net words a minute"
    if typing.accuracy is not None:  # 99.6 stays 99.6: rounding up would hide an error
        text += f" at {typing.accuracy:.1f}".removesuffix(".0") + "% accuracy"
    return text


def disagreement(
    levels: Mapping[str, float], shown: Evidence | None, skill_names: Mapping[str, str]
) -> list[QualityFlag]:
    """A respectful note when a high self-rating meets a low measured figure."""
    if shown is None or levels.get(SELF_RATED_SKILL, 0) < SELF_RATED_HIGH:
        return []
    low: list[str] = []
    typing = shown.typing
    if typing is not None and typing.scored and (typing.net_wpm or 0) < LOW_NET_WPM:
        low.append(f"the typing task measured {typing_words(typing)}")
    checking = shown.checking
    if checking is not None and checking.percent_correct <= LOW_CHECKING:
        low.append(f"the checking task found {checking.percent_correct:.0f}% of pairs right")
    if not low:
        return []
    name = skill_names.get(SELF_RATED_SKILL, SELF_RATED_SKILL)
    return [
        QualityFlag(
            code="self-rating-vs-measure",
            message=f"You rated yourself {levels[SELF_RATED_SKILL]:.1f} of 5 in {name}, while"
            f" {' and '.join(low)}. Both can be true: a task on the day is one sample, and a"
            " rating is one view. Worth talking through with a counsellor before relying on"
            " either.",
        )
    ]


def shown_lines(shown: Evidence) -> list[tuple[str, str]]:
    """What the person showed, as (label, sentence) pairs: the one wording every view
    uses (the terminal, the reports)."""
    lines = []
    typing = shown.typing
    if typing is not None:
        if not typing.scored:
            lines.append(("Typing", f"not scored ({typing.reason})."))
        else:
            details = []
            if typing.corrected_errors is not None and typing.uncorrected_errors is not None:
                details.append(
                    f"{typing.corrected_errors} corrected,"
                    f" {typing.uncorrected_errors} left uncorrected"
                )
            if typing.seconds is not None:
                details.append(f"{typing.seconds:.0f} s")
            if typing.source != TYPING_TASK:
                details.append(f"measured by {typing.source}")
            more = f" ({'; '.join(details)})" if details else ""
            lines.append(("Typing", f"{typing_words(typing)}{more}."))
    checking = shown.checking
    if checking is not None:
        if checking.pairs is not None and checking.hits is not None:
            misses, alarms = checking.misses or 0, checking.false_alarms or 0
            right = checking.pairs - misses - alarms
            text = (
                f"{right} of {checking.pairs} pairs right ({checking.percent_correct:.0f}%):"
                f" {checking.hits} of {checking.hits + misses} differences found,"
                f" {alarms} false alarm{'s' if alarms != 1 else ''}"
            )
            if checking.seconds is not None:
                text += f", {checking.seconds:.0f} s"
        else:
            text = f"{checking.percent_correct:.0f}% right (measured by {checking.source})"
        lines.append(("Checking records", text + "."))
    english = shown.english
    if english is not None:
        parts = ", ".join(
            f"{skill.replace('-', ' ')} {level}" for skill, level in english.skills.items()
        )
        lines.append(("English (CEFR, self-assessed)", f"overall {english.overall}; {parts}."))
    return lines


def brief(shown: Evidence) -> str:
    """The evidence in one sentence, for the summary screen."""
    parts = []
    if shown.typing is not None:
        typing = shown.typing
        parts.append(f"typing {typing_words(typing)}" if typing.scored else "typing not scored")
    if shown.checking is not None:
        checking = shown.checking
        if checking.pairs is not None and checking.hits is not None:
            right = checking.pairs - (checking.misses or 0) - (checking.false_alarms or 0)
            parts.append(f"checking {right} of {checking.pairs} record pairs right")
        else:
            parts.append(f"checking {checking.percent_correct:.0f}% right")
    if shown.english is not None:
        parts.append(f"English {shown.english.overall} (CEFR, self-assessed)")
    return "; ".join(parts) + "."
