"""The partnership page: members' footprints, and what each member delivers in the partnership's
plans with its latest status (from the same quarter's dashboard)."""

from __future__ import annotations

import pytest

from netzero.access.models import Membership
from netzero.demo.green_plan import green_plan_actions_load, green_plan_load
from netzero.demo.services import demo_load
from netzero.testing.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def green_plan():
    demo_load()  # the council is a partner in intervention 3.5
    green_plan_load()
    return green_plan_actions_load()


def section(html: str, slug: str) -> str:
    return html.split(f'id="delivery-{slug}"')[1].split("<h3")[0]


def test_each_member_lists_the_interventions_it_delivers(client, green_plan):
    html = client.get("/organisations/jucd-ics/partnership/").content.decode()
    assert 'id="members"' in html  # the footprints table is still there
    title = (
        "Joined Up Care Derbyshire ICS: members' footprints and delivery \u2013 Net Zero Tracker"
    )
    assert f"<title>{title}</title>" in html
    assert html.count('id="delivery"') == 1
    crhft = section(html, "crhft")
    assert "/plans/jucd-green-plan/actions/7.1/" in crhft and ">Partner<" in crhft
    assert "/actions/3.5/" in section(html, "dchs")
    assert "/actions/3.3/" in section(html, "emas")
    assert "Delivers none of the partnership's actions yet." in section(html, "uhdb")
    # 2022-23 Q4 is open: a reader who is not signed in sees no status for it.
    assert "No quarter you can see yet" in crhft and "Not reported" not in crhft


def test_a_members_lead_sees_the_open_quarters_status(client, green_plan):
    lead = UserFactory(username="crhft-lead")
    MembershipFactory(
        user=lead,
        organisation=green_plan.organisation.members.get(slug="crhft"),
        role=Membership.Role.THEME_LEAD,
    )
    client.force_login(lead)
    crhft = section(client.get("/organisations/jucd-ics/partnership/").content.decode(), "crhft")
    assert "Not reported" in crhft and "2022-23 Q4" in crhft


def test_an_organisation_without_members_has_no_partnership_page(client, green_plan):
    assert client.get("/organisations/crhft/partnership/").status_code == 404
