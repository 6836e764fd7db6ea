"""The interview behind `bpo-assess quiz`: welcome, background, questions, review.

Every answer is written to a draft at once, so Ctrl-C (or a closed terminal) loses
nothing: `quiz --resume` starts again at the first unanswered question.

Imports inside functions here serve the quiz's first-question budget.
"""

from __future__ import annotations

import textwrap
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from bpo_assess.core.models import AssessmentInput
    from bpo_assess.io.prompts import Prompter


from bpo_assess.interview.bank import (
    BACKGROUND,
    OTHER,
    Answer,
    Bank,
    Question,
    build_questions,
    describe_languages,
    estimate_minutes,
    to_input,
)
from bpo_assess.interview.draft import Draft, DraftStore
from bpo_assess.io.paths import resume_command


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
        tasks: bool = False,
    ) -> None:
        self.bank = bank
        self.draft = draft
        self.prompter = prompter
        self.console = console
        self.save = save
        self.tasks = tasks  # the tasks follow the questions: the welcome counts them in
        self.questions = build_questions(
            bank, quick=draft.quick, seed=draft.seed, english_task=tasks
        )
        self.earlier: dict[str, Answer] = {}  # a returning client's last background
        known = {q.key for q in self.questions} | {"background.other_certifications"}
        draft.answers = {k: v for k, v in draft.answers.items() if k in known}

    def run(self) -> AssessmentInput:
        from bpo_assess.interview import screens as render_interview

        answered = sum(q.key in self.draft.answers for q in self.questions)
        if answered == 0:
            minutes = estimate_minutes(self.questions, self.bank.glossary)
            named = ""
            if self.tasks:
                from bpo_assess.interview.tasks import task_minutes, task_words

                minutes += task_minutes(self.draft.quick)
                named = task_words(self.draft.quick)
            self.prompter.say(
                render_interview.welcome(
                    len(self.questions),
                    minutes,
                    self.draft.quick,
                    self.prompter.width,
                    resume_command(),
                    named,
                )
            )
            self.glossary()
        else:
            self.prompter.say(
                render_interview.resume_notice(answered, len(self.questions), self.prompter.width)
            )
        if answered == 0 and self.earlier:
            self.offer_earlier_background()
        for position, question in enumerate(self.questions, start=1):
            if question.key not in self.draft.answers:
                self.ask(question, position)
        self.review()
        return to_input(self.draft.answers, self.draft.seed, self.draft.timings)

    def glossary(self) -> None:
        """The glossary a page at a time, each page waiting for Enter, so none scrolls away."""
        from bpo_assess.interview import screens as render_interview

        pages = render_interview.glossary_pages(self.bank.glossary, self.prompter.width)
        choices = [("Continue: a few words you will meet", "go")]
        if self.earlier:  # a returning client has read them: skipping is the default
            choices.insert(0, ("Skip the words and start the questions", "skip"))
        words = self.prompter.select("Ready?", choices, default=choices[0][1])
        if words == "skip":
            return
        for number, page in enumerate(pages, start=1):
            self.prompter.say(page)
            last = number == len(pages)
            self.prompter.select(
                "Ready?" if last else f"Page {number} of {len(pages)}",
                [("Start the questions" if last else "More words", "go")],
            )

    def offer_earlier_background(self) -> None:
        """A returning client's background, shown to keep or to change, not asked afresh."""
        background = [q for q in self.questions if q.section == BACKGROUND]
        self.draft.answers.update(self.earlier)
        self.prompter.say(
            [("bold", "\nWelcome back. This is the background from the last session:\n")]
        )
        for question in background:
            self.prompter.say(
                render_interview_line(question.message, self.label(question), self.prompter.width)
            )
        action = self.prompter.select(
            "Is it still right?",
            [("Yes, keep it", "keep"), ("Change some of it", "change")],
            default="keep",
        )
        if action == "change":
            which = self.prompter.checkbox(
                "Which would you like to change?",
                [(q.message or q.text, q.key) for q in background],
            )
            for position, question in enumerate(self.questions, start=1):
                if question.key in which:
                    self.ask(question, position)
        self.save(self.draft)

    def checklist(self, question: Question, current: list[str]) -> list[str]:
        """A checkbox question, split into parts that each fit on the screen with the
        question above them (a 25-item list pushed the question off an 80x24 screen)."""
        from bpo_assess.interview import screens as render_interview

        parts: list[list[tuple[str, Any]]] = [list(question.choices)]
        if self.prompter.height:
            header = 2 + len(render_interview.wrap(question.text, self.prompter.width))
            asked = self.prompter.prompt_lines(f"{question.message} (1 of 2)")
            budget = max(4, self.prompter.height - header - asked - 2)
            parts = [[]]
            used = 0
            for choice in question.choices:
                lines = self.prompter.choice_lines(choice[0])
                if parts[-1] and used + lines > budget:
                    parts.append([])
                    used = 0
                parts[-1].append(choice)
                used += lines
        if len(parts) == 1:
            return self.prompter.checkbox(question.message, question.choices, checked=current)
        ticked: list[str] = []
        for number, part in enumerate(parts, start=1):
            ticked += self.prompter.checkbox(
                f"{question.message} ({number} of {len(parts)})",
                part,
                checked=[value for value in current if value in {v for _, v in part}],
            )
        return ticked

    def label(self, question: Question) -> str:
        typed = self.draft.answers.get("background.other_certifications", "")
        return question.label(self.draft.answers.get(question.key), str(typed or ""))

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
        shown = time.monotonic()
        if question.kind == "select":
            answer = self.prompter.select(question.message, question.choices, default=current)
            if question.item_kind is not None:  # the time a skill answer took: see too-fast
                self.draft.timings[question.key] = round(time.monotonic() - shown, 1)
        elif question.kind == "checkbox":
            answer = self.checklist(question, current or [])
        else:
            answer = self.prompter.text(question.message, default=current or "")
            while question.key == "background.languages" and answer:
                understood = describe_languages(str(answer))
                self.prompter.say(
                    render_interview.answer_echo(f"Understood: {understood}", self.prompter.width)
                )
                if self.prompter.select(
                    "Is that right?",
                    [("Yes, that is right", True), ("No, let me type them again", False)],
                    default=True,
                ):
                    break
                answer = self.prompter.text(question.message, default=str(answer))
        self.draft.answers[question.key] = answer
        if question.key == "background.certifications" and OTHER in answer:
            other = self.prompter.text(
                "Which other certifications? (separate with commas)",
                default=self.draft.answers.get("background.other_certifications", ""),
            )
            self.draft.answers["background.other_certifications"] = other
        self.prompter.say(render_interview.answer_echo(self.label(question), self.prompter.width))
        self.save(self.draft)

    def __len__(self) -> int:
        return len(self.questions)

    def review(self) -> None:
        """Show the answers a page at a time (a page fits the screen); let the person turn
        pages and change any answer before scoring. After a change, the same page again."""
        from bpo_assess.interview import screens as render_interview

        page = 0
        while True:
            rows = [
                (number, q.section, q.text, self.label(q))
                for number, q in enumerate(self.questions, start=1)
            ]
            pages = render_interview.review_pages(
                rows, self.prompter.width, self.prompter.height, reserved=REVIEW_MENU_LINES
            )
            page = min(page, len(pages) - 1)
            self.show(
                render_interview.review(pages[page], page + 1, len(pages), self.prompter.width)
            )
            choices = [
                ("Yes, show my results", "done"),
                ("Change an answer on this page", "change"),
            ]
            if page + 1 < len(pages):
                choices.append(
                    (f"See the next page of answers ({page + 2} of {len(pages)})", "next")
                )
            if page > 0:
                choices.append(("See the previous page", "previous"))
            action = self.prompter.select("Ready to see your results?", choices, default="done")
            if action == "done":
                return
            if action in ("next", "previous"):
                page += 1 if action == "next" else -1
                continue
            width = self.prompter.width - 8
            which = [
                (textwrap.shorten(f"{number}. {section}: {text}", width, placeholder="…"), number)
                for number, section, text, _ in pages[page]
            ]
            which.append(("Back to the answers, change nothing", 0))
            position = self.prompter.select("Which answer would you like to change?", which)
            if position:
                self.ask(self.questions[position - 1], position)


