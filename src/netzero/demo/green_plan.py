"""Demo footprints and targets from the Joined Up Care Derbyshire ICS Green Plan 2022-2025
(seed 004), sections 3.2 and 4. Only figures printed in the plan; where it gives a main part
but not the rest, the remainder is left unitemised and the reconciliation says so."""

from __future__ import annotations

from django.db import transaction

from netzero.footprints.models import Boundary, Category, FootprintEntry, StatedTotal, Target
from netzero.footprints.services import entry_report, stated_total_record
from netzero.organisations.models import Organisation
from netzero.workflow.guards import purge_allowed

PLAN = "Joined Up Care Derbyshire ICS Green Plan 2022-2025"
NOT_VERIFIED = "Provided by the trust; not verified at system level (Green Plan section 4)."

ORGANISATIONS = [
    ("jucd-ics", "Joined Up Care Derbyshire ICS", Organisation.Kind.INTEGRATED_CARE_SYSTEM),
    ("crhft", "Chesterfield Royal Hospital NHS Foundation Trust", Organisation.Kind.NHS_TRUST),
    (
        "dchs",
        "Derbyshire Community Health Services NHS Foundation Trust",
        Organisation.Kind.NHS_TRUST,
    ),
    ("dhcft", "Derbyshire Healthcare NHS Foundation Trust", Organisation.Kind.NHS_TRUST),
    ("emas", "East Midlands Ambulance Service NHS Trust", Organisation.Kind.NHS_TRUST),
    (
        "uhdb",
        "University Hospitals of Derby and Burton NHS Foundation Trust",
        Organisation.Kind.NHS_TRUST,
    ),
]

CF, PLUS, CUSTOM = (
    Boundary.NHS_CARBON_FOOTPRINT,
    Boundary.NHS_CARBON_FOOTPRINT_PLUS,
    Boundary.CUSTOM,
)


