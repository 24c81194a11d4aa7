from __future__ import annotations

import re

import pytest

from netzero.demo.green_plan import green_plan_load


@pytest.fixture
def orgs(db):
    return green_plan_load()


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_dchs_page_shows_figures_sources_and_the_flag(client, orgs):
    response = client.get("/organisations/dchs/footprint/")
    assert response.status_code == 302 and response["Location"].endswith("/2020-21/")
    text = _text(client.get(response["Location"]))
    assert "Carbon footprint 2020-21" in text
    assert "The source's own figures disagree" in text and "30,075" in text
    assert "Procurement 20,489" in text and "Scope 3 23,357" in text
    assert "section 4.2 (DCHS)" in text and "anaesthetic gases" in text


def test_partnership_page_lists_members_side_by_side(client, orgs):
    text = _text(client.get("/organisations/jucd-ics/partnership/"))
    for name in ("Chesterfield Royal", "Derbyshire Community Health", "University Hospitals"):
        assert name in text
    assert "NHS Carbon Footprint: 9,567" in text and "Overall carbon footprint: 131,148" in text


def test_ics_targets_say_the_baseline_is_missing(client, orgs):
    text = _text(client.get("/organisations/jucd-ics/footprint/2019-20/"))
    assert "80% cut in direct emissions by 2032" in text and "No baseline figure" in text


def test_home_links_to_footprints(client, orgs):
    assert b'href="/organisations/jucd-ics/footprint/"' in client.get("/").content


def test_unknown_year_is_404(client, orgs):
    assert client.get("/organisations/dchs/footprint/2031-32/").status_code == 404


def test_partnership_adds_up_itemised_figures_per_boundary(client, orgs):
    from django.db.models import Sum

    from netzero.footprints.models import FootprintEntry

    body = client.get("/organisations/jucd-ics/partnership/").content.decode()
    assert "Members' itemised figures, added up" not in body
    # NHS Carbon Footprint Plus: DCHS and UHDB both itemise 2020-21 only, so it adds up; on
    # the NHS Carbon Footprint, Chesterfield has no 2020-21 figures, so that year does not.
    members = FootprintEntry.objects.filter(reporting_year=2020, boundary="nhs_cf_plus").exclude(
        organisation=orgs["jucd-ics"]
    )
    expected = members.aggregate(s=Sum("tco2e"))["s"]  # the ICS's own are left out
    row = body.split('id="rollup-nhs_cf_plus"')[1].split("</tr>")[0]
    assert "NHS Carbon Footprint Plus boundary only" in row and f"{expected:,.0f}" in row
    row = body.split('id="rollup-nhs_cf"')[1].split("</tr>")[0]
    assert "<strong>" not in row  # nothing added up
    gaps = body.split('id="rollup-gaps-nhs_cf"')[1].split("</ul>")[0]
    assert "2020-21: figures from Derbyshire Community Health Services" in gaps
    assert "none from Chesterfield Royal Hospital NHS Foundation Trust." in gaps
    note = body.split('id="rollup-note"')[1].split("</p>")[0]
    assert "not a total for the system" in note and "never one boundary to another" in note
