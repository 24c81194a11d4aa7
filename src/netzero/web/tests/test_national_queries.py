"""A national service's public pages run the same number of SQL queries for 10 organisations
as for 400 (``netzero.testing.national``: partnerships, members, a plan each, quarters
published through the workflow, footprints), and show what they should at both sizes."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netzero.testing.national import NationalInstance, national_instance_create
from netzero.web.views import PLANS_PER_PAGE

# The pages a member of the public reads, with the SQL queries each runs, whatever the size:
# home (plans, periods, latest snapshots, lifecycle changes, counts, updates, footprint
# organisations, areas), ...
EXPECTED_QUERIES = {
    "home": 8,
    "home, searched": 8,
    "partnership": 6,
    "partnership's organisation page": 4,
    "member's organisation page": 4,
    "member's published dashboard": 6,
}
CARDS = re.compile(rb'<div class="govuk-summary-card">')


def _pages(instance: NationalInstance) -> dict[str, str]:
    head = instance.partnerships[0]
    member = next(o for o in instance.organisations if o.partnership_id == head.pk)
    plan = next(p for p in instance.plans if p.organisation_id == member.pk)
    return {
        "home": "/",
        "home, searched": "/?q=Body+001",
        "partnership": f"/organisations/{head.slug}/partnership/",
        "partnership's organisation page": f"/organisations/{head.slug}/",
        "member's organisation page": f"/organisations/{member.slug}/",
        "member's published dashboard": f"/plans/{plan.slug}/periods/2026-27-Q1/",
    }


def _read(client, instance: NationalInstance) -> dict[str, tuple[int, bytes]]:
    """Each page as the public first reads it (nothing stored yet): its queries and body."""
    found = {}
    for name, url in _pages(instance).items():
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        found[name] = (len(ctx.captured_queries), response.content)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize(("organisations", "partnerships"), [(10, 2), (400, 45)])
def test_public_pages_run_a_fixed_number_of_queries(client, organisations, partnerships):
    instance = national_instance_create(
        organisations=organisations,
        partnerships=partnerships,
        actions=2,
        quarters=2,
        footprint_years=2,
    )
    read = _read(client, instance)
    assert {name: queries for name, (queries, _) in read.items()} == EXPECTED_QUERIES

    # What they show, at either size: the home page a page of plans at a time (the search
    # finds the one body), the partnership its members, the dashboard its two actions.
    home = read["home"][1]
    assert len(CARDS.findall(home)) == min(organisations, PLANS_PER_PAGE)
    assert (b'aria-label="Pages of plans"' in home) == (organisations > PLANS_PER_PAGE)
    searched = read["home, searched"][1]
    assert len(CARDS.findall(searched)) == 1
    assert b"Synthetic Body 001 climate plan (test data)" in searched
    members = [o for o in instance.organisations if o.partnership_id == instance.partnerships[0].pk]
    partnership = read["partnership"][1]
    assert all(m.name.encode() in partnership for m in members)
    assert (
        read["member's published dashboard"][1].count(b'<tr class="govuk-table__row" data-ref=')
        == 2
    )


@pytest.mark.django_db
def test_home_page_pages_through_every_plan(client):
    """Every plan is on exactly one page of the home page, in order, and the last page says
    how many there are."""
    instance = national_instance_create(
        organisations=45, partnerships=5, actions=1, quarters=1, footprint_years=0
    )
    names: list[str] = []
    page = 1
    while True:
        response = client.get("/", {"page": page} if page > 1 else {})
        body = response.content.decode()
        names += re.findall(r'<h2 class="govuk-summary-card__title">([^<]+)</h2>', body)
        if 'rel="next"' not in body:
            break
        page += 1
    assert page == 3
    assert "Showing plans 41 to 45 of 45" in body
    expected = sorted(instance.plans, key=lambda p: (p.organisation.name, p.name))
    assert names == [p.name for p in expected]
