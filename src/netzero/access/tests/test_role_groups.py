"""The roles' groups come from a migration: the test database is built by migrate, so they are
here with exactly the permissions the roles declare, as in a fresh `netzero migrate`."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from netzero.access.roles import ADMINISTRATORS, PROGRAMME_MANAGERS, ROLE_GROUPS

pytestmark = pytest.mark.django_db


def _permissions(group: Group) -> set[tuple[str, str]]:
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_the_migration_creates_each_roles_group_with_exactly_its_permissions():
    groups = {group.name: group for group in Group.objects.filter(name__in=ROLE_GROUPS)}
    assert set(groups) == {ADMINISTRATORS, PROGRAMME_MANAGERS}
    for name, declared in ROLE_GROUPS.items():
        assert _permissions(groups[name]) == set(declared), name
    # The administrators' extra: the organisation's memberships.
    extra = _permissions(groups[ADMINISTRATORS]) - _permissions(groups[PROGRAMME_MANAGERS])
    assert extra == {
        ("access", "add_membership"),
        ("access", "change_membership"),
        ("access", "delete_membership"),
    }
    assert ("plans", "change_action") in _permissions(groups[PROGRAMME_MANAGERS])


def test_every_declared_permission_exists():
    from django.contrib.auth.models import Permission

    for declared in ROLE_GROUPS.values():
        for app, codename in declared:
            assert Permission.objects.filter(
                content_type__app_label=app, codename=codename
            ).exists(), (app, codename)


def test_a_database_emptied_since_gets_the_groups_again():
    from netzero.access.services import role_groups_ensure

    Group.objects.filter(name__in=ROLE_GROUPS).delete()
    groups = role_groups_ensure()
    for name, declared in ROLE_GROUPS.items():
        assert _permissions(groups[name]) == set(declared)
