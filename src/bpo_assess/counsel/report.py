"""Printable reports of a saved session: HTML (self-contained, A4), Markdown, and PDF.

Why Jinja2: the report is a document, and a template keeps its wording and layout apart
from the code that gathers the facts; autoescaping keeps a client's text from becoming
markup. The radar chart is drawn here as inline SVG so the file needs nothing from
anywhere. PDF is printed from the HTML by a local headless Chromium or Chrome.

jinja2 is imported inside `render` (ruff TID253: only `report` pays for it).
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bpo_assess import __version__
from bpo_assess.core.advice import experience_phrase
from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.compare import DISAGREEMENT, disagrees
from bpo_assess.core.evidence import shown_lines
from bpo_assess.core.models import (
    Background,
    CertificationAdvice,
    Comparison,
    RoleMatch,
    SessionRecord,
)
from bpo_assess.core.next_steps import next_steps, weakest
from bpo_assess.core.scoring import READINESS_WEIGHT, STRENGTHS_WEIGHT, STRETCH_WEIGHT, rank_labels
from bpo_assess.core.scoring.advice import certification_plan as advice_plan
from bpo_assess.core.scoring.advice import gap_order, held_certifications, role_gaps
from bpo_assess.core.wording import (
    DISCLAIMER,
    background_listing,
    level_number,
    level_word,
    signed_level,
)
from bpo_assess.errors import BpoError, ExitCode, printable
from bpo_assess.io.clock import stamp
from bpo_assess.io.files import write_private

BROWSER_ENV = "BPO_ASSESS_BROWSER"  # a Chromium or Chrome binary to print PDFs with
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
PDF_TIMEOUT_S = 120


@dataclass(frozen=True)
class SkillLine:
    id: str
    name: str
    level: float
    score: float
    required: int | None
    counsellor: int | None

    @property
    def disagreement(self) -> float | None:
        return None if self.counsellor is None else round(self.counsellor - self.level, 2)

    @property
    def large_disagreement(self) -> bool:
        return disagrees(self.counsellor, self.level)


def skill_lines(catalogue: Catalogue, session: SessionRecord) -> list[SkillLine]:
    """The seven skills with the top role's level, the counsellor's, and disagreements."""
    top = session.result.matches[0].role if session.result.matches else None
    role = catalogue.role_by_id.get(top) if top else None
    return [
        SkillLine(
            id=skill.id,
            name=skill.name,
            level=session.result.skills[skill.id].level,
            score=session.result.skills[skill.id].score,
            required=role.profile[skill.id].level if role else None,
            counsellor=session.ratings.get(skill.id),
        )
        for skill in catalogue.skills
        if skill.id in session.result.skills
    ]


@dataclass(frozen=True)
class GapLine:
    """A skill below what the top role needs, by the client's answers or the counsellor's
    rating; the plan follows the counsellor's rating where there is one."""

    name: str
    own: float
    counsellor: int | None
    needed: int
    importance: int
    priority: float  # importance x shortfall by the level the plan follows, as advice.role_gaps

    @property
    def follows(self) -> str:
        return "counsellor" if self.counsellor is not None else "client"

    @property
    def level(self) -> float:
        return float(self.counsellor) if self.counsellor is not None else self.own

    @property
    def differ(self) -> bool:
        return self.counsellor is not None and abs(self.counsellor - self.own) >= 0.5


def followed_levels(lines: list[SkillLine]) -> dict[str, float]:
    """The level the plan follows per skill: the counsellor's rating, else the client's."""
    return {
        line.id: float(line.counsellor) if line.counsellor is not None else line.level
        for line in lines
    }


def gap_lines(lines: list[SkillLine], catalogue: Catalogue, top: RoleMatch | None) -> list[GapLine]:
    """The top role's gaps by the followed levels, in the screen's order (advice.gap_order);
    then any skill below by the client's answers only, marked as no gap by the rating."""
    if top is None:
        return []
    role = catalogue.role_by_id[top.role]
    priority = {
        gap.skill: gap.priority for gap in role_gaps(catalogue, role, followed_levels(lines))
    }
    places = {skill_id: place for place, skill_id in enumerate(catalogue.skill_ids)}
    below = [
        GapLine(
            name=line.name,
            own=line.level,
            counsellor=line.counsellor,
            needed=role.profile[line.id].level,
            importance=role.profile[line.id].importance,
            priority=priority.get(line.id, 0.0),
        )
        for line in lines
        if line.id in priority or line.level < role.profile[line.id].level
    ]
    ids = {line.name: line.id for line in lines}
    return sorted(below, key=lambda g: gap_order(g.priority, g.importance, places[ids[g.name]]))


