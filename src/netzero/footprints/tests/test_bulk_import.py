"""An activity file is saved in bulk (COPY on PostgreSQL, 200 rows a statement on SQLite) with each
figure's history row copied from what was stored: the same records as saving the figures one by
one, all or nothing, and a number of queries that does not grow with the file."""

from __future__ import annotations

import csv
import hashlib
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netzero.factors.services import supplementary_factors_load
from netzero.footprints import imports as import_module
from netzero.footprints import services
from netzero.footprints.imports import (
    ActivityImportDuplicate,
    ActivityImportRefused,
    activity_rows_check,
    read_rows,
)
from netzero.footprints.models import FootprintEntry, ImportBatch
from netzero.footprints.services import import_batch_apply
from netzero.plans.services import organisation_create

HEADER = "reporting_year,activity,quantity,unit,reference,boundary,category,note\n"
# Names by code and by label, units converted (MWh, litres), a supplementary factor, a boundary
# and a category given, a note with spaces around it, a row without a reference.
MIXED = HEADER + (
    "2022-23,electricity,1000,MWh,Main site,,,\n"
    "2022-23,Natural gas,100000.5,kWh,Main site,,,  read from the meter  \n"
    "2023-24,natural_gas,0.000001,kWh,Depot,nhs_cf_plus,,\n"
    '2023-24,diesel,"2,500.25",litres,Fleet,,fleet,Estimated\n'
    "2022-23,desflurane,12,kg,Theatres,,,\n"
    "2022-23,electricity,3,kWh,,,utilities,\n"
    "2023-24,electricity,99999999,kWh,Meter 7,,,\n"
)
FIELDS = [
    "reporting_year", "scope", "category", "boundary", "tco2e", "method", "itemises_id",
    "source", "quality_note", "quantity", "unit", "factor_id", "activity", "reference",
    "supplementary_factor_id",
]  # fmt: skip


@pytest.fixture
def trust(db):
    return organisation_create(name="Bulk Trust", slug="bulk-trust", kind="nhs_trust")


@pytest.fixture
def supplementary(db):
    supplementary_factors_load()


def _apply(organisation, text: str, name: str = "meters.csv", user=None) -> ImportBatch:
    header, rows = read_rows(name, text.encode())
    return import_batch_apply(
        organisation=organisation, header=header, rows=rows, file_name=name, user=user,
        who="bulk test", channel=ImportBatch.Channel.COMMAND_LINE,
    )  # fmt: skip


def _one_by_one(organisation, text: str, name: str, user) -> ImportBatch:
    """The figures of a file saved the way a single figure is: ``save()`` each, its history row
    written by django-simple-history's signal, with the import's user, time and reason."""
    header, rows = read_rows(name, text.encode())
    _result, figures = activity_rows_check(
        organisation=organisation, header=header, rows=rows,
        source=f"Activity data import: {name}",
    )  # fmt: skip
    batch = ImportBatch.objects.create(
        organisation=organisation, who="one by one", channel=ImportBatch.Channel.COMMAND_LINE
    )
    for entry in figures:
        entry.batch = batch
        entry._history_user = user
        entry._history_date = batch.imported_at
        entry._change_reason = "one by one"
        entry.save()
    return batch


def _stored(batch: ImportBatch) -> tuple[list, list]:
    entries = list(FootprintEntry.objects.filter(batch=batch).order_by("pk").values(*FIELDS))
    history = list(
        FootprintEntry.history.filter(batch_id=batch.pk)
        .order_by("history_id")
        .values(*FIELDS, "id", "history_type", "history_user_id", "history_date")
    )
    ids = [e["id"] for e in FootprintEntry.objects.filter(batch=batch).order_by("pk").values("id")]
    # Each history row belongs to its own figure, in the figures' order.
    assert [h.pop("id") for h in history] == ids
    for h in history:
        assert h.pop("history_date") == batch.imported_at
    return entries, history


