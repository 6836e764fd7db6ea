"""Drafts belong to their owner: kept apart, found by the folded name, erased with them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bpo_assess.cli import app
from bpo_assess.interview.draft import Draft, DraftStore, forget_client_drafts

HOME = "BPO_ASSESS_HOME"


def saved(home: Path, client: str | None, answered: int = 1) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    store = DraftStore(home)
    draft = Draft(quick=True, seed=7, client=client)
    draft.answers = {"background.years_experience": 3.0, "background.languages": "x" * answered}
    store.save(draft)
    return store.path_for(client)


def test_each_owner_has_a_draft_of_their_own(tmp_path: Path) -> None:
    anonymous, maria, jo = (
        saved(tmp_path, None),
        saved(tmp_path, "Maria Santos"),
        saved(tmp_path, "Jo Cruz"),
    )
    assert len({anonymous, maria, jo}) == 3
    store = DraftStore(tmp_path)
    assert store.load(client="  maria SANTOS ")[0] is not None, "found by the folded name"
    assert store.load()[0].client is None  # type: ignore[union-attr]
    assert [d.client for d in store.client_drafts()] == ["Maria Santos", "Jo Cruz"]


def test_forget_erases_the_clients_drafts_current_and_set_aside(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Issue 17, problem 4: `forget --client 'maria santos'` kept Maria Santos's draft, and
    drafts set aside as damaged or from another catalogue were never erased."""
    home = tmp_path / "home"
    current = saved(home, "Maria Santos")
    store = DraftStore(home)
    damaged = home / f"{current.stem}.damaged-20261201T000000.json"
    damaged.write_text("{ not json")
    other = saved(home, "Maria Santos", answered=2)
    aside = home / f"{other.stem}.other-catalogue-20261201T000001.json"
    other.rename(aside)
    saved(home, "Maria Santos")
    # an older version kept every draft in draft.json and set it aside under that name
    legacy = home / "draft.other-catalogue-20261130T000000.json"
    legacy.write_text(json.dumps({"version": 1, "client": "MARIA santos", "answers": {}}))
    anonymous = saved(home, None)
    jo = saved(home, "Jo Cruz")

    done = runner.invoke(
        app, ["forget", "--client", "maria santos", "--yes"], env={HOME: str(home)}
    )
    assert done.exit_code == 0, done.output
    assert "unfinished interview" in done.stderr
    assert "3 drafts of theirs set aside" in done.stderr
    assert not current.exists() and not damaged.exists()
    assert not aside.exists() and not legacy.exists()
    assert anonymous.exists() and jo.exists(), "nobody else's draft is touched"
    assert store.load(client="Jo Cruz")[0] is not None


def test_forget_a_client_with_sessions_also_erases_their_draft(
    runner: CliRunner, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    env = {HOME: str(home)}
    ratings = Path(__file__).resolve().parents[1] / "examples" / "ratings.json"
    saved_session = runner.invoke(
        app, ["score", str(ratings), "--client", "Maria Santos", "--consent"], env=env
    )
    assert saved_session.exit_code == 0, saved_session.output
    draft = saved(home, "Maria Santos")
    done = runner.invoke(app, ["forget", "--client", "Maria Santos", "--yes"], env=env)
    assert done.exit_code == 0, done.output
    assert "Also erased: their unfinished interview." in done.stderr
    assert not draft.exists()


def test_a_client_draft_of_an_older_version_moves_to_its_owner(tmp_path: Path) -> None:
    legacy = Draft(quick=True, seed=1, client="Ana Reyes")
    (tmp_path / "draft.json").write_text(legacy.to_json())
    store = DraftStore(tmp_path)
    assert store.load(client="Jo Cruz") == (None, None), "never another client's"
    found, _ = store.load(client="ana reyes")
    assert found is not None and found.client == "Ana Reyes"
    assert not (tmp_path / "draft.json").exists()
    assert forget_client_drafts("Ana Reyes", tmp_path) == (1, 0)


@pytest.mark.process
def test_score_from_standard_input_saves_for_a_client(tmp_path: Path) -> None:
    """Issue 16, problem 14: `score - --client X --consent` ended in a traceback
    ("I/O operation on closed file"): reading the answers closed standard input."""
    import subprocess
    import sys

    from conftest import ROOT

    program = Path(sys.executable).parent / "bpo-assess"
    done = subprocess.run(
        [str(program), "score", "-", "--client", "Ana Reyes", "--consent", "--top", "1"],
        stdin=(ROOT / "examples" / "ratings.json").open("rb"),
        capture_output=True,
        text=True,
        env={"BPO_ASSESS_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Saved as session 1 for Ana Reyes" in done.stderr
