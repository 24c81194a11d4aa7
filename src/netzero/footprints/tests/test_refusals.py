"""The footprint services' refusals, called directly for each role that must be refused: who may
import or undo activity data, the same file twice, an undo without a reason, and that nothing was
written. (How a file's rows are read and checked is tested in test_import and test_bad_files.)"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from netzero.footprints.imports import ActivityImportDuplicate, ActivityImportRefused
from netzero.footprints.models import FootprintEntry, ImportBatch
from netzero.footprints.services import import_batch_apply, import_batch_undo
from netzero.testing.factories import OrganisationFactory

HEADER = ["reporting_year", "activity", "quantity", "unit", "reference"]
ROWS = [(2, {"reporting_year": "2022-23", "activity": "electricity", "quantity": "1000",
             "unit": "MWh", "reference": "Main site"})]  # fmt: skip
NOT_MANAGERS = ["planning", "transport", "contributor", "viewer", "outsider", "partner"]


def _written():
    return {
        "batches": list(ImportBatch.objects.order_by("pk").values()),
        "figures": FootprintEntry.objects.count(),
        "figure history": FootprintEntry.history.count(),
    }


def _batch(organisation, **fields) -> ImportBatch:
    """An import as it was recorded (its figures do not matter to these refusals)."""
    values = {
        "organisation": organisation,
        "who": "manager",
        "channel": ImportBatch.Channel.FILE_UPLOAD,
        "file_name": "meters.csv",
        "sha256": "a" * 64,
        "rows_read": 1,
    } | fields
    return ImportBatch.objects.create(**values)


def _apply(organisation, user, **kwargs):
    values = {"sha256": "b" * 64, "file_name": "meters.csv"} | kwargs
    return import_batch_apply(
        organisation=organisation,
        header=HEADER,
        rows=iter(ROWS),
        channel=ImportBatch.Channel.FILE_UPLOAD,
        user=user,
        **values,
    )


@pytest.mark.parametrize("who", NOT_MANAGERS)
def test_only_a_programme_manager_imports_activity_data(council, who):
    organisation = council.plan.organisation
    before = _written()
    with pytest.raises(PermissionDenied) as denied:
        _apply(organisation, council.people[who])
    assert str(denied.value) == (
        "You do not have permission to import or undo activity data for Borough Council."
    )
    assert _written() == before


def test_an_import_says_who_ran_it(council):
    before = _written()
    with pytest.raises(ValidationError) as refused:
        _apply(council.plan.organisation, None)
    assert refused.value.messages == ["Say who is importing (a user, or the command line)."]
    assert _written() == before


@pytest.mark.parametrize("replaced", ["undone", "another organisation's"])
def test_only_an_applied_import_of_the_organisation_can_be_replaced(council, replaced):
    organisation = council.plan.organisation
    if replaced == "undone":
        old = _batch(organisation, state=ImportBatch.State.UNDONE, undo_reason="Wrong file.")
    else:
        old = _batch(OrganisationFactory())
    before = _written()
    with pytest.raises(ValidationError) as refused:
        _apply(organisation, council.people["manager"], replace=old)
    assert refused.value.messages == [
        f"Import {old.pk} cannot be replaced: it is not an applied import of Borough Council."
    ]
    assert _written() == before


def test_the_same_file_twice_is_refused_before_its_rows_are_read(council):
    organisation = council.plan.organisation
    first = _batch(organisation, sha256="c" * 64, figures_created=1200)
    before = _written()
    with pytest.raises(ActivityImportDuplicate) as refused:
        _apply(organisation, council.people["admin"], sha256="c" * 64, file_name="again.csv")
    assert refused.value.batch == first
    [message] = refused.value.result.errors
    assert f"(import {first.pk}: 1,200 figures, from meters.csv). Nothing was saved." in message
    assert message.startswith("This file was already imported on ")
    assert _written() == before


def test_the_same_file_in_another_organisation_is_not_a_duplicate(council):
    _batch(OrganisationFactory(), sha256="b" * 64)
    _batch(council.plan.organisation, sha256="b" * 64, state=ImportBatch.State.UNDONE)
    before = _written()
    with pytest.raises(ActivityImportRefused) as refused:  # its rows are read and checked
        _apply(council.plan.organisation, council.people["manager"])
    assert not isinstance(refused.value, ActivityImportDuplicate)
    assert refused.value.result.errors == [
        "Row 2: No conversion factors are loaded for 2022-23: the 2022 set ships with the "
        "product but is not loaded. Whoever runs the service loads it with: netzero factors "
        "load --year 2022."
    ]
    assert _written() == before


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_undoing_an_import_needs_a_reason(council, reason):
    batch = _batch(council.plan.organisation)
    before = _written()
    with pytest.raises(ValidationError) as refused:
        import_batch_undo(batch=batch, reason=reason, user=council.people["manager"])
    assert refused.value.code == "reason_required"
    assert refused.value.messages == ["Give a reason for undoing the import."]
    assert _written() == before


@pytest.mark.parametrize("who", NOT_MANAGERS)
def test_only_a_programme_manager_undoes_an_import(council, who):
    batch = _batch(council.plan.organisation)
    before = _written()
    with pytest.raises(PermissionDenied, match="import or undo activity data for Borough Council"):
        import_batch_undo(batch=batch, reason="Wrong file.", user=council.people[who])
    assert _written() == before


def test_an_undo_says_who_did_it(council):
    batch = _batch(council.plan.organisation)
    before = _written()
    with pytest.raises(ValidationError) as refused:
        import_batch_undo(batch=batch, reason="Wrong file.")
    assert refused.value.messages == [
        "Say who is undoing the import (a user, or the command line)."
    ]
    assert _written() == before


@pytest.mark.parametrize("state", ["undone", "replaced"])
def test_an_import_is_undone_once(council, state):
    batch = _batch(council.plan.organisation, state=state)
    before = _written()
    with pytest.raises(ValidationError) as refused:
        import_batch_undo(batch=batch, reason="Wrong file.", user=council.people["manager"])
    assert refused.value.code == "not_applied"
    assert refused.value.messages == [f"Import {batch.pk} is already {state}."]
    assert _written() == before


def test_undoing_records_who_when_and_why(council):
    batch = _batch(council.plan.organisation)
    undone = import_batch_undo(batch=batch, reason=" Wrong file. ", user=council.people["admin"])
    stored = ImportBatch.objects.get(pk=batch.pk)
    assert (stored.state, stored.undo_reason, stored.undone_by, stored.undone_by_who) == (
        "undone",
        "Wrong file.",
        council.people["admin"],
        "admin",
    )
    assert stored.undone_at is not None and undone.state == "undone"
