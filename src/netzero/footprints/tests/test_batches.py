"""Every import is a recorded batch: who, when, which file; the same file twice is refused
unless it replaces the earlier import; a manager undoes an import with a reason."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from netzero.footprints.imports import ActivityImportDuplicate, read_rows
from netzero.footprints.models import FootprintEntry, ImportBatch
from netzero.footprints.selectors import footprint_summary
from netzero.footprints.services import import_batch_apply, import_batch_undo

URL = "/organisations/borough-council/activity-data/"
FILE = (
    b"reporting_year,activity,quantity,unit,reference\n"
    b"2022-23,electricity,1000,MWh,Main site\n"
    b"2022-23,natural_gas,100000,kWh,Main site\n"
)


def _apply(organisation, user, content=FILE, name="meters.csv", **kwargs) -> ImportBatch:
    header, rows = read_rows(name, content)
    return import_batch_apply(
        organisation=organisation,
        header=header,
        rows=rows,
        channel=ImportBatch.Channel.FILE_UPLOAD,
        file_name=name,
        sha256=hashlib.sha256(content).hexdigest(),
        user=user,
        **kwargs,
    )


@pytest.fixture
def organisation(council):
    """A council with its people (netzero.testing.council); no footprint figures yet."""
    return council.plan.organisation


@pytest.fixture
def people(council):
    return council.people


def test_an_import_records_who_when_what_and_history(organisation, people, factor_sets):
    manager = people["manager"]
    batch = _apply(organisation, manager, name="<b>meters</b> & more.csv")
    batch.refresh_from_db()
    assert (batch.organisation, batch.user, batch.who) == (organisation, manager, "manager")
    assert batch.file_name == "<b>meters</b> & more.csv"
    assert batch.sha256 == hashlib.sha256(FILE).hexdigest()
    assert (batch.rows_read, batch.figures_created) == (2, 2)
    assert (batch.channel, batch.state) == ("file_upload", "applied")
    assert batch.imported_at is not None and batch.undone_at is None
    figures = FootprintEntry.objects.filter(batch=batch)
    assert figures.count() == 2
    assert {f.source for f in figures} == {"Activity data import: <b>meters</b> & more.csv"}
    # Who put this figure here: the batch, and a history row with the user.
    history = FootprintEntry.history.filter(batch_id=batch.pk)
    assert history.count() == 2
    assert {(h.history_type, h.history_user_id) for h in history} == {("+", manager.pk)}
    assert set(history.values_list("id", flat=True)) == set(figures.values_list("id", flat=True))


def test_the_same_file_twice_is_refused_naming_the_earlier_import(
    organisation, people, factor_sets
):
    first = _apply(organisation, people["manager"])
    with pytest.raises(ActivityImportDuplicate) as refused:
        _apply(organisation, people["admin"], name="renamed.csv")
    message = refused.value.result.errors[0]
    assert refused.value.batch == first
    assert "This file was already imported on " in message
    assert f"by manager (import {first.pk}: 2 figures, from meters.csv)" in message
    assert FootprintEntry.objects.count() == 2 and ImportBatch.objects.count() == 1


def test_replacing_undoes_the_earlier_import_and_applies_the_new_one(
    organisation, people, factor_sets
):
    manager = people["manager"]
    first = _apply(organisation, manager)
    second = _apply(organisation, manager, replace=first)
    first.refresh_from_db()
    assert first.state == ImportBatch.State.REPLACED and first.replaced_by == second
    assert first.undone_by == manager and first.undo_reason.startswith("replaced by import")
    assert not FootprintEntry.objects.filter(batch=first).exists()
    assert FootprintEntry.objects.filter(batch=second).count() == 2
    removed = FootprintEntry.history.filter(batch_id=first.pk, history_type="-")
    assert removed.count() == 2 and {h.history_user_id for h in removed} == {manager.pk}
    # A changed file replaces it too, and a refused one leaves everything as it was.
    changed = FILE.replace(b"1000,MWh", b"2000,MWh")
    third = _apply(organisation, manager, content=changed, replace=second)
    assert FootprintEntry.objects.get(batch=third, activity="electricity").quantity == 2000
    bad = changed + b"2022-23,electricity,lots,kWh,Annexe\n"
    with pytest.raises(Exception, match="problem"):
        _apply(organisation, manager, content=bad, replace=third)
    third.refresh_from_db()
    assert third.state == "applied" and FootprintEntry.objects.filter(batch=third).count() == 2


def test_undo_removes_the_figures_and_keeps_the_record(organisation, people, factor_sets):
    manager = people["manager"]
    before = footprint_summary(organisation=organisation, reporting_year=2022).by_category
    batch = _apply(organisation, manager)
    assert footprint_summary(organisation=organisation, reporting_year=2022).by_category != before
    with pytest.raises(ValidationError, match=r"Give a reason for undoing the import\."):
        import_batch_undo(batch=batch, reason="  ", user=manager)
    with pytest.raises(PermissionDenied):
        import_batch_undo(batch=batch, reason="Wrong year", user=people["viewer"])
    with pytest.raises(PermissionDenied):
        import_batch_undo(batch=batch, reason="Wrong year", user=people["outsider"])
    assert FootprintEntry.objects.filter(batch=batch).count() == 2
    import_batch_undo(batch=batch, reason="Wrong year", user=manager)
    batch.refresh_from_db()
    assert (batch.state, batch.undone_by, batch.undone_by_who) == ("undone", manager, "manager")
    assert batch.undo_reason == "Wrong year" and batch.undone_at is not None
    assert not FootprintEntry.objects.filter(batch=batch).exists()
    assert footprint_summary(organisation=organisation, reporting_year=2022).by_category == before
    removed = FootprintEntry.history.filter(batch_id=batch.pk, history_type="-")
    assert removed.count() == 2
    assert {(h.history_user_id, h.history_change_reason) for h in removed} == {
        (manager.pk, f"Import {batch.pk} undone: Wrong year")
    }
    with pytest.raises(ValidationError, match="is already undone"):
        import_batch_undo(batch=batch, reason="Again", user=manager)
    # Undone, the same file may come in again.
    assert _apply(organisation, manager).figures_created == 2


def test_a_viewer_cannot_import(organisation, people, factor_sets):
    with pytest.raises(PermissionDenied):
        _apply(organisation, people["viewer"])
    assert not ImportBatch.objects.exists()


def test_the_page_lists_imports_offers_replace_and_undoes(organisation, people, factor_sets):
    client = Client()
    client.force_login(people["manager"])
    response = client.post(URL, {"file-file": SimpleUploadedFile("a<b>.csv", FILE)})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.channel, batch.user) == ("file_upload", people["manager"])
    assert batch.file_name == "a<b>.csv"
    page = client.get(URL).content.decode()
    assert 'id="import-batches"' in page and "a&lt;b&gt;.csv" in page and "a<b>.csv" not in page
    assert f"Undo import {batch.pk}" in page

    again = client.post(URL, {"file-file": SimpleUploadedFile("a<b>.csv", FILE)})
    body = again.content.decode()
    assert again.status_code == 400 and "This file was already imported on" in body
    assert "tick “If this file was imported before, replace that import”" in body
    replaced = client.post(
        URL, {"file-file": SimpleUploadedFile("a<b>.csv", FILE), "file-replace": "on"}
    )
    assert replaced.status_code == 302
    batch.refresh_from_db()
    new = ImportBatch.objects.get(state="applied")
    assert batch.state == "replaced" and batch.replaced_by == new

    no_reason = client.post(URL, {"undo-batch": new.pk, "undo-reason": ""})
    assert no_reason.status_code == 400
    assert "Give a reason for undoing the import." in no_reason.content.decode()
    assert f'href="#undo-reason-{new.pk}"' in no_reason.content.decode()
    done = client.post(URL, {"undo-batch": new.pk, "undo-reason": "Meter <misread>"})
    assert done.status_code == 302
    new.refresh_from_db()
    assert new.state == "undone" and new.undo_reason == "Meter <misread>"
    page = client.get(URL).content.decode()
    assert "Meter &lt;misread&gt;" in page and not FootprintEntry.objects.exists()

    other = Client()
    other.force_login(people["viewer"])
    assert other.post(URL, {"undo-batch": batch.pk, "undo-reason": "x"}).status_code == 403
    outsider = Client()
    outsider.force_login(people["outsider"])
    assert outsider.post(URL, {"undo-batch": batch.pk, "undo-reason": "x"}).status_code == 403


def test_one_figure_on_the_page_is_a_batch_too(organisation, people, factor_sets):
    client = Client()
    client.force_login(people["manager"])
    response = client.post(
        URL,
        {
            "row-reporting_year": "2023-24",
            "row-activity": "natural_gas",
            "row-quantity": "100000",
            "row-unit": "kWh",
            "row-boundary": "council_net_zero",
            "row-reference": "County Hall",
        },
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.channel, batch.file_name, batch.sha256, batch.figures_created) == (
        "one_figure",
        "",
        "",
        1,
    )
    entry = FootprintEntry.objects.get()
    assert entry.batch == batch and entry.history.get().history_user == people["manager"]


def test_the_command_line_records_imports_lists_replaces_and_undoes(
    organisation, people, factor_sets, tmp_path
):
    path = tmp_path / "meters.csv"
    path.write_bytes(FILE)
    out = StringIO()
    call_command(
        "activity", "import", str(path), "--org", organisation.slug, stdout=out, stderr=StringIO()
    )
    batch = ImportBatch.objects.get()
    assert f"Saved 2 figures from 2 rows of meters.csv (import {batch.pk})." in out.getvalue()
    assert batch.user is None and batch.who.startswith("command line, run by ")
    assert batch.channel == "command_line"
    assert set(FootprintEntry.history.values_list("history_user", flat=True)) == {None}

    with pytest.raises(CommandError, match=f"already imported .* \\(import {batch.pk}: 2 figures"):
        call_command("activity", "import", str(path), "--org", organisation.slug, stderr=StringIO())
    out = StringIO()
    call_command(
        "activity", "import", str(path), "--org", organisation.slug, "--replace", str(batch.pk),
        "--user", "manager", stdout=out, stderr=StringIO(),
    )  # fmt: skip
    new = ImportBatch.objects.get(state="applied")
    assert f"It replaces import {batch.pk}." in out.getvalue()
    assert new.user == people["manager"] and new.who.startswith("manager (command line, run by ")
    assert set(FootprintEntry.objects.values_list("batch", flat=True)) == {new.pk}

    listing = StringIO()
    call_command("activity", "batches", "--org", organisation.slug, stdout=listing)
    lines = listing.getvalue().splitlines()
    assert len(lines) == 2 and str(new.pk) in lines[0] and "Applied" in lines[0]
    assert "Replaced" in lines[1] and f"replaced by import {new.pk}" in lines[1]

    with pytest.raises(CommandError, match="the following arguments are required: --reason"):
        call_command("activity", "undo", str(new.pk))
    with pytest.raises(CommandError, match="Give a reason"):
        call_command("activity", "undo", str(new.pk), "--reason", " ")
    with pytest.raises(CommandError, match="You do not have permission"):
        call_command("activity", "undo", str(new.pk), "--reason", "x", "--user", "viewer")
    out = StringIO()
    call_command("activity", "undo", str(new.pk), "--reason", "Wrong file", stdout=out)
    assert f"Import {new.pk} is undone: 2 figures removed" in out.getvalue()
    assert not FootprintEntry.objects.exists()
    assert Decimal(0) == sum(e.tco2e for e in FootprintEntry.objects.all())
