from __future__ import annotations

from django import forms

from netzero.footprints.activities import ACTIVITIES, SUPPLEMENTARY_ACTIVITIES
from netzero.footprints.models import Boundary


class ActivityFileForm(forms.Form):
    file = forms.FileField(
        label="Activity data file",
        help_text="CSV or XLSX with columns reporting_year, activity, quantity, unit (and "
        "optionally boundary, reference, note). All rows are checked; nothing is saved unless "
        "every row is right.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Choose a .csv or .xlsx file.")
        if upload.size > 200 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 200 MB; split it.")
        return upload


class ActivityRowForm(forms.Form):
    reporting_year = forms.CharField(label="Reporting year", help_text="For example 2022-23.")
    activity = forms.ChoiceField(
        label="Activity",
        choices=[(a.key, a.label) for a in ACTIVITIES.values()]
        + [(key, key.replace("_", " ").capitalize()) for key in SUPPLEMENTARY_ACTIVITIES],
    )
    quantity = forms.CharField(label="Quantity")
    unit = forms.CharField(label="Unit", help_text="kWh, MWh, litres, m3, kg, inhalers...")
    boundary = forms.ChoiceField(label="Boundary", choices=Boundary.choices)
    reference = forms.CharField(label="Site or meter", required=False)
