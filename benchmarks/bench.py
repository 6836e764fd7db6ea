"""`make bench`: the performance budget, each figure measured side by side in one run.

Prints one line per figure with PASS, FAIL or SKIP, and the machine it ran on. Exits 1
if any figure is over budget. Timings on a shared machine are noisy: rerun when a
figure is near its limit.
"""

from __future__ import annotations

import sys

import batch_throughput
import interview
import startup
import store_concurrency
import store_latency
from common import machine


def main() -> int:
    print(f"machine: {machine()}")
    failed = False
    for module in (startup, batch_throughput, interview, store_latency, store_concurrency):
        for figure in module.measure():
            print(figure.line(), flush=True)
            failed |= figure.ok is False
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
