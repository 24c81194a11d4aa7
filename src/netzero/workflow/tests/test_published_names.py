"""People on pages anyone may read are shown by the name and role their organisation publishes,
never by their username; the organisation's own people read each other's full names."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netzero.access.models import Membership
from netzero.access.people import people_shown, person_shown
from netzero.testing.factories import MembershipFactory, OrganisationFactory, UserFactory
from netzero.workflow.selectors import action_timeline
from netzero.workflow.services import period_publish, update_approve, update_save

pytestmark = pytest.mark.django_db


def _membership(council, username: str, **kwargs) -> Membership:
    return Membership.objects.select_related("user").get(
        user__username=username, organisation=council.plan.organisation, **kwargs
    )


def test_a_person_is_shown_by_what_the_reader_may_read(council):
    organisation = council.plan.organisation
    manager = _membership(council, "manager")
    person = manager.user
    person.username, person.email = "edc-admin", "climate@example.invalid"
    person.first_name, person.last_name = "", ""
    person.save()
    viewer = council.people["viewer"]
    outsider = council.people["outsider"]

    def shown(reader):
        return person_shown(person=person, organisation=organisation, reader=reader)

    # No name: their own colleagues read the email, others the role. Never the username.
    assert shown(viewer) == "climate@example.invalid"
    assert shown(AnonymousUser()) == shown(outsider) == shown(None) == "Programme manager"
    manager.job_title = "Climate Change Manager"
    manager.save()
    assert shown(outsider) == "Climate Change Manager"
    person.first_name, person.last_name = "Sam", "Okafor"
    person.save()
    assert shown(viewer) == shown(council.people["admin"]) == "Sam Okafor"  # admin: superuser
    assert shown(outsider) == "Climate Change Manager"  # the name is not published
    manager.name_published = True
    manager.save()
    assert shown(AnonymousUser()) == "Sam Okafor, Climate Change Manager"
    # Someone with no membership here (an operator) is shown as the organisation.
    stranger = UserFactory(username="op-stranger", first_name="Ola", last_name="Ade")
    assert person_shown(person=stranger, organisation=organisation, reader=None) == (
        "Borough Council"
    )
    assert person_shown(person=stranger, organisation=organisation, reader=viewer) == "Ola Ade"


def test_many_people_are_shown_in_one_query(council, django_assert_num_queries):
    organisation = council.plan.organisation
    people = list(council.people.values())
    with django_assert_num_queries(1):
        names = people_shown(people=people, organisation=organisation, reader=AnonymousUser())
    assert names[council.people["planning"].pk] == "Theme lead"
    assert names[council.people["outsider"].pk] == "Borough Council"
    assert not {p.username for p in people} & set(names.values())


@pytest.fixture
def published_q4(council):
    """Ref 10's Q4 update written by the Planning lead, approved by the manager, published;
    Ref 10's title changed by the Planning lead. Usernames that are nobody's name or email."""
    people = council.people
    for user in people.values():
        user.username = f"edc-{user.username}"
        user.save()
    lead = _membership(council, "edc-planning")
    lead.job_title = "Planning Policy Manager"
    lead.save()
    manager = people["manager"]
    manager.first_name, manager.last_name = "Sam", "Okafor"
    manager.save()
    action = council.actions["10"]
    action.title = "Retrofit the depot"
    action._history_user = people["planning"]
    action.save()
    update = update_save(
        action=action,
        period=council.q4,
        user=people["planning"],
        status="Good",
        progress="<p>Going well.</p>",
        reason="",
        mitigation="",
        expected_version=0,
        submit=True,
    )
    update_approve(update=update, user=manager)
    period_publish(period=council.q4, user=manager)
    return council


def test_the_public_action_page_shows_published_roles_never_usernames(client, published_q4):
    council = published_q4
    url = f"/plans/{council.plan.slug}/actions/10/"
    page = client.get(url).content.decode()
    timeline = page.split('id="timeline-list"')[1].split("</ol>")[0]
    assert "Planning Policy Manager" in timeline  # changed the action
    assert "Programme manager" in timeline  # approved the update
    assert "Sam Okafor" not in timeline  # the name is not published
    assert "edc-" not in page
    signed_in = Client()
    signed_in.force_login(council.people["viewer"])
    page = signed_in.get(url).content.decode()
    timeline = page.split('id="timeline-list"')[1].split("</ol>")[0]
    assert "Sam Okafor" in timeline
    assert "planning@example.invalid" in timeline  # no name set: the email, for colleagues
    assert "edc-" not in page


def test_a_published_name_is_shown_to_the_public(client, published_q4):
    council = published_q4
    manager = _membership(council, "edc-manager")
    manager.job_title, manager.name_published = "Head of Climate", True
    manager.save()
    page = client.get(f"/plans/{council.plan.slug}/actions/10/").content.decode()
    assert "Sam Okafor, Head of Climate" in page.split('id="timeline-list"')[1]


def test_the_timeline_reads_the_memberships_once(published_q4, django_assert_num_queries):
    council = published_q4
    action = council.actions["10"]
    action.plan.organisation  # noqa: B018 (the page has read it already)
    with django_assert_num_queries(6):
        anonymous = action_timeline(action=action, include_open=False, reader=AnonymousUser())
    assert anonymous
    # Another organisation's people read the published names too.
    other = OrganisationFactory()
    reader = MembershipFactory(organisation=other).user
    whos = {e.who for e in action_timeline(action=action, include_open=False, reader=reader)}
    assert "Sam Okafor" not in whos and "Programme manager" in whos


def test_no_public_page_shows_a_username(client, published_q4):
    council = published_q4
    slug = council.plan.slug
    urls = [
        "/",
        f"/plans/{slug}/",
        f"/plans/{slug}/periods/2022-23-Q4/",
        f"/plans/{slug}/search/?q=depot",
        f"/plans/{slug}/trend/",
        *(f"/plans/{slug}/actions/{ref}/" for ref in council.actions),
    ]
    usernames = {user.username for user in council.people.values()}
    assert all(name.startswith("edc-") for name in usernames)
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert not [name for name in usernames if name in text], url


def test_a_person_without_a_name_reads_their_email_when_signed_in(council):
    """The header's "Sign out" and the refusal page name the signed-in person: by email when no
    name is set, never by username."""
    viewer = council.people["viewer"]
    viewer.username = "edc-viewer"
    viewer.save()
    client = Client()
    client.force_login(viewer)
    home = client.get("/").content.decode()
    assert "Sign out viewer@example.invalid" in home and "edc-viewer" not in home
    refused = client.get(f"/plans/{council.plan.slug}/periods/{council.q4.slug}/manage/")
    assert refused.status_code == 403
    text = refused.content.decode()
    assert "You are signed in as viewer@example.invalid." in text and "edc-viewer" not in text


def test_the_action_page_makes_the_same_queries_however_many_people_changed_it(
    client, published_q4
):
    council = published_q4
    url = f"/plans/{council.plan.slug}/actions/10/"
    counts = []
    for who in ("transport", "contributor", "viewer"):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
        action = council.actions["10"]
        action.title = f"Retrofit the depot ({who})"
        action._history_user = council.people[who]
        action.save()
    assert counts[0] == counts[1] == counts[2]
