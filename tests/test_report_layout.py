"""The HTML report in a real browser at 700 and 1280 pixels: nothing overflows the page, no
figure label covers another, and no figure text is smaller than 11 pixels.

A small script (tests/data/measure_layout.js) measures the laid-out page and writes its
findings into the DOM, which headless Chromium dumps.
"""

from __future__ import annotations

import html
import json
import re
import struct
from pathlib import Path

import pytest
from conftest import shared
from test_output_safety import CHROMIUM, chromium

from socinno_lit.cli import main
from socinno_lit.render.figures import selection_chart, share_chart, year_chart

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
MEASURE = (Path(__file__).parent / "data" / "measure_layout.js").read_text(encoding="utf-8")
WIDTHS = (700, 1280)
LONG = "participatory budgeting, municipal co-creation and welfare-state transformation"


def measured(page: Path, width: int) -> dict:
    """Open ``page`` (with the measuring script) at ``width`` pixels; the measurements."""
    probe = page.with_name(f"measured-{width}-{page.name}")
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", f"<script>{MEASURE}</script></body>"),
                     encoding="utf-8")
    result = chromium(f"--window-size={width},2400", "--dump-dom", probe.as_uri(), cwd=page.parent)
    assert result.returncode == 0, result.stderr[-2000:]
    found = re.search(r'<pre id="measurements">(.*?)</pre>', result.stdout, re.S)
    assert found, result.stdout[-2000:]
    return json.loads(html.unescape(found.group(1)))


def assert_laid_out(m: dict, width: int) -> None:
    assert m["viewport"] <= width
    assert m["pageWidth"] <= m["viewport"], "the page scrolls sideways"
    for table in m["tables"]:
        assert table["right"] <= m["viewport"], "a table sticks out of the page"
    assert m["texts"] > 0
    assert not m["small"], f"figure texts under 11 px: {m['small'][:5]}"
    assert not m["overlaps"], f"figure labels that overlap: {m['overlaps'][:5]}"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report on two real exports, the number of themes chosen (so the selection chart is drawn)."""
    out = tmp_path_factory.mktemp("layout") / "out"
    status = main(["report", str(shared("domain", "mendeley_digital_government.bib")),
                   str(shared("domain", "scopus_policy_diffusion.bib")), "-o", str(out), "--no-stability", "--quiet"])
    assert status == 0
    return out / "report.html"


@pytest.mark.parametrize("width", WIDTHS)
def test_report_fits_the_page_and_its_figures_read(report: Path, width: int) -> None:
    m = measured(report, width)
    assert_laid_out(m, width)
    assert len(m["tables"]) >= 2


@pytest.mark.parametrize("width", WIDTHS)
def test_awkward_figures_keep_their_labels_apart(tmp_path: Path, width: int) -> None:
    """The cases that crowd labels: the choice at a corner of the curve, many candidates,
    long labels and a long group name, a single year."""
    figures = [
        selection_chart([4, 5, 6, 7, 8], [0.58, 0.41, 0.30, 0.35, 0.2], 4, "stability"),
        selection_chart([4, 5, 6, 7, 8], [0.2, 0.3, 0.4, 0.5, 0.58], 8, "stability"),
        selection_chart(list(range(2, 41)), [0.5 + (k % 7) / 20 for k in range(2, 41)], 17, "coherence"),
        share_chart([LONG, "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "x"], [(0.95, 0.9, 1.0), (0.0, 0.0, 0.1), (0.5, 0.4, 0.6)],
                    [(0.3, 0.2, 0.4), (0.6, 0.5, 0.7), (0.1, 0.0, 0.2)], "Greenlandic-and-Faroese"),
        year_chart(LONG, [(1981, 0, 120), (2025, 3, 80)], 1981, 2025, "Danish"),
        year_chart("one year", [(2020, 2, 5)], 2020, 2020, "Danish"),
    ]
    body = "".join(f'<figure><div class="scroll">{f.to_svg()}</div></figure>' for f in figures)
    page = tmp_path / "figures.html"
    page.write_text('<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width">'
                    "<style>body{max-width:60rem;margin:auto;padding:0 1.2rem}.scroll{overflow-x:auto}</style>"
                    f'</head><body class="socinno">{body}</body></html>', encoding="utf-8")
    assert_laid_out(measured(page, width), width)


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_at_both_widths(report: Path, tmp_path: Path, width: int) -> None:
    shot = tmp_path / f"report-{width}.png"
    result = chromium(f"--window-size={width},1600", f"--screenshot={shot}", report.as_uri(), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000  # a rendered page, not a blank one
    assert struct.unpack(">II", png[16:24]) == (width, 1600)
