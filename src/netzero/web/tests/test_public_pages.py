"""The home, organisation and partnership pages are stored for the public and served from the
cache (``netzero.core.public_pages``) until a record they show changes: a footprint figure, a
target, who delivers an action, the area statistics; never a signed-in person's page or a
search."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netzero.core.public_pages import CACHE_HEADER
from netzero.footprints.imports import read_rows
from netzero.footprints.models import Boundary, Category
from netzero.footprints.services import (
    activity_import,
    entry_report,
    import_batch_undo,
    target_record,
)
from netzero.organisations.models import Organisation
from netzero.plans.models import Delivery
from netzero.plans.services import delivery_add
from netzero.territorial.management.commands.emissions import DEFAULT as EMISSIONS_CSV
from netzero.territorial.services import area_emissions_import
from netzero.testing.factories import UserFactory
from netzero.testing.national import national_instance_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def national():
    return national_instance_create(
        organisations=8, partnerships=2, actions=2, quarters=2, footprint_years=2
    )


def _read(client, url: str):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def _pages(national) -> dict[str, str]:
    head = national.partnerships[0]
    return {
        "home": "/",
        "organisation": f"/organisations/{head.slug}/",
        "partnership": f"/organisations/{head.slug}/partnership/",
    }


@pytest.mark.parametrize("page", ["home", "organisation", "partnership"])
def test_a_second_public_reader_is_served_the_stored_page_without_a_query(client, national, page):
    url = _pages(national)[page]
    first, _ = _read(client, url)
    assert first[CACHE_HEADER] == "miss"
    second, queries = _read(client, url)
    assert second[CACHE_HEADER] == "hit"
    assert queries == 0
    assert second.content == first.content
    assert client.get(url, HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304


def test_signed_in_readers_searches_and_made_up_addresses_are_never_stored(client, national):
    for url in [
        "/?q=Body",
        "/?page=1",
        "/?page=7",
        "/?utm=x",
        "/organisations/synthetic-ics-001/?a=b",
    ]:
        assert CACHE_HEADER not in client.get(url), url
        assert CACHE_HEADER not in client.get(url), url
    client.force_login(UserFactory())
    for url in _pages(national).values():
        assert CACHE_HEADER not in client.get(url), url


def test_a_later_page_of_plans_is_stored_at_its_own_address(client):
    national_instance_create(
        organisations=25, partnerships=2, actions=1, quarters=1, footprint_years=0
    )
    first = client.get("/?page=2")
    assert first[CACHE_HEADER] == "miss"
    second = client.get("/?page=2")
    assert second[CACHE_HEADER] == "hit" and second.content == first.content
    assert client.get("/")[CACHE_HEADER] == "miss"  # page one is another page
    assert b"Showing plans 21 to 25 of 25" in second.content


def test_a_footprint_figure_recorded_changes_the_partnership_and_home_pages(client, national):
    head = national.partnerships[0]
    member = Organisation.objects.filter(partnership=head).order_by("slug").first()
    partnership = f"/organisations/{head.slug}/partnership/"
    before, _ = _read(client, partnership)
    assert _read(client, partnership)[0][CACHE_HEADER] == "hit"
    entry_report(
        organisation=member,
        reporting_year=2016,
        scope=3,
        category=Category.FOOD,
        boundary=Boundary.NHS_CARBON_FOOTPRINT
        if member.kind == Organisation.Kind.NHS_TRUST
        else Boundary.COUNCIL_NET_ZERO,
        tco2e=Decimal("123456.789"),
        source="Recorded in a test.",
    )
    after, _ = _read(client, partnership)
    assert after[CACHE_HEADER] == "miss"
    assert after.content != before.content
    # A body with its first target appears among the home page's footprints.
    bare = Organisation.objects.create(name="Bare Body (test data)", slug="bare-body")
    home, _ = _read(client, "/")
    assert b"Bare Body (test data)" not in home.content
    assert _read(client, "/")[0][CACHE_HEADER] == "hit"
    target_record(
        organisation=bare,
        description="Net zero",
        target_year=2040,
        reduction_percent=Decimal("100"),
        source="Recorded in a test.",
    )
    home, _ = _read(client, "/")
    assert home[CACHE_HEADER] == "miss"
    assert b"Bare Body (test data)" in home.content


def test_who_delivers_an_action_changes_the_partnership_page(client, national):
    head = national.partnerships[0]
    member = Organisation.objects.filter(partnership=head).order_by("slug").first()
    action = next(p for p in national.plans if p.organisation_id == head.pk).actions.first()
    url = f"/organisations/{head.slug}/partnership/"
    before, _ = _read(client, url)
    assert f"/actions/{action.ref}/".encode() not in before.content.split(b'id="delivery"')[1]
    delivery_add(action=action, organisation=member, role=Delivery.Role.PARTNER)
    after, _ = _read(client, url)
    assert after[CACHE_HEADER] == "miss"
    assert f"/actions/{action.ref}/".encode() in after.content.split(b'id="delivery"')[1]


def test_area_statistics_loaded_change_the_home_page(client, national, tmp_path):
    head = national.partnerships[0]
    head.local_authority_code = "DBY"
    head.is_public = True
    head.save()
    before, _ = _read(client, "/")
    assert b"/areas/DBY/" not in before.content
    with EMISSIONS_CSV.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = [r for r in reader if r["local-authority-code"] == "DBY"]
        fieldnames = reader.fieldnames
    derbyshire = tmp_path / "dby.csv"
    with derbyshire.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    area_emissions_import(path=derbyshire)
    after, _ = _read(client, "/")
    assert after[CACHE_HEADER] == "miss"
    assert b"/areas/DBY/" in after.content


def test_an_activity_import_and_its_undo_change_the_partnership_page(client, national, factor_sets):
    """Imports write their figures in bulk, with no signal: they move the pages on themselves."""
    head = national.partnerships[0]
    member = Organisation.objects.filter(partnership=head, kind=Organisation.Kind.NHS_TRUST).first()
    url = f"/organisations/{head.slug}/partnership/"
    before, _ = _read(client, url)
    assert _read(client, url)[0][CACHE_HEADER] == "hit"
    header, rows = read_rows(
        "a.csv",
        b"reporting_year,activity,quantity,unit,reference\n"
        b"2022-23,electricity,1000,MWh,Main site\n",
    )
    result = activity_import(organisation=member, header=header, rows=rows, source="test")
    assert result.saved == 1
    imported, _ = _read(client, url)
    assert imported[CACHE_HEADER] == "miss"
    assert b"2022-23" in imported.content and b"2022-23" not in before.content
    assert _read(client, url)[0][CACHE_HEADER] == "hit"
    import_batch_undo(batch=result.batch, reason="A test.", who="the command line")
    undone, _ = _read(client, url)
    assert undone[CACHE_HEADER] == "miss"
    assert b"2022-23" not in undone.content
