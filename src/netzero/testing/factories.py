"""factory_boy factories for the tracker's records, in the users' words.

Small and explicit: each factory makes one valid record (``full_clean()`` runs before saving, as
in the services) and only what it must refer to. Pass what a test cares about::

    plan = PlanFactory()
    estate = ThemeFactory(plan=plan, name="Council Estate and Operations")
    buildings = ThemeFactory(parent=estate, name="Buildings")      # same plan as its parent
    planning = DeliveryThemeFactory(plan=plan, name="Planning", lead_name="Head of Planning")
    ref16 = ActionFactory(plan=plan, ref="16", theme=estate, delivery_theme=planning)
    ll1 = ActionFactory(plan=plan, theme=estate, long_list=True)
    q3 = ReportingPeriodFactory(plan=plan, name="2022-23 Q3")
    ActionUpdateFactory(action=ref16, period=q3, status=Status.REVIEW, approved=True)
    period_published(q3)                         # through the workflow, as the guards require
    lead = MembershipFactory(organisation=plan.organisation, role=Membership.Role.THEME_LEAD,
                             delivery_themes=[planning]).user

A period is always created open: the guards (``netzero.workflow.guards``) refuse anything else.
Publish it with ``period_published`` (``workflow.services.period_freeze``) once its updates are
in, or with ``ReportingPeriodFactory(published=True)`` when it needs none.
"""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory, Password

from netzero.access.models import Membership
from netzero.organisations.models import Organisation
from netzero.plans.impact import Impact
from netzero.plans.models import Action, DeliveryTheme, Plan, Theme
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.periods import parse_quarter
from netzero.reporting.status import Status

PASSWORD = "correct horse battery staple"  # noqa: S105 (test users only)


