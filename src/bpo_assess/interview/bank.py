"""The item bank: what the interview asks, as plain data, and how answers become input.

Built from the cached interview view, so the first question needs no pydantic models.

Imports inside functions here serve the quiz's first-question budget: the models load
only once the answers become input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from bpo_assess.core.items import item_kind
from bpo_assess.core.order import shuffled, words
from bpo_assess.core.wording import LEVEL_FILLERS, language_level, language_prompt

if TYPE_CHECKING:
    from bpo_assess.core.catalogue import Catalogue
    from bpo_assess.core.models import AssessmentInput

Answer = Any  # an int level, an option letter, a string or a list of strings
BACKGROUND = "Background"
# The time estimate: every word shown, read at a second-language reader's pace, plus a
# few seconds to think about each question (docs/validity.md, "Honest lengths").
READING_WORDS_PER_MINUTE = 130
BACKGROUND_THINKING_SECONDS = 4
EXPERIENCE = [
    ("None yet", 0.0),
    ("Less than a year", 0.5),
    ("One to two years", 1.5),
    ("Two to five years", 3.0),
    ("More than five years", 6.0),
]
INTERESTS = [
    ("Healthcare (medical coding, billing, claims)", "healthcare"),
    ("Finance and insurance (mortgages, claims, accounting support)", "finance"),
    ("Legal (transcription, document review, e-discovery)", "legal"),
    ("Technology (software, devices, IT support)", "technology"),
]
# What the specialist roles' domain prerequisites ask about (docs/scoring.md, section 6).
DOMAINS = [
    ("Medical words and records (nursing, pharmacy, a clinic or a hospital)", "healthcare"),
    ("Accounts, banking or insurance (commerce studies, a bank or an office)", "finance"),
    ("Legal papers (law studies, a law office or court work)", "legal"),
    ("Computers and IT (IT studies, fixing devices, helping people with software)", "technology"),
]
PREFERENCE = [
    ("Voice: I enjoy being on calls", "voice"),
    ("Non-voice: chat, email or back-office processing", "non-voice"),
    ("Either suits me", "either"),
]
OTHER = "other"


@dataclass(frozen=True)
class BankItem:
    """One skill item as the interview shows it (keys stay in the catalogue)."""

    id: str
    skill: str  # the skill's name
    kind: str  # a row of core/items.py KINDS
    prompt: str
    quick: bool
    choices: tuple[tuple[str, Answer], ...]  # (text, level) or (text, option id)


@dataclass(frozen=True)
class Bank:
    """The interview's view of a checked catalogue: items, certifications, content hash.

    Plain data, so the first question needs neither the TOML files nor the pydantic
    models: `catalogue_cache.interview_view` keeps it, keyed like the `roles --json` view.
    """

    items: tuple[BankItem, ...]
    certifications: tuple[tuple[str, str], ...]  # (name, id)
    content_hash: str
    glossary: tuple[tuple[str, str], ...] = ()  # (term, meaning), shown before the questions

    @classmethod
    def of(cls, catalogue: Catalogue) -> Bank:
        from bpo_assess.core.views import interview_document

        return cls.from_document(interview_document(catalogue))

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> Bank:
        items = tuple(
            BankItem(
                id=item["id"],
                skill=item["skill"],
                kind=item_kind(item["kind"]).name,
                prompt=item["prompt"],
                quick=item["quick"],
                choices=tuple((text, value) for text, value in item["choices"]),
            )
            for item in document["items"]
        )
        certs = tuple((name, cert_id) for cert_id, name in document["certifications"])
        glossary = tuple((term, meaning) for term, meaning in document["glossary"])
        return cls(items, certs, document["catalogue_hash"], glossary)


@dataclass(frozen=True)
class Question:
    """One question of the interview, background or skill item."""

    key: str  # the item id, or "background.<field>"
    section: str  # "Background" or the skill's name
    text: str
    kind: Literal["select", "checkbox", "text"]
    choices: tuple[tuple[str, Answer], ...] = ()
    item_kind: str | None = None  # a row of core/items.py KINDS; None: a background question
    message: str = "Your answer"  # stays beside the choices when the text scrolls away

    def label(self, answer: Answer, typed: str = "") -> str:
        """A short description of an answer, for the review screen; `typed` stands for
        "another certification" (the names the person typed), shown as typed."""
        if self.kind == "select":
            return next((title for title, value in self.choices if value == answer), str(answer))
        if self.kind == "checkbox":
            titles = [
                title.split(" (")[0]
                for title, value in self.choices
                if value in (answer or []) and not (value == OTHER and typed.strip())
            ]
            if OTHER in (answer or []) and typed.strip():
                titles += [name.strip() for name in typed.split(",") if name.strip()]
            return ", ".join(titles) or "none"
        return str(answer) or "—"


def build_questions(
    bank: Bank, *, quick: bool, seed: int, english_task: bool = False
) -> list[Question]:
    questions = [
        Question(
            "background.years_experience",
            BACKGROUND,
            "How much BPO or customer-facing work experience do you have?",
            "select",
            tuple(EXPERIENCE),
            message="Experience",
        ),
        Question(
            "background.languages",
            BACKGROUND,
            language_prompt(english_task),
            "text",
            message="Languages",
        ),
        Question(
            "background.certifications",
            BACKGROUND,
            "Which of these certifications do you already hold?",
            "checkbox",
            (*bank.certifications, ("Another certification (type it next)", OTHER)),
            message="Certifications you hold",
        ),
        Question(
            "background.interests",
            BACKGROUND,
            "Which industries interest you?",
            "checkbox",
            tuple(INTERESTS),
            message="Industries",
        ),
        Question(
            "background.domain_knowledge",
            BACKGROUND,
            "Have you studied or worked with any of these? Choose all that apply, or none.",
            "checkbox",
            tuple(DOMAINS),
            message="Study or work you know",
        ),
        Question(
            "background.work_preference",
            BACKGROUND,
            "Which kind of work do you prefer?",
            "select",
            tuple(PREFERENCE),
            message="Work you prefer",
        ),
    ]
    for item in bank.items:
        if quick and not item.quick:
            continue
        # Both kinds are shuffled per person, so the best answer is never in a fixed place.
        choices = tuple(shuffled(item.id, item.choices, seed))
        questions.append(Question(item.id, item.skill, item.prompt, "select", choices, item.kind))
    return questions


def words_shown(question: Question) -> int:
    """The words a person reads for one question: the question and every choice."""
    return words(question.text) + sum(words(title) for title, _ in question.choices)


def estimate_minutes(
    questions: Sequence[Question], glossary: Sequence[tuple[str, str]] = ()
) -> int:
    """Minutes to read every word shown at `READING_WORDS_PER_MINUTE`, and to think."""
    read = sum(map(words_shown, questions)) + sum(words(f"{t} {m}") for t, m in glossary)
    think = sum(
        item_kind(question.item_kind).thinking_seconds
        if question.item_kind
        else BACKGROUND_THINKING_SECONDS
        for question in questions
    )
    return max(1, round(read / READING_WORDS_PER_MINUTE + think / 60))


def parse_languages(text: str) -> list[dict[str, str] | str]:
    """'English fluent, Tagalog native' -> [{'name': 'English', 'fluency': 'fluent'}, ...].

    A level is taken only when the person wrote a word for one (in any place: 'Hindi -
    native', 'English (good)', 'French B2'), mapped to the scale in core/wording.py;
    otherwise the language is kept as written, with no level: nobody is given a fluency
    they did not state.
    """
    import re

    languages: list[dict[str, str] | str] = []
    for part in text.replace(";", ",").split(","):
        part = re.sub(r"(?i)\b(mother|first)\s+(tongue|language)\b", r"\1-\2", part)
        words = [w for w in re.split(r"[\s()\[\]–:]+|(?<=\w)-(?=\s)|\s-\s?", part) if w]
        words = [w.strip("-") for w in words if w.strip("-")]
        if not words:
            continue
        stated = {language_level(w) for w in words} - {None}
        if stated:  # "very good", "native speaker": the extra words belong to the level
            words = [w for w in words if w.casefold() not in LEVEL_FILLERS]
        name = " ".join(w for w in words if language_level(w) is None)
        if len(stated) == 1 and name:
            languages.append({"name": name, "fluency": str(stated.pop())})
        else:
            languages.append(" ".join(part.split()))
    return languages


def describe_languages(text: str) -> str:
    """What was understood, to show for confirmation: 'Bisaya (no level given)'."""
    shown = [
        f"{entry['name']} ({entry['fluency']})"
        if isinstance(entry, dict)
        else f"{entry} (no level given)"
        for entry in parse_languages(text)
    ]
    return "; ".join(shown) or "none"


def background_answers(bank: Bank, background: dict[str, Any]) -> dict[str, Answer]:
    """A saved background (a previous session's) as the interview's background answers."""
    years = float(background.get("years_experience", 0))
    experience = min(EXPERIENCE, key=lambda choice: abs(choice[1] - years))[1]
    languages = ", ".join(
        f"{entry['name']} {entry['fluency']}"
        if isinstance(entry, dict) and entry.get("fluency")
        else str(entry["name"] if isinstance(entry, dict) else entry)
        for entry in background.get("languages", [])
    )
    known = {cert_id for _, cert_id in bank.certifications}
    held = [c for c in background.get("certifications", []) if c in known]
    others = [c for c in background.get("certifications", []) if c not in known]
    answers: dict[str, Answer] = {
        "background.years_experience": experience,
        "background.languages": languages,
        "background.certifications": held + ([OTHER] if others else []),
        "background.interests": list(background.get("interests", [])),
        "background.work_preference": background.get("work_preference", "either"),
    }
    if others:
        answers["background.other_certifications"] = ", ".join(others)
    if background.get("domain_knowledge") is not None:  # else never asked: ask it now
        answers["background.domain_knowledge"] = list(background["domain_knowledge"])
    return answers


def to_input(
    answers: dict[str, Answer], seed: int, timings: Mapping[str, float] | None = None
) -> AssessmentInput:
    """The `score` input format for a finished interview, with each skill answer's time."""
    from bpo_assess.core.models import AssessmentInput, Background

    background = {
        key.removeprefix("background."): value
        for key, value in answers.items()
        if key.startswith("background.")
    }
    held = [c for c in background.pop("certifications", []) if c != OTHER]
    held += [c.strip() for c in background.pop("other_certifications", "").split(",") if c.strip()]
    background["certifications"] = held
    background["languages"] = parse_languages(background.get("languages", ""))
    items = {k: v for k, v in answers.items() if not k.startswith("background.")}
    times = {k: v for k, v in (timings or {}).items() if k in items}
    return AssessmentInput(
        answers=items,
        background=Background.model_validate(background),
        seed=seed,
        timings=times or None,
    )
