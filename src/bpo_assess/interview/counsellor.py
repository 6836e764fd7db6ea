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


def ask_ratings(
    catalogue: Catalogue, session: SessionRecord, prompter: Prompter | None = None
) -> dict[str, int]:
    """Ask the counsellor for a level per skill: each level described by what a person
    does at it (the items' anchors), the client's own level beside it."""
    from bpo_assess.core.wording import level_word

    asker = prompter or prompter_here()
    levels: dict[str, int] = {}
    for skill in catalogue.skills:
        own = session.result.skills[skill.id].level
        earlier = session.ratings.get(skill.id)
        item = anchor_item(skill)
        intro = (
            f"The client's answers put them at level {own:.1f} of 5 ({level_word(own)})."
            " Which level describes what you have seen?"
        )
        if item is not None:
            intro += f" Each choice is how a person at that level handles this: {item.prompt}"
        asker.say([("bold", f"\n{skill.name}\n"), ("", wrap_text(intro, asker.width) + "\n")])
        choices = [
            (f"{level} {level_word(level)}: {text}", level)
            for level, text in enumerate(anchors(skill), start=1)
        ]
        answer = asker.select(
            f"{skill.name}: your level",
            choices,
            default=earlier or min(5, max(1, round(own))),
        )
        levels[skill.id] = int(answer)
    return levels


def confirm(question: str, yes: bool) -> bool:
    """True with --yes; asks on a terminal; without either, a usage error naming --yes."""
    if yes:
        return True
    if not interactive():
        raise UsageError("this erases data: confirm in a terminal, or add --yes")
    return prompter_here().deliberate(question)
