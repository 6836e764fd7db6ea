"""Words the program says in more than one place: the disclaimer, the consent text, level
words, how a language is shown and what a background lists."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from bpo_assess.core.catalogue import Catalogue
    from bpo_assess.core.models import Background, Language

DISCLAIMER = (
    "These results are guidance for your own career development. They are not a test of"
    " ability and must not be used for hiring or screening decisions."
)


def consent_text(client: str, where: str | Path, *, local: bool = True) -> str:
    """The consent screen: what is stored, where, why, and how to erase it. `where` and
    `local` come from the store's engine: a file on this computer, or a shared server."""
    if local:
        place = (
            f"Where: only on this computer, in {where} (private to this user account)."
            " Nothing is sent anywhere.\n"
        )
    else:
        place = (
            f"Where: on the organisation's database server ({where}), readable by the"
            " counsellor who saves it, counsellors it is shared with, and supervisors."
            " Nothing is sent anywhere else.\n"
        )
    return (
        f"Before saving sessions for {client.strip()}, please read this together.\n\n"
        "What is stored: the client's name, their answers and background, the results,"
        " the time of each session, and the counsellor's ratings and notes.\n"
        + place
        + "Why: so the counsellor can follow progress between sessions, compare them and"
        " print reports. The results guide career development; they are not for hiring"
        " or screening.\n"
        f'How to erase: bpo-assess forget --client "{client.strip()}" removes every trace,'
        " at any time."
    )


# One scale everywhere: levels 1 to 5, each with a word (never a 0-100 score beside it).
LEVEL_WORDS = {1: "starting", 2: "developing", 3: "capable", 4: "strong", 5: "expert"}


def level_word(level: float) -> str:
    """The word for a level from 1 to 5 (rounded half up: 3.5 is strong)."""
    return LEVEL_WORDS[min(5, max(1, int(level + 0.5)))]


def level_phrase(level: float) -> str:
    """`level 3.4 of 5 (capable)`: the one way a skill level is written."""
    return f"level {level:.1f} of 5 ({level_word(level)})"


def spoken(language: Language | str) -> str:
    """A language as the person gave it: with its level only when they named one."""
    if isinstance(language, str):
        return language
    return f"{language.name} ({language.fluency})" if language.fluency else language.name


class BackgroundListing(NamedTuple):
    """A background as every view lists it: certifications by name where the catalogue
    knows them (else as the person typed them), languages as `spoken` shows them."""

    years: float | None
    languages: list[str]
    certifications: list[str]
    interests: list[str]
    work_preference: str


def background_listing(catalogue: Catalogue, background: Background) -> BackgroundListing:
    names = catalogue.certification_by_id
    return BackgroundListing(
        years=background.years_experience,
        languages=[spoken(language) for language in background.languages],
        certifications=[names[c].name if c in names else c for c in background.certifications],
        interests=list(background.interests),
        work_preference=background.work_preference,
    )
