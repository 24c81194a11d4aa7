"""The demo: Derbyshire County Council's Climate Change Programme Dashboard 2022-23 Q3.

Every figure, status and narrative comes from the published paper through
``data/dcc_dashboard_2022_23_q3.json`` (made by ``tools/extract_dcc_seed.py`` from the vendored
copy of the paper in ``data/seeds/``). Where the paper is silent the demo says so instead of
inventing: long-list statuses lost with the paper's colours are "Not reported", and 2022-23 Q2
has only the statuses the Q3 paper implies, with no narratives.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from netzero.access.models import Membership
from netzero.access.roles import DATA_ENTRY_PERMISSIONS, PROGRAMME_MANAGERS
from netzero.access.services import role_rights_sync
from netzero.demo.paper import paper_details_load
from netzero.footprints.models import Target
from netzero.organisations.models import Organisation
from netzero.plans.models import Action, Delivery, Plan
from netzero.plans.services import (
    action_create,
    delivery_theme_create,
    organisation_create,
    plan_create,
    theme_create,
)
from netzero.reporting.models import ActionUpdate, PlanNote
from netzero.reporting.services import period_create, plan_note_create
from netzero.reporting.status import Status, status_from_text
from netzero.workflow.guards import purge_allowed
from netzero.workflow.models import PeriodEvent
from netzero.workflow.notifications import emails_suppressed
from netzero.workflow.services import period_freeze, update_record_as_published, update_save

DATA_DIR = Path(__file__).resolve().parent / "data"
DCC_DASHBOARD = DATA_DIR / "dcc_dashboard_2022_23_q3.json"

Q4 = "2022-23 Q4"
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


Q4_PERIOD_NOTES = (
    "The published paper stops at 2022-23 Q3, so this quarter shows the update "
    "workflow only: each demo draft or submission carries its 2022-23 Q3 status and narrative "
    "forward unchanged, and says so. It is not a real update."
)
Q4_DEMO_NOTE = (
    "Demo only: carried forward unchanged from 2022-23 Q3 to show the update workflow; "
    "not a real 2022-23 Q4 update."
)


# The paper's own words on the long list's revision, quoted as printed (in its long-list
# actions summary): shown on the long-list summary from 2022-23 Q3 on. The 90 actions it dropped are
# not named in the paper, so the demo does not list them.
LONG_LIST_REVISION = (
    "In addition to the 32 priority actions listed above, the Strategy includes a series of 120 "
    "\u2018Long List\u2019 supplementary actions, initiatives and projects, which it is "
    "anticipated the County Council will either lead or support. As part of the annual review "
    "of delivery of the Strategy carried out in Autumn 2022, the Long List has been reviewed "
    "and rationalised, with a new Long List of 30 actions established."
)


def _long_list_revision_source(data: dict[str, Any]) -> str:
    meeting = date.fromisoformat(data["source"]["meeting_date"])
    return (
        f"{data['source']['publisher']}, Climate Change Programme Dashboard 2022-23 Q3, "
        "\u201cLong-list actions \u2013 Summary\u201d, presented to the Improvement and Scrutiny "
        f"Committee on {meeting.day} {meeting:%B %Y}."
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
        with purge_allowed():
            PeriodEvent.objects.filter(period__plan__organisation=existing).delete()
            Delivery.objects.filter(organisation=existing).delete()  # a partner in other plans
            Target.objects.filter(organisation=existing).delete()  # the Green Plan's load adds
            Plan.objects.filter(organisation=existing).delete()
            existing.delete()

    organisation = organisation_create(
        name=org_data["name"],
        slug=org_data["slug"],
        kind=org_data["kind"],
        # The local authority emissions statistics' code for the council's area (their README).
        local_authority_code=org_data.get("local_authority_code", ""),
        is_demo=True,
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
        update_record_as_published(
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
        update_record_as_published(
            action=actions[item["ref"]], period=q2, status=status, note=Q2_NOTE
        )

    plan_note_create(
        plan=plan,
        from_period=q3,
        section=PlanNote.Section.LONG_LIST,
        text=LONG_LIST_REVISION,
        source=_long_list_revision_source(data),
    )
    # The paper's own long-list counts, quoted as printed: most of the statuses behind them
    # survive only as colours, so the dashboard's own counts differ (its summary says why).
    plan_note_create(
        plan=plan,
        from_period=q3,
        section=PlanNote.Section.LONG_LIST,
        text=data["printed_overview"]["long_list_stated"]["text"],
        source=_long_list_revision_source(data),
    )

    # The Q3 paper's own header, sections and implications, as its report's details.
    paper_details_load(period=q3)
    # Q2 and Q3 were presented to committee: approved and published, so their dashboards freeze.
    for period in (q2, q3):
        period_freeze(period=period, user=None)
    q4 = period_create(plan=plan, name=Q4, notes=Q4_PERIOD_NOTES)
    PeriodEvent.objects.create(period=q4, kind=PeriodEvent.Kind.OPENED)
    return plan


# Django model permissions for the admin (data entry) come with each role's group
# (netzero.access.roles, created by a migration). What each person may do with which plan,
# period and action is decided by the rules in netzero.access.rules.
ADMIN_GROUP = PROGRAMME_MANAGERS
# The programme managers' role group and its permissions (codenames), as the role groups declare
# them (netzero.access.roles); kept under these names for the tests that give someone the group.
ADMIN_GROUP_PERMISSIONS = [codename for _app, codename in DATA_ENTRY_PERMISSIONS]


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    password: str


# username, description, membership role, delivery themes led, actions contributed to
DEMO_USERS: list[tuple[str, str, str, list[str], list[str]]] = [
    ("admin", "Administrator", Membership.Role.ADMINISTRATOR, [], []),
    (
        "manager",
        "Programme manager (Climate Change Team)",
        Membership.Role.PROGRAMME_MANAGER,
        [],
        [],
    ),
    ("planning", "Theme lead, Planning", Membership.Role.THEME_LEAD, ["Planning"], []),
    (
        "transport",
        "Theme lead, External Transport and Travel",
        Membership.Role.THEME_LEAD,
        ["External Transport and Travel"],
        [],
    ),
    ("contributor", "Contributor on Ref 25", Membership.Role.CONTRIBUTOR, [], ["25"]),
    ("viewer", "Viewer (committee member)", Membership.Role.VIEWER, [], []),
]


@transaction.atomic
def demo_users_create(*, plan: Plan | None = None) -> list[DemoUser]:
    """Create or reset the demo users and their roles, each with a new random password."""
    plan = plan or Plan.objects.get(slug=demo_data()["plan"]["slug"])
    user_model = get_user_model()
    created = []
    for username, description, role, themes, refs in DEMO_USERS:
        password = secrets.token_urlsafe(12)
        user, _ = user_model.objects.get_or_create(username=username)
        user.email = f"{username}@example.invalid"
        user.first_name, user.last_name = description, ""  # the role, not an invented person
        user.is_superuser = username == "admin"
        user.set_password(password)
        user.save()
        membership, _ = Membership.objects.update_or_create(
            user=user, organisation=plan.organisation, defaults={"role": role}
        )
        membership.delivery_themes.set(plan.delivery_themes.filter(name__in=themes))
        membership.actions.set(plan.actions.filter(ref__in=refs))
        # Staff status and the role's group (the admin's data entry) come with the role.
        role_rights_sync(person=user)
        created.append(DemoUser(username, description, password))
    return created


# Q4 workflow demo: (username, ref, submit?). The other Q4 updates are missing on purpose.
Q4_DEMO_UPDATES = [
    ("planning", "10", True),
    ("planning", "16", False),
    ("transport", "24", True),
    ("transport", "25", False),
]


@transaction.atomic
def demo_workflow_load(*, plan: Plan) -> int:
    """Give the open 2022-23 Q4 a mix of submitted and draft updates (and many missing ones),
    each carrying its Q3 update forward unchanged and saying so."""
    user_model = get_user_model()
    q3 = plan.periods.get(year=2022, quarter=3)
    q4 = plan.periods.get(year=2022, quarter=4)
    if ActionUpdate.objects.filter(period=q4).exists():
        return 0
    with emails_suppressed():  # loading the demo tells nobody anything
        for username, ref, submit in Q4_DEMO_UPDATES:
            action = plan.actions.get(ref=ref)
            before = ActionUpdate.objects.get(action=action, period=q3)
            update_save(
                action=action,
                period=q4,
                user=user_model.objects.get(username=username),
                status=before.status,
                progress=before.progress,
                reason=before.reason,
                mitigation=before.mitigation,
                expected_version=0,
                submit=submit,
                note=Q4_DEMO_NOTE,
            )
    return len(Q4_DEMO_UPDATES)
