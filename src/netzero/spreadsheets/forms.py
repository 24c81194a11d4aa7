from __future__ import annotations

from django import forms


class PlanDownloadForm(forms.Form):
    period = forms.MultipleChoiceField(
        label="Periods whose updates to include",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave them all unticked for the plan alone, with no periods or updates.",
    )

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.slug, p.name) for p in periods]


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label="The plan's spreadsheet",
        help_text="An Excel workbook (.xlsx) in the layout of the plan's download or the blank "
        "template. You see what it would change before anything is saved.",
    )
