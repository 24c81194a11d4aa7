from __future__ import annotations

from netzero.core.commands import AppCommand
from netzero.factors.services import factor_set_load, supplementary_factors_load
from netzero.factors.sources import SOURCES


class Command(AppCommand):
    help = "Conversion factors: netzero factors load --year 2023 (or --all, or --supplementary)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load or reload a set year from the shipped file.")
        which = load.add_mutually_exclusive_group(required=True)
        which.add_argument("--year", type=int)
        which.add_argument("--all", action="store_true", help="Every set year and the supplement.")
        which.add_argument(
            "--supplementary",
            action="store_true",
            help="The cited factors the government files lack (anaesthetic agents, inhalers).",
        )
        load.add_argument("--force", action="store_true", help="Reload even if unchanged.")

    def handle(
        self,
        *args,
        action: str,
        year: int | None = None,
        all: bool = False,
        supplementary: bool = False,
        force: bool = False,
        **options,
    ):
        years = sorted(SOURCES) if all else ([] if supplementary else [year])
        for y in years:
            result = factor_set_load(year=y, force=force)
            verb = "Loaded" if result.loaded else "Already loaded"
            fs = result.factor_set
            self.stdout.write(
                f"{verb} {fs.set_year} ({fs.edition}, {fs.gwp_basis}): {result.rows} rows from "
                f"{fs.source_file} sha256 {fs.sha256[:12]}"
            )
        if all or supplementary:
            rows = supplementary_factors_load()
            self.stdout.write(f"Loaded {rows} supplementary factors, each with its citation.")
