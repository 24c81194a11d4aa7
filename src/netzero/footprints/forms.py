from __future__ import annotations

from django import forms
from django.conf import settings

from netzero.core.uploads import column_letters, megabytes
from netzero.footprints.activities import activity_names
from netzero.footprints.imports import COLUMNS, MAX_COLUMNS, MAX_ROWS, NOTE_MAX, REQUIRED
from netzero.footprints.models import Boundary
from netzero.footprints.units import QUANTITY_PLACES, SIGNIFICANT_DIGITS


def file_help() -> str:
    optional = [c for c in COLUMNS if c not in REQUIRED]
    return (
        f"CSV (UTF-8) or XLSX, at most {megabytes(settings.NETZERO_UPLOAD_MAX_BYTES)} and "
        f"{MAX_ROWS:,} rows, with columns {', '.join(REQUIRED)} (and optionally "
        f"{', '.join(optional)}), each named once in the first row. The activity column holds "
        "an activity's code or its label, as listed below (either case). Without a boundary "
        "column, figures are on this organisation's usual boundary (named below). From an XLSX "
        "the first sheet "
        f"is read, within {MAX_COLUMNS} columns (A to {column_letters(MAX_COLUMNS)}). Quantities "
        f"are plain numbers such as 1000 or 1,000.5, with at most {QUANTITY_PLACES} decimal "
        f"places and {SIGNIFICANT_DIGITS} digits; a reference has at most 100 characters, a unit "
        f"40 and a note {NOTE_MAX:,}. Nothing is rounded or cut short: all rows are checked, and "
        "nothing is saved unless every row is right."
    )


class ActivityFileForm(forms.Form):
    file = forms.FileField(label="Activity data file")
    replace = forms.BooleanField(
        required=False,
        label="If this file was imported before, replace that import",
        help_text="Its figures are removed and this file's are added, together.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = file_help()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Choose a .csv or .xlsx file.")
        limit = settings.NETZERO_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is larger than {megabytes(limit)}: split it into smaller files."
            )
        return upload


class ActivityRowForm(forms.Form):
    reporting_year = forms.CharField(label="Reporting year", help_text="For example 2022-23.")
    activity = forms.ChoiceField(
        label="Activity",
        choices=[(a.code, a.label) for a in activity_names()],
    )
    quantity = forms.CharField(label="Quantity")
    unit = forms.CharField(label="Unit", help_text="kWh, MWh, litres, m3, kg, inhalers...")
    boundary = forms.ChoiceField(label="Boundary", choices=Boundary.choices)
    reference = forms.CharField(label="Site or meter", required=False)


class ImportUndoForm(forms.Form):
    batch = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reason",
        max_length=1000,
        error_messages={"required": "Give a reason for undoing the import."},
    )
