from __future__ import annotations

import json

from netzero.core.commands import AppCommand
from netzero.indicators.presenters import indicator_as_dict, indicators_as_text
from netzero.indicators.selectors import indicators_for_organisation, indicators_for_plan
from netzero.organisations.selectors import organisation_get
from netzero.plans.selectors import plan_get


class Command(AppCommand):
    help = (
        "List a plan's or an organisation's indicators: each with its owner, unit, direction, "
        "baseline, goals, values, the actions it measures, the verdict and the rate still needed."
    )

    def add_arguments(self, parser):
        owner = parser.add_mutually_exclusive_group(required=True)
        owner.add_argument("--plan", help="The plan's slug.")
        owner.add_argument(
            "--org", help="The organisation's slug (its own indicators and its plans')."
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, plan: str | None, org: str | None, format: str, **options):
        if plan is not None:
            owner = plan_get(slug=plan)
            summaries = indicators_for_plan(plan=owner)
            title = f"Indicators: {owner.name} ({owner.organisation.name})"
        else:
            owner = organisation_get(slug=org)
            summaries = indicators_for_organisation(organisation=owner)
            title = f"Indicators: {owner.name} and its plans"
        if format == "json":
            data = {
                "owner": {"kind": "plan" if plan else "organisation", "slug": owner.slug},
                "indicators": [indicator_as_dict(s) for s in summaries],
            }
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(indicators_as_text(title=title, summaries=summaries))
