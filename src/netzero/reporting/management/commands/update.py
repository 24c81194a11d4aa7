from __future__ import annotations

import getpass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from netzero.plans.models import Plan
from netzero.reporting.services import action_update_record


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name and no password-file entry
        return "unknown"


class Command(BaseCommand):
    help = (
        "Record an action's status (and narrative) for a period: netzero update --plan ... "
        "A submitted or approved update changes only with --change-reason, recorded with the "
        "operator; a published period's updates never change (reopen it first)."
    )

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
        parser.add_argument(
            "--change-reason",
            default="",
            help="Why an operator changes an update that is submitted or approved (required "
            "for those). Kept in its history and recorded as the period's event.",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Who makes the change (an existing user), recorded as its author, in its "
            "history and in the event. Omitted: the server account's name goes in the reason.",
        )

    def handle(self, *args, **o):
        plan = Plan.objects.filter(slug=o["plan"]).first()
        if plan is None:
            raise CommandError(f"No plan with slug {o['plan']!r}.")
        user = None
        if o["user"]:
            user = get_user_model().objects.filter(username=o["user"]).first()
            if user is None:
                raise CommandError(f"No user {o['user']!r}.")
        change_reason = o["change_reason"].strip()
        if change_reason and user is None:
            change_reason += f" (netzero update run as {_os_user()!r}; no --user given)"
        try:
            update = action_update_record(
                plan=plan,
                ref=o["ref"],
                period_name=o["period"],
                status=o["status"],
                progress=o["progress"],
                reason=o["reason"],
                mitigation=o["mitigation"],
                user=user,
                change_reason=change_reason,
            )
        except ValidationError as exc:
            message = " ".join(exc.messages)
            if getattr(exc, "code", None) == "locked":
                message += (
                    ' To change it anyway, give --change-reason "..." (and --user USERNAME): '
                    "the change is recorded with them."
                )
            raise CommandError(message) from exc
        self.stdout.write(
            f"Ref {update.action.ref} in {update.period.name}: {update.get_status_display()}"
        )
