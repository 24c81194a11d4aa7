"""How a person is shown on a page, by who is reading it: never by their username.

The organisation's own people (and superusers) read a colleague's full name (their email when
they have none). Anyone else reads what the organisation chose to publish on the membership: the
full name with the job title when the name is published, else the job title, else the role
("Programme manager"); a person with no membership in the organisation is shown as the
organisation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from netzero.access.models import Membership
from netzero.access.rules import memberships
from netzero.organisations.models import Organisation


def reads_as_member(*, reader: Any, organisation: Organisation) -> bool:
    """Whether ``reader`` sees the organisation's people by name: a member or a superuser."""
    if reader is None or not getattr(reader, "is_authenticated", False):
        return False
    return bool(reader.is_superuser) or organisation.pk in memberships(reader)


def _name(person: Any) -> str:
    return (person.get_full_name() or "").strip() if hasattr(person, "get_full_name") else ""


def _published(person: Any, membership: Membership | None, organisation: Organisation) -> str:
    """What an outsider reads: the published name and job title, the job title, the role."""
    if membership is None:
        return organisation.name
    title = membership.job_title.strip() or membership.get_role_display()
    name = _name(person)
    return f"{name}, {title}" if membership.name_published and name else title


def _shown(
    person: Any, membership: Membership | None, organisation: Organisation, as_member: bool
) -> str:
    if as_member:
        return (
            _name(person)
            or (person.email or "").strip()
            or _published(person, membership, organisation)
        )
    return _published(person, membership, organisation)


def person_shown(*, person: Any, organisation: Organisation, reader: Any) -> str:
    """``person`` (a user) as ``reader`` sees them on ``organisation``'s pages (one query for
    the membership, only when the reader is not one of the organisation's people)."""
    as_member = reads_as_member(reader=reader, organisation=organisation)
    membership = (
        None
        if as_member and (_name(person) or person.email)
        else Membership.objects.filter(user=person, organisation=organisation).first()
    )
    return _shown(person, membership, organisation, as_member)


def people_shown(
    *, people: Iterable[Any], organisation: Organisation, reader: Any
) -> dict[int, str]:
    """Several people (users) as ``reader`` sees them, by user id, reading their memberships in
    ``organisation`` in one query."""
    people = {p.pk: p for p in people if p is not None}
    if not people:
        return {}
    as_member = reads_as_member(reader=reader, organisation=organisation)
    held = {
        m.user_id: m
        for m in Membership.objects.filter(organisation=organisation, user_id__in=list(people))
    }
    return {
        pk: _shown(person, held.get(pk), organisation, as_member) for pk, person in people.items()
    }