@transaction.atomic
def green_plan_load() -> dict[str, Organisation]:
    """Load (or reload) the ICS, its five trusts, their footprints and the ICS's targets."""
    slugs = [s for s, _, _ in ORGANISATIONS]
    with purge_allowed():
        FootprintEntry.objects.filter(organisation__slug__in=slugs).delete()
        StatedTotal.objects.filter(organisation__slug__in=slugs, parent__isnull=False).delete()
        StatedTotal.objects.filter(organisation__slug__in=slugs).delete()
        Target.objects.filter(organisation__slug__in=slugs).delete()
    orgs: dict[str, Organisation] = {}
    for slug, name, kind in ORGANISATIONS:
        org, _ = Organisation.objects.update_or_create(
            slug=slug, defaults={"name": name, "kind": kind}
        )
        orgs[slug] = org
    for slug in slugs[1:]:
        orgs[slug].partnership = orgs["jucd-ics"]
        orgs[slug].save()
    council = Organisation.objects.filter(slug="derbyshire-county-council").first()
    if council is not None:  # a partner of the ICS (Green Plan section 3.1.2 and 5.1)
        council.partnership = orgs["jucd-ics"]
        council.save()

    ics = orgs["jucd-ics"]
    s4 = f"{PLAN}, section 4.0"
    cf = stated_total_record(
        organisation=ics,
        reporting_year=2019,
        label="NHS Carbon Footprint (Scopes 1 and 2)",
        boundary=CF,
        tco2e=94920,
        source=f"{s4} and Figure 4",
        quality_note="Figure 4's other categories (gas, business travel, inhalers, ...) were "
        "printed only in the chart; the text gives electricity and oil.",
    )
    entry_report(
        organisation=ics,
        reporting_year=2019,
        category=Category.ELECTRICITY,
        scope=2,
        boundary=CF,
        tco2e=23420,
        source=f"{s4}, Figure 4",
        itemises=cf,
    )
    entry_report(
        organisation=ics,
        reporting_year=2019,
        category=Category.OIL,
        scope=1,
        boundary=CF,
        tco2e=100,
        source=f"{s4}, Figure 4",
        itemises=cf,
        quality_note="Oil is largely phased out and kept as a back-up supply.",
    )
    fleet = stated_total_record(
        organisation=ics,
        reporting_year=2020,
        label="EMAS fleet (absorbed by the ICS)",
        boundary=CF,
        tco2e=7500,
        source=s4,
        parts_complete=True,
        quality_note="EMAS's fleet data, absorbed by the ICS as lead commissioner; 2020-21.",
    )
    entry_report(
        organisation=ics,
        reporting_year=2020,
        category=Category.FLEET,
        scope=1,
        boundary=CF,
        tco2e=7500,
        source=s4,
        itemises=fleet,
    )
    combined = stated_total_record(
        organisation=ics,
        reporting_year=2019,
        label="Carbon Footprint including EMAS fleet",
        boundary=CF,
        tco2e=102420,
        source=s4,
        quality_note="'Roughly' in the source; adds 2020-21 fleet data to 2019-20 figures.",
    )
    for part in (cf, fleet):
        part.parent = combined
        part.save()
    stated_total_record(
        organisation=ics,
        reporting_year=2019,
        label="NHS Carbon Footprint Plus (Scope 3)",
        boundary=PLUS,
        tco2e=444250,
        source=f"{s4} and Figure 5",
        quality_note="Not fully representative of the ICS's indirect emissions (section 4.0); "
        "categories were printed only in Figure 5.",
    )

    crhft = orgs["crhft"]
    total = stated_total_record(
        organisation=crhft,
        reporting_year=2019,
        label="NHS Carbon Footprint",
        boundary=CF,
        tco2e=9567,
        source=f"{PLAN}, section 4.1 (CRHFT)",
        quality_note="Energy use in buildings only; NHS Carbon Footprint Plus not quantified. "
        "A 19% reduction since the 2013/14 baseline is reported, without the baseline figure. "
        + NOT_VERIFIED,
    )
    for category, scope, value in ((Category.GAS, 1, 5757), (Category.ELECTRICITY, 2, 3693)):
        entry_report(
            organisation=crhft,
            reporting_year=2019,
            category=category,
            scope=scope,
            boundary=CF,
            tco2e=value,
            source=f"{PLAN}, section 4.1",
            itemises=total,
        )

    dchs = orgs["dchs"]
    s42 = f"{PLAN}, section 4.2 (DCHS)"
    dchs_cf = stated_total_record(
        organisation=dchs,
        reporting_year=2020,
        label="NHS Carbon Footprint",
        boundary=CF,
        tco2e=7775,
        source=s42,
        quality_note="Excludes anaesthetic gases and metered dose inhalers (low for a community "
        "trust). " + NOT_VERIFIED,
    )
    for category, scope, value in (
        (Category.GAS_AND_OIL, 1, 4890),
        (Category.ELECTRICITY, 2, 1703),
        (Category.BUSINESS_TRAVEL, 3, 1057),
    ):
        entry_report(
            organisation=dchs,
            reporting_year=2020,
            category=category,
            scope=scope,
            boundary=CF,
            tco2e=value,
            source=s42,
            itemises=dchs_cf,
        )
    dchs_plus = stated_total_record(
        organisation=dchs,
        reporting_year=2020,
        label="NHS Carbon Footprint Plus (added)",
        boundary=PLUS,
        tco2e=22300,
        source=s42,
        parts_complete=True,
        quality_note="Procurement emissions had only just been calculated; further analysis "
        "is needed.",
    )
    for category, value in (
        (Category.PROCUREMENT, 20489),
        (Category.COMMUTING, 1557),
        (Category.PATIENT_VISITOR_TRAVEL, 254),
    ):
        entry_report(
            organisation=dchs,
            reporting_year=2020,
            category=category,
            scope=3,
            boundary=PLUS,
            tco2e=value,
            source=s42,
            itemises=dchs_plus,
        )
    dchs_all = stated_total_record(
        organisation=dchs,
        reporting_year=2020,
        label="Combined Carbon Footprint Plus",
        boundary=PLUS,
        tco2e=30074,
        source=s42,
        quality_note="Printed as 30,074; its parts 7,775 + 22,300 make 30,075.",
    )
    for part in (dchs_cf, dchs_plus):
        part.parent = dchs_all
        part.save()

    dhcft = orgs["dhcft"]
    total = stated_total_record(
        organisation=dhcft,
        reporting_year=2020,
        label="NHS Carbon Footprint",
        boundary=CF,
        tco2e=3226,
        source=f"{PLAN}, section 4.3 (DHCFT)",
        parts_complete=True,
        quality_note="Energy across its sites only; excludes business travel, which may be "
        "significant. " + NOT_VERIFIED,
    )
    entry_report(
        organisation=dhcft,
        reporting_year=2020,
        category=Category.BUILDING_ENERGY,
        boundary=CF,
        tco2e=3226,
        source=f"{PLAN}, section 4.3",
        itemises=total,
    )

    uhdb = orgs["uhdb"]
    s45 = f"{PLAN}, section 4.5 (UHDB)"
    total = stated_total_record(
        organisation=uhdb,
        reporting_year=2020,
        label="Overall carbon footprint",
        boundary=CUSTOM,
        tco2e=131148,
        source=s45,
        quality_note="Primarily procurement, utilities and food; a 35% reduction since 2018/19 "
        "is reported, without the 2018/19 figure. " + NOT_VERIFIED,
    )
    for category, scope, boundary, value in (
        (Category.PROCUREMENT, 3, PLUS, 122994),
        (Category.UTILITIES, None, CF, 4657),
        (Category.FOOD, 3, PLUS, 2488),
    ):
        entry_report(
            organisation=uhdb,
            reporting_year=2020,
            category=category,
            scope=scope,
            boundary=boundary,
            tco2e=value,
            source=s45,
            itemises=total,
        )

    s32 = f"{PLAN}, section 3.2.1"
    for description, boundary, covers, year, percent in (
        ("80% cut in direct emissions by 2032", CF, "direct emissions", 2032, 80),
        ("Net zero direct emissions by 2040", CF, "direct emissions", 2040, 100),
        ("80% cut in indirect emissions by 2039", PLUS, "indirect emissions", 2039, 80),
        ("Net zero indirect emissions by 2045", PLUS, "indirect emissions", 2045, 100),
    ):
        Target.objects.create(
            organisation=ics,
            description=description,
            boundary=boundary,
            covers=covers,
            baseline_year=1990,
            baseline_tco2e=None,
            target_year=year,
            reduction_percent=percent,
            source=f"{s32}: from a 1990 baseline, whose figure the plan does not give.",
        )
    if council is not None:
        Target.objects.filter(organisation=council).delete()
        for description, covers, year in (
            ("Net zero council estate and operations by 2032", "the council's own emissions", 2032),
            ("Net zero county by 2050", "area-wide emissions", 2050),
        ):
            Target.objects.create(
                organisation=council,
                description=description,
                covers=covers,
                boundary=Boundary.COUNCIL_NET_ZERO if year == 2032 else Boundary.CUSTOM,
                baseline_year=None,
                baseline_tco2e=None,
                target_year=year,
                reduction_percent=100,
                source="Derbyshire County Council, Climate Change Strategy: Achieving Net Zero "
                "(2021-2025); no baseline year or figure is given (for the county, the "
                "area-wide statistics start in 2005).",
            )
    return orgs
