"""The kinds of skill item, one row each: what an answer is, the level it stands for, what
the interview shows, and how long a person thinks about one.

Every place that treats items by kind reads this table: scoring (answers -> levels), the
quality notes, the interview's view, the draft's checks, the time estimate and the
catalogue's error messages. A kind not in the table raises, so nothing falls through to
another kind's rule. A new kind is a model in core/models.py (added to `Item`) and a row
here. Light on purpose (no pydantic at run time): the quiz reads it before any model loads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bpo_assess.errors import BpoError

Answer = Any  # what the answers file holds for one item: a level, an option letter


@dataclass(frozen=True)
class ItemKind:
    name: str  # the `kind` in skills.toml
    model: str  # its model's class name in core/models.py
    answer: str  # what an answer is, in a sentence: "a level from 1 to 5"
    takes: str  # the same, as an item's error says it: "a number from 1 to 5"
    thinking_seconds: int  # besides reading: see interview/bank.py, estimate_minutes
    self_rating: bool  # the answer states a level directly (the rating-gap note reads it)
    is_answer: Callable[[Answer], bool]  # its shape, without the catalogue
    choices: Callable[[Any], list[tuple[str, Answer]]]  # (text, answer), catalogue order
    value: Callable[[Any, Answer], float | None]  # the level it stands for; None: not valid


def _is_level(answer: Answer) -> bool:
    return isinstance(answer, int) and not isinstance(answer, bool) and 1 <= answer <= 5


def _rating_value(item: Any, answer: Answer) -> float | None:
    return answer if isinstance(answer, int) else None


def _situational_value(item: Any, answer: Answer) -> float | None:
    if not isinstance(answer, str):
        return None
    return next((option.score for option in item.options if option.id == answer), None)


KINDS: dict[str, ItemKind] = {
    kind.name: kind
    for kind in (
        ItemKind(
            name="rating",
            model="RatingItem",
            answer="a level from 1 to 5",
            takes="a number from 1 to 5",
            thinking_seconds=6,
            self_rating=True,
            is_answer=_is_level,
            choices=lambda item: [(choice.text, choice.level) for choice in item.choices],
            value=_rating_value,
        ),
        ItemKind(
            name="situational",
            model="SituationalItem",
            answer="an option a to d",
            takes="a, b, c or d",
            thinking_seconds=10,
            self_rating=False,
            is_answer=lambda answer: answer in ("a", "b", "c", "d"),
            choices=lambda item: [(option.text, option.id) for option in item.options],
            value=_situational_value,
        ),
    )
}
# Names pydantic puts in an error's path for a tagged union: nothing the reader needs.
TAGS = frozenset(name for kind in KINDS.values() for name in (kind.name, kind.model))


def item_kind(name: str) -> ItemKind:
    """The row for a kind; an unknown kind is a catalogue this version cannot use."""
    try:
        return KINDS[name]
    except KeyError:
        raise BpoError(
            f"unknown item kind {name!r}; this version knows {', '.join(KINDS)}"
        ) from None


def kind_of(item: Any) -> ItemKind:
    return item_kind(item.kind)


def is_answer(answer: Answer) -> bool:
    """Whether `answer` has the shape of an answer to some kind of item."""
    return any(kind.is_answer(answer) for kind in KINDS.values())


def answer_shapes() -> str:
    """What an answer can be, in words: "a level from 1 to 5 or an option a to d"."""
    return " or ".join(kind.answer for kind in KINDS.values())
