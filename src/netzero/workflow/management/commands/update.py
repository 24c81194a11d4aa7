from __future__ import annotations

import getpass

from django.core.exceptions import ValidationError

from netzero.core.commands import AppCommand
from netzero.core.users import user_get
from netzero.plans.selectors import plan_get
from netzero.workflow.services import update_record


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name and no password-file entry
        return "unknown"


class Command(AppCommand):
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
        parser.add_argument(
            "--reason",
            help="Reason for the status (needed for Review or Action). Omitted: kept as it is.",
        )
        parser.add_argument(
            "--mitigation", help="Mitigation (needed for Action). Omitted: kept as it is."
        )
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

    def hint_for(self, exc: BaseException) -> str:
        if isinstance(exc, ValidationError) and getattr(exc, "code", None) == "locked":
            return (
                'To change it anyway, give --change-reason "..." (and --user USERNAME): '
                "the change is recorded with them."
            )
        return ""

    def handle(self, *args, **o):
        plan = plan_get(slug=o["plan"])
        user = user_get(username=o["user"]) if o["user"] else None
        change_reason = o["change_reason"].strip()
        if change_reason and user is None:
            change_reason += f" (netzero update run as {_os_user()!r}; no --user given)"
        update = update_record(
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
        self.stdout.write(
            f"Ref {update.action.ref} in {update.period.name}: {update.get_status_display()}"
        )