def certification_plan(
    catalogue: Catalogue, lines: list[SkillLine], top: RoleMatch | None, background: Background
) -> list[CertificationAdvice]:
    """The top role's certification plan by the screen's rule (advice.certification_plan),
    with the gaps the plan follows; without counsellor ratings, the screen's plan."""
    if top is None:
        return []
    role = catalogue.role_by_id[top.role]
    gaps = role_gaps(catalogue, role, followed_levels(lines))
    held = held_certifications(catalogue, background.certifications)
    return advice_plan(catalogue, role, gaps, held, background)


def background_facts(catalogue: Catalogue, background: Background) -> list[tuple[str, str]]:
    """The client's background as label and value, in their own words where they typed."""
    listing = background_listing(catalogue, background)
    preference = {
        "voice": "voice work",
        "non-voice": "non-voice work",
        "either": "voice or non-voice work alike",
    }
    return [
        (
            "Experience",
            experience_phrase(listing.years).removesuffix(" of experience")
            if listing.years is not None
            else "not given",
        ),
        ("Languages", ", ".join(listing.languages) or "not given"),
        ("Certifications held", ", ".join(listing.certifications) or "none"),
        ("Industries of interest", ", ".join(listing.interests) or "none named"),
        ("Prefers", preference[listing.work_preference]),
    ]


def radar_svg(lines: list[SkillLine], role_title: str | None) -> str:
    """An SVG radar chart: one axis per skill (levels 0-5), the person's levels against the
    top role's required levels, and the counsellor's where given."""
    width, height, radius = 420.0, 330.0, 112.0
    cx, cy = width / 2, height / 2 + 4
    count = len(lines)

    def point(index: int, level: float, extra: float = 0.0) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        distance = radius * level / 5 + extra
        return cx + distance * math.cos(angle), cy + distance * math.sin(angle)

    def polygon(levels: list[float], css: str) -> str:
        points = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in enumerate(levels))
        )
        return f'<polygon class="{css}" points="{points}"/>'

    parts = [
        f'<svg class="radar" viewBox="0 0 {width:g} {height:g}" width="{width:g}"'
        f' height="{height:g}" role="img" aria-label="Skill radar chart">'
    ]
    for ring in range(1, 6):
        ring_points = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(count))
        )
        parts.append(f'<polygon class="ring" points="{ring_points}"/>')
    for index, line in enumerate(lines):
        x, y = point(index, 5)
        parts.append(f'<line class="axis" x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}"/>')
        parts.append(_label(line.name, *point(index, 5, 14), cx))
    for ring in range(1, 6):
        x, y = point(0, ring)
        parts.append(f'<text class="tick" x="{x + 3:.1f}" y="{y - 2:.1f}">{ring}</text>')
    if role_title and all(line.required is not None for line in lines):
        parts.append(polygon([float(line.required or 0) for line in lines], "role"))
    parts.append(polygon([line.level for line in lines], "self"))
    for index, line in enumerate(lines):
        x, y = point(index, line.level)
        parts.append(f'<circle class="mark-self" cx="{x:.1f}" cy="{y:.1f}" r="3"/>')
    # Drawn last, dotted with square marks: where it lies on the role's line, both show.
    if all(line.counsellor is not None for line in lines):
        parts.append(polygon([float(line.counsellor or 0) for line in lines], "counsellor"))
        for index, line in enumerate(lines):
            x, y = point(index, float(line.counsellor or 0))
            parts.append(
                f'<rect class="mark-counsellor" x="{x - 3:.1f}" y="{y - 3:.1f}"'
                ' width="6" height="6"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _label(name: str, x: float, y: float, cx: float) -> str:
    """An axis label, wrapped onto two lines when long, anchored away from the centre."""
    words, rows = name.split(), [""]
    for word in words:
        if rows[-1] and len(rows[-1]) + len(word) > 12:
            rows.append(word)
        else:
            rows[-1] = f"{rows[-1]} {word}".strip()
    anchor = "middle" if abs(x - cx) < 8 else ("start" if x > cx else "end")
    top = y + 4 - 7 * (len(rows) - 1) if y > 40 else y + 4
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{top + 14 * row:.1f}">{_escape(text)}</tspan>'
        for row, text in enumerate(rows)
    )
    return f'<text class="label" text-anchor="{anchor}">{spans}</text>'


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def context(
    catalogue: Catalogue, session: SessionRecord, progress: Comparison | None = None
) -> dict[str, Any]:
    """Everything a report template shows, gathered once."""
    result = session.result
    if not catalogue.fits(result):
        raise BpoError(
            f"session {session.id} was scored with another catalogue ({result.catalogue_hash});"
            " load that catalogue with --data-dir to report on it"
        )
    lines = skill_lines(catalogue, session)
    top: RoleMatch | None = result.matches[0] if result.matches else None
    steps = next_steps(catalogue, result, session.ratings)
    now, more = steps.apply_now, steps.more_in_tier
    gaps = gap_lines(lines, catalogue, top)
    return {
        "session": session,
        "result": result,
        "lines": lines,
        "top": top,
        "apply_now": now,
        "more_in_tier": more,
        "grow_into": steps.grow_into,
        "needs_first": "; ".join(steps.needs_first),
        "background": background_facts(catalogue, result.background),
        "gaps": gaps,
        "headline": next((g for g in gaps if g.priority > 0), None),
        "rank_of": rank_labels(result.matches),
        "shared_rank": any(label.startswith("=") for label in rank_labels(result.matches).values()),
        "weights": (READINESS_WEIGHT, STRENGTHS_WEIGHT, STRETCH_WEIGHT),
        "certifications": certification_plan(catalogue, lines, top, result.background),
        "practice": weakest(catalogue, result, 2, session.ratings),
        "progress": progress,
        "shown": shown_lines(result.evidence) if result.evidence else [],
        "measured_needs": [need for need in top.prerequisites if need.measure] if top else [],
        "radar": radar_svg(lines, top.title if top else None),
        "rated": bool(session.ratings),
        "disagreements": [line for line in lines if line.large_disagreement],
        "threshold": DISAGREEMENT,
        "date": session.created_at[:10],
        "generated": stamp(),
        "version": __version__,
        "disclaimer": DISCLAIMER,
        "catalogue_hash": result.catalogue_hash,
    }


