"""The trend page in a real headless Chromium at 1280 and 390 px: the chart is drawn inside its
container, nothing overflows the screen sideways, the figures' table scrolls in a region a
keyboard can reach; axe and the Content-Security-Policy check every page (the contexts fixture).
The demo's ICS and trusts' trend pages are visited too."""

from __future__ import annotations

from decimal import Decimal

import pytest

from netzero.demo.green_plan import green_plan_load
from netzero.footprints.models import FootprintEntry, Target
from netzero.organisations.models import Organisation
from netzero.testing.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAYOUT = """() => {
    const root = document.documentElement;
    const charts = [...document.querySelectorAll('.nzt-chart__canvas')].map(c => {
        const svg = c.querySelector('svg');
        return [c.getBoundingClientRect().width, svg ? svg.getBoundingClientRect().width : null];
    });
    const regions = [...document.querySelectorAll('table[id^=trend-]')].map(t => {
        const r = t.closest('[role=region]');
        return r ? r.getAttribute('tabindex') : null;
    });
    // Text drawn outside its chart's box (a legend label running off a phone's screen), and
    // the charts' titles as drawn (a title cut to fit ends in an ellipsis).
    const overflow = [...document.querySelectorAll('.nzt-chart__canvas')].flatMap(c => {
        const box = c.getBoundingClientRect();
        return [...c.querySelectorAll('svg text')].filter(t => {
            const r = t.getBoundingClientRect();
            return r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1);
        }).map(t => t.textContent);
    });
    const titles = [...document.querySelectorAll('.nzt-chart__canvas svg .role-title-text text')]
        .map(t => t.textContent);
    return {scrollWidth: root.scrollWidth, charts, regions, overflow, titles};
}"""


@pytest.fixture
def site(live_server):
    green_plan_load()
    org = OrganisationFactory(
        name="Worked Borough Council", slug="worked", kind=Organisation.Kind.DISTRICT_COUNCIL
    )
    for year, s1, s2 in ((2019, 600, 400), (2020, 560, 390), (2021, 540, 380)):
        for scope, value in ((1, s1), (2, s2)):
            FootprintEntry.objects.create(
                organisation=org,
                reporting_year=year,
                scope=scope,
                category="gas" if scope == 1 else "electricity",
                boundary="council_net_zero",
                tco2e=Decimal(value),
                method=FootprintEntry.Method.REPORTED,
                source="Annual climate report",
            )
    target = Target.objects.create(
        organisation=org,
        description="Halve emissions by 2029 across council buildings, street lights and fleet",
        boundary="council_net_zero",
        baseline_year=2019,
        baseline_tco2e=Decimal(1000),
        target_year=2029,
        reduction_percent=Decimal(50),
        source="Climate strategy, section 2",
    )
    # A partnership of two trusts with two years both have figures for, and one only one has.
    ics = OrganisationFactory(
        name="Test ICS", slug="test-ics", kind=Organisation.Kind.INTEGRATED_CARE_SYSTEM
    )
    for name, years in (("North Trust", (2019, 2020, 2021)), ("South Trust", (2019, 2021))):
        trust = OrganisationFactory(name=name, kind=Organisation.Kind.NHS_TRUST, partnership=ics)
        for year in years:
            FootprintEntry.objects.create(
                organisation=trust,
                reporting_year=year,
                scope=1,
                category="gas",
                boundary="nhs_cf",
                tco2e=Decimal(100),
                method=FootprintEntry.Method.REPORTED,
                source="Annual report",
            )
    return live_server.url, target.pk


@pytest.mark.parametrize("width", [1280, 390])
def test_the_trend_page_fits_the_screen(site, contexts, width, tmp_path):
    base, target_pk = site
    page = contexts().new_page()
    page.set_default_timeout(15_000)
    page.set_viewport_size({"width": width, "height": 900})

    def visit(path: str) -> dict:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, path
        if page.locator(".nzt-chart__canvas").count():
            page.wait_for_selector(".nzt-chart__canvas[data-rendered='true'] svg")
        layout = page.evaluate(LAYOUT)
        if width == 390:
            assert layout["scrollWidth"] <= 390, (path, layout)
        for container, chart in layout["charts"]:
            assert chart is not None and chart <= container + 0.5, (path, layout)
        assert all(r == "0" for r in layout["regions"]), (path, layout)
        assert layout["overflow"] == [], (path, layout)
        assert len(layout["titles"]) == len(layout["charts"]), (path, layout)
        assert not any(t.endswith("\u2026") for t in layout["titles"]), (path, layout)
        return layout

    worked = visit("/organisations/worked/footprint/trend/")
    assert len(worked["charts"]) == 1
    assert worked["titles"] == ["Council net zero scope, tCO2e"]
    page.screenshot(path=tmp_path / f"worked-{width}.png", full_page=True)
    assert page.get_by_role("heading", level=1).inner_text() == "Footprint by year and targets"
    target = page.locator(f"#target-{target_pk}").inner_text()
    assert "Off track" in target
    summary = page.locator(".govuk-summary-list").first.inner_text()
    assert "Down 80 tCO2e (8.0%)" in summary and "A cut of 52.5 tCO2e a year" in summary
    assert "reaches 597 tCO2e by 2029, above the target of 500 tCO2e" in summary

    # From the footprint page's year links, and for the demo's ICS and trusts.
    page.goto(f"{base}/organisations/worked/footprint/2021-22/")
    page.get_by_role("link", name="Every year and the targets' pathways").click()
    page.wait_for_url(f"{base}/organisations/worked/footprint/trend/")
    for slug in ("jucd-ics", "crhft", "dchs", "dhcft", "emas", "uhdb"):
        visit(f"/organisations/{slug}/footprint/trend/")
    ics = page.goto(f"{base}/organisations/jucd-ics/footprint/trend/")
    assert ics is not None and ics.status == 200
    assert "the source gives no baseline figure" in page.locator("#no-baseline").inner_text()
    page.screenshot(path=tmp_path / f"ics-{width}.png", full_page=True)

    partnership = visit("/organisations/test-ics/partnership/")
    assert len(partnership["charts"]) == 1  # the added-up years, drawn inside its container
    gaps = page.locator("#rollup-gaps-nhs_cf").inner_text()
    assert "these years are not added up" in gaps
    assert "2020-21: figures from North Trust; none from South Trust." in (
        page.locator("#rollup-gaps-nhs_cf + ul").inner_text()
    )
    page.screenshot(path=tmp_path / f"partnership-{width}.png", full_page=True)
