"""The console script. It loads nothing before its guard, so Ctrl-C while the program is
still starting (importing Typer, Rich, pydantic) exits 130 without a traceback."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from bpo_assess.cli import run

        code = run()
    except KeyboardInterrupt:  # before cli.run's own guard was in place
        print("\nInterrupted.", file=sys.stderr)
        code = 130
    sys.exit(code)