REVIEW_MENU_LINES = 6  # the question and up to four choices below a page of the review


def render_interview_line(question: str, answer: str, width: int) -> list[tuple[str, str]]:
    from bpo_assess.interview import screens as render_interview

    return [
        ("", render_interview.wrapped(question, width) + "\n"),
        *render_interview.answer_echo(answer, width),
    ]


def choose_draft(
    bank: Bank,
    store: DraftStore,
    prompter: Prompter,
    *,
    quick: bool,
    resume: bool,
    client: str | None = None,
) -> Draft:
    """The draft to carry on with, or a new one; a draft stays with its owner.

    A named client is offered only their own draft. A draft with no client is never
    attached to them silently: it is shown, and taken over only if the counsellor says it
    is this client's. Another client's draft is never offered (it stays in its own file).
    """
    import secrets

    owner = client.strip() if client else None
    draft, notice = store.load(bank.content_hash, owner)
    if notice:
        prompter.say([("bold", notice + "\n")])
    fresh = Draft(quick=quick, seed=secrets.randbelow(2**31), client=owner)
    if draft is None:
        found = (
            claim_unnamed(bank, store, prompter, owner)
            if owner
            else only_client_draft(store, prompter)
            if resume
            else None
        )
        if found is not None:
            return found
        if resume and not notice and (owner or not store.client_drafts()):
            prompter.say([("", "No unfinished interview was found; starting a new one.\n")])
        return fresh
    if not resume and not ask_to_continue(bank, draft, prompter):
        return fresh
    return draft


