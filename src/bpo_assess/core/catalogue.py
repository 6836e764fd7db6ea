"""The catalogue of skills and roles: where it is found, how it is read and checked.

The shipped catalogue is read through importlib.resources; an organisation's own
catalogue comes from `--data-dir DIR` or the `BPO_ASSESS_DATA` environment variable.

Imports inside functions here serve the `roles --json` budget: `locate` and `read_file`
serve the cache without loading the models or the TOML parser.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from bpo_assess.core.items import TAGS
from bpo_assess.errors import (
    BpoError,
    UsageError,
    format_path,
    printable,
    pydantic_problems,
    unsafe_characters,
)

if TYPE_CHECKING:  # the models load only when a catalogue is checked: see catalogue_cache
    from bpo_assess.core.models import (
        KPI,
        AssessmentResult,
        Certification,
        GlossaryTerm,
        GrowthStep,
        Leadership,
        RatingItem,
        RetiredItem,
        Role,
        RolesFile,
        SituationalItem,
        Skill,
        SkillsFile,
    )

    Item = RatingItem | SituationalItem
    FileModel = TypeVar("FileModel", SkillsFile, RolesFile)

SKILLS_FILE = "skills.toml"
ROLES_FILE = "roles.toml"
DATA_ENV = "BPO_ASSESS_DATA"
MAX_FILE_BYTES = 32 << 20  # each file: about 10,000 roles of the shipped kind (3.2 KB each)
QUICK_MAX_ITEMS = 10  # skill items in the quick interview: with the background, 15 at most


@dataclass(frozen=True)
class Catalogue:
    """The validated skills and roles, with look-ups by id. Order is the files' order."""

    skills: tuple[Skill, ...]
    roles: tuple[Role, ...]
    certifications: tuple[Certification, ...]
    leadership: Leadership
    kpis: tuple[KPI, ...]
    content_hash: str
    source: str = field(default="built-in")
    glossary: tuple[GlossaryTerm, ...] = ()
    retired: tuple[RetiredItem, ...] = ()

    def step_title(self, step: GrowthStep) -> str:
        """A growth step's title: the role it leads to, or the position it names."""
        return self.role_by_id[step.role].title if step.role else str(step.position)

    def fits(self, result: AssessmentResult) -> bool:
        """Whether a result's skills and roles are all this catalogue's, so it can be shown.

        A result scored with another catalogue (see `made`) may still fit this one.
        """
        return set(result.skills) == set(self.skill_ids) and all(
            match.role in self.role_by_id for match in result.matches
        )

    def made(self, catalogue_hash: str) -> bool:
        """Whether a result with this catalogue hash was scored with this catalogue."""
        return catalogue_hash == self.content_hash

    @cached_property
    def skill_ids(self) -> tuple[str, ...]:
        return tuple(skill.id for skill in self.skills)

    @cached_property
    def skill_by_id(self) -> dict[str, Skill]:
        return {skill.id: skill for skill in self.skills}

    @cached_property
    def role_by_id(self) -> dict[str, Role]:
        return {role.id: role for role in self.roles}

    @cached_property
    def certification_by_id(self) -> dict[str, Certification]:
        return {cert.id: cert for cert in self.certifications}

    @cached_property
    def item_by_id(self) -> dict[str, tuple[Skill, Item]]:
        return {item.id: (skill, item) for skill in self.skills for item in skill.items}

    def items(self, *, quick: bool = False) -> list[tuple[Skill, Item]]:
        """The interview's items grouped by skill: all of them, or the quick ones."""
        return [
            (skill, item)
            for skill in self.skills
            for item in skill.items
            if item.quick or not quick
        ]

    def consistency_pairs(self) -> list[tuple[Item, Item]]:
        tagged: dict[str, list[Item]] = {}
        for skill in self.skills:
            for item in skill.items:
                if item.consistency:
                    tagged.setdefault(item.consistency, []).append(item)
        return [(pair[0], pair[1]) for pair in tagged.values() if len(pair) == 2]


