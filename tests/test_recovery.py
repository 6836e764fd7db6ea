"""Role recovery (issue 15): a person whose skills are a role's profile, with the role's
study and experience, gets that role; a newcomer is never offered a specialist role."""

from __future__ import annotations

import pytest
from validity.recovery import recovery

from bpo_assess.core.catalogue import Catalogue


@pytest.mark.no_cover  # a study of simulated people over lines the example tests measure
def test_each_role_is_recovered_from_its_own_profile(catalogue: Catalogue) -> None:
    """A small run of `make validity`'s study, held to looser bounds than its targets
    (90% in tier 1, 60% first) because 40 people per role is a noisy sample."""
    found = recovery(catalogue, 40, seed=11)
    for role in catalogue.roles:
        assert found.in_tier_one[role.id] >= 0.8, role.id
        assert found.first(role.id) >= 0.5, role.id
    assert found.specialist_offered == 0.0