# Markdown that text could make: inline markup, HTML, links and images, table cells.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|!~&])")
# ... and what starts a block when it comes first on a line: a heading, a quote, a list.
MARKDOWN_LINE_START = re.compile(r"^(\s*)(?:([#>+=-])(?=[\s#=-]|$)|(\d+)(?=[.)](?:\s|$)))")


def markdown_text(value: Any) -> Any:
    """Every value a Markdown template prints, as plain text: backslash-escaped, on one
    line, control characters shown as escapes. Numbers pass through unchanged."""
    if not isinstance(value, str):
        return value
    flat = printable(" ".join(value.splitlines()))
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", flat)
    return MARKDOWN_LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    space, mark, number = match.groups()
    if number is not None:  # "1. item" -> "1\\. item": the dot after a number makes a list
        return space + number + "\\"
    return space + "\\" + mark


def render(
    catalogue: Catalogue, session: SessionRecord, fmt: str, progress: Comparison | None = None
) -> str:
    """The report as HTML or Markdown text; `progress`: the comparison with the client's
    previous session, when there is one.

    HTML escapes through Jinja's autoescaping; Markdown through `finalize`, which every
    `{{ ... }}` in the template passes through, so no template needs to remember it.
    """
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    environment = Environment(
        loader=PackageLoader("bpo_assess.counsel", "templates"),
        autoescape=select_autoescape(["html.j2"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=markdown_text if fmt == "md" else None,
    )
    environment.filters["level"] = level_number
    environment.filters["num"] = lambda value: f"{value:g}"
    environment.filters["word"] = level_word
    environment.filters["signed"] = signed_level
    names = {skill.id: skill.name for skill in catalogue.skills}
    environment.filters["skill_names"] = lambda ids: ", ".join(names.get(i, i) for i in ids)
    template = environment.get_template(f"report.{fmt}.j2")
    return template.render(**context(catalogue, session, progress))


def find_browser() -> str | None:
    """A headless-capable Chromium or Chrome on PATH (or named by BPO_ASSESS_BROWSER)."""
    named = os.environ.get(BROWSER_ENV)
    if named:
        return shutil.which(named)
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_command(browser: str, profile: Path, *extra: str) -> list[str]:
    """Headless, offline, throwaway profile: nothing is fetched and nothing is kept."""
    return [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={profile}",
        *extra,
    ]


def print_pdf(html: str, target: Path) -> None:
    """Print the HTML report to an A4 PDF with the local browser, or say none is found."""
    browser = find_browser()
    if browser is None:
        raise BpoError(
            "no Chromium or Chrome found to print a PDF; use --format html and print it"
            f" from a browser, install chromium, or name one in {BROWSER_ENV}",
            ExitCode.USAGE,  # what the environment lacks, not bad data
        )
    with tempfile.TemporaryDirectory(prefix="bpo-assess-") as work:
        page = Path(work) / "report.html"  # the client's data: 0600 in a 0700 folder
        with os.fdopen(os.open(page, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:
            file.write(html.encode("utf-8"))
        printed = Path(work) / "report.pdf"
        command = browser_command(
            browser,
            Path(work) / "profile",
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
            f"--print-to-pdf={printed}",
            page.as_uri(),
        )
        try:
            subprocess.run(command, capture_output=True, timeout=PDF_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise BpoError(f"{browser} did not finish printing within {PDF_TIMEOUT_S}s") from None
        if not printed.is_file() or not printed.read_bytes().startswith(b"%PDF"):
            raise BpoError(f"{browser} did not print a PDF; try --format html")
        write_private(target, printed.read_bytes())
