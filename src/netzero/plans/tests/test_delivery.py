"""Who may deliver a plan's actions: its owner and the owner's partners, one lead each."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from netzero.organisations.models import Organisation
from netzero.plans.models import Action, Delivery
from netzero.plans.services import delivery_add
from netzero.testing.factories import ActionFactory, OrganisationFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ics_plan():
    ics = OrganisationFactory(
        name="An ICS", slug="an-ics", kind=Organisation.Kind.INTEGRATED_CARE_SYSTEM
    )
    trust = OrganisationFactory(
        name="A Trust", slug="a-trust", kind=Organisation.Kind.NHS_TRUST, partnership=ics
    )
    plan = PlanFactory(organisation=ics, slug="green-plan")
    return plan, ics, trust


def test_the_owner_leads_and_a_member_trust_partners(ics_plan):
    plan, ics, trust = ics_plan
    action = ActionFactory(plan=plan, ref="1.1")
    delivery_add(action=action, organisation=trust)
    delivery_add(action=action, organisation=ics, role=Delivery.Role.LEAD)
    rows = list(action.deliveries.order_by("role").values_list("organisation__slug", "role"))
    assert rows == [("an-ics", "lead"), ("a-trust", "partner")]


def test_an_organisation_outside_the_partnership_is_refused(ics_plan):
    plan, _ics, _trust = ics_plan
    stranger = OrganisationFactory(name="Another ICS's Trust", slug="elsewhere")
    action = ActionFactory(plan=plan)
    with pytest.raises(ValidationError) as caught:
        delivery_add(action=action, organisation=stranger)
    assert caught.value.error_dict["organisation"][0].code == "not_a_partner"
    assert "Another ICS's Trust is not An ICS nor one of its partners" in str(caught.value)
    assert not Delivery.objects.exists()


def test_an_action_has_one_lead(ics_plan):
    plan, ics, trust = ics_plan
    action = ActionFactory(plan=plan)
    delivery_add(action=action, organisation=ics, role=Delivery.Role.LEAD)
    with pytest.raises(ValidationError) as caught:
        delivery_add(action=action, organisation=trust, role=Delivery.Role.LEAD)
    assert caught.value.error_dict["role"][0].code == "second_lead"
    assert "An ICS already leads Ref" in str(caught.value)
    assert action.deliveries.count() == 1


def test_an_organisation_delivers_an_action_once(ics_plan):
    plan, _ics, trust = ics_plan
    action = ActionFactory(plan=plan)
    delivery_add(action=action, organisation=trust)
    with pytest.raises(ValidationError) as caught:
        delivery_add(action=action, organisation=trust)
    assert "This organisation already delivers the action." in str(caught.value)
    assert action.deliveries.count() == 1


def test_the_same_trust_may_partner_many_actions(ics_plan):
    plan, _ics, trust = ics_plan
    first, second = ActionFactory(plan=plan), ActionFactory(plan=plan)
    delivery_add(action=first, organisation=trust)
    delivery_add(action=second, organisation=trust)
    assert set(trust.deliveries.values_list("action__ref", flat=True)) == {first.ref, second.ref}


def test_saving_an_action_reads_its_timescale_into_financial_years(ics_plan):
    plan, _ics, _trust = ics_plan
    action = ActionFactory(plan=plan, target="2022-2025")
    fresh = Action.objects.get(pk=action.pk)
    assert (fresh.start_year, fresh.end_year, fresh.target_year) == (2022, 2025, 2025)
    fresh.target = "2024/25"
    fresh.save()
    fresh.refresh_from_db()
    assert (fresh.start_year, fresh.end_year) == (2024, 2024)
    fresh.target = ""
    fresh.save()
    fresh.refresh_from_db()
    assert (fresh.start_year, fresh.end_year) == (None, None)


def test_an_ics_manager_may_name_a_member_trust_in_data_entry(client, ics_plan):
    """The admin's delivery rows offer the ICS and its members, and no one else."""
    from django.contrib.auth.models import Permission

    from netzero.access.models import Membership
    from netzero.testing.factories import MembershipFactory, UserFactory

    plan, ics, _trust = ics_plan
    OrganisationFactory(name="Elsewhere Trust", slug="elsewhere")
    action = ActionFactory(plan=plan, ref="1.1")
    manager = UserFactory(username="ics-manager", is_staff=True)
    MembershipFactory(user=manager, organisation=ics, role=Membership.Role.PROGRAMME_MANAGER)
    manager.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_action", "change_action", "view_delivery", "add_delivery"]
        )
    )
    client.force_login(manager)
    page = client.get(f"/admin/plans/action/{action.pk}/change/").content.decode()
    select = page.split('name="deliveries-__prefix__-organisation"')[1].split("</select>")[0]
    assert ">An ICS<" in select and ">A Trust<" in select
    assert "Elsewhere Trust" not in select
