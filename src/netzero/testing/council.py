"""A small council built from the factories: for tests that need "a plan with some actions,
periods and people" and not the published paper's figures.

Its refs, delivery themes and people mirror the demo's roles (so tests read the same) but every
figure is its own and small enough to count by hand:

=========  ==========================  =============================  ========  ======  ======
ref        strategy theme              delivery theme (lead)          impact    Q2      Q3
=========  ==========================  =============================  ========  ======  ======
1          Council Estate and Ops      Council Property and Estate    High      Good    Good
5          Transport > Fleet           External Transport and Travel  Moderate  Good    Review
10         Council Estate and Ops      Planning                       Low       Action  Review
16         Council Estate and Ops      Planning                       High      Review  Review
20         Council Estate and Ops      Planning (reports through 16)  High      -       -
24         Transport                   External Transport and Travel  Moderate  Good    Good
25         Transport                   External Transport and Travel  High      Review  Action
LL1        Transport                   -                              -         Good    Good
=========  ==========================  =============================  ========  ======  ======

2022-23 Q2 and Q3 are published (every update approved); 2022-23 Q4 is open and empty.
Priority actions: 7; off track (Review or Action) in Q3: 4 (5, 10, 16, 25).
People (username: role; the password is factories.PASSWORD): admin (administrator,
superuser), manager (programme manager; both staff in their role's group, as every
administrator and programme manager is),
planning (theme lead of Planning), transport (theme lead of External Transport and Travel),
contributor (on Ref 25), viewer; outsider (programme manager of another district in the same
partnership) and partner (viewer of the partnership).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser

from netzero.access.models import Membership
from netzero.plans.impact import Impact
from netzero.plans.models import Action, Plan
from netzero.reporting.models import ReportingPeriod
from netzero.reporting.status import Status
from netzero.testing.factories import (
    PASSWORD,
    ActionFactory,
    ActionUpdateFactory,
    DeliveryThemeFactory,
    MembershipFactory,
    OrganisationFactory,
    PlanFactory,
    ReportingPeriodFactory,
    ThemeFactory,
    UserFactory,
    period_published,
)

G, R, A = Status.GOOD, Status.REVIEW, Status.ACTION
# ref: (theme, delivery theme, impact, Q2 status, Q3 status)
ACTIONS = {
    "1": ("estate", "property", Impact.HIGH, G, G),
    "5": ("fleet", "transport", Impact.MODERATE, G, R),
    "10": ("estate", "planning", Impact.LOW, A, R),
    "16": ("estate", "planning", Impact.HIGH, R, R),
    "20": ("estate", "planning", Impact.HIGH, None, None),
    "24": ("transport", "transport", Impact.MODERATE, G, G),
    "25": ("transport", "transport", Impact.HIGH, R, A),
}
PRIORITY_TOTAL = 7
OFF_TRACK_Q3 = 4


@dataclass
class Council:
    plan: Plan
    q2: ReportingPeriod
    q3: ReportingPeriod
    q4: ReportingPeriod
    actions: dict[str, Action]
    people: dict[str, AbstractBaseUser] = field(default_factory=dict)
    password: str = PASSWORD


def council_create(*, slug: str = "borough-climate-strategy") -> Council:
    partnership = OrganisationFactory(name="County Climate Partnership", slug="county-partnership")
    organisation = OrganisationFactory(
        name="Borough Council", slug="borough-council", partnership=partnership
    )
    plan = PlanFactory(organisation=organisation, name="Borough Climate Strategy", slug=slug)
    estate = ThemeFactory(plan=plan, name="Council Estate and Operations")
    transport = ThemeFactory(plan=plan, name="Transport")
    themes = {
        "estate": estate,
        "transport": transport,
        "fleet": ThemeFactory(parent=transport, name="Fleet"),
    }
    delivery = {
        "property": DeliveryThemeFactory(plan=plan, name="Council Property and Estate"),
        "transport": DeliveryThemeFactory(plan=plan, name="External Transport and Travel"),
        "planning": DeliveryThemeFactory(plan=plan, name="Planning", lead_name=""),
    }
    actions = {
        ref: ActionFactory(
            plan=plan,
            ref=ref,
            theme=themes[theme],
            delivery_theme=delivery[lead],
            impact=impact,
            position=position,
        )
        for position, (ref, (theme, lead, impact, _q2, _q3)) in enumerate(ACTIONS.items())
    }
    actions["20"].reports_through = actions["16"]
    actions["20"].save()
    actions["LL1"] = ActionFactory(
        plan=plan, ref="LL1", theme=transport, long_list=True, position=len(ACTIONS)
    )
    periods = {}
    for column, name in ((3, "2022-23 Q2"), (4, "2022-23 Q3")):
        period = ReportingPeriodFactory(plan=plan, name=name)
        for ref, row in ACTIONS.items():
            if row[column] is not None:
                ActionUpdateFactory(
                    action=actions[ref], period=period, status=row[column], approved=True
                )
        ActionUpdateFactory(action=actions["LL1"], period=period, status=G, approved=True)
        periods[name] = period_published(period)
    q4 = ReportingPeriodFactory(plan=plan, name="2022-23 Q4")
    council = Council(
        plan=plan,
        q2=periods["2022-23 Q2"],
        q3=periods["2022-23 Q3"],
        q4=q4,
        actions=actions,
    )
    council.people = _people(council, delivery, partnership)
    return council


def _people(council: Council, delivery, partnership) -> dict[str, AbstractBaseUser]:
    role = Membership.Role
    organisation = council.plan.organisation

    def member(username, member_role, **kwargs):
        # Staff status and the role's group (the admin's data entry) come with the membership.
        user = UserFactory(username=username, is_superuser=username == "admin")
        MembershipFactory(user=user, organisation=organisation, role=member_role, **kwargs)
        return user

    other = OrganisationFactory(
        name="Other District Council", slug="other-district", partnership=partnership
    )
    outsider = UserFactory(username="outsider")
    MembershipFactory(user=outsider, organisation=other, role=role.PROGRAMME_MANAGER)
    partner = UserFactory(username="partner")
    MembershipFactory(user=partner, organisation=partnership, role=role.VIEWER)
    return {
        "admin": member("admin", role.ADMINISTRATOR),
        "manager": member("manager", role.PROGRAMME_MANAGER),
        "planning": member("planning", role.THEME_LEAD, delivery_themes=[delivery["planning"]]),
        "transport": member("transport", role.THEME_LEAD, delivery_themes=[delivery["transport"]]),
        "contributor": member("contributor", role.CONTRIBUTOR, actions=[council.actions["25"]]),
        "viewer": member("viewer", role.VIEWER),
        "outsider": outsider,
        "partner": partner,
    }
