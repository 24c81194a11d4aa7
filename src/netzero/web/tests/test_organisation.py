"""The organisation's home page with its first-run checklist, and its details page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from netzero.access.models import Membership
from netzero.organisations.models import Organisation
from netzero.organisations.services import organisation_details_update
from netzero.testing.factories import (
    ActionFactory,
    MembershipFactory,
    OrganisationFactory,
    PlanFactory,
    ReportingPeriodFactory,
    UserFactory,
)
from netzero.web.presenters import setup_checklist
from netzero.web.selectors import organisation_setup

pytestmark = pytest.mark.django_db


def _new_council():
    """A council just created: one administrator, nothing else."""
    organisation = OrganisationFactory(
        name="Example District Council", slug="example", kind=Organisation.Kind.OTHER
    )
    admin = UserFactory(username="edc-admin", first_name="Erin", last_name="Dale")
    MembershipFactory(user=admin, organisation=organisation, role=Membership.Role.ADMINISTRATOR)
    return organisation, admin


def _statuses(organisation, administrator=True):
    checklist = setup_checklist(
        organisation=organisation,
        state=organisation_setup(organisation=organisation),
        administrator=administrator,
    )
    return {step.name: step.done for step in checklist.steps}, checklist


def test_a_new_organisation_has_every_step_to_do():
    organisation, _ = _new_council()
    done, checklist = _statuses(organisation)
    assert not any(done.values())
    assert not checklist.complete
    steps = {step.name: step for step in checklist.steps}
    # Without a plan, its actions and first quarter cannot start yet.
    assert steps["Add your actions"].href is None
    assert steps["Open your first quarter"].href is None
    assert steps["Open your first quarter"].status == "Cannot start yet"
    assert steps["Start your carbon footprint"].href == reverse(
        "footprints:figures", kwargs={"org_slug": "example"}
    )
    assert steps["Complete your organisation's details"].href == "/organisations/example/details/"


def test_people_and_details_are_the_administrators_steps():
    organisation, _ = _new_council()
    _, checklist = _statuses(organisation, administrator=False)
    steps = {step.name: step for step in checklist.steps}
    for name in ("Invite your people", "Complete your organisation's details"):
        assert steps[name].href is None
        assert steps[name].status == "For your administrator"
    assert steps["Create your plan"].status != "For your administrator"


def test_each_step_is_done_from_the_records():
    from netzero.footprints.services import entry_report, target_record

    organisation, _ = _new_council()
    MembershipFactory(organisation=organisation, role=Membership.Role.PROGRAMME_MANAGER)
    plan = PlanFactory(organisation=organisation)
    done, checklist = _statuses(organisation)
    assert done["Invite your people"] and done["Create your plan"]
    assert not done["Add your actions"]
    steps = {step.name: step for step in checklist.steps}
    assert steps["Open your first quarter"].href == reverse(
        "workflow:period_new", kwargs={"plan_slug": plan.slug}
    )
    ActionFactory(plan=plan)
    ReportingPeriodFactory(plan=plan, name="2025-26 Q1")
    entry_report(
        organisation=organisation,
        reporting_year=2024,
        category="gas",
        boundary="council_net_zero",
        tco2e="10",
        source="Annual report",
    )
    target_record(
        organisation=organisation,
        description="Net zero by 2030",
        target_year=2030,
        reduction_percent="100",
        source="Climate strategy",
    )
    organisation.kind = Organisation.Kind.DISTRICT_COUNCIL
    organisation.ons_area_code = "E07000035"
    done, checklist = _statuses(organisation)
    assert all(done.values()), done
    assert checklist.complete


@pytest.mark.parametrize(
    ("kind", "codes", "complete"),
    [
        (Organisation.Kind.OTHER, {}, False),
        (Organisation.Kind.COUNTY_COUNCIL, {}, False),
        (Organisation.Kind.COUNTY_COUNCIL, {"local_authority_code": "DBY"}, True),
        (Organisation.Kind.NHS_TRUST, {"ons_area_code": "E07000035"}, False),
        (Organisation.Kind.NHS_TRUST, {"ods_code": "RY8"}, True),
    ],
)
def test_details_are_complete_with_the_kind_and_its_code(kind, codes, complete):
    from netzero.web.selectors import details_completed

    assert details_completed(Organisation(kind=kind, **codes)) is complete


def test_the_checklist_is_for_managers_only(client):
    organisation, admin = _new_council()
    url = reverse("web:organisation", kwargs={"org_slug": organisation.slug})
    page = client.get(url).content.decode()
    assert "Example District Council" in page
    assert 'id="setup-checklist"' not in page
    viewer = MembershipFactory(organisation=organisation, role=Membership.Role.VIEWER).user
    client.force_login(viewer)
    assert 'id="setup-checklist"' not in client.get(url).content.decode()
    client.force_login(admin)
    page = client.get(url).content.decode()
    assert 'id="setup-checklist"' in page
    assert "Not started" in page and "Done" in page  # people invited now: two memberships
    assert reverse("web:organisation_details", kwargs={"org_slug": "example"}) in page


def test_the_checklist_collapses_once_set_up(client, council):
    plan = council.plan
    organisation = plan.organisation
    organisation.kind = Organisation.Kind.DISTRICT_COUNCIL
    organisation.local_authority_code = "TST"
    organisation.save()
    from netzero.footprints.services import stated_total_record, target_record

    stated_total_record(
        organisation=organisation,
        reporting_year=2022,
        label="Council net zero scope",
        boundary="council_net_zero",
        tco2e="10",
        source="Annual report",
    )
    target_record(
        organisation=organisation,
        description="Net zero by 2030",
        target_year=2030,
        reduction_percent="100",
        source="Climate strategy",
    )
    client.force_login(council.people["manager"])
    page = client.get(reverse("web:organisation", kwargs={"org_slug": organisation.slug}))
    text = page.content.decode()
    assert 'id="setup-complete"' in text and 'id="setup-checklist"' not in text
    # Its plan with the latest quarter this person may read (the open Q4, for its manager).
    assert "Dashboard for 2022-23 Q4" in text
    client.logout()
    text = client.get(reverse("web:organisation", kwargs={"org_slug": organisation.slug}))
    assert "Dashboard for 2022-23 Q3" in text.content.decode()


def test_a_plan_without_quarters_offers_managers_the_first(client):
    organisation, admin = _new_council()
    plan = PlanFactory(organisation=organisation, name="Climate Plan", slug="climate-plan")
    url = reverse("web:organisation", kwargs={"org_slug": organisation.slug})
    assert "No quarter published yet" in client.get(url).content.decode()
    client.force_login(admin)
    page = client.get(url).content.decode()
    assert reverse("workflow:period_new", kwargs={"plan_slug": plan.slug}) in page
    assert "Open the first quarter" in page


def test_the_area_link_needs_the_code_in_the_statistics(client):
    from netzero.territorial.models import AreaDataset, AreaYear

    organisation, _ = _new_council()
    organisation.local_authority_code = "EXD"
    organisation.save()
    url = reverse("web:organisation", kwargs={"org_slug": organisation.slug})
    assert "data-area" not in client.get(url).content.decode()
    dataset = AreaDataset.objects.create(
        title="t", source_file="t.csv", sha256="0" * 64, licence="x", attribution="x", rows=1
    )
    AreaYear.objects.create(
        dataset=dataset, authority_code="EXD", authority_name="Example", year=2020, total_kt_co2=1
    )
    page = client.get(url).content.decode()
    assert reverse("territorial:area", kwargs={"code": "EXD"}) in page


def test_a_private_organisation_page_is_not_found_outside_it(client):
    organisation, admin = _new_council()
    organisation.is_public = False
    organisation.save()
    url = reverse("web:organisation", kwargs={"org_slug": organisation.slug})
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(admin)
    assert client.get(url).status_code == 200


# The details page and its service.


def _details(**changes):
    values = {
        "kind": Organisation.Kind.DISTRICT_COUNCIL,
        "ons_area_code": "",
        "local_authority_code": "",
        "ods_code": "",
        "predecessor_ods_codes": "",
        "open_data_licence": "Open Government Licence v3.0",
        "is_public": True,
    }
    return values | changes


def test_the_administrator_saves_the_details():
    organisation, admin = _new_council()
    saved = organisation_details_update(
        user=admin,
        organisation=organisation,
        **_details(ons_area_code="e07000035", local_authority_code="exd", is_public=False),
    )
    organisation.refresh_from_db()
    assert saved.pk == organisation.pk
    assert (organisation.kind, organisation.ons_area_code, organisation.local_authority_code) == (
        Organisation.Kind.DISTRICT_COUNCIL,
        "E07000035",
        "EXD",
    )
    assert organisation.is_public is False
    assert organisation.name == "Example District Council"


def test_only_the_administrator_may_change_the_details():
    organisation, _ = _new_council()
    manager = MembershipFactory(
        organisation=organisation, role=Membership.Role.PROGRAMME_MANAGER
    ).user
    with pytest.raises(PermissionDenied):
        organisation_details_update(user=manager, organisation=organisation, **_details())
    organisation.refresh_from_db()
    assert organisation.kind == Organisation.Kind.OTHER


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ons_area_code": "X123"}, "ons_area_code"),
        ({"local_authority_code": "DERBY"}, "local_authority_code"),
        ({"ods_code": "RY8"}, "ods_code"),  # a council has no ODS code
        ({"kind": Organisation.Kind.NHS_TRUST, "ons_area_code": "E07000035"}, "ons_area_code"),
        ({"kind": "county"}, "kind"),
    ],
)
def test_details_are_refused_with_the_field_named(changes, field):
    organisation, admin = _new_council()
    with pytest.raises(ValidationError) as refused:
        organisation_details_update(user=admin, organisation=organisation, **_details(**changes))
    assert field in refused.value.message_dict
    organisation.refresh_from_db()
    assert organisation.kind == Organisation.Kind.OTHER


def test_every_problem_with_the_details_is_named_at_once():
    organisation, admin = _new_council()
    bad = _details(ons_area_code="X123", ods_code="!!!", local_authority_code="DERBY")
    with pytest.raises(ValidationError) as refused:
        organisation_details_update(user=admin, organisation=organisation, **bad)
    assert set(refused.value.message_dict) == {"ons_area_code", "ods_code", "local_authority_code"}
    assert "ODS codes are for NHS bodies" in refused.value.message_dict["ods_code"][0]


def test_the_details_page_saves_and_warns_of_codes_without_statistics(client):
    organisation, admin = _new_council()
    url = reverse("web:organisation_details", kwargs={"org_slug": organisation.slug})
    client.force_login(admin)
    page = client.get(url).content.decode()
    assert "Pages are public" in page and "not found for anyone outside it" in page
    assert 'name="name"' not in page  # the name is the operator's
    response = client.post(
        url,
        {
            "kind": "district_council",
            "local_authority_code": "zzz",
            "open_data_licence": "Open Government Licence v3.0",
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.local_authority_code == "ZZZ" and organisation.is_public is False
    page = client.get(url).content.decode()
    assert 'id="no-area-statistics"' in page
    response = client.post(
        url, {"kind": "district_council", "ods_code": "RY8", "open_data_licence": "OGL"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "ODS codes are for NHS bodies" in text and "govuk-error-summary" in text


def test_the_home_pages_areas_come_from_public_organisations_codes(client):
    from netzero.territorial.models import AreaDataset, AreaYear

    dataset = AreaDataset.objects.create(
        title="t", source_file="t.csv", sha256="0" * 64, licence="x", attribution="x", rows=2
    )
    for code, name in (("EXD", "Example"), ("PRV", "Private Borough")):
        AreaYear.objects.create(
            dataset=dataset, authority_code=code, authority_name=name, year=2020, total_kt_co2=1
        )
    organisation, _ = _new_council()  # named unlike the statistics' "Example"
    assert client.get("/").context["areas"] == []
    organisation.local_authority_code = "EXD"
    organisation.save()
    OrganisationFactory(name="Private Borough", local_authority_code="PRV", is_public=False)
    assert client.get("/").context["areas"] == [("EXD", "Example")]


def test_the_home_page_leads_a_new_organisations_people_to_its_page(client):
    organisation, admin = _new_council()
    page = client.get("/").content.decode()
    assert 'id="your-organisations"' not in page and "Start from your organisation" not in page
    client.force_login(admin)
    page = client.get("/").content.decode()
    assert 'id="your-organisations"' in page
    assert f'href="/organisations/{organisation.slug}/"' in page
    assert "Start from your organisation's page" in page
