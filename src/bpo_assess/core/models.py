"""The one model layer: the catalogue, the input formats and the result.

Every file format the tool reads or writes is described here once. JSON output is
``model_dump(mode="json")`` and ``bpo-assess schema`` prints ``model_json_schema()``.
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

SCHEMA_VERSION = 3  # of score --json, batch JSON Lines and roles --json
IMPOSSIBLE_WPM_LIMIT = 250  # a typing speed given from elsewhere above this is a mistake

SkillId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
RoleId = SkillId
Level = Annotated[int, Field(ge=1, le=5, strict=True)]  # strict: `true` is not level 1
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# An https URL in plain ASCII: a host name, an optional port, then only the characters
# RFC 3986 allows, so no control character, space or look-alike letter can be in a link.
URL_PATTERN = (
    r"^https://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?"
    r"(?:[/?#][A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*)?$"
)
ONET_SOC = re.compile(r"^\d{2}-\d{4}\.\d{2}$")


class Strict(BaseModel):
    """Base for every model: unknown keys are a mistake, not something to ignore."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- The catalogue: data/skills.toml ---------------------------------------------------


class RatingChoice(Strict):
    """One behavioural anchor of a rating item and the level it stands for."""

    level: Level
    text: Text


class RatingItem(Strict):
    """A self-rating item: five behaviourally anchored choices, one per level.

    The interview shows them in an order shuffled per person (docs/scoring.md, "Items").
    """

    id: SkillId
    kind: Literal["rating"]
    prompt: Text
    quick: bool = False
    consistency: SkillId | None = None
    choices: Annotated[list[RatingChoice], Field(min_length=5, max_length=5)]

    @model_validator(mode="after")
    def _levels_distinct(self) -> RatingItem:
        if sorted(choice.level for choice in self.choices) != [1, 2, 3, 4, 5]:
            raise ValueError("choices must have the levels 1 to 5, once each")
        return self


class SituationOption(Strict):
    id: Literal["a", "b", "c", "d"]
    text: Text
    score: Level


class SituationalItem(Strict):
    """A situational-judgement item: a scenario and four keyed options."""

    id: SkillId
    kind: Literal["situational"]
    prompt: Text
    quick: bool = False
    consistency: SkillId | None = None
    options: Annotated[list[SituationOption], Field(min_length=4, max_length=4)]

    @model_validator(mode="after")
    def _options_distinct(self) -> SituationalItem:
        ids = [option.id for option in self.options]
        if sorted(ids) != ["a", "b", "c", "d"]:
            raise ValueError("options must have the ids a, b, c and d, once each")
        return self


Item = Annotated[RatingItem | SituationalItem, Field(discriminator="kind")]


class Skill(Strict):
    id: SkillId
    name: Text
    description: Text
    why_it_matters: Text
    improve: Annotated[list[Text], Field(min_length=3)] = Field(
        description="Ways to grow the skill, for someone at work."
    )
    improve_without_job: list[Text] = Field(
        description="The same ways, in the same order, for someone without a job yet"
        " (study, volunteering, family): the person's experience picks the form."
    )
    items: Annotated[list[Item], Field(min_length=1)]

    @model_validator(mode="after")
    def _every_tip_in_both_forms(self) -> Skill:
        if len(self.improve_without_job) != len(self.improve):
            raise ValueError(
                f"improve_without_job has {len(self.improve_without_job)} ways and improve"
                f" {len(self.improve)}: give each way in both forms"
            )
        return self


class GlossaryTerm(Strict):
    """A workplace word the questions or results use, explained before the questions."""

    term: Text
    meaning: Text


class RetiredItem(Strict):
    """An item id from an earlier bank whose question changed meaning or was dropped."""

    id: SkillId
    reason: Text


class SkillsFile(Strict):
    schema_version: Literal[1]
    skills: Annotated[list[Skill], Field(min_length=1)]
    glossary: Annotated[list[GlossaryTerm], Field(min_length=1)]
    retired: list[RetiredItem] = []


# --- The catalogue: data/roles.toml ----------------------------------------------------


class SkillDemand(Strict):
    """What a role asks of one skill: the level it needs and how much it matters."""

    level: Level
    importance: Level
    reason: Text


