from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from netzero.backup.services import backup_export
from netzero.core.commands import AppCommand


class Command(AppCommand):
    help = (
        "Back up everything (organisations, people, plans, periods, updates, history, footprints, "
        "area statistics) to FILE, JSON (gzip when FILE ends .gz), for netzero import-all."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write, e.g. netzero-2026-11-22.json.gz")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        if not path.parent.is_dir():
            raise CommandError(f"No folder {path.parent} to write {path.name} in.")
        result = backup_export(path=path)
        rows = sum(result.counts.values())
        self.stdout.write(
            f"Wrote {rows:,} rows of {sum(1 for n in result.counts.values() if n)} tables to "
            f"{path} ({result.size:,} bytes)."
        )
        for where, n in sorted(result.unresolved.items()):
            self.stderr.write(
                f"Note: {n} row(s) of {where} point at reference data no longer in this "
                "database; they are written without that reference."
            )
