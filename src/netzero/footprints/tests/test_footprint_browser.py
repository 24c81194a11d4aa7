"""In a real headless Chromium, at 1280 and 390 px, as a programme manager: the home page, the
ICS's partnership page, every footprint page it links to (each must answer 200), the area page
and the activity data page. At 390 px nothing overflows the screen sideways and no chart is
wider than its container; at 1280 px every year of the area table is visible or inside a
region that scrolls sideways, which a keyboard can reach. Every page is also checked by axe and
the Content-Security-Policy (the page fixture)."""

from __future__ import annotations

import csv

import pytest

from netzero.demo.green_plan import green_plan_load
from netzero.demo.services import demo_load
from netzero.footprints.activities import activity_names
from netzero.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAYOUT = """() => {
    const root = document.documentElement;
    const charts = [...document.querySelectorAll('.nzt-chart__canvas')].map(c => {
        const svg = c.querySelector('svg');
        return [c.getBoundingClientRect().width, svg ? svg.getBoundingClientRect().width : null];
    });
    const years = [...document.querySelectorAll('#area-trend thead th[scope=col]')].slice(1);
    const region = document.querySelector('#area-trend')?.closest('[role=region]');
    const hidden = years.filter(th => {
        const box = th.getBoundingClientRect();
        return box.right > root.clientWidth && !th.closest('[role=region]');
    }).map(th => th.textContent);
    return {
        scrollWidth: root.scrollWidth,
        charts,
        years: years.map(th => th.textContent),
        hiddenOutsideRegion: hidden,
        region: region ? {
            scrolls: region.scrollWidth > region.clientWidth,
            tabindex: region.getAttribute('tabindex'),
            label: region.getAttribute('aria-label'),
        } : null,
    };
}"""


@pytest.fixture
def site(live_server, tmp_path):
    from netzero.access.models import Membership
    from netzero.organisations.models import Organisation
    from netzero.territorial.management.commands.emissions import DEFAULT as EMISSIONS_CSV
    from netzero.territorial.services import area_emissions_import
    from netzero.testing.factories import PASSWORD, MembershipFactory

    demo_load()
    green_plan_load()
    with EMISSIONS_CSV.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        rows = [r for r in reader if r["local-authority-code"] == "DBY"]
        derbyshire = tmp_path / "dby.csv"
        with derbyshire.open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
            writer.writeheader()
            writer.writerows(rows)
    area_emissions_import(path=derbyshire)
    council = Organisation.objects.get(slug="derbyshire-county-council")
    manager = MembershipFactory(organisation=council, role=Membership.Role.PROGRAMME_MANAGER).user
    return live_server.url, manager.username, PASSWORD


@pytest.mark.parametrize("width", [1280, 390])
def test_footprint_pages_fit_the_screen(site, contexts, width):
    base, username, password = site
    page = sign_in(contexts, base, username, password)
    page.set_viewport_size({"width": width, "height": 900})

    def visit(path: str) -> dict:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, (path, response)
        if page.locator(".nzt-chart__canvas").count():
            page.wait_for_selector(".nzt-chart__canvas[data-rendered='true'] svg")
        layout = page.evaluate(LAYOUT)
        if width == 390:
            assert layout["scrollWidth"] <= 390, (path, layout)
        for container, chart in layout["charts"]:
            assert chart is not None and chart <= container + 0.5, (path, layout)
        return layout

    visit("/")
    home = page.locator("#footprint-organisations").inner_text()
    assert "East Midlands Ambulance Service NHS Trust" in home
    assert "(partner in Joined Up Care Derbyshire ICS)" in home

    visit("/organisations/jucd-ics/partnership/")
    links = page.eval_on_selector_all(
        "#members a[href*='/footprint/']", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(links) == 7  # the ICS, its five trusts and the county council
    for link in links:
        visit(link)  # redirects to the year, or the page saying no figures are recorded
        assert page.get_by_role("heading", level=1).inner_text().startswith("Carbon footprint")
    page.goto(f"{base}/organisations/jucd-ics/footprint/")
    assert page.url.endswith("/organisations/jucd-ics/footprint/2019-20/")

    area = visit("/areas/DBY/")
    assert area["years"][0] == "2005" and area["years"][-1] == "2020"
    assert area["hiddenOutsideRegion"] == []
    if area["region"]["scrolls"]:
        assert area["region"]["tabindex"] == "0"
        assert "scrolls sideways" in area["region"]["label"]
        assert "2005 to 2020" in page.locator("#area-trend-hint").inner_text()

    visit("/organisations/derbyshire-county-council/activity-data/")
    assert page.locator("#activity-codes tbody tr").count() == len(activity_names())
    # An empty upload: only the file form's error.
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary__list li").all_inner_texts() == [
        "This field is required."
    ]
