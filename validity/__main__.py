"""`python -m validity [--size N] [--seed S]`: run every section of the study and print it."""

from __future__ import annotations

import argparse
import importlib

SECTIONS = (
    "validity.responding",
    "validity.gaming",
    "validity.ranking",
    "validity.recovery",
    "validity.personas",
    "validity.measures",
)


def main() -> None:
    parser = argparse.ArgumentParser(prog="make validity", description=__doc__)
    parser.add_argument("--size", type=int, default=1000, help="respondents per group")
    parser.add_argument("--seed", type=int, default=20261127)
    options = parser.parse_args()
    for name in SECTIONS:
        try:
            section = importlib.import_module(name)
        except ModuleNotFoundError as missing:
            if missing.name != name:
                raise
            continue
        print(section.report(size=options.size, seed=options.seed))
        print()


if __name__ == "__main__":
    main()
