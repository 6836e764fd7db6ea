"""The shipped catalogue's content, and how a broken catalogue is reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bpo_assess.cli import app
from bpo_assess.core.catalogue import Catalogue, load_catalogue
from bpo_assess.core.models import RatingItem, SituationalItem
from bpo_assess.errors import BpoError, UsageError

ROLE_IDS = [
    "customer-service",
    "technical-support",
    "back-office",
    "qa-training",
    "team-lead",
    "healthcare-specialist",
    "finance-specialist",
    "legal-specialist",
]


def test_roles_are_the_agreed_ids(catalogue: Catalogue) -> None:
    assert [role.id for role in catalogue.roles] == ROLE_IDS


def test_item_bank_shape(catalogue: Catalogue) -> None:
    items = [item for skill in catalogue.skills for item in skill.items]
    assert 28 <= len(items) <= 40
    for skill in catalogue.skills:
        kinds = [item.kind for item in skill.items]
        assert kinds.count("rating") >= 3, skill.id
        assert kinds.count("situational") >= 1, skill.id
        assert sum(item.quick for item in skill.items) >= 1, skill.id
        assert len(skill.improve) >= 3, skill.id
    assert len(catalogue.consistency_pairs()) >= 3
    quick = {item.id for _, item in catalogue.items(quick=True)}
    assert len(quick) <= 10, "with the five background questions, 15 at most"
    assert any({a.id, b.id} <= quick for a, b in catalogue.consistency_pairs())


def test_situational_keys_are_distinct_and_in_range(catalogue: Catalogue) -> None:
    for skill in catalogue.skills:
        for item in skill.items:
            if isinstance(item, SituationalItem):
                scores = [option.score for option in item.options]
                assert len(set(scores)) == 4, item.id
                assert all(1 <= s <= 5 for s in scores)


def test_rating_anchors_are_behaviours_not_agreement(catalogue: Catalogue) -> None:
    likert = re.compile(r"^(strongly )?(agree|disagree)|^neutral$", re.IGNORECASE)
    for skill in catalogue.skills:
        for item in skill.items:
            if isinstance(item, RatingItem):
                texts = [choice.text for choice in item.choices]
                assert len(set(texts)) == 5, item.id
                assert not any(likert.search(text) for text in texts), item.id


def test_roles_profile_every_skill_and_list_real_certifications(catalogue: Catalogue) -> None:
    for role in catalogue.roles:
        assert list(role.profile) == list(catalogue.skill_ids), role.id
        assert len(role.certifications) >= 2, role.id
        assert re.fullmatch(r"\d{2}-\d{4}\.\d{2}", role.onet_soc)
    issuers = {cert.name: cert.issuer for cert in catalogue.certifications}
    assert issuers["CompTIA A+"] == "CompTIA"
    assert issuers["ITIL 4 Foundation"] == "PeopleCert"
    assert any(c.url.startswith("https://") for c in catalogue.certifications)
    referenced = {c for role in catalogue.roles for c in role.certifications}
    assert referenced == {c.id for c in catalogue.certifications}


def test_leadership_and_kpis(catalogue: Catalogue) -> None:
    abbreviations = {kpi.abbreviation for kpi in catalogue.kpis}
    assert {"AHT", "CSAT", "FCR"} <= abbreviations
    assert len(catalogue.leadership.advice) >= 4


def _break(folder: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(BpoError) as caught:
        load_catalogue(folder)
    return caught.value.problems


def test_unknown_key_and_out_of_range_level(data_copy: Path) -> None:
    _break(data_copy, "roles.toml", "level = 5", "level = 7")
    _break(data_copy, "roles.toml", 'title = "', 'colour = "red"\ntitle = "')
    problems = _problems(data_copy)
    assert any(
        re.search(r"roles\.toml: roles\[0\]\.profile\.\S+\.level: .*less than or equal to 5", p)
        for p in problems
    ), problems
    assert "roles.toml: roles[0].colour: unknown key" in problems


def test_cross_file_problems_are_each_one_line(data_copy: Path) -> None:
    _break(data_copy, "roles.toml", "[roles.profile.teamwork]", "[roles.profile.teamwerk]")
    _break(data_copy, "roles.toml", 'role = "team-lead"', 'role = "ceo"')
    _break(data_copy, "skills.toml", "quick = true", "quick = false", count=2)
    problems = _problems(data_copy)
    assert (
        "roles.toml: roles[0].profile: role 'customer-service' has no entry for skill 'teamwork'"
        in problems
    )
    assert (
        "roles.toml: roles[0].profile.teamwerk: 'teamwerk' is not a skill in skills.toml"
        in problems
    )
    assert any("growth" in p and "unknown role 'ceo'" in p for p in problems), problems
    assert (
        "skills.toml: skills[0].items: skill 'communication' has no quick item; the quick"
        " interview needs at least one per skill" in problems
    )


def test_the_quick_form_stays_short_and_keeps_a_consistency_pair(data_copy: Path) -> None:
    _break(data_copy, "skills.toml", 'kind = "rating"\n', 'kind = "rating"\nquick = false\n', -1)
    _break(data_copy, "skills.toml", "quick = true\n", "", -1)
    _break(data_copy, "skills.toml", "quick = false\n", "quick = true\n", -1)
    problems = _problems(data_copy)
    assert "skills.toml: items: 21 quick items; the quick interview keeps to 10" in " ".join(
        problems
    )


def test_the_quick_form_needs_a_whole_consistency_pair(data_copy: Path) -> None:
    for item in ("communication-check-understanding", "time-management-hour-before"):
        text = (data_copy / "skills.toml").read_text(encoding="utf-8")
        start = text.index(f'id = "{item}"')
        cut = text.index("quick = true\n", start)
        (data_copy / "skills.toml").write_text(text[:cut] + text[cut + 13 :], encoding="utf-8")
    assert _problems(data_copy) == [
        "skills.toml: items: no consistency pair is wholly in the quick interview;"
        " it needs one to notice contradictory answers"
    ]


def test_a_retired_id_cannot_be_reused(data_copy: Path) -> None:
    current, retired = 'id = "teamwork-passing-on-work"', 'id = "teamwork-shift-handover"'
    _break(data_copy, "skills.toml", current, retired)
    assert _problems(data_copy) == [
        "skills.toml: retired: 'teamwork-shift-handover' is also a current item id;"
        " a changed question needs a new id"
    ]


def test_invalid_toml_and_missing_file(data_copy: Path) -> None:
    (data_copy / "skills.toml").write_text("schema_version = = 1\n", encoding="utf-8")
    problems = _problems(data_copy)
    assert len(problems) == 1 and problems[0].startswith("skills.toml: invalid TOML:")
    (data_copy / "roles.toml").unlink()
    with pytest.raises(UsageError):
        load_catalogue(data_copy)


def test_check_data_reports_a_good_catalogue(runner: CliRunner, data_copy: Path) -> None:
    result = runner.invoke(app, ["check-data", "--data-dir", str(data_copy)])
    assert result.exit_code == 0, result.output
    assert "OK:" in result.stdout and "8 roles" in result.stdout and "7 skills" in result.stdout


def test_check_data_reports_a_broken_catalogue(runner: CliRunner, data_copy: Path) -> None:
    _break(data_copy, "roles.toml", "importance = ", "importance = -", count=2)
    result = runner.invoke(app, ["check-data", "--data-dir", str(data_copy)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("error: roles.toml: roles[0]") for line in lines)
    assert "Traceback" not in result.output


def test_environment_variable_chooses_the_catalogue(
    runner: CliRunner, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break(data_copy, "roles.toml", 'title = "', 'title = "ACME ', count=1)
    monkeypatch.setenv("BPO_ASSESS_DATA", str(data_copy))
    result = runner.invoke(app, ["roles", "--json"])
    assert result.exit_code == 0, result.output
    assert '"title": "ACME ' in result.stdout


def test_missing_data_dir_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--data-dir", str(tmp_path / "nope"), "roles"])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
