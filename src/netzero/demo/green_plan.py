"""The Joined Up Care Derbyshire ICS Green Plan 2022-2025 (seed 004) in the demo.

Its footprints and targets (sections 3.2 and 4) come from ``demo/data/green_plan.json``: only
figures printed in the plan, each citing the section it is printed in; where the plan gives a main
part but not the rest, the remainder is left unitemised and the reconciliation says so.

Its action plan (Table 1 and Appendix A) comes from ``demo/data/green_plan_actions.json``, which
``tools/extract_green_plan_seed.py`` extracts from the vendored plan: eleven objectives with their
vision, benefits and risks, and their interventions with the timescale and role as printed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from netzero.footprints.models import FootprintEntry, StatedTotal, Target
from netzero.footprints.services import entry_report, stated_total_record
from netzero.organisations.models import Organisation, PartnershipRole
from netzero.plans.models import Delivery, Plan
from netzero.plans.services import action_create, delivery_add, plan_create, theme_create
from netzero.reporting.services import period_create
from netzero.workflow.guards import purge_allowed
from netzero.workflow.models import PeriodEvent

DATA_FILE = Path(__file__).resolve().parent / "data" / "green_plan.json"
ACTIONS_FILE = Path(__file__).resolve().parent / "data" / "green_plan_actions.json"
# The period the Green Plan's dashboard opens on: its first quarter in the product, with no
# updates yet, so every intervention shows Not reported until someone reports.
FIRST_PERIOD = "2022-23 Q4"


def green_plan_data() -> dict[str, Any]:
    """The Green Plan's organisations, stated totals with their figures, and targets."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@transaction.atomic
def green_plan_load() -> dict[str, Organisation]:
    """Load (or reload) the ICS, its five trusts, their footprints and the ICS's targets."""
    data = green_plan_data()
    slugs = [o["slug"] for o in data["organisations"]]
    with purge_allowed():
        FootprintEntry.objects.filter(organisation__slug__in=slugs).delete()
        StatedTotal.objects.filter(organisation__slug__in=slugs, parent__isnull=False).delete()
        StatedTotal.objects.filter(organisation__slug__in=slugs).delete()
        Target.objects.filter(organisation__slug__in=slugs).delete()
    orgs: dict[str, Organisation] = {}
    for o in data["organisations"]:
        orgs[o["slug"]], _ = Organisation.objects.update_or_create(
            slug=o["slug"],
            defaults={
                "name": o["name"],
                "kind": o["kind"],
                "ods_code": o.get("ods_code", ""),
                "predecessor_ods_codes": o.get("predecessor_ods_codes", ""),
                "is_demo": True,
            },
        )
    partnership = orgs[data["partnership"]]
    for slug in slugs:
        if slug != partnership.slug:
            orgs[slug].partnership = partnership
            orgs[slug].save()
    council = Organisation.objects.filter(slug=data["council"]["slug"]).first()
    if council is not None:  # a partner of the ICS (Green Plan sections 3.1.2 and 5.1)
        council.partnership = partnership
        council.partnership_role = PartnershipRole.PARTNER
        council.save()

    totals: dict[str, StatedTotal] = {}
    for t in data["stated_totals"]:
        organisation = orgs[t["organisation"]]
        total = stated_total_record(
            organisation=organisation,
            reporting_year=t["reporting_year"],
            label=t["label"],
            boundary=t["boundary"],
            tco2e=t["tco2e"],
            source=t["source"],
            quality_note=t["quality_note"],
            parts_complete=t["parts_complete"],
        )
        totals[t["key"]] = total
        for e in t["entries"]:
            entry_report(
                organisation=organisation,
                reporting_year=t["reporting_year"],
                category=e["category"],
                scope=e["scope"],
                boundary=e["boundary"],
                tco2e=e["tco2e"],
                source=e["source"],
                itemises=total,
                quality_note=e["quality_note"],
            )
        for key in t.get("parts", []):
            totals[key].parent = total
            totals[key].save()

    for target in data["targets"]:
        Target.objects.create(**{**target, "organisation": orgs[target["organisation"]]})
    if council is not None:
        Target.objects.filter(organisation=council).delete()
        for target in data["council"]["targets"]:
            Target.objects.create(organisation=council, **target)
    return orgs


def green_plan_actions_data() -> dict[str, Any]:
    """The Green Plan's objectives and interventions, as extracted from the printed plan."""
    return json.loads(ACTIONS_FILE.read_text(encoding="utf-8"))


@transaction.atomic
def green_plan_actions_load() -> Plan:
    """Load (or reload, replacing) the Green Plan as a plan owned by the ICS: its objectives (with
    vision, benefits and risks), its interventions (with timescale, role, and the organisations
    that deliver them: the ICS leads each; a member the intervention's own words name is a
    partner), and a first period open with no updates. Run after ``green_plan_load``."""
    data = green_plan_actions_data()
    plan_data = data["plan"]
    owner = Organisation.objects.get(slug=plan_data["organisation"])
    with purge_allowed():
        PeriodEvent.objects.filter(period__plan__slug=plan_data["slug"]).delete()
        Plan.objects.filter(slug=plan_data["slug"]).delete()
    notes = "\n\n".join(data["layout_notes"])
    plan = plan_create(
        organisation=owner,
        name=plan_data["name"],
        slug=plan_data["slug"],
        description=f"From {data['source']['title']}, {data['source']['sections']}.\n\n{notes}",
    )
    for objective in data["objectives"]:
        theme = theme_create(
            plan=plan,
            name=objective["objective"],
            vision=objective["vision"],
            benefits=objective["benefits"],
            risks=objective["risks"],
            position=objective["number"],
        )
        for item in objective["interventions"]:
            action = action_create(
                plan=plan,
                ref=item["ref"],
                text=item["text"],
                theme=theme,
                target=item["timescale"],
                role=item["role"],
            )
            delivery_add(action=action, organisation=owner, role=Delivery.Role.LEAD)
            for partner in item["partners"]:
                delivery_add(
                    action=action,
                    organisation=Organisation.objects.get(slug=partner["organisation"]),
                    role=Delivery.Role.PARTNER,
                    note=f"Named in the intervention: \u201c{partner['as_printed']}\u201d.",
                )
    period = period_create(plan=plan, name=FIRST_PERIOD)
    PeriodEvent.objects.create(period=period, kind=PeriodEvent.Kind.OPENED)
    return plan