class GrowthStep(Strict):
    """A next step: another role in the catalogue, or a named position beyond it."""

    role: RoleId | None = None
    position: Text | None = None
    note: Text

    @model_validator(mode="after")
    def _one_target(self) -> GrowthStep:
        if (self.role is None) == (self.position is None):
            raise ValueError("give exactly one of 'role' or 'position'")
        return self


Domain = Literal["healthcare", "finance", "legal", "technology"]


class Eligibility(Strict):
    """Who may sit for a certification, in the issuer's published terms."""

    text: Text = Field(description="The issuer's rule in words: what a candidate needs first.")
    min_years: Annotated[float, Field(ge=0, le=60)] = Field(
        default=0,
        description="Years of work experience the rule asks for at the least; 0 when it asks"
        " for none. Someone with fewer years cannot sit for it yet.",
    )
    open: bool = Field(
        default=False,
        description="True when the issuer sets no prerequisite beyond min_years; False when it"
        " asks for something the background does not record (education, course hours).",
    )


class Certification(Strict):
    id: SkillId
    name: Text
    issuer: Text
    level: Literal["entry", "intermediate", "advanced"]
    skills: list[SkillId] = Field(
        description="Skills it trains or assesses: the only skill gaps it can close."
    )
    domain: Domain | None = Field(
        default=None, description="The industry knowledge it certifies, if any."
    )
    eligibility: Eligibility | None = None
    url: Annotated[str, StringConstraints(pattern=URL_PATTERN)]
    why: Text

    @model_validator(mode="after")
    def _closes_something(self) -> Certification:
        if not self.skills and self.domain is None:
            raise ValueError("give the skills it trains, its domain, or both")
        return self


class RolePrerequisite(Strict):
    """What employers usually want before this role, besides the skill levels."""

    kind: Literal["experience", "domain"]
    text: Text = Field(
        description="In words, as the results show it: 'a year or more as an agent'."
    )
    min_years: Annotated[float, Field(ge=0, le=60)] | None = Field(
        default=None, description="For kind 'experience': the fewest years that meet it."
    )
    domain: Domain | None = Field(
        default=None,
        description="For kind 'domain': met by study or work in it, or a certification in it.",
    )

    @model_validator(mode="after")
    def _one_measure(self) -> RolePrerequisite:
        if self.kind == "experience" and (self.min_years is None or self.domain is not None):
            raise ValueError("an experience prerequisite gives min_years and no domain")
        if self.kind == "domain" and (self.domain is None or self.min_years is not None):
            raise ValueError("a domain prerequisite gives a domain and no min_years")
        return self


Cefr = Literal["A1", "A2", "B1", "B2", "C1", "C2"]
EnglishSkill = Literal[
    "listening", "reading", "spoken-interaction", "spoken-production", "writing", "overall"
]


class MeasuredRequirement(Strict):
    """A figure a role asks for that a task measures: typing speed and accuracy, checking
    accuracy, or an English level; with where the figure comes from."""

    measure: Literal["typing", "checking", "english"]
    text: Text = Field(description="In words, as the results show it.")
    min_net_wpm: Annotated[float, Field(gt=0, le=150)] | None = None
    min_accuracy: Annotated[float, Field(gt=0, le=100)] | None = Field(
        default=None, description="typing: accuracy in percent; checking: percent correct."
    )
    english_skill: EnglishSkill | None = None
    min_cefr: Cefr | None = None
    source: Text = Field(
        description="Who publishes the figure, or 'catalogue' when it is the catalogue's own"
        " choice (no published figure was found)."
    )
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] | None = None

    @model_validator(mode="after")
    def _one_measure(self) -> MeasuredRequirement:
        if self.measure == "typing" and self.min_net_wpm is None and self.min_accuracy is None:
            raise ValueError("a typing requirement gives min_net_wpm, min_accuracy or both")
        if self.measure == "checking" and (self.min_accuracy is None or self.min_net_wpm):
            raise ValueError("a checking requirement gives min_accuracy only")
        if self.measure == "english" and (self.english_skill is None or self.min_cefr is None):
            raise ValueError("an English requirement gives english_skill and min_cefr")
        if self.measure != "english" and (self.english_skill or self.min_cefr):
            raise ValueError("english_skill and min_cefr belong to English requirements")
        if (self.source == "catalogue") != (self.url is None):
            raise ValueError("a published source gives its url; 'catalogue' gives none")
        return self


