from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from netzero.core.commands import AppCommand
from netzero.core.quarters import parse_quarter
from netzero.footprints.formats import summary_as_dict, summary_as_text
from netzero.footprints.selectors import footprint_summary
from netzero.organisations.selectors import organisation_get


class Command(AppCommand):
    help = "An organisation's carbon footprint for a reporting year, with reconciliation flags."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="The organisation's slug.")
        parser.add_argument("--year", required=True, help="Reporting year, for example 2020-21.")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, org: str, year: str, format: str, **options):
        organisation = organisation_get(slug=org)
        try:
            start = parse_quarter(f"{year} Q1").year
        except ValidationError as exc:
            raise CommandError(f"{year!r} is not a reporting year such as 2020-21.") from exc
        summary = footprint_summary(organisation=organisation, reporting_year=start)
        if format == "json":
            self.stdout.write(json.dumps(summary_as_dict(summary), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(summary_as_text(summary), ending="")
