"""Helpers shared by the tests: whether a browser may be used, and a program in a
pseudo-terminal read through a screen emulator."""

from __future__ import annotations

import os

HIDE_BROWSER_ENV = "BPO_ASSESS_TEST_HIDE_BROWSER"
BROWSER_HIDDEN = os.environ.get(HIDE_BROWSER_ENV, "") not in ("", "0")
NO_BROWSER = "bpo-assess-test-no-browser"  # a name no PATH holds: the program finds none


def browser() -> str | None:
    """The browser the tests may use: None when none is installed or it is hidden."""
    from bpo_assess.counsel.report import find_browser

    return None if BROWSER_HIDDEN else find_browser()


def browser_missing() -> str:
    if BROWSER_HIDDEN:
        return f"the browser is hidden ({HIDE_BROWSER_ENV}=1)"
    return "no Chromium or Chrome on PATH (install chromium to run it; CI does)"
