from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from netzero.plans.models import Plan
from netzero.reporting.services import action_update_record


class Command(BaseCommand):
    help = "Record an action's status (and narrative) for a period: netzero update --plan ... "

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="The plan's slug.")
        parser.add_argument("--ref", required=True, help='The action\'s ref, e.g. "5" or "LL15".')
        parser.add_argument("--period", required=True, help="For example 2022-23-Q3.")
        parser.add_argument("--status", required=True, help="Good, Review, Action or Not reported.")
        parser.add_argument(
            "--progress", help="Progress narrative (p/ul/ol/li HTML). Omitted: kept as it is."
        )
        parser.add_argument("--reason", help="Reason for the status. Omitted: kept as it is.")
        parser.add_argument("--mitigation", help="Mitigation. Omitted: kept as it is.")

    def handle(self, *args, **o):
        plan = Plan.objects.filter(slug=o["plan"]).first()
        if plan is None:
            raise CommandError(f"No plan with slug {o['plan']!r}.")
        try:
            update = action_update_record(
                plan=plan,
                ref=o["ref"],
                period_name=o["period"],
                status=o["status"],
                progress=o["progress"],
                reason=o["reason"],
                mitigation=o["mitigation"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"Ref {update.action.ref} in {update.period.name}: {update.get_status_display()}"
        )
