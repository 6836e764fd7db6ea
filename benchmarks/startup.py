"""Start-up: `bpo-assess roles --json` and `bpo-assess --help` against a minimal Typer app.

Each command runs RUNS times, interleaved in a shuffled order each round so that a busy
moment on a shared machine falls on all of them alike; the figure is the ratio of
medians. Budget: at most 1.25 times the minimal app doing the same kind of thing
(running its one command, or printing its help).

    python benchmarks/startup.py [RUNS]
"""

from __future__ import annotations

import os
import random
import sys
import tempfile

from common import HERE, Figure, bpo_assess, median, timed

BUDGET = 1.25
RUNS = 15


def measure(runs: int = RUNS) -> list[Figure]:
    minimal = [sys.executable, str(HERE / "minimal_typer_app.py")]
    commands = {
        "minimal app, its command": [*minimal, "--name", "bpo"],
        "minimal app --help": [*minimal, "--help"],
        "bpo-assess roles --json": [*bpo_assess(), "roles", "--json"],
        "bpo-assess --help": [*bpo_assess(), "--help"],
    }
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "BPO_ASSESS_HOME": home}
        first = timed(commands["bpo-assess roles --json"], env).seconds  # fills any cache
        for command in commands.values():  # warm the page cache and bytecode
            timed(command, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        order = list(commands)
        for _ in range(runs):
            random.shuffle(order)
            for name in order:
                times[name].append(timed(commands[name], env).seconds)
    medians = {name: median(values) for name, values in times.items()}
    figures = []
    for name, baseline in (
        ("bpo-assess roles --json", "minimal app, its command"),
        ("bpo-assess --help", "minimal app --help"),
    ):
        ratio = medians[name] / medians[baseline]
        figures.append(
            Figure(
                f"start-up {name}",
                f"{ratio:.2f}x the {baseline} ({medians[name] * 1000:.0f} ms vs"
                f" {medians[baseline] * 1000:.0f} ms, medians of {runs}; budget {BUDGET}x)",
                ratio <= BUDGET,
            )
        )
    figures.append(
        Figure(
            "start-up roles --json, first run with an empty cache",
            f"{first * 1000:.0f} ms (one run, for information)",
            None,
        )
    )
    return figures


if __name__ == "__main__":
    for figure in measure(int(sys.argv[1]) if len(sys.argv) > 1 else RUNS):
        print(figure.line())