class _CleanFactory(DjangoModelFactory):
    """Validates each record as the services do (``full_clean()``), then saves it."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = model_class(*args, **kwargs)
        obj.full_clean()
        obj.save()
        return obj


class OrganisationFactory(_CleanFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Borough Council {n}")
    slug = factory.Sequence(lambda n: f"borough-council-{n}")
    kind = Organisation.Kind.DISTRICT_COUNCIL


class PlanFactory(_CleanFactory):
    class Meta:
        model = Plan

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Climate Change Strategy {n}")
    slug = factory.Sequence(lambda n: f"climate-change-strategy-{n}")


class ThemeFactory(_CleanFactory):
    """A strategy theme; with ``parent``, an objective beneath it in the same plan."""

    class Meta:
        model = Theme

    parent = None
    plan = factory.Maybe(
        "parent",
        yes_declaration=factory.SelfAttribute("parent.plan"),
        no_declaration=factory.SubFactory(PlanFactory),
    )
    name = factory.Sequence(lambda n: f"Strategy theme {n}")
    position = factory.Sequence(lambda n: n)


class DeliveryThemeFactory(_CleanFactory):
    class Meta:
        model = DeliveryTheme

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Delivery theme {n}")
    lead_name = factory.Sequence(lambda n: f"Theme lead {n}")
    position = factory.Sequence(lambda n: n)


class ActionFactory(_CleanFactory):
    """A priority action (``long_list=True``: a long-list one, no delivery theme or impact)."""

    class Meta:
        model = Action

    class Params:
        long_list = factory.Trait(
            kind=Action.Kind.LONG_LIST,
            ref=factory.Sequence(lambda n: f"LL{n}"),
            title=factory.Sequence(lambda n: f"Long-list action {n}"),
            impact="",
        )

    plan = factory.SubFactory(PlanFactory)
    ref = factory.Sequence(lambda n: str(n + 1))
    kind = Action.Kind.PRIORITY
    text = factory.LazyAttribute(lambda a: f"<p>What Ref {a.ref} will do.</p>")
    theme = factory.SubFactory(ThemeFactory, plan=factory.SelfAttribute("..plan"))
    delivery_theme = None
    target = "2025"
    success_measure = "Measured as the plan says."
    impact = Impact.MODERATE
    reports_through = None
    position = factory.Sequence(lambda n: n)


class ReportingPeriodFactory(_CleanFactory):
    """A quarter of a plan, open for updates. ``name="2022-23 Q3"`` sets year and quarter;
    ``published=True`` publishes it straight away, through the workflow."""

    class Meta:
        model = ReportingPeriod
        skip_postgeneration_save = True

    class Params:
        name = "2024-25 Q1"

    plan = factory.SubFactory(PlanFactory)
    year = factory.LazyAttribute(lambda p: parse_quarter(p.name).year)
    quarter = factory.LazyAttribute(lambda p: parse_quarter(p.name).quarter)

    @factory.post_generation
    def published(period, create, extracted, **kwargs):
        if create and extracted:
            period_published(period)


def period_published(period: ReportingPeriod, user=None) -> ReportingPeriod:
    """Publish a period as the workflow does (its dashboard frozen), whatever its updates'
    state: for periods a test presents as already published."""
    from netzero.workflow.services import period_freeze

    return period_freeze(period=period, user=user)


class ActionUpdateFactory(_CleanFactory):
    """An action's update in a period of the same plan: a draft unless ``submitted`` or
    ``approved``."""

    class Meta:
        model = ActionUpdate

    class Params:
        submitted = factory.Trait(state=ActionUpdate.State.SUBMITTED)
        approved = factory.Trait(state=ActionUpdate.State.APPROVED)

    action = factory.SubFactory(ActionFactory)
    period = factory.SubFactory(ReportingPeriodFactory, plan=factory.SelfAttribute("..action.plan"))
    status = Status.GOOD
    progress = factory.LazyAttribute(lambda u: f"<p>Progress on Ref {u.action.ref}.</p>")
    reason = ""
    mitigation = ""
    state = ActionUpdate.State.DRAFT


class UserFactory(_CleanFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"officer{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = Password(PASSWORD)


class MembershipFactory(_CleanFactory):
    """A user's role in an organisation; ``delivery_themes=[...]`` they lead (theme leads),
    ``actions=[...]`` they contribute to (contributors)."""

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.VIEWER

    @factory.post_generation
    def delivery_themes(membership, create, extracted, **kwargs):
        if create and extracted:
            membership.delivery_themes.set(extracted)

    @factory.post_generation
    def actions(membership, create, extracted, **kwargs):
        if create and extracted:
            membership.actions.set(extracted)


# Varied plans for the dashboard's tests ------------------------------------------------------
# The demo's quarter has no priority action rated Action, no nested theme, no empty theme, one
# folded action and no long-list action with a delivery theme. These plans have each of those.


class BuiltPlan:
    """A plan made by ``plan_built``, with its records by name (themes, delivery themes, periods)
    and by ref (actions)."""

    def __init__(self, plan, themes, delivery_themes, actions, periods):
        self.plan: Plan = plan
        self.themes: dict[str, Theme] = themes
        self.delivery_themes: dict[str, DeliveryTheme] = delivery_themes
        self.actions: dict[str, Action] = actions
        self.periods: dict[str, ReportingPeriod] = periods


def plan_built(
    *,
    themes=(),
    delivery_themes=(),
    actions=(),
    statuses=None,
    published: bool = False,
    **plan_fields,
) -> BuiltPlan:
    """A plan from small tables, in order (positions follow the order given):

    - ``themes``: ``(name, parent name or None)``, parents first;
    - ``delivery_themes``: ``(name, lead)``, a blank lead shows as "TBC";
    - ``actions``: ``(ref, theme, delivery theme or None, impact or None)``; a ref starting
      "LL" is a long-list action; a fifth item names the ref it reports through;
    - ``statuses``: ``{period name: {ref: Status}}``, periods made in that order with approved
      updates; an action left out has no update (Not reported). ``published`` publishes each.
    """
    plan = PlanFactory(**plan_fields)
    made_themes: dict[str, Theme] = {}
    for position, (name, parent) in enumerate(themes):
        made_themes[name] = ThemeFactory(
            plan=plan,
            parent=made_themes[parent] if parent else None,
            name=name,
            position=position,
        )
    made_delivery = {
        name: DeliveryThemeFactory(plan=plan, name=name, lead_name=lead, position=position)
        for position, (name, lead) in enumerate(delivery_themes)
    }
    made_actions: dict[str, Action] = {}
    for position, (ref, theme, delivery, impact, *through) in enumerate(actions):
        long_list = ref.upper().startswith("LL")
        made_actions[ref] = ActionFactory(
            plan=plan,
            ref=ref,
            title=f"Action {ref}",
            kind=Action.Kind.LONG_LIST if long_list else Action.Kind.PRIORITY,
            theme=made_themes[theme],
            delivery_theme=made_delivery[delivery] if delivery else None,
            impact=impact or "",
            reports_through=made_actions[through[0]] if through else None,
            position=position,
        )
    periods: dict[str, ReportingPeriod] = {}
    for name, by_ref in (statuses or {}).items():
        period = ReportingPeriodFactory(plan=plan, name=name)
        for ref, status in by_ref.items():
            ActionUpdateFactory(
                action=made_actions[ref],
                period=period,
                status=status,
                reason="" if status == Status.GOOD else f"Why Ref {ref} is {status.label}.",
                mitigation=f"What is done about Ref {ref}." if status == Status.ACTION else "",
                approved=True,
            )
        periods[name] = period_published(period) if published else period
    return BuiltPlan(plan, made_themes, made_delivery, made_actions, periods)


def nested_themes_plan(**options) -> BuiltPlan:
    """Themes three deep, counted against their root, and a root theme with no action:

    Estate > Buildings > Heat pumps; Transport > Fleet; Waste (no action). 2023-24 Q2 against Q1:
    Ref 1 (Heat pumps) Good, Ref 2 (Buildings) Review, Ref 3 (Estate) Action from Review,
    Ref 4 (Fleet) Good from Action, Ref 5 (Transport) Not reported, LL1 (Fleet) Review.
    """
    g, r, a = Status.GOOD, Status.REVIEW, Status.ACTION
    return plan_built(
        themes=[
            ("Estate", None),
            ("Buildings", "Estate"),
            ("Heat pumps", "Buildings"),
            ("Transport", None),
            ("Fleet", "Transport"),
            ("Waste", None),
        ],
        delivery_themes=[("Property", "Head of Property"), ("Fleet", "")],
        actions=[
            ("1", "Heat pumps", "Property", Impact.HIGH),
            ("2", "Buildings", "Property", Impact.MODERATE),
            ("3", "Estate", "Property", Impact.HIGH),
            ("4", "Fleet", "Fleet", Impact.LOW),
            ("5", "Transport", None, Impact.HIGH),
            ("LL1", "Fleet", None, None),
        ],
        statuses={
            "2023-24 Q1": {"1": g, "2": r, "3": r, "4": a, "5": g, "LL1": g},
            "2023-24 Q2": {"1": g, "2": r, "3": a, "4": g, "LL1": r},
        },
        **options,
    )


def action_rated_plan(**options) -> BuiltPlan:
    """Priority actions rated Action and Review with High impact, three folded into one:

    Refs 21, 22 and 23 report through Ref 20 (all High, Review or Action: one entry, Ref 20);
    Ref 31 reports through Ref 30, which is Good, so Ref 31 is listed itself; Ref 40 is Action
    with Low impact (not listed). 2023-24 Q1 only.
    """
    g, r, a = Status.GOOD, Status.REVIEW, Status.ACTION
    return plan_built(
        themes=[("Estate", None), ("Transport", None)],
        delivery_themes=[("Planning", "Head of Planning")],
        actions=[
            ("20", "Estate", "Planning", Impact.HIGH),
            ("21", "Estate", "Planning", Impact.HIGH, "20"),
            ("22", "Estate", "Planning", Impact.HIGH, "20"),
            ("23", "Transport", None, Impact.HIGH, "20"),
            ("30", "Transport", None, Impact.HIGH),
            ("31", "Transport", None, Impact.HIGH, "30"),
            ("40", "Transport", "Planning", Impact.LOW),
        ],
        statuses={"2023-24 Q1": {"20": a, "21": r, "22": a, "23": a, "30": g, "31": a, "40": a}},
        **options,
    )


def long_list_delivery_plan(**options) -> BuiltPlan:
    """Long-list actions with delivery themes beside two priority actions: the delivery-theme
    counts are of priority actions only. 2023-24 Q1: Ref 1 Good, Ref 2 Review, LL1 Action,
    LL2 Good, LL3 Not reported."""
    g, r, a = Status.GOOD, Status.REVIEW, Status.ACTION
    return plan_built(
        themes=[("Economy", None)],
        delivery_themes=[("Skills", "Head of Skills"), ("Schools", "")],
        actions=[
            ("1", "Economy", "Skills", Impact.MODERATE),
            ("2", "Economy", None, Impact.HIGH),
            ("LL1", "Economy", "Skills", None),
            ("LL2", "Economy", "Schools", None),
            ("LL3", "Economy", "Schools", None),
        ],
        statuses={"2023-24 Q1": {"1": g, "2": r, "LL1": a, "LL2": g}},
        **options,
    )


def one_action_plan(status: Status = Status.ACTION, **options) -> BuiltPlan:
    """One priority action (Ref 1, High impact) with ``status`` in 2023-24 Q1."""
    return plan_built(
        themes=[("Estate", None)],
        actions=[("1", "Estate", None, Impact.HIGH)],
        statuses={"2023-24 Q1": {"1": status}},
        **options,
    )


def zero_action_plan(**options) -> BuiltPlan:
    """A plan with a theme and a period (2023-24 Q1) but no action yet."""
    return plan_built(themes=[("Estate", None)], statuses={"2023-24 Q1": {}}, **options)
