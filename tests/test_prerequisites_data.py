"""check-data validates the prerequisites and eligibility rules in roles.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from bpo_assess.core.catalogue import Catalogue, load_catalogue
from bpo_assess.errors import BpoError


def _break(folder: Path, old: str, new: str) -> None:
    path = folder / "roles.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(BpoError) as caught:
        load_catalogue(folder)
    return caught.value.problems


def test_every_role_that_needs_experience_or_a_domain_says_so(catalogue: Catalogue) -> None:
    kinds = {role.id: [need.kind for need in role.prerequisites] for role in catalogue.roles}
    assert kinds["team-lead"] == kinds["qa-training"] == ["experience"]
    assert kinds["customer-service"] == kinds["back-office"] == []
    for role_id in ("healthcare-specialist", "finance-specialist", "legal-specialist"):
        assert kinds[role_id] == ["domain"]
    lead = next(n for n in catalogue.role_by_id["team-lead"].prerequisites)
    assert lead.min_years == 1 and "one to two years as an agent" in lead.text


def test_certifications_close_only_what_they_train(catalogue: Catalogue) -> None:
    cert = catalogue.certification_by_id
    assert cert["aapc-cpc"].skills == [] and cert["aapc-cpc"].domain == "healthcare"
    assert "time-management" not in cert["aapc-cpc"].skills
    assert cert["ielts-general"].name == "IELTS General Training"
    assert "ielts-academic" not in cert
    assert cert["aptd"].level != "intermediate"
    assert cert["pmp"].eligibility is not None and cert["pmp"].eligibility.min_years == 3
    assert cert["tesda-ccs-nc2"].issuer.startswith("Technical Education and Skills")


def test_a_domain_prerequisite_outside_the_roles_domains_is_a_problem(data_copy: Path) -> None:
    _break(
        data_copy,
        '{ kind = "domain", domain = "legal",',
        '{ kind = "domain", domain = "healthcare",',
    )
    problems = _problems(data_copy)
    assert any("'healthcare' is not among the role's domains" in p for p in problems), problems


def test_a_domain_prerequisite_no_listed_certification_meets_is_a_problem(
    data_copy: Path,
) -> None:
    _break(
        data_copy,
        'certifications = ["nala-cp", "aceds-ceds", "aaert-cet"]',
        'certifications = ["mos-excel-associate", "capm"]',
    )
    problems = _problems(data_copy)
    assert any("lists no certification in 'legal'" in p for p in problems), problems


def test_two_experience_prerequisites_are_a_problem(data_copy: Path) -> None:
    _break(
        data_copy,
        '{ kind = "experience", min_years = 1, text = "one to two years',
        '{ kind = "experience", min_years = 2, text = "x" },\n'
        '  { kind = "experience", min_years = 1, text = "one to two years',
    )
    problems = _problems(data_copy)
    assert any("at most one experience prerequisite" in p for p in problems), problems


def test_an_experience_prerequisite_without_years_is_a_problem(data_copy: Path) -> None:
    _break(
        data_copy,
        '{ kind = "experience", min_years = 1, text = "a year',
        '{ kind = "experience", text = "a year',
    )
    problems = _problems(data_copy)
    assert any("an experience prerequisite gives min_years" in p for p in problems), problems


def test_a_certification_that_closes_nothing_is_a_problem(data_copy: Path) -> None:
    _break(data_copy, 'skills = ["customer-centric"]\neligibility', "skills = []\neligibility")
    problems = _problems(data_copy)
    assert any("give the skills it trains, its domain, or both" in p for p in problems), problems


def test_a_measured_requirement_given_twice_is_a_problem(data_copy: Path) -> None:
    _break(
        data_copy,
        'text = "typing 30 net words a minute or more"\nmin_net_wpm = 30',
        'text = "typing 30 net words a minute or more"\nmin_net_wpm = 30\nsource = "catalogue"\n\n'
        '[[roles.measures]]\nmeasure = "typing"\ntext = "x"\nmin_net_wpm = 40',
    )
    problems = _problems(data_copy)
    assert any("typing is given more than once" in p for p in problems), problems


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ('min_cefr = "B2"', 'min_cefr = "B3"', "min_cefr"),
        ("min_net_wpm = 35", "min_net_wpm = -5", "min_net_wpm"),
        (
            'min_net_wpm = 30\nsource = "catalogue"',
            'min_net_wpm = 30\nsource = "catalogue"\nurl = "https://example.org/x"',
            "a published source gives its url; 'catalogue' gives none",
        ),
        (
            'pairs checked right"\nmin_accuracy = 90',
            'pairs checked right"',
            "a checking requirement gives min_accuracy only",
        ),
    ],
)
def test_a_bad_measured_requirement_is_one_line_from_check_data(
    data_copy: Path, old: str, new: str, said: str
) -> None:
    _break(data_copy, old, new)
    problems = _problems(data_copy)
    assert any(said in p for p in problems), problems