class Role(Strict):
    id: RoleId
    title: Text
    summary: Text
    description: Text
    work_mode: Literal["voice", "non-voice", "mixed"]
    domains: list[Domain] = []
    prerequisites: list[RolePrerequisite] = Field(
        default=[], description="Experience or domain knowledge employers usually want first."
    )
    onet_soc: Annotated[str, StringConstraints(pattern=ONET_SOC.pattern)]
    onet_title: Text
    requirements: Annotated[list[Text], Field(min_length=1)]
    certifications: Annotated[list[SkillId], Field(min_length=2)]
    growth: Annotated[list[GrowthStep], Field(min_length=1)]
    profile: dict[SkillId, SkillDemand]
    measures: list[MeasuredRequirement] = Field(
        default=[], description="Figures the tasks measure, with their sources."
    )
    leadership: bool = Field(
        default=False,
        description="A role that leads people: when it is among the top matches, the results"
        " add the road-to-leadership advice.",
    )


class LeadershipAdvice(Strict):
    title: Text
    text: Text


class Leadership(Strict):
    intro: Text
    advice: Annotated[list[LeadershipAdvice], Field(min_length=1)]


class KPI(Strict):
    id: SkillId
    abbreviation: Text
    name: Text
    definition: Text
    improve: Text


class RolesFile(Strict):
    schema_version: Literal[1]
    roles: Annotated[list[Role], Field(min_length=1)]
    certifications: Annotated[list[Certification], Field(min_length=1)]
    leadership: Leadership
    kpis: Annotated[list[KPI], Field(min_length=1)]


# --- The tasks: data/tasks.toml -------------------------------------------------------


class Passage(Strict):
    """A typing passage: work-like text, one of several of equal difficulty."""

    id: SkillId
    kind: Text
    text: Annotated[str, StringConstraints(min_length=200, max_length=2000, pattern=r"^[ -~]+$")]


class RecordPair(Strict):
    """Two short records side by side; `differs` is the key (a date written another way
    that means the same day does not differ)."""

    id: SkillId
    left: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    right: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    differs: bool
    slip: Text


class EnglishScale(Strict):
    """One skill of the CEFR self-assessment: a statement per level, A1 to C2."""

    skill: Literal["listening", "reading", "spoken-interaction", "spoken-production", "writing"]
    name: Text
    statements: Annotated[list[Text], Field(min_length=6, max_length=6)]


class TasksFile(Strict):
    schema_version: Literal[1]
    passages: Annotated[list[Passage], Field(min_length=2)]
    pairs: Annotated[list[RecordPair], Field(min_length=6)]
    english: Annotated[list[EnglishScale], Field(min_length=5, max_length=5)]


class CatalogueDocument(Strict):
    """Both catalogue files together: the shape `bpo-assess schema catalogue` describes."""

    skills: SkillsFile
    roles: RolesFile


# --- Input: what `score` reads and `quiz --answers-out` writes -------------------------

Interest = Domain


class Language(Strict):
    name: Text
    fluency: Literal["basic", "conversational", "fluent", "native"] | None = Field(
        default=None, description="Only as the person stated it; none is assumed."
    )


class Background(Strict):
    """What the person tells about themselves besides the skill items."""

    years_experience: Annotated[float, Field(ge=0, le=60, strict=True)] | None = Field(
        default=None,
        description="Years of BPO or customer-facing work; null when not said (then"
        " experience prerequisites are unknown, not unmet).",
    )
    languages: list[Language | Text] = []
    certifications: list[Text] = Field(
        default=[], description="Certification ids from the catalogue, or free text."
    )
    interests: list[Interest] = []
    domain_knowledge: list[Domain] | None = Field(
        default=None,
        description="Industries the person has studied or worked in (medical terms,"
        " accounts, legal documents, IT); null when not asked.",
    )
    work_preference: Literal["voice", "non-voice", "either"] = "either"


