"""Every organisation the partnership page links to has a page: one with figures opens the
year where its data is fullest; one without (EMAS, whose fleet figure the ICS reports, and the
county council, a partner with only targets) has a page that says what is missing."""

from __future__ import annotations

import re

import pytest

from netzero.demo.green_plan import green_plan_load
from netzero.organisations.models import Organisation


@pytest.fixture
def orgs(demo_plan):
    return green_plan_load()  # after the council's plan, so the council joins as a partner


def test_every_member_link_leads_to_a_page(client, orgs):
    page = client.get("/organisations/jucd-ics/partnership/").content.decode()
    links = set(re.findall(r'href="(/organisations/[^"]+)"', page))
    assert len(links) >= 5
    for link in links:
        assert client.get(link, follow=True).status_code == 200, link
    without_figures = [
        o
        for o in Organisation.objects.filter(partnership__slug="jucd-ics")
        if not o.footprint.exists() and not o.stated_totals.exists()
    ]
    assert "derbyshire-county-council" in {o.slug for o in without_figures}
    for member in without_figures:
        assert f'href="/organisations/{member.slug}/footprint/"' in page
        response = client.get(f"/organisations/{member.slug}/footprint/")
        assert response.status_code == 200
        assert "No footprint figures are recorded for" in response.content.decode()
    row = page.split('href="/organisations/derbyshire-county-council/footprint/"')[1]
    assert row.split("</th>")[0].count("(partner)") == 1
    assert "(no figures recorded)" in row.split("</th>")[0]


def test_the_ics_link_opens_its_stated_footprint_year_not_its_latest(client, orgs):
    # 2020-21 holds only the EMAS fleet figure, part of the 2019-20 total.
    response = client.get("/organisations/jucd-ics/footprint/")
    assert response.status_code == 302
    assert response["Location"] == "/organisations/jucd-ics/footprint/2019-20/"
    assert client.get("/organisations/dchs/footprint/")["Location"].endswith("/2020-21/")


def test_the_home_page_lists_every_member_and_the_council_as_a_partner(client, orgs):
    council = Organisation.objects.get(slug="derbyshire-county-council")
    assert council.partnership_role == "partner"
    assert council.partnership_relation == "partner in Joined Up Care Derbyshire ICS"
    assert orgs["emas"].partnership_relation == "member of Joined Up Care Derbyshire ICS"
    home = client.get("/").content.decode()
    listed = home.split('id="footprint-organisations"')[1].split("</ul>")[0]
    for slug in ("jucd-ics", "crhft", "dchs", "dhcft", "emas", "uhdb", council.slug):
        assert f'href="/organisations/{slug}/footprint/"' in listed, slug
    emas = listed.split('href="/organisations/emas/footprint/"')[1].split("</li>")[0]
    assert "(member of Joined Up Care Derbyshire ICS)" in emas
    assert "(no figures recorded yet)" in emas
    county = listed.split(f'href="/organisations/{council.slug}/footprint/"')[1].split("</li>")[0]
    assert "(partner in Joined Up Care Derbyshire ICS)" in county
    assert "member of" not in county
    # The partnership comes first.
    assert listed.index("/jucd-ics/") < listed.index("/crhft/")
