"""The printable report: its content, and what headless Chromium makes of it."""

from __future__ import annotations

import re
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import AssessmentInput, SessionRecord
from bpo_assess.core.scoring import assess
from bpo_assess.counsel import report, store
from bpo_assess.errors import BpoError

BROWSER = report.find_browser()
needs_browser = pytest.mark.skipif(
    BROWSER is None, reason="no chromium or chrome on PATH (CI installs Debian's chromium)"
)


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
    store.ensure_consent("Ana <b>Reyes</b>", True, None)
    saved = store.save_session(
        data, assess(catalogue, data), client="Ana <b>Reyes</b>", source="quiz", catalogue=catalogue
    )
    with store.open_store() as opened:
        opened.rate(str(saved.id), dict.fromkeys(catalogue.skill_ids, 2))
        return opened.add_note(str(saved.id), "Wants night shifts & chat work.")


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


def test_a_browser_that_prints_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv(report.BROWSER_ENV, str(fake))
    with pytest.raises(BpoError, match="did not print a PDF"):
        report.print_pdf("<html></html>", tmp_path / "out.pdf")