TaskTime = Annotated[float, Field(ge=0, le=3600, allow_inf_nan=False)]
MAX_KEYS = 20_000  # more than anyone types in the longest task


def _one_key(key: str) -> str:
    if len(key) != 1:
        raise ValueError("a key is one character, or \\b for a backspace")
    if key != "\b" and (ord(key) < 32 or 127 <= ord(key) < 160):
        raise ValueError(f"a control character (code {ord(key)}) is not a typed key")
    return key


Key = Annotated[str, AfterValidator(_one_key)]


class TypingRecord(Strict):
    """What the typing task saw: the passage, each key with its time, and any paste.

    Times are seconds since the passage was shown (the limit runs from the first key),
    from the application's clock; a
    backspace is "\\b". The figures are computed from this record, never saved instead.
    """

    passage: SkillId
    limit: Annotated[float, Field(ge=10, le=600)] = Field(description="Seconds allowed.")
    keys: Annotated[list[tuple[TaskTime, Key]], Field(max_length=MAX_KEYS)]
    pastes: Annotated[
        list[tuple[TaskTime, Annotated[str, Field(max_length=100_000)]]], Field(max_length=1000)
    ] = Field(default=[], description="Text pasted in, with its time: the task is not scored.")

    @model_validator(mode="after")
    def _in_order(self) -> TypingRecord:
        times = [t for t, _ in self.keys]
        if any(b < a for a, b in itertools.pairwise(times)):
            raise ValueError("keys: times go backwards; they must be in the order typed")
        if times and times[-1] - times[0] > self.limit + 5:  # the clock starts at the first key
            raise ValueError(
                f"keys: a key {times[-1] - times[0]:g} s after the first, beyond the"
                f" {self.limit:g} s allowed"
            )
        return self


class CheckingRecord(Strict):
    """What the record-checking task saw: the pairs shown and the ones marked as differing."""

    shown: Annotated[list[SkillId], Field(min_length=1, max_length=100)]
    marked: list[SkillId] = []
    seconds: TaskTime

    @model_validator(mode="after")
    def _marked_shown(self) -> CheckingRecord:
        if len(set(self.shown)) != len(self.shown):
            raise ValueError("shown: a pair is listed twice")
        stray = sorted(set(self.marked) - set(self.shown))
        if stray:
            raise ValueError(f"marked: {', '.join(stray)} were not shown")
        return self


class EnglishSelfAssessment(Strict):
    """The CEFR self-assessment: the statement picked for each of five skills."""

    listening: Cefr
    reading: Cefr
    spoken_interaction: Cefr = Field(alias="spoken-interaction")
    spoken_production: Cefr = Field(alias="spoken-production")
    writing: Cefr

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def levels(self) -> dict[str, str]:
        return self.model_dump(by_alias=True)


class MeasuredElsewhere(Strict):
    """Figures a counsellor measured with another test; shown with where they came from."""

    typing_net_wpm: Annotated[float, Field(ge=0, le=IMPOSSIBLE_WPM_LIMIT)] | None = None
    typing_accuracy: Annotated[float, Field(ge=0, le=100)] | None = None
    checking_percent: Annotated[float, Field(ge=0, le=100)] | None = None
    source: Text = Field(description="Which test measured them: 'counsellor's typing test'.")


class TaskRecords(Strict):
    """What the person did in the tasks, as recorded; the result's figures come from it."""

    typing: TypingRecord | None = None
    checking: CheckingRecord | None = None
    english: EnglishSelfAssessment | None = None
    elsewhere: MeasuredElsewhere | None = None


SkillLevel = Annotated[float, Field(ge=1, le=5, strict=True)]
Choice = Annotated[int, Field(ge=1, le=5, strict=True)] | Literal["a", "b", "c", "d"]


