"""An action's page on a phone (390 px) in a real headless Chromium: its status history reads
without scrolling sideways, each period's row stacked with its progress, reason and mitigation
under the column's name (tables.css, .nzt-stack). Checked by axe and the Content-Security-Policy
(the ``page`` fixture)."""

from __future__ import annotations

import pytest

from netzero.demo.services import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390

# Every part of the progress cell's text as laid out: its lines' boxes (one rect per line).
_TEXT_RECTS = """cell => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return [...range.getClientRects()].filter(r => r.width > 0)
        .map(r => ({left: r.left, right: r.right}));
}"""


@pytest.mark.parametrize("ref", ["24", "LL15"])
def test_the_status_history_reads_at_390_px(page, live_server, ref):
    plan = demo_load()
    page.set_viewport_size({"width": WIDTH, "height": 844})
    page.goto(f"{live_server.url}/plans/{plan.slug}/actions/{ref}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    rows = page.locator("#history-table tbody tr")
    assert rows.count() > 0
    # The last column, "Progress, reason and mitigation", in the rows that have an update.
    progress = page.locator("#history-table tbody tr td:last-child").filter(
        has_not_text="No update recorded"
    )
    assert progress.count() > 0, "no history row with progress in the demo"
    cell = progress.first
    assert cell.is_visible()
    assert len(cell.inner_text().strip()) > 20
    box = cell.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
    rects = cell.evaluate(_TEXT_RECTS)
    assert rects
    assert all(r["left"] >= 0 and r["right"] <= WIDTH for r in rects), rects
    # Stacked: the cell sits under its row's period, not beside it, and says what it is.
    period = rows.first.locator("th")
    assert box["y"] > period.bounding_box()["y"]
    label = cell.evaluate("e => getComputedStyle(e, '::before').content")
    assert label == '"Progress, reason and mitigation"'
    # Nothing in the page's main content reaches past the screen's right edge.
    wide = page.evaluate(
        """w => [...document.querySelectorAll('main *')]
             .filter(e => e.getBoundingClientRect().right > w + 1)
             .map(e => e.tagName + '.' + e.className).slice(0, 5)""",
        WIDTH,
    )
    assert wide == []
