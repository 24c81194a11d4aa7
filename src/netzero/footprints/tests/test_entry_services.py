"""The services managers use to keep reported figures, stated totals and targets: the same
rules on every path, the manager's permission checked, and each change in the history with who
made it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from netzero.footprints.models import Boundary, Category, FootprintEntry, StatedTotal, Target
from netzero.footprints.services import (
    entry_delete,
    entry_report,
    entry_reported_update,
    stated_total_delete,
    stated_total_record,
    stated_total_update,
    target_delete,
    target_record,
    target_update,
)

pytestmark = pytest.mark.django_db
COUNCIL_SCOPE = Boundary.COUNCIL_NET_ZERO


@pytest.fixture
def org(council):
    return council.plan.organisation


@pytest.fixture
def manager(council):
    return council.people["manager"]


def _report(org, user, **kw):
    args = dict(
        organisation=org,
        reporting_year=2022,
        category=Category.ELECTRICITY,
        boundary=COUNCIL_SCOPE,
        tco2e="1,234.5",
        source="Annual report 2022-23, p. 4",
        scope=2,
        user=user,
    )
    return entry_report(**{**args, **kw})


def _total(org, user, **kw):
    args = dict(
        organisation=org,
        reporting_year=2022,
        label="Council net zero scope",
        boundary=COUNCIL_SCOPE,
        tco2e="5000",
        source="Annual report 2022-23, p. 3",
        user=user,
    )
    return stated_total_record(**{**args, **kw})


def test_a_reported_figure_is_saved_with_its_manager_in_the_history(org, manager):
    entry = _report(org, manager, quality_note="Estimated for March")
    assert entry.tco2e == Decimal("1234.500") and entry.method == FootprintEntry.Method.REPORTED
    assert entry.history.get().history_user == manager


def test_people_who_do_not_manage_the_organisation_are_refused(council, org):
    for name in ("viewer", "planning", "outsider"):
        with pytest.raises(PermissionDenied):
            _report(org, council.people[name])
    assert not FootprintEntry.objects.exists()


def test_without_a_user_the_loader_path_still_works(org):
    assert _report(org, None).pk


@pytest.mark.parametrize(
    ("tco2e", "words"),
    [
        ("-5", "Emissions are zero or more (-5 is given)"),
        ("1.2345", "decimal places"),
        ("1e5", "exponent notation"),
        ("100000000000", ""),
        ("", "No quant"),
    ],
)
def test_bad_figures_are_refused_beside_the_figure(org, manager, tco2e, words):
    with pytest.raises(ValidationError) as refused:
        _report(org, manager, tco2e=tco2e)
    assert words in " ".join(refused.value.message_dict["tco2e"])


def test_a_figure_needs_a_source_and_a_known_boundary(org, manager):
    with pytest.raises(ValidationError) as refused:
        _report(org, manager, source="  ")
    assert "source" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _report(org, manager, boundary="made_up")
    assert "boundary" in refused.value.message_dict


def test_a_figure_itemises_a_total_of_its_own_organisation_and_year(council, org, manager):
    total = _total(org, manager)
    with pytest.raises(ValidationError) as refused:
        _report(org, manager, reporting_year=2021, itemises=total)
    assert "same organisation and reporting year" in refused.value.message_dict["itemises"][0]
    assert _report(org, manager, itemises=total).itemises == total


def test_correcting_a_reported_figure_keeps_who_changed_it(council, org, manager):
    entry = _report(org, None)
    admin = council.people["admin"]
    entry_reported_update(
        entry=entry,
        reporting_year=2022,
        category=Category.GAS,
        boundary=COUNCIL_SCOPE,
        tco2e="99",
        source="Corrected report",
        scope=1,
        user=admin,
    )
    entry.refresh_from_db()
    assert entry.tco2e == Decimal("99.000") and entry.category == Category.GAS
    assert entry.history.first().history_user == admin


def test_a_calculated_figure_is_not_changed_or_deleted_here(org, manager):
    entry = FootprintEntry.objects.create(
        organisation=org,
        reporting_year=2022,
        category=Category.GAS,
        boundary=COUNCIL_SCOPE,
        tco2e=Decimal(1),
        method=FootprintEntry.Method.CALCULATED,
        source="import",
    )
    with pytest.raises(ValidationError, match="calculated from activity data"):
        entry_delete(entry=entry, user=manager)
    with pytest.raises(ValidationError, match="calculated from activity data"):
        entry_reported_update(
            entry=entry,
            reporting_year=2022,
            category=Category.GAS,
            boundary=COUNCIL_SCOPE,
            tco2e="2",
            source="x",
            user=manager,
        )
    assert FootprintEntry.objects.get(pk=entry.pk).tco2e == 1


def test_deleting_a_reported_figure_records_who(org, manager):
    entry = _report(org, None)
    entry_delete(entry=entry, user=manager)
    assert not FootprintEntry.objects.exists()
    deleted = FootprintEntry.history.filter(id=entry.pk, history_type="-").get()
    assert deleted.history_user == manager


def test_a_stated_total_with_parts_cannot_be_deleted_or_moved(org, manager):
    total = _total(org, manager)
    part = _total(org, manager, label="Buildings", tco2e="3000", parent=total)
    entry = _report(org, manager, itemises=part)
    with pytest.raises(ValidationError, match="1 part itemising"):
        stated_total_delete(total=total, user=manager)
    with pytest.raises(ValidationError) as refused:
        stated_total_update(
            total=part,
            reporting_year=2021,
            label="Buildings",
            boundary=COUNCIL_SCOPE,
            tco2e="3000",
            source="s",
            parent=None,
            user=manager,
        )
    assert "has parts" in refused.value.message_dict["reporting_year"][0]
    entry_delete(entry=entry, user=manager)
    stated_total_delete(total=part, user=manager)
    stated_total_delete(total=total, user=manager)
    assert not StatedTotal.objects.exists()


def test_a_total_cannot_be_a_part_of_itself_or_of_another_year(org, manager):
    total = _total(org, manager)
    part = _total(org, manager, label="Buildings", tco2e="3000", parent=total)
    with pytest.raises(ValidationError) as refused:
        stated_total_update(
            total=total,
            reporting_year=2022,
            label=total.label,
            boundary=COUNCIL_SCOPE,
            tco2e="5000",
            source="s",
            parent=part,
            user=manager,
        )
    assert "part of itself" in refused.value.message_dict["parent"][0]
    with pytest.raises(ValidationError) as refused:
        _total(org, manager, reporting_year=2021, parent=total)
    assert "same organisation" in refused.value.message_dict["parent"][0]


def test_a_total_of_another_organisation_cannot_be_a_parent(council, org, manager):
    other = council.people["outsider"].memberships.get().organisation
    theirs = _total(other, council.people["outsider"])
    with pytest.raises(ValidationError):
        _total(org, manager, parent=theirs)


def _target(org, user, **kw):
    args = dict(
        organisation=org,
        description="Net zero by 2030",
        target_year=2030,
        reduction_percent="100",
        source="Climate strategy 2021, p. 2",
        boundary=COUNCIL_SCOPE,
        baseline_year=2021,
        baseline_tco2e="5,000",
        user=user,
    )
    return target_record(**{**args, **kw})


def test_a_target_is_recorded_changed_and_deleted_with_history(org, manager):
    target = _target(org, manager)
    assert target.baseline_tco2e == Decimal("5000.000") and target.reduction_percent == 100
    target_update(
        target=target,
        description="80% by 2030",
        target_year=2030,
        reduction_percent="80",
        source="Revised strategy",
        user=manager,
    )
    target.refresh_from_db()
    assert target.reduction_percent == 80 and target.baseline_year is None
    target_delete(target=target, user=manager)
    assert not Target.objects.exists()
    assert [h.history_type for h in Target.history.order_by("history_id")] == ["+", "~", "-"]
    assert {h.history_user for h in Target.history.all()} == {manager}


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"reduction_percent": "101"}, "reduction_percent", "between 0 and 100"),
        ({"reduction_percent": "-1"}, "reduction_percent", "negative"),
        ({"target_year": 2021}, "target_year", "after the baseline year (2021-22)"),
        ({"baseline_year": None}, "baseline_tco2e", "needs its baseline year"),
        ({"baseline_tco2e": "100000000000"}, "baseline_tco2e", ""),
        ({"source": ""}, "source", "where the target is published"),
    ],
)
def test_a_bad_target_is_refused_beside_its_field(org, manager, changes, field, words):
    with pytest.raises(ValidationError) as refused:
        _target(org, manager, **changes)
    assert words in " ".join(refused.value.message_dict[field])
    assert not Target.objects.exists()


def test_a_viewer_cannot_record_a_target(council, org):
    with pytest.raises(PermissionDenied):
        _target(org, council.people["viewer"])


def test_a_total_with_no_parts_recorded_is_not_flagged(council):
    from netzero.footprints.selectors import reconcile

    total = stated_total_record(
        organisation=council.plan.organisation,
        reporting_year=2022,
        label="Council total",
        boundary="council_net_zero",
        tco2e="6,000",
        source="Annual report",
    )
    result = reconcile(total)
    assert not result.flagged
    assert result.message == "Council total 6,000 tCO2e: no parts of it are recorded."
    assert str(total) == "Borough Council 2022-23 Council total: 6,000 tCO2e"