def test_bulk_saves_the_same_records_as_saving_each_figure(
    trust, factor_sets, supplementary, django_user_model
):
    user = django_user_model.objects.create_superuser("importer", "importer@example.org", "x")
    other = organisation_create(name="Other Trust", slug="other-trust", kind="nhs_trust")
    bulk = _apply(trust, MIXED, user=user)
    single = _one_by_one(other, MIXED, "meters.csv", user)

    bulk_entries, bulk_history = _stored(bulk)
    single_entries, single_history = _stored(single)
    assert len(bulk_entries) == 7
    assert bulk_entries == single_entries
    assert bulk_history == single_history
    assert {(h["history_type"], h["history_user_id"]) for h in bulk_history} == {("+", user.pk)}
    assert set(
        FootprintEntry.history.filter(batch_id=bulk.pk).values_list(
            "history_change_reason", flat=True
        )
    ) == {f"Import {bulk.pk} (Command line)"}
    # What the rows say, as stored: the note trimmed, the conversion and the supplementary row.
    by_reference = {(e["activity"], e["reference"]): e for e in bulk_entries}
    assert by_reference[("electricity", "Main site")]["unit"] == "MWh"
    assert by_reference[("diesel", "Fleet")]["quality_note"] == "Estimated"
    assert by_reference[("diesel", "Fleet")]["category"] == "fleet"
    assert by_reference[("natural_gas", "Depot")]["boundary"] == "nhs_cf_plus"
    assert by_reference[("desflurane", "Theatres")]["supplementary_factor_id"] is not None
    notes = {e["quality_note"] for e in bulk_entries}
    assert "read from the meter" in notes


# Rows of one group: read as cells (a full row), as a dict (a short row), with spaces around.
ONE_GROUP = HEADER + (
    "2022-23,electricity,1000000,kWh,A,,,\n"
    "2022-23,electricity,6,kWh,B\n"
    " 2022-23 , electricity , 7 , kWh , C ,,, noted \n"
    "2022-23,electricity,1000,MWh,D,,,\n"
)