class AssessmentInput(Strict):
    """Either `skills` (a level from 1 to 5 per skill) or `answers` (item id -> choice).

    A rating item's choice is its level, 1 to 5; a situational item's is the option id.
    """

    schema_version: Literal[1] = 1
    skills: dict[SkillId, SkillLevel] | None = None
    answers: dict[SkillId, Choice] | None = None
    background: Background = Background()
    seed: Annotated[int, Field(ge=0, le=2**63 - 1, strict=True)] | None = Field(
        default=None, description="Shuffle seed of the interview that produced the answers."
    )
    timings: dict[SkillId, Annotated[float, Field(ge=0)]] | None = Field(
        default=None,
        description="Seconds each skill answer took in the interview, by item id.",
    )
    tasks: TaskRecords | None = Field(
        default=None,
        description="The typing, checking and English tasks as recorded (schema version 3).",
    )

    @model_validator(mode="after")
    def _one_form(self) -> AssessmentInput:
        if (self.skills is None) == (self.answers is None):
            raise ValueError("give exactly one of 'skills' or 'answers'")
        return self


# --- The result: what `score --json` prints --------------------------------------------


class SkillScore(Strict):
    score: Annotated[float, Field(ge=0, le=100)]
    level: Annotated[float, Field(ge=1, le=5)]
    answered: int = Field(description="Items answered for this skill (0 for direct ratings).")
    standard_error: float | None = Field(
        default=None,
        description="The level's standard error, in levels (docs/scoring.md); absent in"
        " results saved before schema version 2.",
    )


class Gap(Strict):
    skill: SkillId
    name: str
    level: float
    required: int
    importance: int
    shortfall: float
    priority: float = Field(description="importance x shortfall; gaps are ordered by it.")


class CertificationAdvice(Strict):
    id: SkillId
    name: str
    issuer: str
    level: Literal["entry", "intermediate", "advanced"]
    url: str
    why: str
    skills: list[SkillId]
    closes: list[SkillId] = Field(description="The role's gaps this certification builds.")
    domain: Domain | None = None
    eligible: bool | None = Field(
        default=None,
        description="False when the person cannot sit for it yet; null when the background"
        " does not say or the rule asks for something it does not record.",
    )
    requires: str | None = Field(
        default=None, description="What the person needs first, in words, unless eligible."
    )


class GrowthAdvice(Strict):
    role: RoleId | None
    title: str
    note: str


class Prerequisite(Strict):
    text: str
    met: bool | None = Field(description="null when the background does not say.")
    measure: Literal["typing", "checking", "english"] | None = Field(
        default=None, description="For a measured requirement: what measures it."
    )
    measured: str | None = Field(
        default=None, description="The person's figure in words, when measured."
    )
    source: str | None = Field(
        default=None, description="Where the required figure comes from ('catalogue': its own)."
    )


class RoleMatch(Strict):
    rank: int = Field(
        description="The place as shown: roles to apply for now first, then those whose"
        " prerequisites are not known, then roles to grow into; shared by neighbours whose"
        " shown match is equal (schema version 3; before it, `match_rank`)."
    )
    match_rank: int | None = Field(
        default=None,
        description="The place by match alone, whatever the prerequisites; shared by roles"
        " whose shown match is equal. Absent before schema version 3.",
    )
    role: RoleId
    title: str
    match: float
    readiness: float
    alignment: float = Field(
        description="How far the role leans on your relatively strongest skills (50 neutral)."
        " An explanation beside the match since schema version 2, not part of it."
    )
    strengths: float | None = Field(
        default=None,
        description="The importance-weighted mean of your levels on the role's skills, 0-100:"
        " the match's second part. Absent before schema version 2.",
    )
    tier: int = Field(
        default=1,
        description="1 for the roles these answers cannot tell apart from the best, 2 for"
        " the next group, and so on.",
    )
    close_call: bool = Field(
        description="True when another role shares this role's tier: the answers cannot"
        " put one before the other. (Before schema version 2: a one-level change of one"
        " skill would move it into or out of the top three.)"
    )
    ready_now: bool | None = Field(
        default=None,
        description="True when every prerequisite is met, false when one is not, null when"
        " the background does not say.",
    )
    prerequisites: list[Prerequisite] = []
    interest_bonus: float = Field(
        default=0, description="Match points added because the role serves a named interest."
    )
    stretch: float | None = Field(
        default=None,
        description="Readiness times the role's level (0-100): how much of what the role"
        " asks you meet. Part of the match since schema version 3.",
    )
    domain_bonus: float = Field(
        default=0,
        description="Match points added because your study or work meets the role's domain"
        " prerequisite (schema version 3).",
    )
    preference_bonus: float = Field(
        default=0,
        description="Match points added because the role is the kind of work (voice,"
        " non-voice) you prefer (schema version 3).",
    )
    gaps: list[Gap]
    certifications: list[CertificationAdvice]
    growth: list[GrowthAdvice]