def packaged_data() -> Traversable:
    """The catalogue shipped with the package (inside the wheel, or the checkout's data/)."""
    inside = resources.files("bpo_assess") / "data"
    if inside.is_dir():
        return inside
    # An editable install runs from src/; the catalogue then sits at the top of the checkout.
    return resources.files("bpo_assess") / ".." / ".." / "data"


def locate(data_dir: Path | None) -> tuple[Traversable, str]:
    """Where to read the catalogue from, and how to name that place in messages."""
    if data_dir is None and os.environ.get(DATA_ENV):
        data_dir = Path(os.environ[DATA_ENV])
    if data_dir is None:
        return packaged_data(), "built-in"
    if not data_dir.exists():
        raise UsageError(f"data directory {data_dir} does not exist")
    if not data_dir.is_dir():
        raise UsageError(f"data directory {data_dir} is not a directory")
    return Path(data_dir), str(data_dir)


_loaded: dict[str, Catalogue] = {}  # by content hash: an edited file is never served stale


def load_catalogue(data_dir: Path | None = None) -> Catalogue:
    """Read, validate and cross-check both files; raise one BpoError listing every problem."""
    from bpo_assess.core.models import RolesFile, SkillsFile

    folder, source = locate(data_dir)
    raw_skills = read_file(folder, SKILLS_FILE)
    raw_roles = read_file(folder, ROLES_FILE)
    digest = hashlib.sha256(raw_skills + b"\0" + raw_roles).hexdigest()[:16]
    key = f"{source}\0{digest}"
    if key in _loaded:
        return _loaded[key]
    problems: list[str] = []
    skills_file = _parse(raw_skills, SKILLS_FILE, SkillsFile, problems)
    roles_file = _parse(raw_roles, ROLES_FILE, RolesFile, problems)
    if skills_file is None or roles_file is None:
        raise BpoError(problems)
    problems += cross_check(skills_file, roles_file)
    if problems:
        raise BpoError(problems)
    catalogue = Catalogue(
        skills=tuple(skills_file.skills),
        roles=tuple(roles_file.roles),
        certifications=tuple(roles_file.certifications),
        leadership=roles_file.leadership,
        kpis=tuple(roles_file.kpis),
        content_hash=f"sha256:{digest}",
        source=source,
        glossary=tuple(skills_file.glossary),
        retired=tuple(skills_file.retired),
    )
    _loaded[key] = catalogue
    return catalogue


def read_file(folder: Traversable, name: str) -> bytes:
    """A catalogue file's bytes, at most MAX_FILE_BYTES; a pipe or device is refused."""
    path = folder / name
    if not path.is_file():
        if isinstance(path, Path) and path.exists():
            raise UsageError(f"{name}: in {printable(folder)} is not a regular file")
        raise UsageError(f"{name}: not found in {printable(folder)}")
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise UsageError(f"{name}: cannot be read: {error.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise BpoError(
            f"{name}: larger than {MAX_FILE_BYTES >> 20} MiB; a catalogue file is far smaller"
        )
    return raw


def _parse(raw: bytes, name: str, model: type[FileModel], problems: list[str]) -> FileModel | None:
    import tomllib

    from pydantic import ValidationError

    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        problems.append(f"{name}: not UTF-8 text")
        return None
    except tomllib.TOMLDecodeError as error:
        problems.append(f"{name}: invalid TOML: {error}")
        return None
    except RecursionError:  # tomllib recurses per level of nesting: [[[[...]]]]
        problems.append(f"{name}: invalid TOML: nested too deeply")
        return None
    controls = control_characters(document, name)
    if controls:
        problems.extend(controls)
        return None
    try:
        return model.model_validate(document)
    except ValidationError as error:
        problems.extend(pydantic_problems(error, prefix=name, tags=TAGS))
        return None


