"""Data entry in the admin: a programme manager sees and changes only their own plans'
schemes, categories and counts, and chooses only among them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from netzero.access.models import Membership
from netzero.classifications.services import (
    category_create,
    reported_count_record,
    scheme_create,
)
from netzero.demo.services import ADMIN_GROUP
from netzero.testing.factories import MembershipFactory, PlanFactory, UserFactory


@pytest.fixture
def schemes(council):
    ours = scheme_create(
        plan=council.plan, name="Our scheme", top_level_name="Module", second_level_name="Topic"
    )
    module = category_create(scheme=ours, name="Our module")
    topic = category_create(scheme=ours, name="Our topic", parent=module)
    reported_count_record(category=topic, count=12, source="Our report, page 3")
    elsewhere = PlanFactory(name="Elsewhere plan", slug="elsewhere-plan")
    theirs = scheme_create(
        plan=elsewhere, name="Their scheme", top_level_name="Module", second_level_name="Topic"
    )
    category_create(scheme=theirs, name="Their module")
    return ours, theirs


def test_a_manager_lists_and_edits_only_their_own_plans_categories(client, council, schemes):
    ours, theirs = schemes
    client.force_login(council.people["manager"])
    listing = client.get("/admin/classifications/category/").content.decode()
    assert "Our module" in listing and "Our topic" in listing
    assert "Their module" not in listing
    own = ours.categories.get(name="Our topic")
    assert client.get(f"/admin/classifications/category/{own.pk}/change/").status_code == 200
    other = theirs.categories.get()
    assert client.get(f"/admin/classifications/category/{other.pk}/change/").status_code != 200


def test_choices_are_the_managers_own_schemes(client, council, schemes):
    client.force_login(council.people["manager"])
    html = client.get("/admin/classifications/category/add/").content.decode()
    assert "Our scheme" in html and "Their scheme" not in html


def test_a_manager_of_another_organisation_cannot_change_them(client, council, schemes):
    ours, _ = schemes
    stranger = UserFactory(username="stranger", is_staff=True)
    stranger.groups.set([Group.objects.get(name=ADMIN_GROUP)])
    MembershipFactory(
        user=stranger,
        organisation=PlanFactory().organisation,
        role=Membership.Role.PROGRAMME_MANAGER,
    )
    client.force_login(stranger)
    assert "Our module" not in client.get("/admin/classifications/category/").content.decode()
    count = ours.categories.get(name="Our topic").reported.get()
    response = client.get(f"/admin/classifications/reportedcount/{count.pk}/change/")
    assert response.status_code != 200
