"""In a real headless Chromium, at 1280 and 390 px: a council's programme manager enters its
reported figures for 2021-22 and 2022-23 and a net zero target through the figures pages, then
sees both years on the council's footprint page and, on the trend page, the change, the pathway,
the rate still needed and the verdict. Nothing overflows sideways at 390 px; every
page is checked by axe and the Content-Security-Policy (the page fixture)."""

from __future__ import annotations

import pytest

from netzero.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, council):
    manager = council.people["manager"]
    manager.first_name, manager.last_name = "Priya", "Shah"
    manager.save()
    return live_server.url, council


WIDEST = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
    .map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + e.getBoundingClientRect().right)
    .slice(0, 8)"""


def _fits(page, width: int) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= width, (page.url, overflow, page.evaluate(WIDEST))


def _figure(page, width: int, year: str, tco2e: str, source: str) -> None:
    page.get_by_role("link", name="Add a reported figure").click()
    page.get_by_label("Reporting year").fill(year)
    page.get_by_label("Scope").select_option("1")
    page.get_by_label("Category").select_option(label="Energy use in buildings")
    page.get_by_label("Emissions (tCO2e)").fill(tco2e)
    page.get_by_label("Source").fill(source)
    page.get_by_label("Data-quality note").fill("Gas meters read in April")
    _fits(page, width)
    page.get_by_role("button", name="Add reported figure").click()
    page.wait_for_selector(f"text=Reported figure for {year} added.")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_council_enters_two_years_and_a_target_and_sees_them(contexts, site, width, tmp_path):
    base, council = site
    page = sign_in(contexts, base, "manager", council.password)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}/organisations/borough-council/footprint/")
    page.get_by_role("link", name="Add the figures Borough Council publishes").click()
    assert page.locator("h1").inner_text() == "Figures and targets"

    _figure(page, width, "2021-22", "4,200", "Annual climate report 2021-22, table 1")
    # A mistyped year is refused with what was typed kept.
    page.get_by_role("link", name="Add a reported figure").click()
    page.get_by_label("Reporting year").fill("2022")
    page.get_by_label("Emissions (tCO2e)").fill("3,900")
    page.get_by_role("button", name="Add reported figure").click()
    page.wait_for_selector(".govuk-error-summary")
    assert (
        "Write the reporting year like 2022-23" in page.locator(".govuk-error-summary").inner_text()
    )
    assert page.get_by_label("Emissions (tCO2e)").input_value() == "3,900"
    page.screenshot(path=str(tmp_path / f"form-error-{width}.png"), full_page=True)
    page.get_by_role("link", name="Cancel").click()
    _figure(page, width, "2022-23", "3,900", "Annual climate report 2022-23, table 1")

    page.get_by_role("link", name="Add a target").click()
    page.get_by_label("Target", exact=True).fill("Net zero council operations by 2030")
    page.get_by_label("Baseline year").fill("2021-22")
    page.get_by_label("Baseline emissions (tCO2e)").fill("4,200")
    page.get_by_label("Target year").fill("2030")
    page.get_by_label("Reduction (%)").fill("100")
    page.get_by_label("Source").fill("Climate strategy 2022, p. 3")
    page.screenshot(path=str(tmp_path / f"target-form-{width}.png"), full_page=True)
    _fits(page, width)
    page.get_by_role("button", name="Add target").click()
    page.wait_for_selector("text=Target added.")
    listing = page.locator("main").inner_text()
    for words in ("2022-23", "2021-22", "4,200", "3,900", "Net zero council operations by 2030"):
        assert words in listing
    _fits(page, width)
    page.screenshot(path=str(tmp_path / f"figures-{width}.png"), full_page=True)

    page.goto(f"{base}/organisations/borough-council/footprint/")
    years = page.get_by_role("navigation", name="Reporting years").inner_text()
    assert "2021-22" in years and "2022-23" in years
    assert "3,900" in page.locator("#entries").inner_text()
    assert "Net zero council operations by 2030" in page.locator("#targets").inner_text()
    page.get_by_role("link", name="2021-22").click()
    assert "4,200" in page.locator("#entries").inner_text()
    _fits(page, width)

    # The trend: both years against the target's pathway, the change, the rate and the verdict,
    # worked by hand. Baseline 2021-22 4,200, net zero by 2030: the pathway falls 4,200 / 9 =
    # 466.7 a year, so 3,733 in 2022-23 (whole tonnes). Change since the baseline -300 (-7.1%).
    # Still needed from 2022-23: 3,900 / 8 = 487.5 tCO2e a year. The straight line through
    # 4,200 and 3,900 falls 300 a year: 3,900 - 8 x 300 = 1,500 in 2030, above 0: off track.
    page.get_by_role("link", name="Every year and the targets' pathways").click()
    assert page.locator("h1").inner_text() == "Footprint by year and targets"
    table = page.locator("table[id^=trend-]").first.inner_text()
    assert "3,733" in table and "467" in table and "4,200" in table and "3,900" in table, table
    target = page.locator("#targets ~ dl").first.inner_text()
    assert "Down 300 tCO2e (7.1%): from 4,200 tCO2e in 2021-22 to 3,900 tCO2e in 2022-23" in target
    assert "4,200 tCO2e in 2021-22" in target and "no constant percentage cut" in target, target
    assert "487.5" in target, target
    assert "Off track" in target and "1,500 tCO2e by 2030" in target, target
    _fits(page, width)
    page.screenshot(path=str(tmp_path / f"trend-{width}.png"), full_page=True)
