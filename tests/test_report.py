"""The printable report: its content, and what headless Chromium makes of it."""

from __future__ import annotations

import re
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import AssessmentInput, Background, SessionRecord
from bpo_assess.core.scoring import assess
from bpo_assess.counsel import report, store
from bpo_assess.counsel import sessions as counsel
from bpo_assess.errors import BpoError
from support import browser, examples

BROWSER = browser()
needs_browser = pytest.mark.browser  # conftest skips it, saying why, without a browser


@pytest.fixture
def session(catalogue: Catalogue) -> SessionRecord:
    data = AssessmentInput(
        skills={
            "communication": 4,
            "adaptability": 3.5,
            "tech-savvy": 3,
            "problem-solving": 4,
            "teamwork": 4,
            "time-management": 3,
            "customer-centric": 5,
        }
    )
    consented("Ana <b>Reyes</b>")
    saved = stored(
        data, assess(catalogue, data), client="Ana <b>Reyes</b>", source="quiz", catalogue=catalogue
    )
    with store.open_store() as opened:
        opened.rate(str(saved.id), dict.fromkeys(catalogue.skill_ids, 2))
        return opened.add_note(str(saved.id), "Wants night shifts & chat work.")


def consented(name: str) -> None:
    """Record a client's consent in the default store, as --consent does."""
    with store.open_store() as opened:
        counsel.ensure_consent(opened, name, True, None)


def stored(data: Any, result: Any, **where: Any) -> SessionRecord:
    """Save a session in the default store, as `score --client` does."""
    with store.open_store() as opened:
        return counsel.save_session(opened, data, result, **where)


def progress(catalogue: Catalogue, chosen: SessionRecord) -> Any:
    with store.open_store(write=False) as opened:
        return counsel.progress(opened, catalogue, chosen)


def test_html_holds_everything_and_fetches_nothing(
    catalogue: Catalogue, session: SessionRecord
) -> None:
    html = report.render(catalogue, session, "html")
    top = session.result.matches[0]
    for expected in (
        top.title,
        top.certifications[0].name,
        top.certifications[0].issuer,
        top.growth[0].title,
        "Ana &lt;b&gt;Reyes&lt;/b&gt;",  # the client's text is escaped, not markup
        "Wants night shifts &amp; chat work.",
        session.result.catalogue_hash,
        session.created_at,
        "not be used for hiring or screening",
        "@page { size: A4",
    ):
        assert expected in html, expected
    svg = re.search(r"<svg.*?</svg>", html, flags=re.DOTALL)
    assert svg is not None
    assert len(re.findall(r'<line class="axis"', svg.group())) == 7
    assert len(re.findall(r'<polygon class="(self|role|counsellor)"', svg.group())) == 3
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, flags=re.I)
    assert "url(" not in html and "@import" not in html


def test_markdown_has_the_same_content(catalogue: Catalogue, session: SessionRecord) -> None:
    markdown = report.render(catalogue, session, "md")
    top = session.result.matches[0]
    for expected in (
        top.title,
        top.certifications[0].name,
        top.growth[0].title,
        "Ana <b>Reyes</b>",
        "Wants night shifts & chat work.",
        session.result.catalogue_hash,
    ):  # as Markdown text: "Ana \\<b\\>Reyes\\</b\\>" shows as the name, not as bold
        assert report.markdown_text(expected) in markdown, expected
    assert "(!)" in markdown


def test_a_session_from_another_catalogue_is_explained(
    catalogue: Catalogue, session: SessionRecord
) -> None:
    skills = {k: v for k, v in session.result.skills.items() if k != "teamwork"}
    other = session.model_copy(
        update={"result": session.result.model_copy(update={"skills": skills})}
    )
    with pytest.raises(BpoError, match="another catalogue"):
        report.render(catalogue, other, "html")


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB or RGBA PNG into rows of raw pixel bytes (no third-party code)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, b"", b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks += body
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(chunks)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                near = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[x] = (line[x] + near) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, channels, rows


def chromium(html: Path, work: Path, *extra: str) -> list[str]:
    """Run the report's own browser command, logging every network request it makes."""
    assert BROWSER is not None
    netlog = work / "netlog.json"
    command = report.browser_command(
        BROWSER, work / "profile", f"--log-net-log={netlog}", *extra, html.as_uri()
    )
    subprocess.run(command, capture_output=True, timeout=120, check=True)
    return re.findall(r'"url":\s*"([^"]+)"', netlog.read_text())


