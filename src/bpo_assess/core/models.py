"""The one model layer: the catalogue, the input formats and the result.

Every file format the tool reads or writes is described here once. JSON output is
``model_dump(mode="json")`` and ``bpo-assess schema`` prints ``model_json_schema()``.
"""

from __future__ import annotations

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

SCHEMA_VERSION = 1

SkillId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
RoleId = SkillId
Level = Annotated[int, Field(ge=1, le=5, strict=True)]  # strict: `true` is not level 1
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
ONET_SOC = re.compile(r"^\d{2}-\d{4}\.\d{2}$")


class Strict(BaseModel):
    """Base for every model: unknown keys are a mistake, not something to ignore."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- The catalogue: data/skills.toml ---------------------------------------------------


class RatingItem(Strict):
    """A self-rating item: five behaviourally anchored choices, level 1 first."""

    id: SkillId
    kind: Literal["rating"]
    prompt: Text
    quick: bool = False
    consistency: SkillId | None = None
    choices: Annotated[list[Text], Field(min_length=5, max_length=5)]


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
    improve: Annotated[list[Text], Field(min_length=3)]
    items: Annotated[list[Item], Field(min_length=1)]


class SkillsFile(Strict):
    schema_version: Literal[1]
    skills: Annotated[list[Skill], Field(min_length=1)]


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


class Certification(Strict):
    id: SkillId
    name: Text
    issuer: Text
    level: Literal["entry", "intermediate", "advanced"]
    skills: Annotated[list[SkillId], Field(min_length=1)]
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")]
    why: Text


class Role(Strict):
    id: RoleId
    title: Text
    summary: Text
    description: Text
    work_mode: Literal["voice", "non-voice", "mixed"]
    domains: list[Literal["healthcare", "finance", "legal", "technology"]] = []
    onet_soc: Annotated[str, StringConstraints(pattern=ONET_SOC.pattern)]
    onet_title: Text
    requirements: Annotated[list[Text], Field(min_length=1)]
    certifications: Annotated[list[SkillId], Field(min_length=2)]
    growth: Annotated[list[GrowthStep], Field(min_length=1)]
    profile: dict[SkillId, SkillDemand]
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


class CatalogueDocument(Strict):
    """Both catalogue files together: the shape `bpo-assess schema catalogue` describes."""

    skills: SkillsFile
    roles: RolesFile


# --- Input: what `score` reads and `quiz --answers-out` writes -------------------------

Interest = Literal["healthcare", "finance", "legal", "technology"]


class Language(Strict):
    name: Text
    fluency: Literal["basic", "conversational", "fluent", "native"] = "fluent"


class Background(Strict):
    """What the person tells about themselves besides the skill items."""

    years_experience: Annotated[float, Field(ge=0, le=60, strict=True)] = 0
    languages: list[Language | Text] = []
    certifications: list[Text] = Field(
        default=[], description="Certification ids from the catalogue, or free text."
    )
    interests: list[Interest] = []
    work_preference: Literal["voice", "non-voice", "either"] = "either"


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


class GrowthAdvice(Strict):
    role: RoleId | None
    title: str
    note: str


class RoleMatch(Strict):
    rank: int
    role: RoleId
    title: str
    match: float
    readiness: float
    alignment: float
    close_call: bool = Field(
        description="True when one skill one level higher or lower would move this role"
        " into or out of the top three."
    )
    interest_bonus: float = Field(
        default=0, description="Match points added because the role serves a named interest."
    )
    gaps: list[Gap]
    certifications: list[CertificationAdvice]
    growth: list[GrowthAdvice]


class QualityFlag(Strict):
    code: Literal["straight-lining", "inconsistent-pairs", "flat-profile"]
    message: str


class AssessmentResult(Strict):
    schema_version: Literal[1] = 1
    skills: dict[SkillId, SkillScore]
    matches: list[RoleMatch]
    background: Background
    quality: list[QualityFlag] = []
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


class HistoryDocument(Strict):
    schema_version: Literal[1] = 1
    sessions: list[SessionSummary]


class SessionDocument(Strict):
    """What `show --json` prints."""

    schema_version: Literal[1] = 1
    session: SessionRecord


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
    step: float = Field(description="One answer step for this skill, in levels (see README).")
    within_noise: bool
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
    noise_band: float = Field(description="The largest match change one answer step can make.")
    within_noise: bool
    rank_within_noise: bool


class Comparison(Strict):
    """What `compare --json` prints: session `before` to session `after`."""

    schema_version: Literal[1] = 1
    before: int
    after: int
    before_at: Timestamp
    after_at: Timestamp
    days_apart: float
    same_catalogue: bool
    skills: list[SkillChange]
    roles: list[RoleChange]
