"""JSON views of the catalogue for `roles --json` and `skills --json`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bpo_assess.catalogue import Catalogue
from bpo_assess.models import SCHEMA_VERSION, Role, Skill


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
    return {
        "schema_version": SCHEMA_VERSION,
        "skills": [skill.model_dump(mode="json") for skill in skills],
    }
