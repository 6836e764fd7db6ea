"""Batch throughput: 100,000 CSV rows end to end, 10,000 vs 100,000 in proportion, memory.

Generates random cohorts (levels 1 to 5 in halves, a fixed seed), then runs
`bpo-assess batch IN.csv -o OUT.csv` as a child process, interleaving the sizes (the
small ones three times as often), and reads each child's wall time and peak RSS
(os.wait4). A header-only file measures the
fixed cost (start-up, catalogue), so the per-row CPU time of the two sizes can be compared.
Budget: 100,000 rows in at most 5 s; per-row cost of the two sizes within 15%; peak
RSS under 100 MiB for both.

    python benchmarks/batch_throughput.py [RUNS]
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

from common import Figure, Run, bpo_assess, median, timed

SKILLS = (
    "communication",
    "adaptability",
    "tech-savvy",
    "problem-solving",
    "teamwork",
    "time-management",
    "customer-centric",
)
MEASURED = ("typing_net_wpm", "typing_accuracy", "checking_percent")
LEVELS = ("1", "1.5", "2", "2.5", "3", "3.5", "4", "4.5", "5")
SECONDS_BUDGET = 5.0
PROPORTION_BUDGET = 0.15
RSS_BUDGET_MIB = 100
RUNS = 3  # runs of 100,000 rows; the header-only and 10,000-row files run SMALL_RUNS times as often
SMALL_RUNS = 3


def cohort(path: Path, rows: int, seed: int = 2026) -> Path:
    """Random levels, and measured figures from elsewhere for four people in five (the
    others' cells empty), as a counsellor's export would carry them."""
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write("id," + ",".join(SKILLS) + "," + ",".join(MEASURED) + "\n")
        for n in range(rows):
            levels = ",".join(rnd.choices(LEVELS, k=len(SKILLS)))
            figures = ["", "", ""]
            if rnd.random() < 0.8:
                figures = [f"{rnd.uniform(10, 90):.0f}", f"{rnd.uniform(85, 100):.1f}", ""]
                figures[2] = f"{rnd.choice(range(50, 101, 5))}"
            out.write(f"person-{n:06d},{levels},{','.join(figures)}\n")
    return path


def measure(runs: int = RUNS) -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        sizes = {0: cohort(tmp / "0.csv", 0), 10_000: cohort(tmp / "10k.csv", 10_000)}
        sizes[100_000] = cohort(tmp / "100k.csv", 100_000)
        env = {**os.environ, "BPO_ASSESS_HOME": str(tmp / "home")}
        results: dict[int, list[Run]] = {size: [] for size in sizes}
        timed([*bpo_assess(), "batch", str(sizes[0]), "-o", str(tmp / "out.csv")], env)
        for turn in range(runs * SMALL_RUNS):
            for size, path in sizes.items():
                if size == 100_000 and turn % SMALL_RUNS:
                    continue  # the small sizes run more often: their per-row figure is
                    # a difference of two short times, so noise weighs more on it
                command = [*bpo_assess(), "batch", str(path), "-o", str(tmp / "out.csv")]
                results[size].append(timed(command, env))
                if size:
                    lines = (tmp / "out.csv").read_text().count("\n")
                    assert lines == size + 1, f"{lines} lines out for {size} rows"
    seconds = {size: median([r.seconds for r in rs]) for size, rs in results.items()}
    rss = {size: max(r.max_rss_mib for r in rs) for size, rs in results.items()}
    fixed = seconds[0]
    # Proportion in CPU time: on a shared machine wall time moved this figure from 0.78x
    # to 1.14x between two runs of the same code; the work per row is what it asks about.
    cpu = {size: median([r.cpu_seconds for r in rs]) for size, rs in results.items()}
    per_row = {size: (cpu[size] - cpu[0]) / size for size in (10_000, 100_000)}
    proportion = per_row[100_000] / per_row[10_000]
    return [
        Figure(
            "batch 100,000 CSV rows",
            f"{seconds[100_000]:.2f} s end to end ({100_000 / seconds[100_000]:,.0f} rows/s;"
            f" 10,000 rows {seconds[10_000]:.2f} s; fixed cost {fixed:.2f} s; medians of"
            f" {runs} and {runs * SMALL_RUNS}; budget {SECONDS_BUDGET:.0f} s)",
            seconds[100_000] <= SECONDS_BUDGET,
        ),
        Figure(
            "batch 100k vs 10k per row",
            f"{proportion:.2f}x ({per_row[100_000] * 1e6:.1f} vs {per_row[10_000] * 1e6:.1f}"
            f" us of CPU a row after the fixed cost; budget within {PROPORTION_BUDGET:.0%})",
            abs(proportion - 1) <= PROPORTION_BUDGET,
        ),
        Figure(
            "batch peak memory",
            f"{rss[100_000]:.0f} MiB for 100k rows, {rss[10_000]:.0f} MiB for 10k,"
            f" {rss[0]:.0f} MiB for none (peak RSS; budget {RSS_BUDGET_MIB} MiB)",
            max(rss.values()) < RSS_BUDGET_MIB,
        ),
    ]


if __name__ == "__main__":
    for figure in measure(int(sys.argv[1]) if len(sys.argv) > 1 else RUNS):
        print(figure.line())
