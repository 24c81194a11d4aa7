"""Reads for the organisation's own pages: its plans, and how far its set-up has come. The web
app sits on top of plan tracking and footprints, so it may read both."""

from __future__ import annotations

from dataclasses import dataclass

from netzero.access.models import Membership
from netzero.core.permissions import Permission
from netzero.footprints.models import FootprintEntry, StatedTotal, Target
from netzero.organisations.models import Organisation
from netzero.plans.models import Action, Plan
from netzero.reporting.models import ReportingPeriod

COUNCILS = frozenset(
    {
        Organisation.Kind.COUNTY_COUNCIL,
        Organisation.Kind.DISTRICT_COUNCIL,
        Organisation.Kind.UNITARY_AUTHORITY,
    }
)
NHS_BODIES = frozenset({Organisation.Kind.NHS_TRUST, Organisation.Kind.INTEGRATED_CARE_SYSTEM})


@dataclass(frozen=True)
class SetupState:
    """Each first-run step, worked out from the records (not ticked by hand)."""

    people_invited: bool  # more than the one membership it started with
    first_plan: Plan | None  # the plan the later steps link to (its oldest)
    actions_added: bool
    first_quarter_opened: bool
    footprint_started: bool  # any reported or calculated figure, or a stated total
    targets_set: bool
    details_completed: bool


def details_completed(organisation: Organisation) -> bool:
    """Its kind is set and, for a council, an area code; for an NHS body, its ODS code."""
    if organisation.kind == Organisation.Kind.OTHER:
        return False
    if organisation.kind in COUNCILS:
        return bool(organisation.ons_area_code or organisation.local_authority_code)
    if organisation.kind in NHS_BODIES:
        return bool(organisation.ods_code)
    return True


def organisation_setup(*, organisation: Organisation) -> SetupState:
    """Six small queries, whatever the organisation holds."""
    plans = Plan.objects.filter(organisation=organisation)
    return SetupState(
        people_invited=Membership.objects.filter(organisation=organisation).count() > 1,
        first_plan=plans.order_by("pk").first(),
        actions_added=Action.objects.filter(plan__in=plans).exists(),
        first_quarter_opened=ReportingPeriod.objects.filter(plan__in=plans).exists(),
        footprint_started=(
            FootprintEntry.objects.filter(organisation=organisation).exists()
            or StatedTotal.objects.filter(organisation=organisation).exists()
        ),
        targets_set=Target.objects.filter(organisation=organisation).exists(),
        details_completed=details_completed(organisation),
    )


@dataclass(frozen=True)
class PlanLatest:
    plan: Plan
    period: ReportingPeriod | None  # the latest quarter this reader may see


def organisation_plans(*, organisation: Organisation, user) -> list[PlanLatest]:
    """The organisation's plans, each with the latest quarter this reader may read (two
    queries)."""
    plans = list(Plan.objects.filter(organisation=organisation).order_by("name"))
    latest: dict[int, ReportingPeriod] = {}
    found = ReportingPeriod.objects.filter(plan__in=plans).defer("snapshot")
    for period in found.order_by("year", "quarter"):
        period.plan = next(p for p in plans if p.pk == period.plan_id)
        period.plan.organisation = organisation
        if user.has_perm(Permission.VIEW_PERIOD, period):
            latest[period.plan_id] = period
    return [PlanLatest(plan=plan, period=latest.get(plan.pk)) for plan in plans]


def organisations_of(*, user) -> list[Organisation]:
    """The organisations this person belongs to (for "Your organisations"), by name."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Organisation.objects.filter(memberships__user=user).distinct().order_by("name"))
