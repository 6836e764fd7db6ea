"""JSON views of the catalogue for `roles --json` and `skills --json`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.items import kind_of
from bpo_assess.core.models import SCHEMA_VERSION, Role, Skill


def role_document(catalogue: Catalogue, role: Role) -> dict[str, Any]:
    """A role with its certifications spelled out, not just their ids."""
    document = role.model_dump(mode="json")
    document["certifications"] = [
        catalogue.certification_by_id[cert].model_dump(mode="json") for cert in role.certifications
    ]
    return document


def roles_document(catalogue: Catalogue, roles: Sequence[Role]) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "catalogue_hash": catalogue.content_hash,
        "roles": [role_document(catalogue, role) for role in roles],
    }


def skills_document(skills: Sequence[Skill]) -> dict[str, Any]:
    """Skills with their items: each rating choice carries its level, each situational
    option its key (`score`), so a script can read how every answer is scored."""
    return {
        "schema_version": 1,  # skills --json kept its shape when results went to version 2
        "skills": [skill.model_dump(mode="json") for skill in skills],
    }


def interview_document(catalogue: Catalogue) -> dict[str, Any]:
    """What the interview shows, as plain JSON: items by skill (no situational keys)."""
    items = []
    for skill, item in catalogue.items():
        choices = [[text, answer] for text, answer in kind_of(item).choices(item)]
        items.append(
            {
                "id": item.id,
                "skill": skill.name,
                "kind": item.kind,
                "prompt": item.prompt,
                "quick": item.quick,
                "choices": choices,
            }
        )
    return {
        "catalogue_hash": catalogue.content_hash,
        "certifications": [[cert.id, cert.name] for cert in catalogue.certifications],
        "glossary": [[term.term, term.meaning] for term in catalogue.glossary],
        "items": items,
    }
