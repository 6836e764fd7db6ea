"""The cache behind `roles --json`: the same output, never trusted when stale or damaged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bpo_assess.cli import app
from bpo_assess.core import views
from bpo_assess.core.catalogue import Catalogue, load_catalogue
from bpo_assess.io import cache as catalogue_cache


def roles_json(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, [*args, "roles", "--json"])
    assert result.exit_code == 0, result.output
    return result.stdout


def entries() -> list[Path]:
    return sorted(catalogue_cache.cache_dir().glob("roles-*.json"))


def test_cached_output_is_the_uncached_output(runner: CliRunner) -> None:
    catalogue = load_catalogue()
    expected = views.roles_document(catalogue, catalogue.roles)
    assert entries() == []
    first = roles_json(runner)
    assert len(entries()) == 1
    assert json.loads(first) == expected
    assert roles_json(runner) == first  # now from the cache
    one = runner.invoke(app, ["roles", "back-office", "--json"])
    role = catalogue.role_by_id["back-office"]
    assert json.loads(one.stdout) == views.roles_document(catalogue, [role])


def test_unknown_role_from_the_cache(runner: CliRunner) -> None:
    roles_json(runner)
    result = runner.invoke(app, ["roles", "astronaut", "--json"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unknown role 'astronaut'; known roles: customer")


def test_a_changed_catalogue_gets_a_new_entry(runner: CliRunner, data_copy: Path) -> None:
    before = roles_json(runner, "--data-dir", str(data_copy))
    path = data_copy / "roles.toml"
    path.write_text(path.read_text().replace("Customer Service Representative", "Agent", 1))
    after = roles_json(runner, "--data-dir", str(data_copy))
    assert "Agent" in after and after != before
    assert len(entries()) == 2


def test_a_broken_catalogue_is_reported_and_not_cached(runner: CliRunner, data_copy: Path) -> None:
    path = data_copy / "roles.toml"
    path.write_text(path.read_text().replace("importance = ", "importance = 9 + ", 1))
    result = runner.invoke(app, ["--data-dir", str(data_copy), "roles", "--json"])
    assert result.exit_code == 1 and result.stdout == ""
    assert entries() == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # cut short
        lambda raw: raw.replace(b"Customer Service", b"Customer Sorvice", 1),  # a flipped byte
        lambda raw: b"",
        lambda raw: b"\xff\xfe" + raw,
    ],
)
def test_a_damaged_entry_is_ignored_and_rewritten(runner: CliRunner, damage: object) -> None:
    expected = roles_json(runner)
    [entry] = entries()
    assert callable(damage)
    entry.write_bytes(damage(entry.read_bytes()))
    assert roles_json(runner) == expected
    assert roles_json(runner) == expected


def test_an_entry_with_a_right_checksum_but_another_key_is_ignored(runner: CliRunner) -> None:
    expected = roles_json(runner)
    [entry] = entries()
    forged = json.dumps({"key": "another", "view": {"roles": []}}).encode()
    catalogue_cache.write_entry(entry, "another", {"roles": []})
    assert forged in entry.read_bytes()
    assert roles_json(runner) == expected


def test_an_unwritable_cache_only_costs_speed(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "home" / "cache"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the cache folder should be")
    assert json.loads(roles_json(runner))["roles"]
    catalogue_cache.write_entry(blocker / "x.json", "k", {"roles": []})  # no exception
    assert not blocker.is_dir()


def test_without_bpo_assess_home_the_platform_cache_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("BPO_ASSESS_HOME")
    assert "bpo-assess" in str(catalogue_cache.cache_dir())


@pytest.mark.process
def test_roles_json_from_the_cache_loads_no_models(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from bpo_assess.cli import main\n"
        "sys.argv = ['bpo-assess', 'roles', '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('MODELS', 'bpo_assess.core.models' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "BPO_ASSESS_HOME": str(tmp_path / "home")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        )
        for _ in range(2)
    ]
    assert "MODELS True" in runs[0].stderr  # the first run checks the catalogue
    assert "MODELS False" in runs[1].stderr  # the second reads the checked view
    assert runs[0].stdout == runs[1].stdout


def test_without_readable_code_the_cache_is_skipped(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(catalogue_cache, "PACKAGE_ROOT", tmp_path / "no-such-package")
    assert json.loads(roles_json(runner))["roles"]
    assert entries() == []


def test_the_interview_bank_is_cached_and_matches_the_catalogue(catalogue: Catalogue) -> None:
    from bpo_assess.interview.bank import Bank

    fresh = Bank.from_document(catalogue_cache.interview_view())
    cached = Bank.from_document(catalogue_cache.interview_view())
    assert fresh == cached == Bank.of(catalogue)
    assert len(list(catalogue_cache.cache_dir().glob("interview-*.json"))) == 1
    assert len(fresh.items) == sum(len(skill.items) for skill in catalogue.skills)
    assert fresh.content_hash == catalogue.content_hash


def test_a_broken_catalogue_never_reaches_the_interview(runner: CliRunner, data_copy: Path) -> None:
    path = data_copy / "skills.toml"
    path.write_text(path.read_text().replace('kind = "rating"', 'kind = "rated"', 1))
    result = runner.invoke(app, ["--data-dir", str(data_copy), "quiz"])
    assert result.exit_code == 1
    assert "skills.toml: skills[0].items[0]" in result.stderr
    assert not list(catalogue_cache.cache_dir().glob("interview-*.json"))
