"""Demo footprints and targets from the Joined Up Care Derbyshire ICS Green Plan 2022-2025
(seed 004), sections 3.2 and 4, read from ``demo/data/green_plan.json``. Only figures printed in
the plan, each citing the section it is printed in; where the plan gives a main part but not the
rest, the remainder is left unitemised and the reconciliation says so."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from netzero.footprints.models import FootprintEntry, StatedTotal, Target
from netzero.footprints.services import entry_report, stated_total_record
from netzero.organisations.models import Organisation
from netzero.workflow.guards import purge_allowed

DATA_FILE = Path(__file__).resolve().parent / "data" / "green_plan.json"


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
            slug=o["slug"], defaults={"name": o["name"], "kind": o["kind"]}
        )
    partnership = orgs[data["partnership"]]
    for slug in slugs:
        if slug != partnership.slug:
            orgs[slug].partnership = partnership
            orgs[slug].save()
    council = Organisation.objects.filter(slug=data["council"]["slug"]).first()
    if council is not None:  # a partner of the ICS (Green Plan sections 3.1.2 and 5.1)
        council.partnership = partnership
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