@needs_browser
def test_chromium_draws_the_report_and_requests_nothing_it_names(
    catalogue: Catalogue, session: SessionRecord, tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    html = report.render(catalogue, session, "html")
    page.write_text(html, encoding="utf-8")
    shot = tmp_path / "report.png"
    urls = chromium(
        page, tmp_path, "--hide-scrollbars", "--window-size=794,1123", f"--screenshot={shot}"
    )
    width, channels, rows = png_pixels(shot.read_bytes())
    assert width == 794
    inked = sum(
        1
        for row in rows[::4]
        for x in range(0, len(row), channels * 4)
        if min(row[x : x + 3]) < 200
    )
    assert inked > 500, "the page looks blank"
    # Whatever Chromium itself tries to reach (its updater), nothing comes from the page.
    page_urls = [u for u in urls if u.startswith(("http:", "https:")) and u.split("?")[0] in html]
    assert page_urls == []

    # The same check catches a page that does fetch something.
    leaky = tmp_path / "leaky.html"
    leaky.write_text(html.replace("<body>", '<body><img src="https://example.invalid/x.png">'))
    (tmp_path / "netlog.json").unlink()
    assert any("example.invalid" in u for u in chromium(leaky, tmp_path / "again", "--dump-dom"))


@needs_browser
def test_pdf_prints_on_a4(catalogue: Catalogue, session: SessionRecord, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    report.print_pdf(report.render(catalogue, session, "html"), target)
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF")
    assert target.stat().st_mode & 0o777 == 0o600  # it holds a client's data
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert boxes
    for width, height in boxes:
        assert abs(float(width) - 595.3) < 1.5 and abs(float(height) - 841.9) < 1.5
    assert 1 <= len(boxes) <= 5


def test_no_browser_means_one_line_suggesting_html(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv(report.BROWSER_ENV, raising=False)
    assert report.find_browser() is None
    with pytest.raises(BpoError, match="--format html") as caught:
        report.print_pdf("<html></html>", Path("unused.pdf"))
    assert len(caught.value.problems) == 1


def test_no_browser_is_exit_code_2_not_invalid_data(
    monkeypatch: pytest.MonkeyPatch, session: SessionRecord, tmp_path: Path
) -> None:
    """Issue 11, problem 9: exit 1 means invalid data; a missing browser is the environment."""
    from typer.testing import CliRunner

    from bpo_assess.cli import app

    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv(report.BROWSER_ENV, raising=False)
    done = CliRunner().invoke(
        app, ["report", str(session.id), "--format", "pdf", "-o", str(tmp_path / "r.pdf")]
    )
    assert done.exit_code == 2, done.output
    assert "--format html" in done.stderr and len(done.stderr.strip().splitlines()) == 1


@pytest.mark.process
def test_a_browser_that_prints_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv(report.BROWSER_ENV, str(fake))
    with pytest.raises(BpoError, match="did not print a PDF"):
        report.print_pdf("<html></html>", tmp_path / "out.pdf")


def rated_pair(catalogue: Catalogue) -> tuple[SessionRecord, SessionRecord]:
    """Jo's two sessions a week apart; the counsellor rates tech-savvy 1 in the second."""
    from datetime import UTC, datetime

    client = "Jo Cruz"
    consented(client)
    first = AssessmentInput.model_validate(
        {
            "skills": dict.fromkeys(catalogue.skill_ids, 3),
            "background": {
                "years_experience": 1.5,
                "languages": [{"name": "Bisaya", "fluency": "native"}, "English (good)"],
                "certifications": ["Six Sigma Yellow Belt"],
                "interests": ["technology"],
            },
        }
    )
    second = first.model_copy(update={"skills": dict.fromkeys(catalogue.skill_ids, 4.5)})
    when = [datetime(2026, 11, 18, 10, tzinfo=UTC), datetime(2026, 11, 25, 10, tzinfo=UTC)]
    saved = [
        stored(
            data,
            assess(catalogue, data),
            client=client,
            source="score",
            catalogue=catalogue,
            when=at,
        )
        for data, at in zip((first, second), when, strict=True)
    ]
    with store.open_store() as opened:
        opened.rate(str(saved[1].id), {"tech-savvy": 1, "teamwork": 5})
        opened.add_note(str(saved[1].id), "Practise the ticketing tool before the next session.")
        return saved[0], opened.session(str(saved[1].id))


def test_the_report_holds_background_gaps_by_rating_practice_and_progress(
    catalogue: Catalogue,
) -> None:
    """Issue 11, problem 9: no background, no practice plan, no progress; ratings ignored."""

    _, second = rated_pair(catalogue)
    since = progress(catalogue, second)
    assert since is not None and since.before == second.id - 1
    markdown = report.render(catalogue, second, "md", since)
    for expected in (
        "## About the client",
        "Bisaya (native), English (good)",
        "Six Sigma Yellow Belt",
        "## Practice plan",
        "### Tech-savvy: level 1.0 (starting)",
        catalogue.skill_by_id["tech-savvy"].improve[0],
        f"## Progress since session {since.before} (2026-11-18, 7 days earlier)",
        # direct ratings: 1.5 levels is within noise when seven skills are judged together
        "| Communication | 3.0 | 4.5 | +1.5 (within noise) |",
        "Practise the ticketing tool",
        "Tier",
        "Ready now",
    ):
        assert expected in markdown, expected
    top = second.result.matches[0]
    needed = catalogue.role_by_id[top.role].profile["tech-savvy"].level
    if needed > 1:
        gaps = markdown.split(f"## Gaps for {top.title}")[1].split("## Certification plan")[0]
        assert f"| Tech-savvy | 4.5 | 1 (differs) | {needed} |" in gaps
        assert "the counsellor's rating" in gaps
    assert markdown.index("## About the client") < markdown.index("## Skill profile")


def test_quality_notes_come_first(catalogue: Catalogue, session: SessionRecord) -> None:
    from bpo_assess.core.models import QualityFlag

    flag = QualityFlag(code="flat-profile", message="Every skill came out at the same level.")
    flagged = session.model_copy(
        update={"result": session.result.model_copy(update={"quality": [flag]})}
    )
    for fmt in ("md", "html"):
        text = report.render(catalogue, flagged, fmt)
        assert text.index("Every skill came out at the same level.") < text.index(
            "About the client"
        )


def test_the_headline_gap_follows_the_counsellors_rating(catalogue: Catalogue) -> None:
    """The counsellor rated tech-savvy 1; the headline gap was still the client's own."""
    _, second = rated_pair(catalogue)
    context = report.context(catalogue, second)
    headline = context["headline"]
    assert headline is not None and headline.name == "Tech-savvy"
    assert headline.follows == "counsellor" and headline.level == 1
    plan = context["certifications"]
    building = [c for c in plan if "tech-savvy" in c.skills]
    assert plan and (not building or plan[0] == building[0]), "the plan starts with that gap"


def test_radar_lines_differ_by_dash_as_well_as_colour(
    catalogue: Catalogue, session: SessionRecord
) -> None:
    html = report.render(catalogue, session, "html")
    dashes = dict(re.findall(r"\.(role|counsellor) \{[^}]*stroke-dasharray: ([\d. ]+);", html))
    assert set(dashes) == {"role", "counsellor"} and dashes["role"] != dashes["counsellor"]
    legend = html.split('class="legend')[1].split("</div>")[0]
    assert "long dashes" in legend and "dots, squares" in legend and "solid" in legend
    assert len(re.findall(r'<rect class="mark-counsellor"', html)) == 7


def report_page(catalogue: Catalogue, tmp_path: Path) -> Path:

    _, second = rated_pair(catalogue)
    page = tmp_path / "report.html"
    page.write_text(report.render(catalogue, second, "html", progress(catalogue, second)))
    return page


@needs_browser
def test_on_a_390px_phone_nothing_runs_off_the_right_edge(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    """Headless Chromium will not make a window under 500 px, so the report is measured in
    a 390 px frame (same origin through srcdoc, so its layout can be read)."""
    import html as markup

    page = report_page(catalogue, tmp_path)
    probe = tmp_path / "phone.html"
    probe.write_text(
        '<!DOCTYPE html><html><body style="margin:0">'
        '<iframe id="f" style="width:390px;height:844px;border:0" srcdoc="'
        + markup.escape(page.read_text(), quote=True)
        + '"></iframe><script>document.getElementById("f").addEventListener("load", () => {'
        ' const d = document.getElementById("f").contentDocument.documentElement;'
        ' document.body.setAttribute("data-width", d.scrollWidth + "/" + d.clientWidth); });'
        "</script></body></html>"
    )
    assert BROWSER is not None
    command = report.browser_command(
        BROWSER,
        tmp_path / "profile",
        "--hide-scrollbars",
        "--window-size=600,900",
        "--dump-dom",
        probe.as_uri(),
    )
    dom = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout
    found = re.search(r'data-width="(\d+)/(\d+)"', dom)
    assert found is not None, dom[-500:]
    scroll, client = int(found.group(1)), int(found.group(2))
    assert client == 390 and scroll <= client, f"page {scroll}px wide in a {client}px phone"


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's first and last line of text (CSS px, from the Tm operators)."""
    objects = {
        int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", pdf, re.S)
    }
    spans = []
    for _, body in sorted(objects.items()):
        if not re.search(rb"/Type\s*/Page\b", body):
            continue
        contents = re.search(rb"/Contents\s+(\d+) 0 R", body)
        assert contents is not None
        raw = re.search(rb"stream\r?\n(.*?)\r?\nendstream", objects[int(contents.group(1))], re.S)
        assert raw is not None
        text = zlib.decompress(raw.group(1)).decode("latin-1")
        ys = [float(y) for y in re.findall(r"(?:-?[\d.]+ ){5}(-?[\d.]+) Tm", text)]
        spans.append((min(ys), max(ys)))
    return spans


@needs_browser
def test_on_a4_the_pdf_is_short_and_no_page_is_mostly_empty(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    """The PDF was four pages with page 2 half empty."""
    page = report_page(catalogue, tmp_path)
    target = tmp_path / "report.pdf"
    report.print_pdf(page.read_text(), target)
    spans = pdf_pages(target.read_bytes())
    content_height = 994  # A4 less the @page margins, in CSS px, as Chromium lays it out
    filled = [(last - first) / content_height for first, last in spans]
    assert 1 <= len(spans) <= 3, filled
    assert all(share >= 0.6 for share in filled[:-1]), filled


def test_the_progress_table_explains_noise_by_the_reliable_change_rule(
    catalogue: Catalogue,
) -> None:
    """Issue 16, problem 15: the report's noise note was not the rule compare uses."""
    _, second = rated_pair(catalogue)
    since = progress(catalogue, second)
    for fmt in ("html", "md"):
        text = report.render(catalogue, second, fmt, since)
        assert "reliable-change threshold" in text and "Jacobson and Truax" in text
        assert "one answer moved by one choice" not in text


@needs_browser
def test_printed_the_legend_sits_with_its_labels_and_no_word_is_broken(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    """Issue 16, problem 15: the radar's legend swatches were a third of a page apart from
    their labels, and narrow columns broke words ("entr y", "Lev el", "adv anc ed")."""
    page = report_page(catalogue, tmp_path)
    probe = """<script>window.addEventListener("load", () => {
      const legend = document.querySelector(".legend");
      const swatches = [...legend.querySelectorAll("svg")].map(s => s.getBoundingClientRect());
      const spans = [...legend.querySelectorAll("span")].map(s => s.getBoundingClientRect());
      const broken = [];
      for (const cell of document.querySelectorAll("td, th")) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const m of node.data.matchAll(/[^\\s\\-]+/g)) {  // a break after a hyphen is fine
            if (/^https?:/.test(m[0])) continue;
            const range = document.createRange();
            range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (lines.size > 1) broken.push(m[0]);
          }
        }
      }
      document.body.setAttribute("data-probe", JSON.stringify({
        legend: legend.getBoundingClientRect().height,
        swatch: Math.max(...swatches.map(r => r.height)),
        apart: Math.max(...spans.map((s, i) => Math.abs(s.top - swatches[i].top))),
        broken}));
    });</script>"""
    page.write_text(page.read_text().replace("</body>", probe + "</body>"))
    assert BROWSER is not None
    command = report.browser_command(
        BROWSER, tmp_path / "profile", "--window-size=794,1123", "--dump-dom", page.as_uri()
    )
    dom = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout
    import html as markup
    import json

    found = re.search(r'data-probe="([^"]*)"', dom)
    assert found is not None, dom[-500:]
    probe_result = json.loads(markup.unescape(found.group(1)))
    assert probe_result["swatch"] <= 12, probe_result
    assert probe_result["apart"] <= 12 and probe_result["legend"] <= 80, probe_result
    assert probe_result["broken"] == [], probe_result


levels_strategy = st.tuples(*[st.sampled_from([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5])] * 7)
backgrounds = st.builds(
    Background,
    years_experience=st.one_of(st.none(), st.sampled_from([0.0, 0.5, 1.5, 3.0, 6.0])),
    certifications=st.lists(
        st.sampled_from(["comptia-a-plus", "aapc-cpc", "capm", "fpc", "nala-cp", "aic", "pmp"])
    ),
    interests=st.lists(st.sampled_from(["healthcare", "finance", "legal", "technology"])),
    domain_knowledge=st.one_of(
        st.none(), st.lists(st.sampled_from(["healthcare", "finance", "legal", "technology"]))
    ),
)


@settings(max_examples=examples(150), deadline=None)
@given(levels_strategy, backgrounds)
def test_the_report_gives_the_screens_advice(
    catalogue: Catalogue, levels: tuple[float, ...], background: Background
) -> None:
    """Without counsellor ratings the report's gaps and certification plan for the top
    role are the screen's, in the screen's order (issue 20: they used to differ)."""
    data = AssessmentInput(
        skills=dict(zip(catalogue.skill_ids, levels, strict=True)), background=background
    )
    result = assess(catalogue, data)
    session = SessionRecord(
        id=1,
        uid="0123456789abcdef",
        created_at="2026-11-20T09:00:00Z",
        source="score",
        tool_version="0",
        catalogue_hash=result.catalogue_hash,
        input=data,
        result=result,
    )
    context = report.context(catalogue, session)
    top = result.matches[0]
    assert [gap.name for gap in context["gaps"]] == [gap.name for gap in top.gaps]
    assert context["certifications"] == top.certifications