def control_characters(document: object, name: str) -> list[str]:
    """One line per text (key or value) holding a control or text-direction character.

    Catalogue text is shown on terminals and in reports: only line breaks and tabs may
    be in it, so an escape sequence or a right-to-left override never reaches a screen.
    """
    problems: list[str] = []
    stack: list[tuple[tuple[int | str, ...], object]] = [((), document)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            for key, inner in value.items():
                if unsafe_characters(key, "\n\t"):
                    stack.append(((*where, repr(key)), key))
                stack.append(((*where, key), inner))
        elif isinstance(value, list):
            stack.extend(((*where, i), inner) for i, inner in enumerate(value))
        elif isinstance(value, str):
            found = unsafe_characters(value, "\n\t")
            if found:
                codes = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in found))
                problems.append(
                    f"{name}: {printable(format_path(where))}: holds a control or"
                    f" text-direction character ({codes}); only line breaks and tabs may be"
                    " in catalogue text"
                )
    return sorted(problems)


JAPANESE = frozenset({"CJK", "HIRAGANA", "KATAKANA"})


def script_of(char: str) -> str:
    """The script a letter belongs to, from its Unicode name: LATIN, CYRILLIC, GREEK..."""
    import unicodedata

    script = unicodedata.name(char, "UNKNOWN").split(" ")[0]
    return "CJK" if script in JAPANESE else script  # kana and kanji share a word


def mixed_scripts(text: str) -> list[str]:
    """The words of `text` whose letters come from more than one script (`Le\u0430der`)."""
    return [
        word
        for word in text.split()
        if len({script_of(char) for char in word if char.isalpha()}) > 1
    ]


