"""Golden outputs: what the program prints for a fixed set of inputs, to compare two versions.

A refactoring of the scoring must not change a byte of what scripts read. Run this once on
the old code and once on the new, then compare:

    .venv/bin/python tools/golden.py write /tmp/golden-before
    .venv/bin/python tools/golden.py write /tmp/golden-after
    .venv/bin/python tools/golden.py compare /tmp/golden-before /tmp/golden-after

The inputs: every example file, the cohort files through `batch` (CSV and JSON Lines out),
`roles --json`, `skills --json`, every `schema`, 1,000 random answer or rating documents
with random backgrounds (fixed seed), and a counsellor store (some sessions rated and
noted) read back through `history --json`, `show --json`, `compare --json` and the
Markdown report. Everything runs in-process through the command line, so the script
depends on no internal API and works on either version.

`compare` asks for identical bytes everywhere (a session's random uid aside) except two
sections of each report, the gaps and the certification plan, whose lines may come in
another order (issue 20: the report now follows the screen's advice order) but must be
the same lines.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261202
DOCUMENTS = 1000
STORED = 60  # of the random documents, how many are saved as counsellor sessions
NOW = "2026-11-20T09:00:00Z"
UID = re.compile(rb"(?<=\"uid\": \")[0-9a-f]{16}|(?<=\()[0-9a-f]{16}(?=\))")  # random per save
REORDERED = ("## Gaps for ", "## Certification plan")  # report sections whose order may change


def random_document(rng: random.Random, catalogue: object) -> dict[str, object]:
    """A valid `score` input: ratings or answers (every item, or one or more per skill),
    with a background that may leave any field out."""
    from bpo_assess.core.catalogue import Catalogue

    assert isinstance(catalogue, Catalogue)
    document: dict[str, object] = {}
    if rng.random() < 0.4:
        document["skills"] = {
            s: rng.choice([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]) for s in catalogue.skill_ids
        }
    else:
        answers: dict[str, object] = {}
        everything = rng.random() < 0.6
        for skill in catalogue.skills:
            items = list(skill.items)
            chosen = items if everything else rng.sample(items, rng.randint(1, len(items)))
            for item in chosen:
                if item.kind == "rating":
                    answers[item.id] = rng.randint(1, 5)
                else:
                    answers[item.id] = rng.choice("abcd")
        document["answers"] = answers
    background: dict[str, object] = {}
    if rng.random() < 0.8:
        background["years_experience"] = rng.choice([0, 0.5, 1, 1.5, 2, 3, 4, 6, 10])
    domains = ["healthcare", "finance", "legal", "technology"]
    if rng.random() < 0.7:
        background["interests"] = rng.sample(domains, rng.randint(0, 2))
    if rng.random() < 0.7:
        background["domain_knowledge"] = rng.sample(domains, rng.randint(0, 2))
    if rng.random() < 0.5:
        certs = [c.id for c in catalogue.certifications]
        background["certifications"] = rng.sample(certs, rng.randint(0, 3))
    if rng.random() < 0.5:
        background["work_preference"] = rng.choice(["voice", "non-voice", "either"])
    if rng.random() < 0.3:
        background["languages"] = [{"name": "English", "fluency": "fluent"}]
    document["background"] = background
    return document


def write(target: Path) -> None:
    from typer.testing import CliRunner

    from bpo_assess.cli import app
    from bpo_assess.core.catalogue import load_catalogue

    target.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="golden-"))
    env = {"BPO_ASSESS_HOME": str(work / "home"), "BPO_ASSESS_NOW": NOW, "COLUMNS": "100"}
    os.environ.update(env)
    runner = CliRunner()

    def run(name: str, *args: str) -> str:
        result = runner.invoke(app, list(args), env=env, catch_exceptions=False)
        out = result.stdout_bytes if hasattr(result, "stdout_bytes") else result.output.encode()
        (target / name).write_bytes(f"exit {result.exit_code}\n".encode() + out)
        return out.decode()

    examples = sorted((ROOT / "examples").glob("*.json"))
    for path in examples:
        run(f"score-{path.stem}.json", "score", str(path), "--json")
        run(f"score-{path.stem}.txt", "score", str(path), "--no-pager")
    for cohort in ("cohort.csv", "cohort.jsonl"):
        for fmt in ("csv", "jsonl"):
            run(f"batch-{cohort}-{fmt}", "batch", str(ROOT / "examples" / cohort), "--format", fmt)
    run("roles.json", "roles", "--json")
    run("skills.json", "skills", "--json")
    for name in ("answers", "result", "catalogue"):
        run(f"schema-{name}.json", "schema", name)

    catalogue = load_catalogue()
    rng = random.Random(SEED)
    documents = [random_document(rng, catalogue) for _ in range(DOCUMENTS)]
    batch_lines = work / "random.jsonl"
    with batch_lines.open("w") as lines:
        for index, document in enumerate(documents):
            path = work / f"doc-{index:04d}.json"
            path.write_text(json.dumps(document))
            lines.write(json.dumps({"id": index, **document}) + "\n")
            run(f"random-{index:04d}.json", "score", str(path), "--json")
    run("batch-random-csv", "batch", str(batch_lines), "--format", "csv")
    run("batch-random-jsonl", "batch", str(batch_lines), "--format", "jsonl")

    ratings = ROOT / "examples" / "counsellor-ratings.json"
    for index in range(STORED):
        client = f"client-{index % 20:02d}"
        path = work / f"doc-{index:04d}.json"
        run(f"store-save-{index:03d}", "score", str(path), "--client", client, "--consent")
        session = str(index + 1)
        if index % 3 == 0:
            run(f"store-rate-{index:03d}", "rate", session, "--from", str(ratings))
        if index % 4 == 0:
            run(f"store-note-{index:03d}", "note", session, f"Note {index}: talked it over.")
    run("history.json", "history", "--json")
    for index in range(STORED):
        session = str(index + 1)
        run(f"show-{index:03d}.json", "show", session, "--json")
        run(f"report-{index:03d}.md", "report", session, "--format", "md")
        if index >= 20:
            run(f"compare-{index:03d}.json", "compare", str(index - 19), session, "--json")


def sections(text: str) -> tuple[str, list[str]]:
    """The report with its reorderable sections' lines taken out (sorted, to compare as a
    multiset) and the rest kept in place."""
    kept: list[str] = []
    moved: list[str] = []
    inside = False
    for line in text.splitlines():
        if line.startswith("## "):
            inside = line.startswith(REORDERED)
        if inside and line[:1].isdigit():  # "1. **CompTIA A+**": the number moves too
            line = line.split(". ", 1)[-1]
        (moved if inside else kept).append(line)
    return "\n".join(kept), sorted(moved)


def compare(before: Path, after: Path) -> int:
    names = sorted({p.name for p in before.iterdir()} | {p.name for p in after.iterdir()})
    different, reordered = [], 0
    for name in names:
        old, new = before / name, after / name
        if not (old.exists() and new.exists()):
            different.append(f"{name}: only in {'after' if new.exists() else 'before'}")
            continue
        a, b = (UID.sub(b"<uid>", path.read_bytes()) for path in (old, new))
        if a == b:
            continue
        if name.startswith("report-") and sections(a.decode()) == sections(b.decode()):
            reordered += 1
            continue
        different.append(name)
    print(f"{len(names)} outputs compared; {reordered} reports differ only in advice order")
    for name in different:
        print(f"DIFFERENT: {name}")
    return 1 if different else 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "write":
        write(Path(argv[1]))
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        return compare(Path(argv[1]), Path(argv[2]))
    print("usage: golden.py write DIR | compare BEFORE AFTER", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