class QualityFlag(Strict):
    code: Literal[
        "straight-lining",
        "inconsistent-pairs",
        "random-responding",
        "too-fast",
        "ratings-above-situations",
        "top-of-scale",
        "flat-profile",
        "self-rating-vs-measure",
    ]
    message: str


class TypingFigures(Strict):
    """The typing task's figures (docs/measures.md), or figures measured elsewhere."""

    source: str = Field(description="'typing task', or the test named for figures from elsewhere.")
    scored: bool
    reason: str | None = Field(default=None, description="Why not scored, in words.")
    passage: SkillId | None = None
    seconds: float | None = None
    characters: int | None = None
    net_wpm: float | None = Field(
        default=None, description="Net words per minute: characters still wrong left out."
    )
    gross_wpm: float | None = None
    accuracy: float | None = Field(
        default=None, description="Percent: 100 x (1 - minimum string distance / length)."
    )
    corrected_errors: int | None = None
    uncorrected_errors: int | None = None
    total_error_rate: float | None = None
    standard_error: float | None = Field(
        default=None, description="Of net_wpm, from the spread of the task's quarters."
    )


class CheckingFigures(Strict):
    source: str
    pairs: int | None = None
    hits: int | None = None
    misses: int | None = None
    false_alarms: int | None = None
    percent_correct: float
    score: float | None = Field(
        default=None, description="(hits - false alarms) / pairs, in percent."
    )
    seconds: float | None = None
    standard_error: float | None = None


class EnglishFigures(Strict):
    source: Literal["self-assessed"] = "self-assessed"
    skills: dict[str, Cefr]
    overall: Cefr


class Evidence(Strict):
    """What the person showed in the tasks: "What you showed" in every view."""

    typing: TypingFigures | None = None
    checking: CheckingFigures | None = None
    english: EnglishFigures | None = None


class AssessmentResult(Strict):
    schema_version: Literal[1, 2, 3] = 3
    skills: dict[SkillId, SkillScore]
    matches: list[RoleMatch]
    background: Background
    quality: list[QualityFlag] = []
    evidence: Evidence | None = Field(
        default=None, description="Measured figures from the tasks (schema version 3)."
    )
    catalogue_hash: str


# --- Saved sessions: what `history`, `show`, `compare` and `export` print --------------


def _real_time(text: str) -> str:
    datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")  # ValueError for 2026-99-99T99:99:99Z
    return text


CLIENT_NAME_MAX = 200  # characters, as ClientName allows; docs/reliability.md
MAX_SESSION_ID = 999_999_999  # leaves room for every later number SQLite will give

Timestamp = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"),
    AfterValidator(_real_time),
    Field(description="UTC time, ISO 8601 to the second: 2026-11-25T14:03:00Z."),
]
ClientName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class SessionNote(Strict):
    """A counsellor's note on a session; a session may gather several over time."""

    text: Text
    created_at: Timestamp
    by: str | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="The login that wrote it (the shared store only).",
    )


class CounsellorRatings(Strict):
    """What `rate --from FILE` reads: the counsellor's own level, 1 to 5, per skill."""

    skills: Annotated[dict[SkillId, Level], Field(min_length=1)]


class SessionRecord(Strict):
    """One saved assessment: what was answered, what came out, and the counsellor's view."""

    id: int = Field(
        ge=1,
        le=MAX_SESSION_ID,
        strict=True,
        description="The short number to type: bpo-assess show 3.",
    )
    uid: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")] = Field(
        description="Identity across machines: export and import match sessions by it."
    )
    client: ClientName | None = None
    created_at: Timestamp
    source: Text = Field(description="What produced it: 'quiz' or 'score'.")
    tool_version: Text
    catalogue_hash: Text
    input: AssessmentInput
    result: AssessmentResult
    ratings: dict[SkillId, Level] = {}
    rated_at: Timestamp | None = None
    notes: list[SessionNote] = []
    saved_by: str | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="The login that saved it (the shared store only).",
    )
    rated_by: str | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="The login that rated it last (the shared store only).",
    )