def title_key(title: str) -> str:
    """Titles that read the same: compatibility forms, case and spacing folded."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", title).casefold().split())


def _duplicates(ids: list[str]) -> list[str]:
    return [value for value, count in Counter(ids).items() if count > 1]


def _look_alikes(skills_file: SkillsFile, roles_file: RolesFile) -> list[str]:
    """Names a person could mistake for one another: the same title twice (after case,
    width and spacing), or a word mixing scripts (a Cyrillic letter in a Latin word)."""
    problems: list[str] = []
    named = [
        (SKILLS_FILE, "skills", [skill.name for skill in skills_file.skills]),
        (ROLES_FILE, "roles", [role.title for role in roles_file.roles]),
        (ROLES_FILE, "certifications", [cert.name for cert in roles_file.certifications]),
    ]
    for file, table, names in named:
        field_name = "title" if table == "roles" else "name"
        first: dict[str, int] = {}
        for index, title in enumerate(names):
            where = f"{file}: {table}[{index}].{field_name}"
            earlier = first.setdefault(title_key(title), index)
            if earlier != index:
                problems.append(
                    f"{where}: {printable(title)!r} reads the same as {table}[{earlier}];"
                    " give each its own name"
                )
            for word in mixed_scripts(title):
                scripts = sorted({script_of(c) for c in word if c.isalpha()})
                problems.append(
                    f"{where}: the word {printable(word)!r} mixes {' and '.join(scripts)}"
                    " letters, so it can pass for another word; write it in one script"
                )
    return problems


def cross_check(skills_file: SkillsFile, roles_file: RolesFile) -> list[str]:
    """Checks that span entries or files, one line per problem."""
    problems: list[str] = []
    skill_ids = [skill.id for skill in skills_file.skills]
    known_skills = set(skill_ids)

    for dup in _duplicates(skill_ids):
        problems.append(f"{SKILLS_FILE}: skills: id {dup!r} is used more than once")
    item_ids = [item.id for skill in skills_file.skills for item in skill.items]
    for dup in _duplicates(item_ids):
        problems.append(f"{SKILLS_FILE}: items: id {dup!r} is used more than once")

    tags: dict[str, list[tuple[str, Item]]] = {}
    for s, skill in enumerate(skills_file.skills):
        if not any(item.quick for item in skill.items):
            problems.append(
                f"{SKILLS_FILE}: skills[{s}].items: skill {skill.id!r} has no quick item;"
                " the quick interview needs at least one per skill"
            )
        for item in skill.items:
            if item.consistency:
                tags.setdefault(item.consistency, []).append((skill.id, item))
    for tag, members in tags.items():
        owners = {skill_id for skill_id, _ in members}
        if len(members) != 2:
            problems.append(
                f"{SKILLS_FILE}: items: consistency tag {tag!r} is on {len(members)} items;"
                " a pair needs exactly two"
            )
        elif len(owners) != 1:
            problems.append(
                f"{SKILLS_FILE}: items: consistency pair {tag!r} spans two skills;"
                " both items must measure the same skill"
            )

    quick_items = sum(item.quick for skill in skills_file.skills for item in skill.items)
    if quick_items > QUICK_MAX_ITEMS:
        problems.append(
            f"{SKILLS_FILE}: items: {quick_items} quick items; the quick interview keeps to"
            f" {QUICK_MAX_ITEMS} so that it stays short"
        )
    if not any(all(item.quick for _, item in members) for members in tags.values()):
        problems.append(
            f"{SKILLS_FILE}: items: no consistency pair is wholly in the quick interview;"
            " it needs one to notice contradictory answers"
        )
    for retired in skills_file.retired:
        if retired.id in item_ids:
            problems.append(
                f"{SKILLS_FILE}: retired: {retired.id!r} is also a current item id;"
                " a changed question needs a new id"
            )

    problems += _look_alikes(skills_file, roles_file)
    role_ids = [role.id for role in roles_file.roles]
    known_roles = set(role_ids)
    for dup in _duplicates(role_ids):
        problems.append(f"{ROLES_FILE}: roles: id {dup!r} is used more than once")
    cert_ids = [cert.id for cert in roles_file.certifications]
    known_certs = set(cert_ids)
    for dup in _duplicates(cert_ids):
        problems.append(f"{ROLES_FILE}: certifications: id {dup!r} is used more than once")
    for dup in _duplicates([kpi.id for kpi in roles_file.kpis]):
        problems.append(f"{ROLES_FILE}: kpis: id {dup!r} is used more than once")

    for r, role in enumerate(roles_file.roles):
        where = f"{ROLES_FILE}: roles[{r}]"
        for missing in [s for s in skill_ids if s not in role.profile]:
            problems.append(f"{where}.profile: role {role.id!r} has no entry for skill {missing!r}")
        for unknown in [s for s in role.profile if s not in known_skills]:
            problems.append(
                f"{where}.profile.{unknown}: {unknown!r} is not a skill in {SKILLS_FILE}"
            )
        for c, cert in enumerate(role.certifications):
            if cert not in known_certs:
                problems.append(f"{where}.certifications[{c}]: unknown certification {cert!r}")
        for g, step in enumerate(role.growth):
            if step.role is not None and step.role not in known_roles:
                problems.append(f"{where}.growth[{g}].role: unknown role {step.role!r}")
            if step.role == role.id:
                problems.append(f"{where}.growth[{g}].role: a role cannot lead to itself")
        measured = [f"{need.measure} {need.english_skill or ''}".strip() for need in role.measures]
        for dup in _duplicates(measured):
            problems.append(
                f"{where}.measures: {dup} is given more than once; give one requirement for each"
            )
        by_id = {cert.id: cert for cert in roles_file.certifications}
        kinds = [need.kind for need in role.prerequisites]
        if kinds.count("experience") > 1:
            problems.append(f"{where}.prerequisites: give at most one experience prerequisite")
        for p, need in enumerate(role.prerequisites):
            if need.domain is None:
                continue
            if need.domain not in role.domains:
                problems.append(
                    f"{where}.prerequisites[{p}].domain: {need.domain!r} is not among the"
                    " role's domains"
                )
            if not any(c in by_id and by_id[c].domain == need.domain for c in role.certifications):
                problems.append(
                    f"{where}.prerequisites[{p}]: the role lists no certification in"
                    f" {need.domain!r} that would meet it"
                )

    for c, certification in enumerate(roles_file.certifications):
        for k, skill_id in enumerate(certification.skills):
            if skill_id not in known_skills:
                problems.append(
                    f"{ROLES_FILE}: certifications[{c}].skills[{k}]: unknown skill {skill_id!r}"
                )
    return problems
