"""With the cache kept in the database, ``migrate`` makes the cache's table as well."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "netzero_cache_made_by_migrate",
    }
}


def _tables() -> set[str]:
    return set(connection.introspection.table_names())


@pytest.mark.django_db
def test_migrate_makes_the_cache_table_only_when_the_cache_is_in_the_database():
    before = _tables()
    call_command("migrate", verbosity=0)  # the tests' cache is each process's memory
    assert _tables() == before
    with override_settings(CACHES=DATABASE_CACHE):
        call_command("migrate", verbosity=0)
        assert _tables() == before | {"netzero_cache_made_by_migrate"}
        cache = caches.create_connection("default")
        cache.set("written", "and read back")
        assert cache.get("written") == "and read back"
