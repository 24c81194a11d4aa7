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


def test_the_migration_gives_existing_managers_their_groups_and_staff_status(council):
    """On upgrade, a database's administrators and programme managers get their role's group."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth import get_user_model

    migration = import_module("netzero.access.migrations.0003_role_groups")
    manager = council.people["manager"]
    manager.groups.clear()
    get_user_model().objects.filter(pk=manager.pk).update(is_staff=False)
    viewer = council.people["viewer"]
    migration.grant_existing(apps)
    manager.refresh_from_db()
    viewer.refresh_from_db()
    assert manager.is_staff
    assert list(manager.groups.values_list("name", flat=True)) == [PROGRAMME_MANAGERS]
    assert not viewer.is_staff and not viewer.groups.exists()
