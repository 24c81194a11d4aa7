from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from netzero.territorial.services import ImportRefused, area_emissions_import

DEFAULT = (
    Path(__file__).resolve().parents[2]
    / "data"
    / "mysociety_uk_local_authority_emissions_2005_2020_v1.2.0.csv"
)


class Command(BaseCommand):
    help = "Area-wide emissions: netzero emissions import [FILE] (the shipped CSV by default)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Import a local authority emissions CSV.")
        load.add_argument("file", nargs="?", default=str(DEFAULT))

    def handle(self, *args, action: str, file: str, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"No file at {path}.")
        try:
            report = area_emissions_import(path=path)
        except ImportRefused as exc:
            errors = exc.report.errors
            shown = "\n".join(f"  {e}" for e in errors[:20])
            more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
            raise CommandError(
                f"Nothing imported: {len(errors)} problem(s).\n{shown}{more}"
            ) from exc
        self.stdout.write(
            f"Imported {report.rows} rows from {path.name} (sha256 {report.dataset.sha256[:12]})."
        )
