from __future__ import annotations

from pathlib import Path

from netzero.backup.services import backup_import
from netzero.core.commands import AppCommand


class Command(AppCommand):
    help = (
        "Restore a netzero export-all FILE into this database, which must be new: run netzero "
        "migrate on it first. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file: str, **options):
        result = backup_import(path=Path(file))
        header = result.header
        self.stdout.write(
            f"{Path(file).name}: a version {header['version']} backup made "
            f"{header['created_at']} by Net Zero Tracker {header['app_version']} from a "
            f"{header['database_vendor']} database."
        )
        for year, what in result.factor_sets:
            self.stdout.write(f"Conversion factors {year}: {what}.")
        width = max((len(label) for label in result.counts), default=0)
        for label, n in result.counts.items():
            if n:
                self.stdout.write(f"  {label:<{width}} {n:>9,}")
        self.stdout.write(
            self.style.SUCCESS(f"Restored {sum(result.counts.values()):,} rows into {_db()}.")
        )


def _db() -> str:
    from django.db import connection

    return f"{connection.vendor} database {connection.settings_dict['NAME']}"
