"""The interview behind `bpo-assess quiz`: welcome, background, questions, review.

Every answer is written to a draft at once, so Ctrl-C (or a closed terminal) loses
nothing: `quiz --resume` starts again at the first unanswered question.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from bpo_assess.core.models import AssessmentInput
    from bpo_assess.interview.prompts import Prompter


from bpo_assess.interview.bank import (
    OTHER,
    Answer,
    Bank,
    Question,
    build_questions,
    estimate_minutes,
    to_input,
)
from bpo_assess.interview.draft import Draft, DraftStore


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
    """Run an interview, new or resumed from the draft; the draft stays until the caller
    has saved the result (`DraftStore.remove`), so a failure after the review loses nothing."""
    import secrets

    draft, notice = store.load(bank.content_hash)
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

    return Interview(bank, draft, prompter, console, save).run()
