from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _cache_table_create(sender, using: str = "default", **kwargs) -> None:
    """``migrate`` makes the cache's table too when the cache is kept in the database
    (``NETZERO_CACHE=database``): loading data moves the published pages' generation on, which
    writes to it. ``createcachetable`` leaves an existing table alone."""
    from django.conf import settings
    from django.core.management import call_command

    # Sent once per app with models (this one has none): answered once, for contenttypes'.
    if sender.label != "contenttypes":
        return
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("db.DatabaseCache"):
        call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "netzero.core"
    label = "core"

    def ready(self) -> None:
        from netzero.core import checks  # noqa: F401 - registers the system checks

        post_migrate.connect(_cache_table_create, dispatch_uid="core-cache-table")
