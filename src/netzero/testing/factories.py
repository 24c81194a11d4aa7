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
