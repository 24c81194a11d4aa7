"""The people services: every rule, each refusal, the database-backed check on what a
membership names, and the admin rights that come with a role."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction

from netzero.access import services
from netzero.access.models import Membership
from netzero.access.roles import ADMINISTRATORS, PROGRAMME_MANAGERS
from netzero.core.exceptions import Refused
from netzero.testing.factories import (
    ActionFactory,
    DeliveryThemeFactory,
    MembershipFactory,
    OrganisationFactory,
    PlanFactory,
    UserFactory,
)

Role = Membership.Role
pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(council):
    return council.plan.organisation


@pytest.fixture
def admin(council):
    return council.people["admin"]


@pytest.fixture
def other_plan():
    """Another council's plan with a delivery theme named like the council's ("Planning")."""
    plan = PlanFactory(organisation=OrganisationFactory(name="Example District Council"))
    DeliveryThemeFactory(plan=plan, name="Planning")
    ActionFactory(plan=plan, ref="16")
    return plan


def _invite(user, organisation, **overrides):
    arguments = {
        "email": "Jo.Bloggs@Example.org",
        "first_name": "Jo",
        "last_name": "Bloggs",
        "role": Role.PROGRAMME_MANAGER,
        "job_title": "Climate Change Officer",
    }
    return services.membership_invite(
        user=user, organisation=organisation, **{**arguments, **overrides}
    )


def test_invite_creates_an_account_without_a_password_and_emails_the_link(
    admin, organisation, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.PASSWORD_RESET_TIMEOUT = 3 * 86400
    with django_capture_on_commit_callbacks(execute=True):
        membership = _invite(admin, organisation, site_url="https://tracker.example.org/")
    person = membership.user
    assert person.username == "jo.bloggs@example.org"
    assert person.email == "Jo.Bloggs@example.org"  # the domain normalised
    assert (person.first_name, person.last_name) == ("Jo", "Bloggs")
    assert not person.has_usable_password()
    assert (membership.role, membership.job_title) == (
        Role.PROGRAMME_MANAGER,
        "Climate Change Officer",
    )
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["Jo.Bloggs@example.org"]
    assert "Borough Council" in email.subject
    assert "https://tracker.example.org/accounts/invitation/" in email.body
    assert "3 days" in email.body
    assert "programme manager" in email.body


def test_invite_sends_nothing_when_the_transaction_is_undone(admin, organisation, mailoutbox):
    # Without running the on-commit callbacks (the test's transaction never commits).
    _invite(admin, organisation)
    assert mailoutbox == []


def test_an_existing_account_gets_the_membership_not_a_new_account(
    admin, organisation, council, mailoutbox, django_capture_on_commit_callbacks
):
    outsider = council.people["outsider"]
    before = get_user_model().objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        membership = _invite(admin, organisation, email=outsider.email.upper(), role=Role.VIEWER)
    assert membership.user == outsider
    assert get_user_model().objects.count() == before
    assert "added" in mailoutbox[0].subject
    assert "invitation" not in mailoutbox[0].body


def test_invite_refuses_someone_already_a_member(admin, organisation, council):
    with pytest.raises(Refused) as refused:
        _invite(admin, organisation, email=council.people["viewer"].email)
    assert "already one of Borough Council's people" in str(refused.value)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not an email"}, "email"),
        ({"first_name": " "}, "first_name"),
        ({"last_name": ""}, "last_name"),
        ({"role": "owner"}, "role"),
    ],
)
def test_invite_refuses_what_is_missing_or_wrong(admin, organisation, overrides, field):
    before = get_user_model().objects.count()
    with pytest.raises(Refused) as refused:
        _invite(admin, organisation, **overrides)
    assert field in refused.value.message_dict
    assert get_user_model().objects.count() == before


@pytest.mark.parametrize("who", ["manager", "planning", "viewer", "outsider"])
def test_only_the_administrator_may_invite(council, organisation, who):
    with pytest.raises(PermissionDenied):
        _invite(council.people[who], organisation)
    assert not get_user_model().objects.filter(username="jo.bloggs@example.org").exists()


def test_the_operator_may_invite_without_names(organisation):
    membership = _invite(None, organisation, first_name="", last_name="", role=Role.ADMINISTRATOR)
    assert membership.user.get_full_name() == ""
    assert membership.user.is_staff


def test_update_keeps_themes_for_leads_and_actions_for_contributors(admin, council):
    membership = Membership.objects.get(user=council.people["viewer"])
    planning = council.plan.delivery_themes.get(name="Planning")
    ref_25 = council.actions["25"]
    services.membership_update(
        user=admin,
        membership=membership,
        role=Role.THEME_LEAD,
        job_title=" Head of Planning ",
        name_published=True,
        delivery_themes=[planning],
        actions=[ref_25],
    )
    membership.refresh_from_db()
    assert (membership.role, membership.job_title, membership.name_published) == (
        Role.THEME_LEAD,
        "Head of Planning",
        True,
    )
    assert list(membership.delivery_themes.all()) == [planning]
    assert list(membership.actions.all()) == []
    services.membership_update(
        user=admin,
        membership=membership,
        role=Role.CONTRIBUTOR,
        job_title="",
        name_published=False,
        delivery_themes=[planning],
        actions=[ref_25],
    )
    assert list(membership.delivery_themes.all()) == []
    assert list(membership.actions.all()) == [ref_25]


def test_update_refuses_another_organisations_theme_or_action(admin, council, other_plan):
    membership = Membership.objects.get(user=council.people["planning"])
    with pytest.raises(Refused) as refused:
        services.membership_update(
            user=admin,
            membership=membership,
            role=Role.THEME_LEAD,
            job_title="",
            name_published=False,
            delivery_themes=[other_plan.delivery_themes.get()],
        )
    assert "delivery_themes" in refused.value.message_dict
    with pytest.raises(Refused) as refused:
        services.membership_update(
            user=admin,
            membership=membership,
            role=Role.CONTRIBUTOR,
            job_title="",
            name_published=False,
            actions=[other_plan.actions.get()],
        )
    assert "actions" in refused.value.message_dict
    assert [t.name for t in membership.delivery_themes.all()] == ["Planning"]
    assert membership.delivery_themes.get().plan == council.plan


def test_the_database_refuses_another_organisations_theme_or_action(council, other_plan):
    """The check is on the relation itself: the admin, the shell and a service cannot save it."""
    membership = Membership.objects.get(user=council.people["planning"])
    theme = other_plan.delivery_themes.get()
    action = other_plan.actions.get()
    # Each in its own savepoint: the refusal undoes the transaction it is raised in.
    for add in (
        lambda: membership.delivery_themes.add(theme),
        lambda: membership.actions.set([action]),
        lambda: theme.lead_memberships.add(membership),  # from the other side of the relation
        lambda: action.contributor_memberships.add(membership),
    ):
        with pytest.raises(Refused), transaction.atomic():
            add()
    assert theme not in membership.delivery_themes.all()
    assert not action.contributor_memberships.exists()
    # The organisation's own still go in.
    own = council.plan.delivery_themes.get(name="External Transport and Travel")
    membership.delivery_themes.add(own)
    assert own in membership.delivery_themes.all()


def test_the_last_administrator_stays(council, admin, organisation):
    membership = Membership.objects.get(user=admin, organisation=organisation)
    with pytest.raises(Refused) as refused:
        services.membership_remove(user=admin, membership=membership)
    assert "only administrator" in str(refused.value)
    with pytest.raises(Refused) as refused:
        services.membership_update(
            user=admin, membership=membership, role=Role.VIEWER, job_title="", name_published=False
        )
    assert "role" in refused.value.message_dict
    assert Membership.objects.get(pk=membership.pk).role == Role.ADMINISTRATOR
    # With a second administrator, the first may go.
    second = Membership.objects.get(user=council.people["manager"])
    services.membership_update(
        user=admin, membership=second, role=Role.ADMINISTRATOR, job_title="", name_published=False
    )
    services.membership_remove(user=admin, membership=membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_remove_takes_the_role_and_its_admin_rights(admin, council):
    manager = council.people["manager"]
    assert manager.is_staff
    assert list(manager.groups.values_list("name", flat=True)) == [PROGRAMME_MANAGERS]
    services.membership_remove(user=admin, membership=Membership.objects.get(user=manager))
    manager.refresh_from_db()
    assert not manager.is_staff
    assert not manager.groups.exists()
    assert not Membership.objects.filter(user=manager).exists()


@pytest.mark.parametrize("who", ["manager", "planning", "outsider"])
def test_only_the_administrator_may_change_or_remove(council, who):
    membership = Membership.objects.get(user=council.people["viewer"])
    with pytest.raises(PermissionDenied):
        services.membership_remove(user=council.people[who], membership=membership)
    with pytest.raises(PermissionDenied):
        services.membership_update(
            user=council.people[who],
            membership=membership,
            role=Role.ADMINISTRATOR,
            job_title="",
            name_published=False,
        )
    assert Membership.objects.get(pk=membership.pk).role == Role.VIEWER


def test_reinvite_sends_a_new_link_and_the_old_one_stops_working(
    admin, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    membership = _invite(admin, organisation)
    person = membership.user
    old_token = services.invitation_tokens.make_token(person)
    with django_capture_on_commit_callbacks(execute=True):
        link = services.membership_reinvite(user=admin, membership=membership)
    person.refresh_from_db()
    assert not services.invitation_tokens.check_token(person, old_token)
    assert link in mailoutbox[-1].body


def test_reinvite_refuses_someone_who_has_set_a_password(admin, council):
    with pytest.raises(Refused) as refused:
        services.membership_reinvite(
            user=admin, membership=Membership.objects.get(user=council.people["viewer"])
        )
    assert "already set a password" in str(refused.value)


def test_roles_carry_their_admin_rights(organisation, council):
    """Staff status and the role's group follow every change of role, on any path (here the
    ORM directly, as the admin and the demo save memberships)."""
    person = UserFactory(username="newcomer")
    membership = MembershipFactory(user=person, organisation=organisation, role=Role.VIEWER)
    person.refresh_from_db()
    assert not person.is_staff and not person.groups.exists()
    membership.role = Role.ADMINISTRATOR
    membership.save()
    person.refresh_from_db()
    assert person.is_staff
    assert set(person.groups.values_list("name", flat=True)) == {ADMINISTRATORS}
    # A programme manager elsewhere too: both groups, still staff.
    MembershipFactory(user=person, organisation=OrganisationFactory(), role=Role.PROGRAMME_MANAGER)
    person.refresh_from_db()
    assert set(person.groups.values_list("name", flat=True)) == {ADMINISTRATORS, PROGRAMME_MANAGERS}
    # A group that is not a role's is left alone.
    other = Group.objects.create(name="Report readers")
    person.groups.add(other)
    Membership.objects.filter(user=person).delete()
    person.refresh_from_db()
    assert not person.is_staff
    assert list(person.groups.all()) == [other]


def test_deleting_a_person_with_memberships_works(council):
    person = council.people["manager"]
    person.delete()
    assert not Membership.objects.filter(user_id=person.pk).exists()
