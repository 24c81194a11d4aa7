"""A partnership's plan (an ICS's Green Plan): a member trust's managers and theme leads report on
the actions their trust delivers, and only those; the plan's owner approves; another ICS's people
have no part in it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from netzero.access.models import Membership
from netzero.access.rules import forget_memberships
from netzero.organisations.models import Organisation
from netzero.plans.models import Delivery
from netzero.plans.services import delivery_add
from netzero.reporting.status import Status
from netzero.testing.factories import (
    ActionFactory,
    MembershipFactory,
    OrganisationFactory,
    PlanFactory,
    ReportingPeriodFactory,
    UserFactory,
)
from netzero.workflow.services import update_approve, update_save

pytestmark = pytest.mark.django_db
Role = Membership.Role


@pytest.fixture
def partnership():
    ics = OrganisationFactory(
        name="An ICS", slug="an-ics", kind=Organisation.Kind.INTEGRATED_CARE_SYSTEM
    )
    trust = OrganisationFactory(name="A Trust", slug="a-trust", partnership=ics)
    sister = OrganisationFactory(name="A Sister Trust", slug="sister-trust", partnership=ics)
    other_ics = OrganisationFactory(name="Another ICS", slug="another-ics")
    stranger = OrganisationFactory(
        name="Another ICS's Trust", slug="stranger", partnership=other_ics
    )
    plan = PlanFactory(organisation=ics, name="A Green Plan", slug="a-green-plan")
    ours = ActionFactory(plan=plan, ref="1.1")
    theirs = ActionFactory(plan=plan, ref="1.2")
    ics_only = ActionFactory(plan=plan, ref="1.3")
    for action in (ours, theirs, ics_only):
        delivery_add(action=action, organisation=ics, role=Delivery.Role.LEAD)
    delivery_add(action=ours, organisation=trust)
    delivery_add(action=theirs, organisation=sister)
    period = ReportingPeriodFactory(plan=plan, name="2022-23 Q4")

    def person(name, organisation, role):
        user = UserFactory(username=name)
        MembershipFactory(user=user, organisation=organisation, role=role)
        return user

    people = {
        "trust_lead": person("trust_lead", trust, Role.THEME_LEAD),
        "trust_manager": person("trust_manager", trust, Role.PROGRAMME_MANAGER),
        "trust_viewer": person("trust_viewer", trust, Role.VIEWER),
        "trust_contributor": person("trust_contributor", trust, Role.CONTRIBUTOR),
        "ics_manager": person("ics_manager", ics, Role.PROGRAMME_MANAGER),
        "ics_lead": person("ics_lead", ics, Role.THEME_LEAD),
        "stranger_lead": person("stranger_lead", stranger, Role.THEME_LEAD),
        "other_ics_manager": person("other_ics_manager", other_ics, Role.PROGRAMME_MANAGER),
    }
    return plan, period, {"1.1": ours, "1.2": theirs, "1.3": ics_only}, people


# person: (view the open period, edit 1.1 (their trust's), edit 1.2 (the sister trust's),
#          edit 1.3 (the ICS's alone), review updates, manage periods)
EXPECTED = {
    "trust_lead": (True, True, False, False, False, False),
    "trust_manager": (True, True, False, False, False, False),
    "trust_viewer": (False, False, False, False, False, False),
    "trust_contributor": (False, False, False, False, False, False),
    "ics_manager": (True, True, True, True, True, True),
    "ics_lead": (True, False, False, False, False, False),  # leads no delivery theme here
    "stranger_lead": (False, False, False, False, False, False),
    "other_ics_manager": (False, False, False, False, False, False),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_person_may_do_exactly_their_part(partnership, name):
    plan, period, actions, people = partnership
    user = people[name]
    got = (
        user.has_perm("netzero.view_period", period),
        user.has_perm("netzero.edit_update", actions["1.1"]),
        user.has_perm("netzero.edit_update", actions["1.2"]),
        user.has_perm("netzero.edit_update", actions["1.3"]),
        user.has_perm("netzero.review_updates", plan),
        user.has_perm("netzero.manage_periods", plan),
    )
    assert got == EXPECTED[name]


def test_a_trust_lead_reports_and_the_ics_approves(partnership):
    _plan, period, actions, people = partnership
    update = update_save(
        action=actions["1.1"],
        period=period,
        user=people["trust_lead"],
        status=Status.GOOD,
        progress="<p>Toolkit shared with every ward.</p>",
        reason="",
        mitigation="",
        expected_version=0,
        submit=True,
    )
    with pytest.raises(PermissionDenied):
        update_approve(update=update, user=people["trust_lead"])
    approved = update_approve(update=update, user=people["ics_manager"])
    assert approved.state == approved.State.APPROVED


def test_a_trust_lead_cannot_report_on_an_action_their_trust_does_not_deliver(partnership):
    _plan, period, actions, people = partnership
    for ref in ("1.2", "1.3"):
        with pytest.raises(PermissionDenied):
            update_save(
                action=actions[ref],
                period=period,
                user=people["trust_lead"],
                status=Status.GOOD,
                progress="<p>Done.</p>",
                reason="",
                mitigation="",
                expected_version=0,
            )
    assert not period.updates.exists()


def test_the_right_follows_the_delivery_record(partnership):
    _plan, _period, actions, people = partnership
    lead = people["trust_lead"]
    assert lead.has_perm("netzero.edit_update", actions["1.1"])
    Delivery.objects.filter(action=actions["1.1"], organisation__slug="a-trust").delete()
    forget_memberships(lead)
    assert not lead.has_perm("netzero.edit_update", actions["1.1"])


def test_the_trust_leads_updates_page_lists_only_their_trusts_actions(client, partnership):
    plan, period, _actions, people = partnership
    client.force_login(people["trust_lead"])
    page = client.get(f"/plans/{plan.slug}/periods/{period.slug}/updates/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/actions/1.1/update/" in html
    assert "/actions/1.2/update/" not in html and "/actions/1.3/update/" not in html
    edit = f"/plans/{plan.slug}/periods/{period.slug}/actions/"
    assert client.get(edit + "1.1/update/").status_code == 200
    assert client.get(edit + "1.2/update/").status_code == 403


def test_another_ics_cannot_see_the_open_period(client, partnership):
    plan, period, _actions, people = partnership
    client.force_login(people["stranger_lead"])
    assert client.get(f"/plans/{plan.slug}/periods/{period.slug}/updates/").status_code in {
        403,
        404,
    }
    assert client.get(f"/plans/{plan.slug}/periods/{period.slug}/").status_code == 404


def test_a_trust_that_leaves_the_partnership_loses_its_part(partnership):
    _plan, period, actions, people = partnership
    lead = people["trust_lead"]
    trust = lead.memberships.get().organisation
    trust.partnership = None
    trust.save()
    forget_memberships(lead)
    assert not lead.has_perm("netzero.edit_update", actions["1.1"])
    assert not lead.has_perm("netzero.view_period", period)
