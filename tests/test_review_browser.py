"""The review pages in a real browser (issue 16 item 2): headless Chromium loads them, and the
DOM it builds has every finding's cell marked and coloured; the index sorts; a screenshot.

CI installs Chromium (Debian's package) and sets GOV_DISCLOSURE_BROWSER=1, so a missing
browser fails there; elsewhere the test is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from gov_disclosure import RULES, parse, review_html, validate
from gov_disclosure.batch import run_batch
from review_checks import assert_marked, assert_self_contained
from support import ROOT, example_paths

_REQUIRED = os.environ.get("GOV_DISCLOSURE_BROWSER") == "1"
SCREENSHOT = ROOT / "docs" / "assets" / "review-page.png"

# Appended to a copy of the page: the browser's own verdict, from computed styles, written
# into the DOM that --dump-dom prints.
_PROBE = """<script>
window.addEventListener('load', function () {
  var marked = document.querySelectorAll('[data-finding]'), coloured = 0;
  marked.forEach(function (el) {
    var bg = getComputedStyle(el).backgroundColor;
    if (bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') { coloured++; }
  });
  var links = document.querySelectorAll('#findings a'), broken = 0;
  links.forEach(function (a) { if (!document.getElementById(a.getAttribute('href').slice(1))) { broken++; } });
  var out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = JSON.stringify({marked: marked.length, coloured: coloured, links: links.length, broken: broken});
  document.body.appendChild(out);
});
</script>"""


def _browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    if _REQUIRED:
        pytest.fail("Chromium is not installed; .ci/run installs it (apt-get install chromium)")
    pytest.skip("Chromium is not installed (.ci/run installs it; GOV_DISCLOSURE_BROWSER=1 requires it)")


def _chromium(*args: str) -> str:
    done = subprocess.run(
        [
            _browser(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--virtual-time-budget=5000",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _dom(page: Path, fragment: str = "") -> str:
    return _chromium("--dump-dom", page.as_uri() + fragment)


@pytest.mark.parametrize("code", ["A001", "A003", "S004", "T002", "N001"])
def test_the_browser_shows_every_finding_marked(tmp_path: Path, code: str) -> None:
    report = parse(RULES[code].bad[0])
    found = validate(report)
    page = tmp_path / "review.html"
    html = review_html(report, found, source=f"{code}.txt")
    assert_self_contained(html)
    page.write_text(html.replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    dom = _dom(page)
    placed = assert_marked(dom, found)
    assert placed >= 1
    probe = json.loads(lxml.html.fromstring(dom).get_element_by_id("probe").text_content())
    assert probe["marked"] >= 1 and probe["coloured"] == probe["marked"], probe
    assert probe["links"] == placed and probe["broken"] == 0, probe


def test_the_index_sorts_in_the_browser(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in example_paths()[:3]:
        (folder / path.name).write_bytes(path.read_bytes())
    for code in ("A001", "A003"):
        (folder / f"{code}.txt").write_text(RULES[code].bad[0], encoding="utf-8")
    review = tmp_path / "review"
    run_batch([folder], tmp_path / "out.jsonl", jobs=1, review=review, progress=False)
    index = review / "index.html"

    def errors(fragment: str) -> list[int]:
        dom = lxml.html.fromstring(_dom(index, fragment))
        return [
            int(row.xpath("./td")[4].text_content()) for row in dom.xpath("//table[@id='index']/tbody/tr")
        ]

    assert errors("#sort=4") == sorted(errors(""))
    assert errors("#sort=4-desc") == sorted(errors(""), reverse=True)
    assert max(errors("")) > 0


def test_a_screenshot_of_a_review_page(tmp_path: Path) -> None:
    report = parse(RULES["A001"].bad[0])
    page = tmp_path / "review.html"
    page.write_text(review_html(report, validate(report), source="report.txt"), encoding="utf-8")
    shot = tmp_path / "review.png"
    _chromium(f"--screenshot={shot}", "--window-size=1200,2400", "--hide-scrollbars", page.as_uri())
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
    if os.environ.get("GOV_DISCLOSURE_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        SCREENSHOT.write_bytes(data)
    assert SCREENSHOT.is_file(), (
        "the docs show docs/assets/review-page.png (GOV_DISCLOSURE_UPDATE_SCREENSHOT=1)"
    )
