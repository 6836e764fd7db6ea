"""The tasks' content (data/tasks.toml): passages, record pairs, the CEFR statements.

Shipped with the program, not part of an organisation's catalogue: every result's
figures are comparable because everyone meets the same passages and pairs.
"""

from __future__ import annotations

import random
import tomllib
from functools import cache

from bpo_assess.core.catalogue import packaged_data
from bpo_assess.core.models import Passage, RecordPair, TasksFile
from bpo_assess.errors import BpoError, pydantic_problems

TASKS_FILE = "tasks.toml"
TYPING_SECONDS = {False: 120.0, True: 60.0}  # full form two minutes, quick one minute


@cache
def tasks() -> TasksFile:
    from pydantic import ValidationError

    raw = (packaged_data() / TASKS_FILE).read_bytes()
    try:
        return TasksFile.model_validate(tomllib.loads(raw.decode()))
    except ValidationError as error:  # a broken build, said in one line per problem
        raise BpoError([f"{TASKS_FILE}: {p}" for p in pydantic_problems(error)]) from None


def passage_by_id(passage_id: str) -> Passage | None:
    return next((p for p in tasks().passages if p.id == passage_id), None)


def pair_by_id() -> dict[str, RecordPair]:
    return {pair.id: pair for pair in tasks().pairs}


def drawn_passage(seed: int) -> Passage:
    """The passage for this person: drawn from the interview's seed, so a resumed
    interview and a re-scored answers file meet the same one."""
    passages = tasks().passages
    return passages[random.Random(f"passage:{seed}").randrange(len(passages))]


def shown_pairs(seed: int) -> list[RecordPair]:
    """Every pair, in an order shuffled per person."""
    pairs = list(tasks().pairs)
    random.Random(f"pairs:{seed}").shuffle(pairs)
    return pairs
