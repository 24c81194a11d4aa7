"""The people pages (the organisation's administrator only) and the invitation link, followed
by the test client from the email to signed in."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from netzero.access.models import Membership
from netzero.testing.factories import DeliveryThemeFactory, PlanFactory

Role = Membership.Role
pytestmark = pytest.mark.django_db
SLUG = "borough-council"
NEW_PASSWORD = "correct horse battery staple"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(council):
    # The council's administrator is also a superuser; a plain administrator must do the same.
    admin = council.people["admin"]
    admin.is_superuser = False
    admin.save()
    return _client(admin)


def _membership(council, who) -> Membership:
    return Membership.objects.get(user=council.people[who])


def _invite(client, **overrides):
    form = {
        "email": "sam.jones@example.org",
        "first_name": "Sam",
        "last_name": "Jones",
        "role": Role.THEME_LEAD,
        "job_title": "Planning Policy Manager",
    }
    return client.post(reverse("access:person_invite", args=[SLUG]), {**form, **overrides})


def _link(email_body: str) -> str:
    return re.search(r"https?://\S+/accounts/invitation/\S+/", email_body).group(0)


def test_the_people_page_lists_everyone_by_name_with_their_role(admin_client, council):
    response = admin_client.get(reverse("access:people", args=[SLUG]))
    assert response.status_code == 200
    text = response.content.decode()
    planning = council.people["planning"]
    assert planning.get_full_name() in text
    assert planning.email in text
    assert "Theme lead" in text
    assert "Planning" in text  # the delivery theme they lead
    assert "Ref 25" in text  # the contributor's action
    assert reverse("access:person", args=[SLUG, _membership(council, "viewer").pk]) in text
    assert "Invited, not signed in yet" not in text  # everyone here has a password


def test_invite_sends_the_link_which_signs_the_person_in_once(
    admin_client, council, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(admin_client)
    assert response.status_code == 302
    assert response["Location"] == reverse("access:people", args=[SLUG])
    page = admin_client.get(response["Location"]).content.decode()
    assert "An invitation has been sent to sam.jones@example.org" in page
    assert "Invited, not signed in yet" in page
    assert "Sam Jones" in page
    assert len(mailoutbox) == 1
    link = _link(mailoutbox[0].body)
    assert link.startswith("http://testserver/")

    visitor = Client()
    response = visitor.get(link)  # Django moves the token out of the address into the session
    assert response.status_code == 302
    form_url = response["Location"]
    page = visitor.get(form_url)
    assert page.status_code == 200
    assert "Accept your invitation" in page.content.decode()
    assert "Borough Council as theme lead" in page.content.decode()
    response = visitor.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    response = visitor.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("web:home")
    assert response.context["user"].get_username() == "sam.jones@example.org"
    assert "Your password has been set" in response.content.decode()
    person = get_user_model().objects.get(username="sam.jones@example.org")
    assert person.check_password(NEW_PASSWORD)
    signed_in = Client().post(
        reverse("login"), {"username": "sam.jones@example.org", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302

    # A second use of the same link fails: setting the password changed what it was made from.
    again = Client().get(link, follow=True)
    assert "This invitation link no longer works" in again.content.decode()
    assert "ask your organisation's administrator" in again.content.decode().lower()
    people = admin_client.get(reverse("access:people", args=[SLUG])).content.decode()
    assert "Invited, not signed in yet" not in people


def test_an_expired_link_fails(
    admin_client, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    from netzero.access.services import invitation_tokens

    with django_capture_on_commit_callbacks(execute=True):
        _invite(admin_client)
    link = _link(mailoutbox[0].body)
    later = datetime.now() + timedelta(days=3, minutes=1)  # PASSWORD_RESET_TIMEOUT: 3 days
    monkeypatch.setattr(invitation_tokens, "_now", lambda: later)
    response = Client().get(link, follow=True)
    assert "This invitation link no longer works" in response.content.decode()
    assert "3 days" in response.content.decode()
    monkeypatch.undo()
    assert "Accept your invitation" in Client().get(link, follow=True).content.decode()


def test_an_invitation_without_names_asks_for_them(
    council, mailoutbox, django_capture_on_commit_callbacks
):
    from netzero.access.services import membership_invite

    with django_capture_on_commit_callbacks(execute=True):
        membership_invite(
            user=None,
            organisation=council.plan.organisation,
            email="first.admin@example.org",
            first_name="",
            last_name="",
            role=Role.ADMINISTRATOR,
        )
    visitor = Client()
    form_url = visitor.get(_link(mailoutbox[0].body))["Location"]
    response = visitor.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 200
    assert "Enter your first name." in response.content.decode()
    visitor.post(
        form_url,
        {
            "first_name": "Alex",
            "last_name": "Smith",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    person = get_user_model().objects.get(username="first.admin@example.org")
    assert person.get_full_name() == "Alex Smith"
    assert person.check_password(NEW_PASSWORD)


def test_invite_shows_errors_beside_the_fields(admin_client, council):
    response = _invite(admin_client, email="nope", first_name="")
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Enter an email address in the correct format" in text
    assert "Enter their first name." in text
    response = _invite(admin_client, email=council.people["viewer"].email)
    assert "already one of Borough Council&#x27;s people" in response.content.decode()


def test_change_a_role_and_the_themes_led(admin_client, council):
    membership = _membership(council, "viewer")
    url = reverse("access:person", args=[SLUG, membership.pk])
    page = admin_client.get(url).content.decode()
    assert "Delivery themes they lead" in page
    assert "(Borough Climate Strategy)" not in page  # one plan: no plan in the labels
    planning = council.plan.delivery_themes.get(name="Planning")
    response = admin_client.post(
        url,
        {
            "role": Role.THEME_LEAD,
            "job_title": "Head of Planning",
            "name_published": "on",
            "delivery_themes": [planning.pk],
        },
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.job_title, membership.name_published) == (
        Role.THEME_LEAD,
        "Head of Planning",
        True,
    )
    assert list(membership.delivery_themes.all()) == [planning]
    banner = admin_client.get(response["Location"]).content.decode()
    assert "role has been saved" in banner


def test_the_pickers_list_only_the_organisations_themes_labelled_by_plan(admin_client, council):
    other_council = PlanFactory(name="Other Plan")  # another organisation's
    DeliveryThemeFactory(plan=other_council, name="Planning")
    second = PlanFactory(organisation=council.plan.organisation, name="Adaptation Plan")
    DeliveryThemeFactory(plan=second, name="Planning")
    url = reverse("access:person", args=[SLUG, _membership(council, "planning").pk])
    page = admin_client.get(url).content.decode()
    assert "Planning (Borough Climate Strategy)" in page
    assert "Planning (Adaptation Plan)" in page
    assert "Other Plan" not in page
    foreign = other_council.delivery_themes.get()
    response = admin_client.post(url, {"role": Role.THEME_LEAD, "delivery_themes": [foreign.pk]})
    assert response.status_code == 200  # not one of the choices
    assert foreign not in _membership(council, "planning").delivery_themes.all()


def test_remove_asks_then_removes(admin_client, council):
    membership = _membership(council, "viewer")
    url = reverse("access:person_remove", args=[SLUG, membership.pk])
    assert "Remove" in admin_client.get(url).content.decode()
    response = admin_client.post(url)
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert "has been removed" in admin_client.get(response["Location"]).content.decode()


def test_removing_the_last_administrator_is_refused_on_the_page(admin_client, council):
    membership = _membership(council, "admin")
    response = admin_client.post(reverse("access:person_remove", args=[SLUG, membership.pk]))
    assert response.status_code == 400
    assert "only administrator" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_reinvite_from_the_list(
    admin_client, council, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(admin_client)
    membership = Membership.objects.get(user__username="sam.jones@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("access:person_reinvite", args=[SLUG, membership.pk]), follow=True
        )
    assert "A new invitation has been sent" in response.content.decode()
    assert len(mailoutbox) == 2
    assert _link(mailoutbox[1].body) != _link(mailoutbox[0].body)
    # Someone who has set a password is not re-invited.
    viewer = _membership(council, "viewer")
    response = admin_client.post(
        reverse("access:person_reinvite", args=[SLUG, viewer.pk]), follow=True
    )
    assert "already set a password" in response.content.decode()


@pytest.mark.parametrize("who", ["manager", "planning", "outsider", "viewer"])
def test_nobody_but_the_administrator_reaches_the_pages(council, who):
    client = _client(council.people[who])
    viewer = _membership(council, "viewer")
    for url in (
        reverse("access:people", args=[SLUG]),
        reverse("access:person_invite", args=[SLUG]),
        reverse("access:person", args=[SLUG, viewer.pk]),
        reverse("access:person_remove", args=[SLUG, viewer.pk]),
    ):
        assert client.get(url).status_code == 403, url
        if url != reverse("access:people", args=[SLUG]):  # the list is read only (405)
            assert client.post(url, {"role": Role.ADMINISTRATOR}).status_code == 403, url
    reinvite = reverse("access:person_reinvite", args=[SLUG, viewer.pk])
    assert client.post(reinvite).status_code == 403
    assert Membership.objects.get(pk=viewer.pk).role == Role.VIEWER


def test_another_organisations_membership_is_not_found(admin_client, council):
    outsider = _membership(council, "outsider")
    url = reverse("access:person", args=[SLUG, outsider.pk])
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url, {"role": Role.VIEWER}).status_code == 404
    assert Membership.objects.get(pk=outsider.pk).role == Role.PROGRAMME_MANAGER


def test_forgotten_password(council, mailoutbox):
    viewer = council.people["viewer"]
    login = Client().get(reverse("login")).content.decode()
    assert reverse("password_reset") in login
    response = Client().post(reverse("password_reset"), {"email": viewer.email.upper()})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mailoutbox[0].body)
    assert "3 days" in mailoutbox[0].body
    visitor = Client()
    form_url = visitor.get(link.group(1))["Location"]
    response = visitor.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("password_reset_complete")
    viewer.refresh_from_db()
    assert viewer.check_password(NEW_PASSWORD)
    # Used once: the same link no longer works.
    again = Client().get(link.group(1), follow=True).content.decode()
    assert "This link no longer works" in again


def test_forgotten_password_sends_nothing_to_someone_still_invited(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(admin_client)
    Client().post(reverse("password_reset"), {"email": "sam.jones@example.org"})
    assert len(mailoutbox) == 1  # the invitation only


def test_invite_needs_a_role_chosen(admin_client):
    page = admin_client.get(reverse("access:person_invite", args=[SLUG])).content.decode()
    assert '<option value="">Choose a role</option><option value="administrator">' in page
    response = _invite(admin_client, role="")
    assert "Choose a role." in response.content.decode()
    assert not get_user_model().objects.filter(username="sam.jones@example.org").exists()


def test_the_people_list_reads_in_the_same_queries_whatever_its_size(admin_client, council):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from netzero.testing.factories import MembershipFactory

    url = reverse("access:people", args=[SLUG])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url).status_code == 200
        return len(captured)

    before = queries()
    for _ in range(5):
        MembershipFactory(
            organisation=council.plan.organisation,
            role=Role.THEME_LEAD,
            delivery_themes=[council.plan.delivery_themes.first()],
        )
    assert queries() == before


@pytest.mark.django_db
def test_an_invited_person_signs_in_with_their_email_in_any_capitals(client):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user(
        username="sam.jones@example.org", email="sam.jones@example.org", password="pass phrase 42"
    )
    response = client.post(
        "/accounts/login/", {"username": " Sam.Jones@Example.org", "password": "pass phrase 42"}
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/accounts/invitation/ZZZ/xyz/",  # not an id at all
        "/accounts/invitation/MTAwMA/abc-def/",  # the id of nobody (1000)
    ],
)
def test_a_malformed_or_unknown_invitation_link_says_it_no_longer_works(client, path):
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert "This invitation link no longer works" in response.content.decode()


@pytest.mark.django_db
def test_a_wrong_password_says_to_use_the_email_address_and_the_exact_password(client):
    response = client.post("/accounts/login/", {"username": "a@example.org", "password": "x"})
    html = response.content.decode()
    assert "Email address or username" in html
    assert "Enter a correct email address (or username) and password." in html
