"""What the benchmarks share: how to run bpo-assess, and one line per figure."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


def bpo_assess() -> list[str]:
    """The installed console script next to this Python, else `python -m bpo_assess`."""
    script = shutil.which("bpo-assess", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "bpo_assess"]


@dataclass
class Run:
    seconds: float
    max_rss_mib: float
    cpu_seconds: float = 0.0  # user and system time of the child: steadier than wall time


def timed(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Wall time, CPU time and peak resident memory of one child process (os.wait4's
    rusage)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or dict(os.environ)
    )
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {errors.decode(errors='replace')}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss / 1024, cpu)  # ru_maxrss is in KiB on Linux


def median(values: list[float]) -> float:
    return statistics.median(values)


@dataclass
class Figure:
    """One budget line: what was measured, the figure, and whether it is within budget."""

    name: str
    text: str
    ok: bool | None  # None: skipped

    def line(self) -> str:
        verdict = {True: "PASS", False: "FAIL", None: "SKIP"}[self.ok]
        return f"[{verdict}] {self.name}: {self.text}"


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    version = sys.version.split()[0]
    return f"{os.cpu_count()} CPUs ({model}), Python {version}, {sys.platform}"
