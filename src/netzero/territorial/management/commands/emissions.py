from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from netzero.core.commands import AppCommand
from netzero.territorial.services import area_emissions_import

DEFAULT = (
    Path(__file__).resolve().parents[2]
    / "data"
    / "mysociety_uk_local_authority_emissions_2005_2020_v1.2.0.csv"
)


class Command(AppCommand):
    help = "Area-wide emissions: netzero emissions import [FILE] (the shipped CSV by default)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Import a local authority emissions CSV.")
        load.add_argument("file", nargs="?", default=str(DEFAULT))

    def handle(self, *args, action: str, file: str, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"No file at {path}.")
        report = area_emissions_import(path=path)  # a refused file: AppCommand lists why
        self.stdout.write(
            f"Imported {report.rows} rows from {path.name} (sha256 {report.dataset.sha256[:12]})."
        )
