"""Words the program says in more than one place: the disclaimer and the consent text."""

from __future__ import annotations

from pathlib import Path

DISCLAIMER = (
    "These results are guidance for your own career development. They are not a test of"
    " ability and must not be used for hiring or screening decisions."
)


def consent_text(client: str, path: Path) -> str:
    """The consent screen: what is stored, where, why, and how to erase it."""
    return (
        f"Before saving sessions for {client.strip()}, please read this together.\n\n"
        "What is stored: the client's name, their answers and background, the results,"
        " the time of each session, and the counsellor's ratings and notes.\n"
        f"Where: only on this computer, in {path} (private to this user account)."
        " Nothing is sent anywhere.\n"
        "Why: so the counsellor can follow progress between sessions, compare them and"
        " print reports. The results guide career development; they are not for hiring"
        " or screening.\n"
        f'How to erase: bpo-assess forget --client "{client.strip()}" removes every trace,'
        " at any time."
    )
