"""The demo: Derbyshire County Council's Climate Change Programme Dashboard 2022-23 Q3.

Every figure, status and narrative comes from the seed paper through
``data/dcc_dashboard_2022_23_q3.json`` (made by ``tools/extract_dcc_seed.py`` from the vendored
copy of the paper in ``data/seeds/``). Where the paper is silent the demo says so instead of
inventing: long-list statuses lost with the paper's colours are "Not reported", and 2022-23 Q2
has only the statuses the Q3 paper implies, with no narratives.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from netzero.organisations.models import Organisation
from netzero.plans.models import Action, Plan
from netzero.plans.services import (
    action_create,
    delivery_theme_create,
    organisation_create,
    plan_create,
    theme_create,
)
from netzero.reporting.services import action_update_save, period_create
from netzero.reporting.status import Status, status_from_text

DATA_DIR = Path(__file__).resolve().parent / "data"
DCC_DASHBOARD = DATA_DIR / "dcc_dashboard_2022_23_q3.json"

Q3 = "2022-23 Q3"
Q2 = "2022-23 Q2"
# The Q3 paper says Ref 3 moved "from an Action to Review rating": the previous quarter differs
# from Q3 in Ref 3 only.
Q2_DIFFERENCES = {"3": Status.ACTION}
Q2_NOTE = (
    "Status inferred from the 2022-23 Q3 paper, which reports that only Ref 3 changed rating "
    "since this quarter (from Action to Review). The narrative for this quarter was not recorded."
)
Q2_PERIOD_NOTES = (
    "This quarter's statuses are inferred from the 2022-23 Q3 committee paper (only Ref 3 "
    "changed, from Action to Review); its narratives were not recorded. Long-list actions were "
    "re-set in Autumn 2022 and have no status for this quarter."
)


def demo_data(path: Path = DCC_DASHBOARD) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _q3_period_notes(data: dict[str, Any]) -> str:
    stated = data["printed_overview"]["long_list_stated"]
    meeting = data["source"]["meeting_date"]
    return " ".join(
        [
            "Source: Derbyshire County Council, Climate Change Programme Dashboard 2022-23 Q3,",
            f"presented to the Improvement and Scrutiny Committee on {meeting}.",
            f"The paper states that {stated['Good']} long-list actions were Good,",
            f"{stated['Review']} Review and {stated['Action']} Action, but only the two Action",
            "ratings (LL15, LL21) survive in its text; the others were shown only as colours,",
            "so they are recorded here as Not reported rather than invented.",
            "The paper's printed delivery-theme table also differs from its own per-action",
            "Lead Theme column (Fleet, External Transport and Travel, Planning, Climate Change",
            "Team); this dashboard counts from the per-action column.",
        ]
    )


@transaction.atomic
def demo_load(*, path: Path = DCC_DASHBOARD) -> Plan:
    """Load (or reload, replacing) the demo organisation, plan, actions and updates."""
    data = demo_data(path)
    org_data, plan_data = data["organisation"], data["plan"]
    existing = Organisation.objects.filter(slug=org_data["slug"]).first()
    if existing is not None:
        Plan.objects.filter(organisation=existing).delete()
        existing.delete()

    organisation = organisation_create(
        name=org_data["name"], slug=org_data["slug"], kind=org_data["kind"]
    )
    plan = plan_create(
        organisation=organisation,
        name=plan_data["name"],
        slug=plan_data["slug"],
        description=f"Demo data from {data['source']['title']} ({data['source']['publisher']}).",
    )
    themes = {name: theme_create(plan=plan, name=name) for name in data["strategy_themes"]}
    delivery = {
        d["name"]: delivery_theme_create(plan=plan, name=d["name"], lead_name=d["lead"])
        for d in data["delivery_themes"]
    }
    q2 = period_create(plan=plan, name=Q2, notes=Q2_PERIOD_NOTES)
    q3 = period_create(plan=plan, name=Q3, notes=_q3_period_notes(data))

    actions: dict[str, Action] = {}
    for item in data["priority_actions"]:
        actions[item["ref"]] = action_create(
            plan=plan,
            ref=item["ref"],
            kind=Action.Kind.PRIORITY,
            text=item["text"],
            theme=themes[item["strategy_theme"]],
            delivery_theme=delivery[item["delivery_theme"]],
            target=item["target"],
            success_measure=item["success_measure"],
            impact=item["impact"],
        )
    for item in data["priority_actions"]:
        if item["reports_through"]:
            action = actions[item["ref"]]
            action.reports_through = actions[item["reports_through"]]
            action.full_clean()
            action.save()
    for item in data["long_list_actions"]:
        actions[item["ref"]] = action_create(
            plan=plan,
            ref=item["ref"],
            kind=Action.Kind.LONG_LIST,
            title=item["title"],
            text=item["text"],
            theme=themes[item["strategy_theme"]],
        )

    for item in data["priority_actions"] + data["long_list_actions"]:
        update = item["update"]
        action_update_save(
            action=actions[item["ref"]],
            period=q3,
            status=update["status"],
            progress=update["progress"],
            reason=update["reason"],
            mitigation=update["mitigation"],
            note=update["note"],
        )
    for item in data["priority_actions"]:
        status = Q2_DIFFERENCES.get(item["ref"], status_from_text(item["update"]["status"]))
        action_update_save(action=actions[item["ref"]], period=q2, status=status, note=Q2_NOTE)
    return plan


ROLE_GROUPS: dict[str, list[str]] = {
    # Until the roles of the update workflow arrive, the groups grant Django model permissions.
    "Programme managers": [
        f"{verb}_{model}"
        for model in ("plan", "theme", "deliverytheme", "action", "reportingperiod", "actionupdate")
        for verb in ("view", "add", "change", "delete")
    ]
    + ["view_organisation"],
    "Theme leads": [
        "view_plan",
        "view_theme",
        "view_deliverytheme",
        "view_action",
        "view_reportingperiod",
        "view_actionupdate",
        "add_actionupdate",
        "change_actionupdate",
    ],
    "Viewers": [
        "view_plan",
        "view_theme",
        "view_deliverytheme",
        "view_action",
        "view_reportingperiod",
        "view_actionupdate",
        "view_organisation",
    ],
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    password: str


DEMO_USERS = [
    ("admin", "Administrator", None),
    ("manager", "Programme manager (Climate Change Team)", "Programme managers"),
    ("lead", "Theme lead (Planning)", "Theme leads"),
    ("viewer", "Viewer (committee member)", "Viewers"),
]


@transaction.atomic
def demo_users_create() -> list[DemoUser]:
    """Create or reset the demo users, each with a new random password, and return them."""
    user_model = get_user_model()
    for group_name, codenames in ROLE_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.set(Permission.objects.filter(codename__in=codenames))
    created = []
    for username, role, group_name in DEMO_USERS:
        password = secrets.token_urlsafe(12)
        user, _ = user_model.objects.get_or_create(username=username)
        user.is_superuser = group_name is None
        user.is_staff = group_name in (None, "Programme managers", "Theme leads")
        user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name=group_name) if group_name else [])
        created.append(DemoUser(username, role, password))
    return created
