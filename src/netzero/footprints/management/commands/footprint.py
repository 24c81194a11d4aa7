from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from netzero.core.commands import AppCommand
from netzero.core.quarters import parse_quarter
from netzero.footprints.formats import (
    summary_as_dict,
    summary_as_text,
    trend_as_dict,
    trend_as_text,
)
from netzero.footprints.selectors import footprint_summary, footprint_trend, footprint_years
from netzero.organisations.selectors import organisation_get


class Command(AppCommand):
    help = (
        "An organisation's carbon footprint for a reporting year, with reconciliation flags; "
        "without --year, every year with figures and the trend against each target."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="The organisation's slug.")
        parser.add_argument(
            "--year",
            help="Reporting year, for example 2020-21 (every year with figures when omitted).",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, org: str, year: str | None, format: str, **options):
        organisation = organisation_get(slug=org)
        if year is None:
            self._every_year(organisation, format)
            return
        try:
            start = parse_quarter(f"{year} Q1").year
        except ValidationError as exc:
            raise CommandError(f"{year!r} is not a reporting year such as 2020-21.") from exc
        summary = footprint_summary(organisation=organisation, reporting_year=start)
        if format == "json":
            self.stdout.write(json.dumps(summary_as_dict(summary), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(summary_as_text(summary), ending="")

    def _every_year(self, organisation, format: str) -> None:
        summaries = [
            footprint_summary(organisation=organisation, reporting_year=y)
            for y in footprint_years(organisation=organisation)
        ]
        trend = footprint_trend(organisation=organisation)
        if format == "json":
            data = {
                "organisation": organisation.name,
                "years": [summary_as_dict(s) for s in summaries],
                "trend": trend_as_dict(trend),
            }
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        for s in summaries:
            self.stdout.write(summary_as_text(s))
        if not summaries:
            self.stdout.write(f"{organisation.name}: no footprint figures recorded.\n")
        self.stdout.write(trend_as_text(trend), ending="")