class ClientRecord(Strict):
    name: ClientName
    consented_at: Timestamp


class SessionSummary(Strict):
    """One line of `history`."""

    id: int
    client: str | None
    created_at: Timestamp
    source: str
    top_role: RoleId | None
    top_title: str | None
    top_match: float | None
    rated: bool
    notes: int
    saved_by: str | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="The login that saved it (the shared store only).",
    )


class HistoryDocument(Strict):
    schema_version: Literal[1] = 1
    sessions: list[SessionSummary]


class SessionDocument(Strict):
    """What `show --json` prints."""

    schema_version: Literal[1] = 1
    session: SessionRecord


class AuditEvent(Strict):
    """One row of the shared store's audit trail: who did what, to which client and
    session. `client` is None once the client is forgotten (the number stays)."""

    at: Timestamp
    login: str
    command: str
    action: str
    client_id: int | None
    client: str | None
    session: int | None


class AuditDocument(Strict):
    """What `audit --json` prints."""

    schema_version: Literal[1] = 1
    events: list[AuditEvent]


class ExportDocument(Strict):
    """What `export` writes and `import` reads."""

    schema_version: Literal[1] = 1
    format: Literal["bpo-assess-sessions"] = "bpo-assess-sessions"
    exported_at: Timestamp
    clients: list[ClientRecord]
    sessions: list[SessionRecord]


class SkillChange(Strict):
    skill: SkillId
    name: str
    before: float
    after: float
    change: float
    threshold: float = Field(
        description="The reliable-change threshold in levels: z x sqrt(SE_before^2 +"
        " SE_after^2) (Jacobson and Truax), with z corrected for the skills compared together"
        " (2.69 for seven)."
    )
    rci: float = Field(description="Reliable change index: change / (sqrt(2) x standard error).")
    within_noise: bool = Field(
        description="True when |rci| is below the corrected z (2.69 for seven skills): not a"
        " reliable change."
    )
    counsellor_before: int | None = None
    counsellor_after: int | None = None
    large_disagreement: bool = Field(
        default=False,
        description="The counsellor's later rating is 1.5 levels or more from the self-rating.",
    )


class RoleChange(Strict):
    role: RoleId
    title: str
    match_before: float
    match_after: float
    change: float
    rank_before: int
    rank_after: int
    threshold: float = Field(
        description="The reliable-change threshold for this match, in match points:"
        " z x sqrt(2) x the match's standard error, with z corrected for the roles compared"
        " together (2.73 for eight); 0 when it cannot be computed."
    )
    within_noise: bool
    rank_within_noise: bool = Field(
        description="True when the rank changed no more than the role's tier allows: it"
        " shared a tier with its other rank's holder in either session."
    )


class MeasureChange(Strict):
    """The change in one measured figure between two sessions, with its own error."""

    measure: Literal["typing net speed", "checking percent correct"]
    before: float
    after: float
    change: float
    threshold: float | None = Field(
        description="z x sqrt(SE_before² + SE_after²) of the figure, z set for the measures"
        " compared together (1.96 for one, 2.24 for two); null when a session's"
        " figure came from elsewhere and has no standard error."
    )
    within_noise: bool | None = Field(
        description="True when |change| is below the threshold; null with no threshold."
    )


class Comparison(Strict):
    """What `compare --json` prints: session `before` to session `after`."""

    schema_version: Literal[2] = 2
    before: int
    after: int
    before_at: Timestamp
    after_at: Timestamp
    days_apart: float
    same_catalogue: bool
    coarse: bool = Field(
        default=False,
        description="True when either session is a quick interview or direct ratings: its"
        " standard errors are large, so only big changes count as reliable.",
    )
    notes: list[str] = Field(
        default=[], description="What the reader should know: a coarse form, rescored roles."
    )
    skills: list[SkillChange]
    roles: list[RoleChange]
    measures: list[MeasureChange] = Field(
        default=[], description="Measured figures both sessions have (schema version 3)."
    )
    reordered: bool = Field(
        default=False, description="The sessions were given later first; the earlier leads."
    )
    before_client: str | None = None
    after_client: str | None = None
