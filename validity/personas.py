"""Hand-written personas: a true profile and a background each, answered through the item
bank, with their top roles and tiers. A counsellor should find each result plausible;
tests/test_personas.py holds the claims the issue names.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from bpo_assess.core.catalogue import Catalogue, load_catalogue
from bpo_assess.core.models import AssessmentResult
from bpo_assess.core.scoring import RoleScorer, assess
from validity.simulate import Respondent, as_input, careful_answers
from validity.typists import Typist, type_passage

SKILLS = (
    "communication",
    "adaptability",
    "tech-savvy",
    "problem-solving",
    "teamwork",
    "time-management",
    "customer-centric",
)


@dataclass(frozen=True)
class Persona:
    name: str
    levels: tuple[float, ...]  # true levels in SKILLS order
    background: dict[str, Any]

    def respondent(self, noise: float) -> Respondent:
        return Respondent(dict(zip(SKILLS, self.levels, strict=True)), self.background, noise)


PERSONAS = (
    Persona(
        "warm communicator, six months on calls",
        (4.5, 3.5, 2.5, 3.0, 3.5, 3.0, 4.5),
        {"years_experience": 0.5, "work_preference": "voice", "domain_knowledge": []},
    ),
    Persona(
        "tech tinkerer, IT course, no job yet",
        (3.0, 3.5, 4.5, 4.5, 3.0, 3.0, 3.0),
        {"years_experience": 0, "interests": ["technology"], "domain_knowledge": ["technology"]},
    ),
    Persona(
        "meticulous organiser, prefers non-voice",
        (2.5, 3.0, 3.5, 3.5, 3.0, 4.5, 2.5),
        {"years_experience": 1, "work_preference": "non-voice", "domain_knowledge": []},
    ),
    Persona(
        "people leader, three years as an agent",
        (4.5, 4.0, 3.0, 4.0, 4.5, 4.0, 4.0),
        {"years_experience": 3, "domain_knowledge": []},
    ),
    Persona(
        "coach who loves giving feedback",
        (4.5, 3.5, 3.0, 4.0, 4.0, 4.0, 4.0),
        {"years_experience": 1.5, "domain_knowledge": []},
    ),
    Persona(
        "quiet analyst interested in finance",
        (2.5, 3.0, 4.0, 4.5, 2.5, 4.5, 3.0),
        {
            "years_experience": 0,
            "interests": ["finance"],
            "domain_knowledge": ["finance"],
            "work_preference": "non-voice",
        },
    ),
    Persona(
        "newcomer with strong answers",
        (4.5, 4.5, 4.5, 4.5, 5.0, 4.5, 5.0),
        {"years_experience": 0, "domain_knowledge": []},
    ),
)


def score(
    catalogue: Catalogue, persona: Persona, *, noise: float = 0.0, seed: int = 0
) -> AssessmentResult:
    """The persona's result through the full interview; noise 0 answers at the true level."""
    rng = random.Random(seed)
    answers = careful_answers(catalogue, persona.respondent(noise), rng)
    return assess(catalogue, as_input(answers, persona.background), scorer=RoleScorer(catalogue))


def shown_rank(result: AssessmentResult, rank: int) -> str:
    shared = sum(1 for m in result.matches if m.rank == rank) > 1
    return f"={rank}" if shared else str(rank)


def report(size: int, seed: int) -> str:
    """Each persona's top four roles with tier and whether they can apply now, answered
    with the study's usual noise (size is unused: one respondent per persona)."""
    catalogue = load_catalogue()
    lines = ["Personas: top roles through the full interview (careful answers, seeded)", ""]
    for persona in PERSONAS:
        result = score(catalogue, persona, noise=0.5, seed=seed)
        lines.append(f"  {persona.name}")
        for match in result.matches[:4]:
            when = {True: "apply now", False: "grow into", None: "check"}[match.ready_now]
            lines.append(
                f"    {shown_rank(result, match.rank):>3} {match.title:<46}"
                f" match {match.match:5.1f}  tier {match.tier}  {when}"
            )
    return "\n".join(lines)


def score_with_tasks(
    catalogue: Catalogue,
    persona: Persona,
    typist: Typist,
    *,
    english: dict[str, str],
    checking_right: int | None = None,
    seed: int = 0,
) -> AssessmentResult:
    """The persona's result with a simulated typing task, an English self-assessment and,
    if `checking_right` is given, a checking task with that many pairs judged right."""
    from bpo_assess.core.models import TaskRecords
    from bpo_assess.core.task_content import TYPING_SECONDS, drawn_passage, shown_pairs

    rng = random.Random(seed)
    answers = careful_answers(catalogue, persona.respondent(0.0), rng)
    passage = drawn_passage(seed)
    limit = TYPING_SECONDS[False]
    records: dict[str, Any] = {
        "typing": {
            "passage": passage.id,
            "limit": limit,
            "keys": type_passage(typist, passage.text, limit, rng),
        },
        "english": english,
    }
    if checking_right is not None:
        pairs = shown_pairs(seed)
        judged = [p.differs if i < checking_right else not p.differs for i, p in enumerate(pairs)]
        records["checking"] = {
            "shown": [p.id for p in pairs],
            "marked": [p.id for p, mark in zip(pairs, judged, strict=True) if mark],
            "seconds": 60.0,
        }
    data = as_input(answers, persona.background).model_copy(
        update={"tasks": TaskRecords.model_validate(records)}
    )
    return assess(catalogue, data, scorer=RoleScorer(catalogue))
