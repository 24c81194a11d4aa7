"""The footprints admin: scoped to the person's organisations, saved through the services (the
same rules and history as the figures pages), calculated figures and imports read-only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from netzero.demo.services import ADMIN_GROUP
from netzero.footprints.models import Category, FootprintEntry, ImportBatch, StatedTotal, Target
from netzero.footprints.services import entry_report, stated_total_record, target_record

pytestmark = pytest.mark.django_db
ENTRIES = "/admin/footprints/footprintentry/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _staff(user) -> Client:
    user.is_staff = True
    user.save()
    user.groups.set(Group.objects.filter(name=ADMIN_GROUP))
    return _client(user)


@pytest.fixture
def records(council):
    org = council.plan.organisation
    total = stated_total_record(
        organisation=org,
        reporting_year=2022,
        label="Borough scope total",
        boundary="council_net_zero",
        tco2e="900",
        source="Borough report",
    )
    entry = entry_report(
        organisation=org,
        reporting_year=2022,
        category=Category.GAS,
        boundary="council_net_zero",
        tco2e="321",
        source="Borough report",
        itemises=total,
    )
    target = target_record(
        organisation=org,
        description="Borough net zero by 2030",
        target_year=2030,
        reduction_percent="100",
        source="Borough strategy",
    )
    batch = ImportBatch.objects.create(
        organisation=org, who="Borough importer", channel="file_upload"
    )
    return {"total": total, "entry": entry, "target": target, "batch": batch}


def test_a_manager_of_another_organisation_sees_none_of_these_rows(council, records):
    outsider = _staff(council.people["outsider"])
    for model, words in (
        ("footprintentry", "321"),
        ("statedtotal", "Borough scope total"),
        ("target", "Borough net zero by 2030"),
        ("importbatch", "Borough importer"),
    ):
        listing = outsider.get(f"/admin/footprints/{model}/")
        assert listing.status_code == 200, model
        assert words not in listing.content.decode(), model
    for key, model in (("entry", "footprintentry"), ("total", "statedtotal"), ("target", "target")):
        url = f"/admin/footprints/{model}/{records[key].pk}/change/"
        assert outsider.get(url).status_code in (302, 403, 404)
    manager = _client(council.people["manager"])
    assert "Borough scope total" in manager.get("/admin/footprints/statedtotal/").content.decode()
    assert "Borough importer" in manager.get("/admin/footprints/importbatch/").content.decode()


def test_a_viewer_cannot_change_even_as_staff(council, records):
    viewer = _staff(council.people["viewer"])
    entry = records["entry"]
    response = viewer.post(
        f"{ENTRIES}{entry.pk}/change/",
        {**_entry_data(council), "tco2e": "1"},
    )
    assert response.status_code in (302, 403, 404)
    entry.refresh_from_db()
    assert entry.tco2e == Decimal("321.000")


def _entry_data(council, **changes):
    return {
        "organisation": council.plan.organisation.pk,
        "reporting_year": "2022",
        "scope": "1",
        "category": Category.ELECTRICITY,
        "boundary": "council_net_zero",
        "tco2e": "12.5",
        "itemises": "",
        "source": "Annual report",
        "quality_note": "",
        **changes,
    }


def test_the_admin_saves_through_the_services_rules(council, records):
    manager = _client(council.people["manager"])
    refused = manager.post(
        f"{ENTRIES}add/",
        _entry_data(council, reporting_year="2021", itemises=str(records["total"].pk)),
    )
    assert refused.status_code == 200
    assert "same organisation and reporting year" in refused.content.decode()
    refused = manager.post(f"{ENTRIES}add/", _entry_data(council, tco2e="-3"))
    assert refused.status_code == 200 and "Emissions are zero or more" in refused.content.decode()
    assert FootprintEntry.objects.count() == 1
    saved = manager.post(f"{ENTRIES}add/", _entry_data(council))
    assert saved.status_code == 302
    entry = FootprintEntry.objects.get(tco2e=Decimal("12.5"))
    assert entry.method == FootprintEntry.Method.REPORTED
    assert entry.history.get().history_user == council.people["manager"]
    target = records["target"]
    refused = manager.post(
        f"/admin/footprints/target/{target.pk}/change/",
        {
            "description": "x",
            "boundary": "",
            "covers": "",
            "baseline_year": "2030",
            "baseline_tco2e": "",
            "target_year": "2030",
            "reduction_percent": "100",
            "source": "s",
        },
    )
    assert refused.status_code == 200 and "must come after the baseline year" in (
        refused.content.decode()
    )
    assert Target.objects.get().description == "Borough net zero by 2030"


def test_a_total_with_parts_is_not_deleted_from_the_admin(council, records):
    manager = _client(council.people["manager"])
    total = records["total"]
    manager.post(f"/admin/footprints/statedtotal/{total.pk}/delete/", {"post": "yes"})
    assert StatedTotal.objects.filter(pk=total.pk).exists()


def test_calculated_figures_and_imports_are_read_only(council, records):
    manager = _client(council.people["manager"])
    calculated = FootprintEntry.objects.create(
        organisation=council.plan.organisation,
        reporting_year=2022,
        category=Category.GAS,
        boundary="council_net_zero",
        tco2e=Decimal(7),
        method=FootprintEntry.Method.CALCULATED,
        source="import",
        batch=records["batch"],
    )
    page = manager.get(f"{ENTRIES}{calculated.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = manager.post(f"{ENTRIES}{calculated.pk}/change/", _entry_data(council))
    assert response.status_code == 403
    assert manager.post(f"{ENTRIES}{calculated.pk}/delete/", {"post": "yes"}).status_code == 403
    assert FootprintEntry.objects.get(pk=calculated.pk).tco2e == 7
    assert manager.get("/admin/footprints/importbatch/add/").status_code == 403
    batch_page = manager.get(f"/admin/footprints/importbatch/{records['batch'].pk}/change/")
    assert batch_page.status_code == 200 and 'name="_save"' not in batch_page.content.decode()


def test_factor_set_choices_are_shown_but_made_only_where_the_rules_are_checked(council):
    from netzero.factors.models import SetYearChoice

    choice = SetYearChoice.objects.create(
        organisation=council.plan.organisation, reporting_year=2016, set_year=2019, reason="Test"
    )
    manager = _client(council.people["manager"])
    listing = manager.get("/admin/factors/setyearchoice/")
    assert listing.status_code == 200 and "Test" in listing.content.decode()
    assert manager.get("/admin/factors/setyearchoice/add/").status_code == 403
    page = manager.get(f"/admin/factors/setyearchoice/{choice.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert (
        manager.post(
            f"/admin/factors/setyearchoice/{choice.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert SetYearChoice.objects.filter(pk=choice.pk).exists()
