"""The figures pages: an organisation's managers add, correct and delete its reported figures,
stated totals and targets, with the services' rules, a banner after each change and the
record's history on its change page."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from netzero.footprints.models import Category, FootprintEntry, StatedTotal, Target
from netzero.footprints.services import entry_report, stated_total_record

pytestmark = pytest.mark.django_db
LIST = "/organisations/borough-council/footprint/figures/"


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def org(council):
    return council.plan.organisation


@pytest.fixture
def manager(client, council):
    user = council.people["manager"]
    user.first_name, user.last_name = "Priya", "Shah"
    user.save()
    client.force_login(user)
    return user


FIGURE = {
    "reporting_year": "2022-23",
    "scope": "2",
    "category": Category.ELECTRICITY,
    "boundary": "council_net_zero",
    "tco2e": "1,234.5",
    "source": "Annual climate report 2022-23, table 2",
    "quality_note": "March estimated",
    "itemises": "",
}


def test_only_the_organisations_managers_reach_the_pages(client, council, org):
    assert client.get(LIST).status_code == 302  # to sign in
    for name, status in (("viewer", 403), ("planning", 403), ("outsider", 403), ("admin", 200)):
        client.force_login(council.people[name])
        assert client.get(LIST).status_code == status, name
        assert client.get(LIST + "reported/new/").status_code == status, name


def test_a_manager_adds_a_reported_figure_and_sees_it_listed(client, manager, org):
    response = client.post(LIST + "reported/new/", FIGURE)
    assert response.status_code == 302 and response["Location"] == LIST
    entry = FootprintEntry.objects.get()
    assert entry.tco2e == Decimal("1234.500") and entry.scope == 2
    assert entry.method == FootprintEntry.Method.REPORTED
    assert entry.history.get().history_user == manager
    text = _text(client.get(LIST))
    assert "Reported figure for 2022-23 added." in text
    assert "2022-23" in text and "Electricity" in text and "1,234.5" in text
    assert "Annual climate report 2022-23, table 2" in text and "March estimated" in text


def test_a_refused_figure_keeps_what_was_typed_and_says_why(client, manager):
    response = client.post(
        LIST + "reported/new/", {**FIGURE, "tco2e": "-12", "reporting_year": "2022"}
    )
    assert response.status_code == 200
    text = _text(response)
    assert "There is a problem" in text and "Write the reporting year like 2022-23" in text
    response = client.post(LIST + "reported/new/", {**FIGURE, "tco2e": "12.34567"})
    assert response.status_code == 200
    text = _text(response)
    assert "decimal places" in text and 'value="12.34567"' in response.content.decode()
    assert "Annual climate report 2022-23, table 2" in text
    assert not FootprintEntry.objects.exists()


def test_changing_a_figure_shows_its_history_by_full_name(client, manager, org):
    entry = entry_report(
        organisation=org,
        reporting_year=2022,
        category=Category.GAS,
        boundary="council_net_zero",
        tco2e="10",
        source="First report",
        user=manager,
    )
    page = client.get(f"{LIST}reported/{entry.pk}/")
    assert page.status_code == 200 and 'value="2022-23"' in page.content.decode()
    response = client.post(
        f"{LIST}reported/{entry.pk}/",
        {**FIGURE, "category": Category.GAS, "tco2e": "12", "source": "Corrected report"},
    )
    assert response.status_code == 302
    text = _text(client.get(f"{LIST}reported/{entry.pk}/"))
    assert "Priya Shah" in text and "manager" not in text.split("History")[1]
    assert "Added" in text and "12" in text and "Corrected report" in text


def test_deleting_asks_first_and_keeps_history(client, manager, org):
    entry = entry_report(
        organisation=org,
        reporting_year=2022,
        category=Category.GAS,
        boundary="council_net_zero",
        tco2e="10",
        source="First report",
    )
    url = f"{LIST}reported/{entry.pk}/delete/"
    assert "Delete this reported figure?" in _text(client.get(url))
    assert FootprintEntry.objects.exists()
    response = client.post(url)
    assert response.status_code == 302 and not FootprintEntry.objects.exists()
    assert "Reported figure for 2022-23 deleted." in _text(client.get(LIST))
    assert FootprintEntry.history.get(history_type="-").history_user == manager


def test_a_total_with_parts_is_not_deleted_and_the_page_says_why(client, manager, org):
    total = stated_total_record(
        organisation=org,
        reporting_year=2022,
        label="Council net zero scope",
        boundary="council_net_zero",
        tco2e="500",
        source="Report",
    )
    response = client.post(LIST + "reported/new/", {**FIGURE, "itemises": str(total.pk)})
    assert response.status_code == 302
    response = client.post(f"{LIST}total/{total.pk}/delete/")
    assert response.status_code == 400 and "1 part itemising it" in _text(response)
    assert StatedTotal.objects.filter(pk=total.pk).exists()


def test_a_stated_total_with_a_parent_is_added(client, manager, org):
    parent = stated_total_record(
        organisation=org,
        reporting_year=2022,
        label="Whole council",
        boundary="council_net_zero",
        tco2e="900",
        source="Report",
    )
    response = client.post(
        LIST + "total/new/",
        {
            "reporting_year": "2022-23",
            "label": "Buildings",
            "boundary": "council_net_zero",
            "tco2e": "400",
            "parts_complete": "on",
            "parent": str(parent.pk),
            "source": "Report, p. 5",
            "quality_note": "",
        },
    )
    assert response.status_code == 302
    total = StatedTotal.objects.get(label="Buildings")
    assert total.parent == parent and total.parts_complete and total.tco2e == 400


def test_a_target_with_a_baseline_is_added_and_changed(client, manager, org):
    target = {
        "description": "Net zero by 2030",
        "boundary": "council_net_zero",
        "covers": "The council's own operations",
        "baseline_year": "2021-22",
        "baseline_tco2e": "5,000",
        "target_year": "2030",
        "reduction_percent": "100",
        "source": "Climate strategy 2021",
    }
    assert client.post(LIST + "target/new/", target).status_code == 302
    saved = Target.objects.get()
    assert (saved.baseline_year, saved.baseline_tco2e, saved.target_year) == (2021, 5000, 2030)
    assert "Net zero by 2030" in _text(client.get(LIST)) and "2021-22: 5,000" in _text(
        client.get(LIST)
    )
    response = client.post(
        f"{LIST}target/{saved.pk}/", {**target, "baseline_year": "2031", "target_year": "2030"}
    )
    assert response.status_code == 200
    assert "must come after the baseline year (2031-32)" in _text(response)
    response = client.post(f"{LIST}target/{saved.pk}/", {**target, "baseline_year": "2019"})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.baseline_year == 2019


def test_a_calculated_figure_is_sent_to_its_import(client, manager, org):
    entry = FootprintEntry.objects.create(
        organisation=org,
        reporting_year=2022,
        category=Category.GAS,
        boundary="council_net_zero",
        tco2e=Decimal(1),
        method=FootprintEntry.Method.CALCULATED,
        source="import",
    )
    text = _text(client.get(f"{LIST}reported/{entry.pk}/"))
    assert "calculated from activity data" in text and "Save changes" not in text
    response = client.post(f"{LIST}reported/{entry.pk}/delete/")
    assert response.status_code == 400 and FootprintEntry.objects.filter(pk=entry.pk).exists()
    assert "1 figure calculated from activity data" in _text(client.get(LIST))


def test_another_organisations_record_is_not_found(client, council, manager):
    other = council.people["outsider"].memberships.get().organisation
    entry = entry_report(
        organisation=other,
        reporting_year=2022,
        category=Category.GAS,
        boundary="council_net_zero",
        tco2e="10",
        source="Theirs",
    )
    assert client.get(f"{LIST}reported/{entry.pk}/").status_code == 404
    assert client.post(f"{LIST}reported/{entry.pk}/delete/").status_code == 404
    assert client.get(f"{LIST}nonsense/new/").status_code == 404


def test_the_footprint_pages_link_managers_to_the_figures(client, council, org):
    entry_report(
        organisation=org,
        reporting_year=2022,
        category=Category.GAS,
        boundary="council_net_zero",
        tco2e="10",
        source="Report",
    )
    page = "/organisations/borough-council/footprint/2022-23/"
    assert "Add or correct figures" not in _text(client.get(page))
    client.force_login(council.people["manager"])
    assert "Add or correct figures" in _text(client.get(page))
    activity = _text(client.get("/organisations/borough-council/activity-data/"))
    assert "Figures and targets" in activity


def test_a_change_page_opens_with_every_saved_choice_selected(client, manager, org):
    """Saving a correction keeps what was not changed: the scope, and the total a figure is
    part of, are selected as saved (a select compared "1" with 1 and opened on "Not stated")."""
    total = stated_total_record(
        organisation=org,
        reporting_year=2022,
        label="Council total",
        boundary="council_net_zero",
        tco2e="100",
        source="Report",
    )
    entry = entry_report(
        organisation=org,
        reporting_year=2022,
        scope=1,
        category=Category.GAS,
        boundary="council_net_zero",
        tco2e="10",
        source="Report",
        itemises=total,
        user=manager,
    )
    page = client.get(f"{LIST}reported/{entry.pk}/").content.decode()
    assert '<option value="1" selected>Scope 1</option>' in page
    assert re.search(rf'<option value="{total.pk}" selected>', page)
    assert '<option value="gas" selected>' in page
    assert '<option value="council_net_zero" selected>' in page
