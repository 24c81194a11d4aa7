"""``netzero organisation create``: the organisation, its administrator's invitation, and
refusals that leave nothing half-made."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from netzero.access.models import Membership
from netzero.organisations.models import Organisation
from netzero.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _create(*args: str) -> str:
    out = StringIO()
    call_command("organisation", "create", *args, stdout=out)
    return out.getvalue()


def test_create_makes_the_organisation_and_invites_its_administrator(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.NETZERO_SITE_URL = "https://tracker.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        out = _create(
            "--name", "Example District Council",
            "--admin-email", "A.Officer@example.org",
            "--kind", "district_council",
        )  # fmt: skip
    organisation = Organisation.objects.get(slug="example-district-council")
    assert organisation.name == "Example District Council"
    assert organisation.kind == Organisation.Kind.DISTRICT_COUNCIL
    assert not organisation.is_public
    membership = Membership.objects.get(organisation=organisation)
    assert membership.role == Membership.Role.ADMINISTRATOR
    person = membership.user
    assert person.username == "a.officer@example.org"
    assert not person.has_usable_password()
    assert person.is_staff and not person.is_superuser
    assert "Its pages are not public" in out
    link = out.strip().splitlines()[-1]
    assert link.startswith("https://tracker.example.org/accounts/invitation/")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["A.Officer@example.org"]
    assert "https://tracker.example.org/accounts/invitation/" in mailoutbox[0].body
    assert "You are invited to Example District Council's" in mailoutbox[0].body


def test_public_and_slug(mailoutbox):
    out = _create("--name", "Example District Council", "--admin-email", "a@example.org",
                  "--slug", "edc", "--public")  # fmt: skip
    organisation = Organisation.objects.get(slug="edc")
    assert organisation.is_public
    assert "Its pages are public" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "Taken Council", "--admin-email", "a@example.org"], "already exists"),
        (
            ["--name", "Another Council", "--slug", "taken", "--admin-email", "a@example.org"],
            "already exists",
        ),
        (["--name", "New Council", "--admin-email", "not-an-email"], "correct format"),
        (["--name", "New Council", "--admin-email", "a@example.org", "--kind", "parish"], "kind"),
        (["--name", "!!!", "--admin-email", "a@example.org"], "--slug"),
    ],
)
def test_refusals_leave_nothing(args, message, mailoutbox, django_capture_on_commit_callbacks):
    OrganisationFactory(name="Taken Council", slug="taken")
    organisations = Organisation.objects.count()
    users = get_user_model().objects.count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommandError) as error:
        _create(*args)
    assert message in str(error.value)
    assert Organisation.objects.count() == organisations
    assert get_user_model().objects.count() == users
    assert not Membership.objects.exists()
    assert mailoutbox == []
