"""The order a person sees an item's choices in: shuffled per person by the saved seed.

Kept apart from the interview so that scoring can tell which place on the screen an
answer had (straight-lining by position) without importing anything from the interview.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

Shown = TypeVar("Shown")


def shuffled(item_id: str, choices: Sequence[Shown], seed: int) -> list[Shown]:
    """`choices` in the order fixed by the seed and the item, so a replay is exact."""
    order = list(choices)
    random.Random(f"{seed}:{item_id}").shuffle(order)
    return order


def words(text: str) -> int:
    return len(text.split())
