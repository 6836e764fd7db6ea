"""The interview behind `bpo-assess quiz`: its questions, its draft, and its flow.

Every answer is written to a draft at once, so Ctrl-C (or a closed terminal) loses
nothing: `quiz --resume` starts again at the first unanswered question.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from bpo_assess.core.catalogue import Catalogue
    from bpo_assess.core.models import AssessmentInput
    from bpo_assess.interview.prompts import Prompter

Answer = Any  # an int level, an option letter, a string or a list of strings
BACKGROUND = "Background"
SECONDS_PER = {"rating": 12, "situational": 25, "background": 8}  # for the time estimate
EXPERIENCE = [
    ("None yet", 0.0),
    ("Less than a year", 0.5),
    ("One to two years", 1.5),
    ("Two to five years", 3.0),
    ("More than five years", 6.0),
]
FLUENCY = ("basic", "conversational", "fluent", "native")
INTERESTS = [
    ("Healthcare (medical coding, billing, claims)", "healthcare"),
    ("Finance and insurance (mortgages, claims, accounting support)", "finance"),
    ("Legal (transcription, document review, e-discovery)", "legal"),
    ("Technology (software, devices, IT support)", "technology"),
]
PREFERENCE = [
    ("Voice: I enjoy being on calls", "voice"),
    ("Non-voice: chat, email or back-office processing", "non-voice"),
    ("Either suits me", "either"),
]
OTHER = "other"


# --- The item bank: what the interview asks, as plain data ---------------------------


@dataclass(frozen=True)
class BankItem:
    """One skill item as the interview shows it (keys stay in the catalogue)."""

    id: str
    skill: str  # the skill's name
    kind: Literal["rating", "situational"]
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
                kind=item["kind"],
                prompt=item["prompt"],
                quick=item["quick"],
                choices=tuple((text, value) for text, value in item["choices"]),
            )
            for item in document["items"]
        )
        certs = tuple((name, cert_id) for cert_id, name in document["certifications"])
        return cls(items, certs, document["catalogue_hash"])


@dataclass(frozen=True)
class Question:
    """One question of the interview, background or skill item."""

    key: str  # the item id, or "background.<field>"
    section: str  # "Background" or the skill's name
    text: str
    kind: Literal["select", "checkbox", "text"]
    choices: tuple[tuple[str, Answer], ...] = ()
    item_kind: Literal["rating", "situational", None] = None  # None: a background question
    message: str = "Your answer"  # stays beside the choices when the text scrolls away

    def label(self, answer: Answer) -> str:
        """A short description of an answer, for the review screen."""
        if self.kind == "select":
            return next((title for title, value in self.choices if value == answer), str(answer))
        if self.kind == "checkbox":
            titles = [title.split(" (")[0] for title, value in self.choices if value in answer]
            return ", ".join(titles) or "none"
        return str(answer) or "—"


def shuffled_options(item_id: str, options: Sequence[Any], seed: int) -> list[Any]:
    """Situational options in an order fixed by the seed, so a replay is exact."""
    order = list(options)
    random.Random(f"{seed}:{item_id}").shuffle(order)
    return order


def build_questions(bank: Bank, *, quick: bool, seed: int) -> list[Question]:
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
            "Which languages do you speak, and how well? For example: English fluent,"
            " Tagalog native, Spanish basic. Leave empty to skip.",
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
        choices = item.choices
        if item.kind == "situational":
            choices = tuple(shuffled_options(item.id, choices, seed))
        questions.append(Question(item.id, item.skill, item.prompt, "select", choices, item.kind))
    return questions


def estimate_minutes(questions: Sequence[Question]) -> int:
    seconds = sum(SECONDS_PER[question.item_kind or "background"] for question in questions)
    return max(1, round(seconds / 60))


def parse_languages(text: str) -> list[dict[str, str]]:
    """'English fluent, Tagalog native' -> [{'name': 'English', 'fluency': 'fluent'}, ...]."""
    languages = []
    for part in text.replace(";", ",").split(","):
        words = part.split()
        if not words:
            continue
        fluency = "fluent"
        if len(words) > 1 and words[-1].casefold() in FLUENCY:
            fluency = words.pop().casefold()
        languages.append({"name": " ".join(words), "fluency": fluency})
    return languages


def to_input(answers: dict[str, Answer], seed: int) -> AssessmentInput:
    """The `score` input format for a finished interview."""
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
    return AssessmentInput(
        answers=items, background=Background.model_validate(background), seed=seed
    )


# --- The draft -------------------------------------------------------------------------


@dataclass
class Draft:
    """An interview in progress, as it is kept on disk between sessions."""

    quick: bool
    seed: int
    answers: dict[str, Answer] = field(default_factory=dict)
    started: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    catalogue_hash: str = ""

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": 1,
                "quick": self.quick,
                "seed": self.seed,
                "started": self.started,
                "catalogue_hash": self.catalogue_hash,
                "answers": self.answers,
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> Draft:
        document = json.loads(text)
        if not isinstance(document, dict) or document.get("version") != 1:
            raise ValueError("not a bpo-assess draft")
        answers = document["answers"]
        if not isinstance(answers, dict) or not isinstance(document["seed"], int):
            raise ValueError("answers or seed malformed")
        return cls(
            quick=bool(document["quick"]),
            seed=document["seed"],
            answers=answers,
            started=str(document["started"]),
            catalogue_hash=str(document.get("catalogue_hash", "")),
        )


class DraftStore:
    """One draft per user, written atomically (temporary file, fsync, rename)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "draft.json"

    def load(self) -> tuple[Draft | None, str | None]:
        """The draft, if any, and a one-line notice if a damaged one was set aside."""
        if not self.path.exists():
            return None, None
        try:
            return Draft.from_json(self.path.read_text(encoding="utf-8")), None
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            aside = self.path.with_name(f"draft.damaged-{stamp}.json")
            self.path.rename(aside)
            return None, f"The saved draft was damaged and has been set aside as {aside}."

    def save(self, draft: Draft) -> None:
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".draft-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(draft.to_json())
                out.flush()
                os.fsync(out.fileno())
            Path(temporary).replace(self.path)  # mkstemp made it 0600; the rename is atomic
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


