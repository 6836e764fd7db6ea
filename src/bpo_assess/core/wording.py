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


def level_number(level: float) -> str:
    """A skill level as every view shows it: one decimal (docs/formats.md keeps JSON's
    two)."""
    return f"{level:.1f}"


def signed_level(change: float) -> str:
    """A change of level, with its sign, at the same precision as a level."""
    return f"{change:+.1f}" if round(change, 1) else "0.0"


def level_phrase(level: float) -> str:
    """`level 3.4 of 5 (capable)`: the one way a skill level is written in a sentence."""
    return f"level {level_number(level)} of 5 ({level_word(level)})"


# The scale for how well a person speaks a language, in the interview's words. Other
# words a person may use, and CEFR levels, are understood as the nearest point on it:
# CEFR A (basic user) is basic, B (independent user) conversational, C (proficient user)
# fluent. Extend WORDS_FOR_LEVEL here, and only here, to understand more words.
LANGUAGE_SCALE = ("basic", "conversational", "fluent", "native")
WORDS_FOR_LEVEL = {
    "basic": ("beginner", "elementary", "a1", "a2"),
    "conversational": ("good", "intermediate", "b1", "b2"),
    "fluent": ("advanced", "proficient", "excellent", "c1", "c2"),
    "native": ("mother-tongue", "first-language"),
}
LANGUAGE_WORDS = {
    word: level for level in LANGUAGE_SCALE for word in (level, *WORDS_FOR_LEVEL[level])
}
LEVEL_FILLERS = frozenset({"very", "quite", "level", "cefr", "speaker"})  # "very good"


def language_level(word: str) -> str | None:
    """The point on LANGUAGE_SCALE a word names ('good' -> 'conversational'), or None."""
    return LANGUAGE_WORDS.get(word.casefold())


def language_prompt(english_task: bool = False) -> str:
    """The interview's question, naming the scale and the other words understood. When
    the English task follows the questions, English is left to it, so nobody is asked
    their English twice."""
    if english_task:
        return (
            "Which languages other than English do you speak, and how well? (Your English"
            " has a short task of its own after the questions.) Say how well with one of: "
            + ", ".join(LANGUAGE_SCALE)
            + " (words such as good, intermediate or advanced, and levels A1 to C2, are"
            " understood too). For example: Tagalog native, Spanish basic."
            " Leave empty to skip."
        )
    return (
        "Which languages do you speak, and how well? Say how well with one of: "
        + ", ".join(LANGUAGE_SCALE)
        + " (words such as good, intermediate or advanced, and levels A1 to C2, are"
        " understood too). For example: English fluent, Tagalog native, Spanish basic."
        " Leave empty to skip."
    )


def counted(count: int, noun: str) -> str:
    """'1 session', '2 sessions', '0 sessions': never 'session(s)'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


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
