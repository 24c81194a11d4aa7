from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from netzero.plans.models import Plan
from netzero.reporting.models import ReportingPeriod
from netzero.reporting.periods import parse_quarter
from netzero.reporting.selectors import period_get
from netzero.workflow.services import reminders_send


class Command(BaseCommand):
    help = (
        "Email everyone who has not yet submitted their updates for an open period. "
        "Without --plan, every open period of every plan. Meant for a scheduler (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="The plan's slug. Default: every plan.")
        parser.add_argument("--period", help="For example 2022-23-Q4. Default: every open period.")

    def handle(self, *args, plan: str | None, period: str | None, **options):
        if plan:
            plan_obj = Plan.objects.filter(slug=plan).first()
            if plan_obj is None:
                raise CommandError(f"No plan with slug {plan!r}.")
            try:
                periods = (
                    [period_get(plan=plan_obj, name=period)]
                    if period
                    else list(plan_obj.periods.filter(state=ReportingPeriod.State.OPEN))
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        else:
            periods = ReportingPeriod.objects.filter(state=ReportingPeriod.State.OPEN)
            if period:
                try:
                    quarter = parse_quarter(period)
                except ValidationError as exc:
                    raise CommandError(" ".join(exc.messages)) from exc
                periods = periods.filter(year=quarter.year, quarter=quarter.quarter)
            periods = list(periods.select_related("plan"))
        for p in periods:
            try:
                sent = reminders_send(period=p)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            for reminder in sent:
                to = reminder.email or "no email address: not sent"
                refs = ", ".join(reminder.refs)
                self.stdout.write(f"{p.plan.slug} {p.name}: {reminder.username} ({to}): {refs}")
        if not periods:
            self.stdout.write("No open periods.")
