"""Gaming the questions: what answering by the look of the text, not by one's own habits,
earns, and how often the notices catch it.

A test-wise respondent who does not read for meaning picks the choice that sounds most
complete. Two readings of "sounds most complete" are measured, each on every item: the
longest text (characters), and the text that names the most actions (clauses joined by
commas, "and", "then" and the like, ties to the longer). The strategies:

- **complete everywhere**: the most complete-sounding choice of every question;
- **4 or 5 and complete**: level 4 or 5 (at random) on every self-rating and the most
  complete-sounding option on every situational question.

A respondent counts as flagged when any notice about how the answers were given appears
(validity.responding.FLAGGED); the mean level is the mean of the seven skill levels.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bpo_assess.core.catalogue import Catalogue, load_catalogue
from bpo_assess.core.models import RatingItem
from bpo_assess.core.scoring import RoleScorer, assess
from validity.simulate import as_input, items_of

JOINS = re.compile(r",|;|\band\b|\bthen\b|\bbefore\b|\bafter\b|\bso\b|\bwhile\b|\buntil\b")
Answers = dict[str, int | str]


def actions(text: str) -> int:
    """How many actions a choice names: one, plus one per joining comma or word."""
    return 1 + len(JOINS.findall(text))


PROXIES: dict[str, Callable[[str], tuple[int, int]]] = {
    "longest": lambda text: (len(text), 0),
    "most actions": lambda text: (actions(text), len(text)),
}


def most_complete(item: Any, proxy: str) -> int | str:
    """The choice (a level) or option (an id) that sounds most complete by `proxy`."""
    measure = PROXIES[proxy]
    if isinstance(item, RatingItem):
        return max(item.choices, key=lambda c: measure(c.text)).level
    return str(max(item.options, key=lambda o: measure(o.text)).id)


def complete_answers(catalogue: Catalogue, proxy: str, *, quick: bool) -> Answers:
    return {item.id: most_complete(item, proxy) for _, item in items_of(catalogue, quick=quick)}


def high_and_complete_answers(
    catalogue: Catalogue, proxy: str, rng: random.Random, *, quick: bool
) -> Answers:
    answers: Answers = {}
    for _, item in items_of(catalogue, quick=quick):
        if isinstance(item, RatingItem):
            answers[item.id] = rng.choice((4, 5))
        else:
            answers[item.id] = most_complete(item, proxy)
    return answers


@dataclass(frozen=True)
class Gamed:
    strategy: str
    proxy: str
    quick: bool
    mean_level: float
    flagged: float
    target: str
    met: bool


STRATEGIES = ("complete everywhere", "4 or 5 and complete")


def gaming(catalogue: Catalogue, size: int, seed: int) -> list[Gamed]:
    """Each strategy, proxy and form: the mean level it earns and the share flagged."""
    from validity.responding import FLAGGED

    scorer = RoleScorer(catalogue)
    rows = []
    for strategy in STRATEGIES:
        for proxy in PROXIES:
            for quick in (False, True):
                if strategy != STRATEGIES[0] and quick:
                    continue  # the quick form asks no situational question
                rng = random.Random(f"{seed}:{strategy}:{proxy}:{quick}")
                levels = flagged = 0.0
                for _ in range(size):
                    if strategy == STRATEGIES[0]:
                        answers = complete_answers(catalogue, proxy, quick=quick)
                    else:
                        answers = high_and_complete_answers(catalogue, proxy, rng, quick=quick)
                    data = as_input(answers, {}, seed=rng.randrange(2**31))
                    result = assess(catalogue, data, scorer=scorer, top=1)
                    levels += sum(s.level for s in result.skills.values()) / len(result.skills)
                    flagged += bool({f.code for f in result.quality} & FLAGGED)
                mean, share = levels / size, flagged / size
                bound = 3.3 if strategy == STRATEGIES[0] else 3.8
                least = 0.8 if strategy == STRATEGIES[0] else 0.5
                rows.append(
                    Gamed(
                        strategy,
                        proxy,
                        quick,
                        round(mean, 2),
                        share,
                        f"mean <= {bound} or flagged >= {least:.0%}",
                        mean <= bound or share >= least,
                    )
                )
    return rows


def report(size: int, seed: int) -> str:
    catalogue = load_catalogue()
    lines = [
        "## Gaming: answering by the look of the text",
        "",
        f"{size} respondents per row, seed {seed}.",
        "",
        "| strategy | complete-sounding by | form | mean level | flagged | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in gaming(catalogue, size, seed):
        form = "quick" if row.quick else "full"
        lines.append(
            f"| {row.strategy} | {row.proxy} | {form} | {row.mean_level:.2f}"
            f" | {row.flagged:.1%} | {row.target} | {'yes' if row.met else 'no'} |"
        )
    return "\n".join(lines)
