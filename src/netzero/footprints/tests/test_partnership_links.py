"""Every organisation the partnership page links to has a page (a member with only targets, such
as the county council, is listed without a link)."""

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
        assert f"/organisations/{member.slug}/" not in page
        assert f"{member.name} <span" in page and "(no figures recorded)" in page
