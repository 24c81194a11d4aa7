from __future__ import annotations

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from netzero.core.commands import AppCommand
from netzero.core.quarters import parse_quarter
from netzero.factors.services import (
    factor_set_load,
    factor_set_load_file,
    set_year_choose,
    set_year_clear,
    supplementary_factors_load,
)
from netzero.factors.sources import SOURCES
from netzero.organisations.models import Organisation


def _who() -> str:
    try:
        account = getpass.getuser()
    except (KeyError, OSError):
        account = "unknown"
    return f"command line, run by {account}"


class Command(AppCommand):
    help = (
        "Conversion factors: netzero factors load --year 2023 (or --all, or --supplementary, or "
        "--file PATH --year 2016 for a flat file you downloaded); "
        "netzero factors choose --org SLUG --year 2016-17 --set-year 2019 --reason TEXT "
        "(or --clear)."
    )

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
        load.add_argument(
            "--file",
            help="A flat file you downloaded from the government (any year's layout), loaded as "
            "the --year set: for a year the product does not ship.",
        )
        load.add_argument("--edition", default="", help="The file's edition, if not stated in it.")
        load.add_argument(
            "--gwp", choices=["AR4", "AR5"], help="GWP basis (default: AR4 before 2023, AR5 after)."
        )
        choose = sub.add_parser(
            "choose", help="The factor set an organisation uses for a reporting year."
        )
        choose.add_argument("--org", required=True, help="The organisation's slug.")
        choose.add_argument("--year", required=True, help="The reporting year, like 2016-17.")
        what = choose.add_mutually_exclusive_group(required=True)
        what.add_argument("--set-year", type=int, help="The loaded set to use, like 2019.")
        what.add_argument(
            "--clear", action="store_true", help="Go back to the default set for the year."
        )
        choose.add_argument("--reason", default="", help="Why (required for a non-default set).")

    def handle(self, *args, action: str, **options):
        if action == "choose":
            return self._choose(**options)
        self._load(**options)

    def _load(
        self,
        *,
        year: int | None = None,
        all: bool = False,
        supplementary: bool = False,
        force: bool = False,
        file: str | None = None,
        edition: str = "",
        gwp: str | None = None,
        **options,
    ):
        if file:
            if year is None:
                raise CommandError("Give the set year the file is for: --file PATH --year N.")
            result = factor_set_load_file(path=file, year=year, edition=edition, gwp=gwp)
            fs = result.factor_set
            verb = "Loaded" if result.loaded else "Already loaded"
            self.stdout.write(
                f"{verb} {fs.set_year} ({fs.edition}, {fs.gwp_basis}, supplied): {result.rows} "
                f"rows from {fs.source_file} sha256 {fs.sha256}"
            )
            return
        if edition or gwp:
            raise CommandError("--edition and --gwp go with --file.")
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

    def _choose(self, *, org: str, year: str, set_year, clear: bool, reason: str, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"No organisation has the slug {org!r}.")
        try:
            reporting_year = parse_quarter(f"{year} Q1").year
        except ValidationError:
            raise CommandError(f"--year {year!r} is not a reporting year like 2016-17.") from None
        if clear:
            cleared = set_year_clear(
                organisation=organisation, reporting_year=reporting_year, reason=reason, who=_who()
            )
            self.stdout.write(
                f"{organisation} uses the default factors for {year}."
                if cleared
                else f"{organisation} had made no choice for {year}: it uses the default factors."
            )
            return
        choice = set_year_choose(
            organisation=organisation,
            reporting_year=reporting_year,
            set_year=set_year,
            reason=reason,
            who=_who(),
        )
        self.stdout.write(
            f"{organisation} uses the {choice.set_year} factors for {year}"
            f"{': ' + choice.reason if choice.reason else ''}."
        )
