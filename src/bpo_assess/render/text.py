"""Small pieces every terminal view uses: bars, headings, and what a role leans on.

Text that comes from data files is wrapped in `Text`, so square brackets in it survive.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.table import Table
from rich.text import Text

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import (
    Certification,
    CertificationAdvice,
    Role,
)

BAR_WIDTH = 20
# Readable on light and dark backgrounds: the level is a word, so colour adds nothing.
LEVEL_STYLE = {"entry": "bold", "intermediate": "bold", "advanced": "bold"}


def bar(value: float, maximum: float, width: int = BAR_WIDTH, style: str = "cyan") -> Text:
    filled = round(width * max(0.0, min(value, maximum)) / maximum)
    text = Text("█" * filled, style=style)
    text.append("░" * (width - filled), style="grey37")
    return text


def heading(text: str) -> Text:
    return Text(text, style="bold underline")


def leans_on(catalogue: Catalogue, role: Role, count: int = 3) -> list[str]:
    """The skills a role leans on most: importance first, then required level."""
    ranked = sorted(
        catalogue.skill_ids,
        key=lambda s: (-role.profile[s].importance, -role.profile[s].level),
    )
    return [catalogue.skill_by_id[s].name for s in ranked[:count]]


def growth_titles(catalogue: Catalogue, role: Role) -> list[str]:
    return [catalogue.step_title(step) for step in role.growth]


def bullets(lines: Iterable[str | Text], mark: str = " •") -> Table:
    """A bulleted list whose wrapped lines hang under the text, not the bullet."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")  # a long word or address is folded, never cut
    for line in lines:
        grid.add_row(mark, line if isinstance(line, Text) else Text(line))
    return grid


def certification_list(
    catalogue: Catalogue,
    certs: Sequence[Certification | CertificationAdvice],
    closes: bool = False,
) -> Table:
    """Certifications with issuer, level and why; with `closes`, the gaps each one closes."""
    entries = []
    for cert in certs:
        entry = Text(cert.name, style="bold")
        entry.append(f" · {cert.issuer} · ")
        entry.append(cert.level, style=LEVEL_STYLE[cert.level])
        built = cert.closes if isinstance(cert, CertificationAdvice) and closes else cert.skills
        names = ", ".join(catalogue.skill_by_id[s].name for s in built)
        if names:
            entry.append(f"\n{'Closes' if closes else 'Builds'}: {names}.", style="green")
        if cert.domain:
            entry.append(f"\nShows {cert.domain} knowledge.", style="green")
        if isinstance(cert, CertificationAdvice) and cert.requires:
            needs = "Needs first" if cert.eligible is False else "Check first"
            entry.append(f"\n{needs}: {cert.requires}.", style="bold")
        elif isinstance(cert, Certification) and cert.eligibility:
            entry.append(f"\nWho can sit it: {cert.eligibility.text}.", style="italic")
        entry.append(f"\n{cert.why}")
        entry.append(f"\n{cert.url}", style="italic")
        entries.append(entry)
    return bullets(entries)
