from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from netzero.footprints.imports import ActivityImportRefused, activity_import_file
from netzero.organisations.models import Organisation


class Command(BaseCommand):
    help = "Activity data: netzero activity import FILE --org SLUG (CSV or XLSX; all or nothing)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import")
        load.add_argument("file")
        load.add_argument("--org", required=True)

    def handle(self, *args, action: str, file: str, org: str, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"No organisation with slug {org!r}.")
        path = Path(file)
        if not path.exists():
            raise CommandError(f"No file at {path}.")

        def progress(rows: int) -> None:
            sys.stderr.write(f"\r  checked {rows:,} rows")
            sys.stderr.flush()

        try:
            result = activity_import_file(organisation=organisation, path=path, progress=progress)
        except ActivityImportRefused as exc:
            errors = exc.result.errors
            shown = "\n".join(f"  {e}" for e in errors[:20])
            more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
            raise CommandError(
                f"\nNothing saved: {len(errors)} problem(s).\n{shown}{more}"
            ) from exc
        sys.stderr.write("\n")
        self.stdout.write(
            f"Saved {result.saved:,} figures from {result.rows:,} rows of {path.name}."
        )