def claim_unnamed(bank: Bank, store: DraftStore, prompter: Prompter, client: str) -> Draft | None:
    """A draft with no client, shown with what it holds; it becomes this client's only if
    the counsellor says so. None: start afresh (the unnamed draft stays as it was)."""
    from bpo_assess.interview import screens as render_interview

    unnamed, notice = store.load(bank.content_hash)
    if notice:
        prompter.say([("bold", notice + "\n")])
    if unnamed is None or unnamed.client is not None:
        return None
    questions = build_questions(bank, quick=unnamed.quick, seed=unnamed.seed)
    answered = sum(q.key in unnamed.answers for q in questions)
    if answered == 0:
        return None
    kind = "quick interview" if unnamed.quick else "interview"
    lines = [
        f"There is an unfinished {kind} with no client named: {answered} of"
        f" {len(questions)} answered, started {unnamed.started[:10]}. It holds:"
    ]
    for question in questions:
        if question.section == BACKGROUND and question.key in unnamed.answers:
            typed = str(unnamed.answers.get("background.other_certifications", "") or "")
            label = question.label(unnamed.answers[question.key], typed)
            lines.append(f"  {question.message}: {label}")
    prompter.say(
        [("", "\n".join(render_interview.wrapped(line, prompter.width) for line in lines) + "\n")]
    )
    choice: str = prompter.select(
        f"Are these {client}'s answers?",
        [
            (f"No, start {client}'s interview afresh", "new"),
            (f"Yes, they are {client}'s: continue it for {client}", "claim"),
        ],
        default="new",
    )
    if choice != "claim":
        return None
    unnamed.client = client
    store.save(unnamed)  # now in the client's own file
    store.remove()
    return unnamed


def only_client_draft(store: DraftStore, prompter: Prompter) -> Draft | None:
    """`--resume` with no client and no unnamed draft: the one client draft, which stays
    theirs; with several, none, and the person is told how to choose."""
    from bpo_assess.interview import screens as render_interview

    drafts = store.client_drafts()
    if len(drafts) == 1:
        return drafts[0]
    if drafts:
        names = ", ".join(draft.client or "" for draft in drafts)
        prompter.say(
            [
                (
                    "",
                    render_interview.wrapped(
                        f"Unfinished interviews are kept for {names}: continue one with"
                        " --resume --client NAME. Starting a new interview with no client.",
                        prompter.width,
                    )
                    + "\n",
                )
            ]
        )
    return None


def ask_to_continue(bank: Bank, draft: Draft, prompter: Prompter) -> bool:
    """Say what the unfinished interview is, wrapped; a choice from a list, not one key."""
    from bpo_assess.interview import screens as render_interview

    questions = build_questions(bank, quick=draft.quick, seed=draft.seed)
    total = len(questions)
    answered = sum(q.key in draft.answers for q in questions)
    kind = "quick interview" if draft.quick else "interview"
    whose = f" for {draft.client}" if draft.client else ""
    prompter.say(
        [
            (
                "",
                render_interview.wrapped(
                    f"You have an unfinished {kind}{whose}: {answered} of {total}"
                    f" answered, started {draft.started[:10]}.",
                    prompter.width,
                )
                + "\n",
            )
        ]
    )
    choice: str = prompter.select(
        "Continue it?",
        [("Yes, continue where I stopped", "continue"), ("No, start a new interview", "new")],
        default="continue",
    )
    return choice == "continue"


def run(
    bank: Bank,
    store: DraftStore,
    draft: Draft,
    prompter: Prompter,
    console: Screen,
    earlier: dict[str, Answer] | None = None,
    tasks: bool = False,
) -> AssessmentInput:
    """Run the interview from the draft; remove the draft once finished. `earlier` is a
    returning client's background answers, offered to keep or change; `tasks` says the
    tasks follow, for the welcome's length."""
    draft.catalogue_hash = bank.content_hash  # the client and consent go with each save

    def save(current: Draft) -> None:
        store.save(current)

    interview = Interview(bank, draft, prompter, console, save, tasks=tasks)
    interview.earlier = dict(earlier or {})
    return interview.run()  # the caller removes the draft once the result is saved


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
    draft = choose_draft(bank, store, prompter, quick=quick, resume=resume)
    return run(bank, store, draft, prompter, console)