# --- The flow --------------------------------------------------------------------------


class Screen(Protocol):
    """Where the review table goes: a Rich console (created only when first used)."""

    def print(self, *objects: Any, **options: Any) -> None: ...


class Interview:
    """Welcome, background, the items by skill, review. Returns the finished input."""

    def __init__(
        self,
        bank: Bank,
        draft: Draft,
        prompter: Prompter,
        console: Screen,
        save: Callable[[Draft], None],
    ) -> None:
        self.bank = bank
        self.draft = draft
        self.prompter = prompter
        self.console = console
        self.save = save
        self.questions = build_questions(bank, quick=draft.quick, seed=draft.seed)
        known = {q.key for q in self.questions} | {"background.other_certifications"}
        draft.answers = {k: v for k, v in draft.answers.items() if k in known}

    def run(self) -> AssessmentInput:
        from bpo_assess.interview import screens as render_interview

        answered = sum(q.key in self.draft.answers for q in self.questions)
        if answered == 0:
            minutes = estimate_minutes(self.questions)
            self.prompter.say(
                render_interview.welcome(
                    len(self.questions), minutes, self.draft.quick, self.prompter.width
                )
            )
        else:
            self.prompter.say(
                render_interview.resume_notice(answered, len(self.questions), self.prompter.width)
            )
        for position, question in enumerate(self.questions, start=1):
            if question.key not in self.draft.answers:
                self.ask(question, position)
        self.review()
        return to_input(self.draft.answers, self.draft.seed)

    def show(self, view: Any) -> None:
        self.console.print(view, markup=False, highlight=False)

    def ask(self, question: Question, position: int) -> None:
        from bpo_assess.interview import screens as render_interview

        current = self.draft.answers.get(question.key)
        header = render_interview.question_header(
            question.section, question.text, position, len(self), self.prompter.width
        )
        self.prompter.say(header)
        answer: Answer
        if question.kind == "select":
            answer = self.prompter.select(question.message, question.choices, default=current)
        elif question.kind == "checkbox":
            answer = self.prompter.checkbox(
                question.message, question.choices, checked=current or []
            )
        else:
            answer = self.prompter.text(question.message, default=current or "")
        self.draft.answers[question.key] = answer
        self.prompter.say(render_interview.answer_echo(question.label(answer), self.prompter.width))
        if question.key == "background.certifications" and OTHER in answer:
            other = self.prompter.text(
                "Which other certifications? (separate with commas)",
                default=self.draft.answers.get("background.other_certifications", ""),
            )
            self.draft.answers["background.other_certifications"] = other
        self.save(self.draft)

    def __len__(self) -> int:
        return len(self.questions)

    def review(self) -> None:
        """Show every answer by section; let the person change any before scoring."""
        from bpo_assess.interview import screens as render_interview

        while True:
            rows = [(q.section, q.text, q.label(self.draft.answers[q.key])) for q in self.questions]
            self.show(render_interview.review(rows))
            action = self.prompter.select(
                "Ready to see your results?",
                [("Yes, show my results", "done"), ("Change an answer first", "change")],
                default="done",
            )
            if action == "done":
                return
            width = self.prompter.width - 8
            choices = [
                (textwrap.shorten(f"{i}. {q.section}: {q.text}", width, placeholder="…"), i)
                for i, q in enumerate(self.questions, 1)
            ]
            position = self.prompter.select("Which answer would you like to change?", choices)
            self.ask(self.questions[position - 1], position)


def start(
    bank: Bank,
    store: DraftStore,
    prompter: Prompter,
    console: Screen,
    *,
    quick: bool,
    resume: bool,
) -> AssessmentInput:
    """Run an interview, new or resumed from the draft; remove the draft once finished."""
    import secrets

    draft, notice = store.load()
    if notice:
        prompter.say([("fg:ansiyellow", notice + "\n")])
    if draft is not None and not resume:
        total = len(build_questions(bank, quick=draft.quick, seed=draft.seed))
        kind = "quick interview" if draft.quick else "interview"
        resume = prompter.confirm(
            f"You have an unfinished {kind} ({len(draft.answers)} of {total} answered,"
            f" started {draft.started[:10]}). Continue it?"
        )
    if resume and draft is None and not notice:
        prompter.say([("", "No unfinished interview was found; starting a new one.\n")])
    if not resume or draft is None:
        draft = Draft(quick=quick, seed=secrets.randbelow(2**31))
    draft.catalogue_hash = bank.content_hash

    def save(current: Draft) -> None:
        store.save(current)

    finished = Interview(bank, draft, prompter, console, save).run()
    store.remove()
    return finished
