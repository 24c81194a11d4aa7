from __future__ import annotations

from netzero.core.commands import AppCommand
from netzero.plans.selectors import plan_get
from netzero.workflow.selectors import periods_open
from netzero.workflow.services import reminders_send


class Command(AppCommand):
    help = (
        "Email everyone who has not yet submitted their updates for an open period. "
        "Without --plan, every open period of every plan. Meant for a scheduler (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="The plan's slug. Default: every plan.")
        parser.add_argument("--period", help="For example 2022-23-Q4. Default: every open period.")

    def handle(self, *args, plan: str | None, period: str | None, **options):
        periods = periods_open(plan=plan_get(slug=plan) if plan else None, name=period)
        for p in periods:
            for reminder in reminders_send(period=p):
                to = reminder.email or "no email address: not sent"
                refs = ", ".join(reminder.refs)
                self.stdout.write(f"{p.plan.slug} {p.name}: {reminder.username} ({to}): {refs}")
        if not periods:
            self.stdout.write("No open periods.")