def _as_dicts(text: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """The file's rows as dicts, their text not yet stripped: as the API gives rows, and as
    the reader gives a row it cannot hand over as cells (a value beyond the header's columns
    kept under None)."""
    header, *records = list(csv.reader(io.StringIO(text)))
    return header, [(n, import_module._row_dict(header, r)) for n, r in enumerate(records, 2)]


def _checked(organisation, header, rows):
    return activity_rows_check(organisation=organisation, header=header, rows=rows, source="s")


@pytest.mark.parametrize(
    "bad",
    [
        "2022-23,electricity,5,kWh,A,,,\n",  # the same reference as row 2
        "2022-23,electricity,-1,kWh,E,,,\n",  # negative
        "2022-23,electricity,1e3,kWh,E,,,\n",  # not a number
        f"2022-23,electricity,5,kWh,{'x' * 101},,,\n",  # a reference too long
        "2022-23,electricity,5,kWh,E,,,,x\n",  # a value beyond the header
    ],
    ids=["twice", "negative", "exponent", "long-reference", "beyond"],
)
def test_a_row_read_as_cells_is_checked_as_the_same_row_given_as_a_dict(trust, factor_sets, bad):
    """The CSV reader hands most rows over as a list of checked cells; the API gives dicts.
    Both say the same of the same rows, and a good file saves the same figures either way."""
    header, rows = read_rows("one.csv", ONE_GROUP.encode())
    _result, from_cells = _checked(trust, header, rows)
    _result, from_dicts = _checked(trust, *_as_dicts(ONE_GROUP))
    values = ["quantity", "tco2e", "reference", "quality_note", "unit", "factor", "category"]
    assert [[getattr(e, v) for v in values] for e in from_cells] == [
        [getattr(e, v) for v in values] for e in from_dicts
    ]
    assert [e.reference for e in from_cells] == ["A", "B", "C", "D"]
    assert from_cells[2].quality_note == "noted"
    assert from_cells[3].tco2e == from_cells[0].tco2e  # 1,000 MWh, 1,000,000 kWh

    with pytest.raises(ActivityImportRefused) as from_cells_refused:
        _checked(trust, *read_rows("bad.csv", (ONE_GROUP + bad).encode()))
    with pytest.raises(ActivityImportRefused) as from_dicts_refused:
        _checked(trust, *_as_dicts(ONE_GROUP + bad))
    errors = from_cells_refused.value.result.errors
    assert len(errors) == 1 and errors[0].startswith("Row 6: ")
    assert errors == from_dicts_refused.value.result.errors


def _rows(count: int, first: int = 0, bad: int | None = None) -> str:
    lines = [HEADER]
    activities = [("electricity", "kWh"), ("natural_gas", "kWh"), ("diesel", "litres")]
    for i in range(first, first + count):
        activity, unit = activities[i % len(activities)]
        year = ("2022-23", "2023-24")[i % 2]
        quantity = "-5" if i - first == bad else f"{(i * 37) % 100000}.{i % 100:02d}"
        lines.append(f"{year},{activity},{quantity},{unit},meter-{i},,,\n")
    return "".join(lines)


@pytest.mark.parametrize("count", [3, 4, 8, 9])
def test_files_of_any_length_save_the_same_records_as_saving_each_figure(
    trust, factor_sets, django_user_model, monkeypatch, count
):
    """On SQLite, rows go in four a statement here: fewer than a block, one block, two, and
    two and one left over."""
    monkeypatch.setattr(services, "ROWS_PER_STATEMENT", 4)
    user = django_user_model.objects.create_superuser("importer", "importer@example.org", "x")
    other = organisation_create(name="Other Trust", slug="other-trust", kind="nhs_trust")
    text = _rows(count)
    bulk_entries, bulk_history = _stored(_apply(trust, text, user=user))
    single_entries, single_history = _stored(_one_by_one(other, text, "meters.csv", user))
    assert [e["reference"] for e in bulk_entries] == [f"meter-{i}" for i in range(count)]
    assert bulk_entries == single_entries
    assert bulk_history == single_history


def test_a_bad_row_deep_in_a_large_file_saves_nothing(trust, factor_sets):
    with pytest.raises(ActivityImportRefused) as refused:
        _apply(trust, _rows(6000, bad=4999))  # the 5,000th row, line 5,001 of the file
    assert refused.value.result.errors == [
        "Row 5001: quantity must be zero or more ('-5' is given)."
    ]
    assert not FootprintEntry.objects.exists()
    assert not FootprintEntry.history.exists()
    assert not ImportBatch.objects.exists()


def test_a_row_like_one_that_passed_is_still_checked_for_itself(trust, factor_sets):
    text = HEADER + (
        "2022-23,electricity,5,kWh,A,,,\n"
        "2022-23,electricity,-5,kWh,B,,,\n"
        "2022-23,electricity,1e5,kWh,C,,,\n"
        "2022-23,electricity,6,kWh,A,,,\n"
        "2022-23,electricity,1.1234567,kWh,D,,,\n"
        "2022-23,electricity,7,kWh,E,,,\n"
    )
    with pytest.raises(ActivityImportRefused) as refused:
        _apply(trust, text)
    assert refused.value.result.errors == [
        "Row 3: quantity must be zero or more ('-5' is given).",
        "Row 4: '1e5' is in exponent notation: write the number out in full.",
        "Row 5: duplicates row 2 (same year, activity and reference).",
        "Row 6: '1.1234567' has 7 decimal places; at most 6 are kept. Round it in the file "
        "(nothing is rounded for you).",
    ]
    assert not FootprintEntry.objects.exists()


def test_a_figure_recorded_meanwhile_rolls_the_whole_file_back(trust, factor_sets, monkeypatch):
    """Someone records row 1,500's figure after the file was checked: the database refuses it
    in the middle of the write, and nothing of the file, its history or its import is kept."""
    checked = activity_rows_check

    def check_then_someone_saves(**kwargs):
        result, figures = checked(**kwargs)
        racer = figures[1499]
        racer.source = "entered meanwhile"
        racer.save()
        return result, figures

    monkeypatch.setattr("netzero.footprints.services.activity_rows_check", check_then_someone_saves)
    with pytest.raises(ActivityImportRefused) as refused:
        _apply(trust, _rows(2000))
    assert "recorded by someone else" in refused.value.result.errors[0]
    assert list(FootprintEntry.objects.values_list("source", flat=True)) == ["entered meanwhile"]
    assert FootprintEntry.history.count() == 1  # the racer's own
    assert not ImportBatch.objects.exists()


def test_a_failure_part_way_through_the_write_keeps_nothing(trust, factor_sets, monkeypatch):
    written = import_module.CheckedFigures.saved_values

    def fails_after_a_thousand(self, *, batch_id):
        for number, row in enumerate(written(self, batch_id=batch_id)):
            if number == 1000:
                raise RuntimeError("the disk is full")
            yield row

    monkeypatch.setattr(import_module.CheckedFigures, "saved_values", fails_after_a_thousand)
    with pytest.raises(RuntimeError, match="disk is full"):
        _apply(trust, _rows(2000))
    assert not FootprintEntry.objects.exists()
    assert not FootprintEntry.history.exists()
    assert not ImportBatch.objects.exists()


def test_the_queries_of_an_import_do_not_grow_with_its_rows(trust, factor_sets):
    """A fixed number of queries, however long the file: the figures are written by one COPY
    (PostgreSQL), or by one statement run for each whole block of rows and one for the rest
    (SQLite). Into years and activities that hold no figure, the file's references are not
    looked up one by one: one query fewer."""
    table = FootprintEntry._meta.db_table
    counts, writes = {}, {}
    files = (("new", 100, 0), ("held", 100, 100), ("held, long", 2050, 200))
    for name, count, first in files:
        with CaptureQueriesContext(connection) as queries:
            batch = _apply(trust, _rows(count, first=first), name=f"{name}.csv")
        assert FootprintEntry.objects.filter(batch=batch).count() == count
        assert FootprintEntry.history.filter(batch_id=batch.pk).count() == count
        writing = [q for q in queries if f'INTO "{table}"' in q["sql"]]
        counts[name], writes[name] = len(queries) - len(writing), len(writing)
    assert counts["held"] == counts["held, long"] == counts["new"] + 1
    assert counts["held, long"] <= 30  # the factor rows looked up once per year and activity
    if connection.vendor == "postgresql":  # COPY, which Django's query log does not list
        assert writes == {"new": 0, "held": 0, "held, long": 0}
    else:  # 2,050 rows: ten blocks of 200 in one executemany, then the 50 left
        assert writes == {"new": 1, "held": 1, "held, long": 2}


def test_the_same_file_imported_while_this_one_was_checked_is_named_as_such(
    trust, factor_sets, monkeypatch
):
    """Sent twice at once (two pages, two servers), the second copy may find no import of the
    file before its check, and every row recorded by the first after it: it is refused with
    the message for the same file, not a message per row."""
    content = _rows(20).encode()

    def send():
        header, rows = read_rows("twice.csv", content)
        return import_batch_apply(
            organisation=trust, header=header, rows=rows, file_name="twice.csv", who="t",
            sha256=hashlib.sha256(content).hexdigest(), channel=ImportBatch.Channel.FILE_UPLOAD,
        )  # fmt: skip

    first = send()
    found = services.import_batch_same_file
    calls = []

    def not_yet_then_found(**kwargs):  # the first look, before the other import committed
        calls.append(kwargs)
        return None if len(calls) == 1 else found(**kwargs)

    monkeypatch.setattr(services, "import_batch_same_file", not_yet_then_found)
    with pytest.raises(ActivityImportDuplicate) as refused:
        send()
    assert len(calls) == 2
    assert refused.value.batch == first
    [message] = refused.value.result.errors
    assert message.startswith("This file was already imported on ")
    assert FootprintEntry.objects.filter(organisation=trust).count() == 20


def test_only_the_same_year_activity_and_reference_is_already_recorded(trust, factor_sets):
    """The database is asked for the file's own keys: a figure matches only on all three, and
    only the organisation's own figures count."""
    _apply(trust, HEADER + "2022-23,electricity,5,kWh,Meter 1,,,\n", name="first.csv")
    other = organisation_create(name="Other Trust", slug="other-trust", kind="nhs_trust")
    _apply(other, HEADER + "2023-24,natural_gas,5,kWh,Meter 2,,,\n", name="other.csv")
    batch = _apply(
        trust,
        HEADER
        + (
            "2023-24,electricity,6,kWh,Meter 1,,,\n"  # another year
            "2022-23,natural_gas,7,kWh,Meter 1,,,\n"  # another activity
            "2022-23,electricity,8,kWh,Meter 1a,,,\n"  # another reference
            "2023-24,natural_gas,9,kWh,Meter 2,,,\n"  # another organisation's
            "2022-23,electricity,10,kWh,,,,\n"  # no reference: never a duplicate
        ),
        name="second.csv",
    )
    assert batch.figures.count() == 5


def test_already_recorded_rows_are_listed_among_the_other_problems_in_row_order(trust, factor_sets):
    recorded = HEADER + (
        "2022-23,electricity,1,kWh,meter-10,,,\n"
        "2023-24,natural_gas,2,kWh,meter-11,,,\n"
        "2022-23,diesel,3,litres,meter-12,,,\n"
    )
    _apply(trust, recorded, name="first.csv")
    text = HEADER + (
        "2022-23,electricity,-1,kWh,A,,,\n"  # row 2: its own problem
        "2022-23,electricity,5,kWh,meter-10,,,\n"  # row 3: recorded
        "2023-24,natural_gas,1e3,kWh,meter-11,,,\n"  # row 4: its own problem; recorded too
        "2022-23,electricity,6,kWh,meter-10,,,\n"  # row 5: duplicates row 3
        "2022-23,diesel,7,litres,meter-12,,,\n"  # row 6: recorded
        "2022-23,electricity,-2,kWh,B,,,\n"  # row 7: its own problem
    )
    with pytest.raises(ActivityImportRefused) as refused:
        _apply(trust, text, name="second.csv")
    assert refused.value.result.errors == [
        "Row 2: quantity must be zero or more ('-1' is given).",
        "Row 3: electricity for meter-10 in 2022-23 is already recorded.",
        "Row 4: '1e3' is in exponent notation: write the number out in full.",
        "Row 4: natural_gas for meter-11 in 2023-24 is already recorded.",
        "Row 5: duplicates row 3 (same year, activity and reference).",
        "Row 6: diesel for meter-12 in 2022-23 is already recorded.",
        "Row 7: quantity must be zero or more ('-2' is given).",
    ]
    assert FootprintEntry.objects.count() == 3


def test_replacing_an_import_does_not_count_its_own_figures_as_recorded(trust, factor_sets):
    first = _apply(trust, _rows(50), name="first.csv")
    header, rows = read_rows("again.csv", _rows(50).replace(",,,\n", ",,,checked\n").encode())
    result, figures = activity_rows_check(
        organisation=trust, header=header, rows=rows, source="again", replacing=first
    )
    assert result.rows == len(figures) == 50
    with pytest.raises(ActivityImportRefused) as refused:
        header, rows = read_rows("again.csv", _rows(50).encode())
        activity_rows_check(organisation=trust, header=header, rows=rows, source="again")
    assert len(refused.value.result.errors) == 50


def test_replacing_an_import_still_counts_figures_entered_otherwise_or_by_other_imports(
    trust, factor_sets
):
    first = _apply(trust, _rows(3), name="first.csv")  # meter-0 to meter-2
    _apply(trust, _rows(1, first=3), name="second.csv")  # meter-3, another import
    entered = FootprintEntry.objects.get(reference="meter-0")
    FootprintEntry.objects.filter(pk=entered.pk).update(batch=None)  # as if entered on a page
    header, rows = read_rows("again.csv", _rows(4).encode())
    with pytest.raises(ActivityImportRefused) as refused:
        activity_rows_check(
            organisation=trust, header=header, rows=rows, source="again", replacing=first
        )
    assert refused.value.result.errors == [
        "Row 2: electricity for meter-0 in 2022-23 is already recorded.",
        "Row 5: electricity for meter-3 in 2023-24 is already recorded.",
    ]
