"""The ICS Green Plan's figures, loaded as the demo, reproduce; its own arithmetic is checked."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from netzero.demo.green_plan import green_plan_load
from netzero.footprints.models import StatedTotal
from netzero.footprints.selectors import footprint_summary, reconcile


@pytest.fixture
def orgs(db):
    return green_plan_load()


def _total(org, label):
    return StatedTotal.objects.get(organisation=org, label=label)


def test_ics_footprint_figures(orgs):
    ics = orgs["jucd-ics"]
    cf = _total(ics, "NHS Carbon Footprint (Scopes 1 and 2)")
    assert cf.tco2e == 94920 and cf.reporting_year == 2019
    combined = reconcile(_total(ics, "Carbon Footprint including EMAS fleet"))
    assert (
        combined.total.tco2e == 102420 and combined.parts == 94920 + 7500 and not combined.flagged
    )
    assert _total(ics, "NHS Carbon Footprint Plus (Scope 3)").tco2e == 444250
    summary = footprint_summary(organisation=ics, reporting_year=2019)
    assert dict(summary.by_category) == {
        "Electricity": Decimal("23420.000"),
        "Oil": Decimal("100.000"),
    }


def test_trust_figures(orgs):
    crhft = footprint_summary(organisation=orgs["crhft"], reporting_year=2019)
    assert dict(crhft.by_category) == {"Electricity": 3693, "Gas": 5757}
    assert crhft.reconciliations[0].difference == 117 and not crhft.reconciliations[0].flagged
    dhcft = footprint_summary(organisation=orgs["dhcft"], reporting_year=2020)
    assert dhcft.reconciliations[0].total.tco2e == 3226 and not dhcft.flags
    uhdb = footprint_summary(organisation=orgs["uhdb"], reporting_year=2020)
    assert dict(uhdb.by_category) == {"Food": 2488, "Procurement": 122994, "Utilities": 4657}
    assert uhdb.reconciliations[0].difference == 131148 - 122994 - 4657 - 2488
    assert orgs["emas"].partnership == orgs["jucd-ics"]
    assert orgs["jucd-ics"].members.count() == 5


def test_dchs_30074_is_flagged_against_its_parts(orgs):
    dchs = footprint_summary(organisation=orgs["dchs"], reporting_year=2020)
    assert dict(dchs.by_boundary) == {
        "NHS Carbon Footprint": 7650,
        "NHS Carbon Footprint Plus": 22300,
    }
    (flag,) = dchs.flags
    assert flag.total.tco2e == 30074 and flag.parts == 30075 and flag.difference == -1
    assert "does not match 7,775 + 22,300 = 30,075 tCO2e (difference -1)" in flag.message
    plus = next(
        r for r in dchs.reconciliations if r.total.label.startswith("NHS Carbon Footprint Plus")
    )
    assert plus.parts == 22300 and not plus.flagged


def test_footprint_command(orgs):
    out = StringIO()
    call_command("footprint", "--org", "dchs", "--year", "2020-21", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["by_scope"] == {"Scope 1": 4890.0, "Scope 2": 1703.0, "Scope 3": 23357.0}
    assert data["flags"] == [
        "Combined Carbon Footprint Plus 30,074 tCO2e does not match 7,775 + 22,300 = 30,075 tCO2e "
        "(difference -1)."
    ]
    assert any("anaesthetic gases" in t["quality_note"] for t in data["stated_totals"])


def test_reloading_replaces_not_duplicates(orgs):
    green_plan_load()
    assert StatedTotal.objects.filter(organisation=orgs["dchs"]).count() == 3
