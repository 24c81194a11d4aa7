from __future__ import annotations

from django.core.management.base import CommandError

from netzero.core.commands import AppCommand
from netzero.dashboards.formats import dashboard_as_json, dashboard_as_text
from netzero.dashboards.selectors import dashboard_for_period
from netzero.plans.selectors import plan_get
from netzero.reporting.selectors import period_to_read


class Command(AppCommand):
    help = "Print a plan's Climate Change Programme Dashboard for a period, as text or JSON."

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="The plan's slug.")
        parser.add_argument(
            "--period",
            help="For example 2022-23-Q3. Default: the latest published period, else the latest.",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, plan: str, period: str | None, format: str, **options):
        plan_obj = plan_get(slug=plan)
        period_obj = period_to_read(plan=plan_obj, name=period)
        if period_obj is None:
            raise CommandError(f"{plan_obj.name} has no reporting periods yet.")
        dashboard = dashboard_for_period(plan=plan_obj, period=period_obj)
        if format == "json":
            self.stdout.write(dashboard_as_json(dashboard), ending="")
        else:
            self.stdout.write(dashboard_as_text(dashboard), ending="")
