"""What the counsellor's commands ask on a terminal: ratings per skill, and a confirmation
before erasing. cli.py calls these and gives the answers to `counsel/sessions.py`.

questionary and prompt_toolkit load inside the functions (the start-up budget).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bpo_assess.counsel.sessions import anchor_item, anchors, read_ratings
from bpo_assess.errors import UsageError
from bpo_assess.io.prompts import interactive

if TYPE_CHECKING:
    from bpo_assess.core.catalogue import Catalogue
    from bpo_assess.core.models import SessionRecord
    from bpo_assess.io.prompts import Prompter


def ratings_for(
    catalogue: Catalogue,
    target: SessionRecord,
    ref: str,
    source: Path | None,
    ask: bool | None = None,
) -> dict[str, int]:
    """The counsellor's levels: from `source`, else asked on the terminal (`ask`, or
    whether there is one); a usage error naming --from when there is none."""
    if source is not None:
        return read_ratings(source, catalogue)
    if interactive() if ask is None else ask:
        return ask_ratings(catalogue, target)
    raise UsageError(
        f"no terminal to ask on: give the ratings as a file, bpo-assess rate {ref}"
        " --from ratings.json"
    )


def wrap_text(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width=width, break_on_hyphens=False))


def prompter_here() -> Prompter:
    import os
    import shutil

    from bpo_assess.io.prompts import Prompter

    try:
        width = os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        width = shutil.get_terminal_size().columns
    return Prompter(width=width)


NOT_OBSERVED = 0  # the counsellor has not seen this skill: no rating is recorded


def ask_ratings(
    catalogue: Catalogue, session: SessionRecord, prompter: Prompter | None = None
) -> dict[str, int]:
    """Ask the counsellor, skill by skill ("1 of 7"), for the level they have seen: each
    level described by what a person does at it (the items' anchors, quoted as the client
    read them), the client's own level beside it, and "not observed" for a skill the
    counsellor has not seen."""
    from bpo_assess.core.wording import level_word

    asker = prompter or prompter_here()
    levels: dict[str, int] = {}
    count = len(catalogue.skills)
    for number, skill in enumerate(catalogue.skills, start=1):
        own = session.result.skills[skill.id].level
        earlier = session.ratings.get(skill.id)
        item = anchor_item(skill)
        intro = (
            f"The client's own answers put them at level {own:.1f} of 5 ({level_word(own)})."
            " Which level is closest to what you have seen them do?"
        )
        if item is not None:
            intro += (
                f' The client was asked: "{item.prompt}" Each level below is the answer a'
                " person at that level gives."
            )
        asker.say(
            [
                ("bold", f"\n{skill.name} (skill {number} of {count})\n"),
                ("", wrap_text(intro, asker.width) + "\n"),
            ]
        )
        choices = [
            (f'{level} {level_word(level)}: "{text}"', level)
            for level, text in enumerate(anchors(skill), start=1)
        ]
        choices.append(
            (
                f"Not observed: keep my earlier rating, {earlier}"
                if earlier
                else "Not observed: no rating for this skill",
                NOT_OBSERVED,
            )
        )
        answer = asker.select(
            f"{skill.name}: the level you have seen ({number} of {count})",
            choices,
            default=earlier or min(5, max(1, int(own + 0.5))),  # 3.5 and 4.5 round up
        )
        if answer != NOT_OBSERVED:
            levels[skill.id] = int(answer)
    return levels


def confirm(question: str, yes: bool) -> bool:
    """True with --yes; asks on a terminal; without either, a usage error naming --yes."""
    if yes:
        return True
    if not interactive():
        raise UsageError("this erases data: confirm in a terminal, or add --yes")
    return prompter_here().deliberate(question)
