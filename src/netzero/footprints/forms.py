from __future__ import annotations

import re

from django import forms
from django.conf import settings

from netzero.core.uploads import column_letters, megabytes
from netzero.core.years import financial_year_label
from netzero.footprints.activities import activity_names
from netzero.footprints.imports import (
    COLUMNS,
    MAX_COLUMNS,
    MAX_ROWS,
    NAMING_LEVELS,
    NOTE_MAX,
    REQUIRED,
)
from netzero.footprints.models import Boundary, Category
from netzero.footprints.units import QUANTITY_PLACES, SIGNIFICANT_DIGITS

NAMING_COLUMNS = ["factor_id", *NAMING_LEVELS, "scope", "category"]


def file_help() -> str:
    optional = [c for c in COLUMNS if c not in REQUIRED and c not in NAMING_COLUMNS]
    return (
        f"CSV (UTF-8) or XLSX, at most {megabytes(settings.NETZERO_UPLOAD_MAX_BYTES)} and "
        f"{MAX_ROWS:,} rows, with columns {', '.join(c for c in REQUIRED if c != 'activity')} "
        "and the factor named one way: activity, factor_id, or the level columns (and "
        f"optionally {', '.join(optional)}), each named once in the first row. The activity "
        "column holds an activity's code or its label, as listed below (either case). Instead of "
        "an activity, a row may name any published conversion factor: by its ID in a factor_id "
        "column (sets from 2023 on), or by its levels and unit exactly as the government's file "
        "prints them, in level_1, level_2, level_3 (and level_4, column_text where the levels "
        "repeat) and factor_unit columns, with scope where a row's levels repeat across scopes; "
        "the factor search below shows both for any row. Such a figure's category comes from the "
        "factor's levels unless a category column names one. Without a boundary "
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
        required=False,
    )
    quantity = forms.CharField(label="Quantity")
    unit = forms.CharField(label="Unit", help_text="kWh, MWh, litres, m3, kg, inhalers...")
    boundary = forms.ChoiceField(label="Boundary", choices=Boundary.choices)
    reference = forms.CharField(label="Site or meter", required=False)
    # A conversion factor row chosen from the search instead of an activity (its database id;
    # the import names it by its published ID, or by its levels and unit).
    factor = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not data.get("factor") and not data.get("activity"):
            self.add_error("activity", "Choose an activity, or find a conversion factor above.")
        return data


class ImportUndoForm(forms.Form):
    batch = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reason",
        max_length=1000,
        error_messages={"required": "Give a reason for undoing the import."},
    )


# --- Reported figures, stated totals, targets and the factor set, entered by managers --------

SCOPES = [("", "Not stated"), ("1", "Scope 1"), ("2", "Scope 2"), ("3", "Scope 3")]


def reporting_year_parse(text: str, *, start_year_alone: bool = False) -> int:
    """A reporting year as people write it ("2022-23", also "2022/23"; with
    ``start_year_alone``, "2022" too) to its start year, or a form error saying how to write it."""
    raw = (text or "").strip().replace("/", "-").replace("\u2013", "-")
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", raw)
    if match and (match.group(2) or start_year_alone):
        year = int(match.group(1))
        if match.group(2) and int(match.group(2)) != (year + 1) % 100:
            match = None
        elif 1990 <= year <= 2100:
            return year
    example = "2019-20 or 2019" if start_year_alone else "2022-23"
    raise forms.ValidationError(f"Write the reporting year like {example}.")


class ReportingYearField(forms.CharField):
    def __init__(self, *, start_year_alone: bool = False, **kwargs):
        self.start_year_alone = start_year_alone
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        return reporting_year_parse(text, start_year_alone=self.start_year_alone)

    def prepare_value(self, value):
        return financial_year_label(value) if isinstance(value, int) else value


class ReportedFigureForm(forms.Form):
    reporting_year = ReportingYearField(label="Reporting year", help_text="For example 2022-23.")
    scope = forms.TypedChoiceField(
        label="Scope", choices=SCOPES, required=False, coerce=int, empty_value=None
    )
    category = forms.ChoiceField(label="Category", choices=Category.choices)
    boundary = forms.ChoiceField(label="Boundary", choices=Boundary.choices)
    tco2e = forms.CharField(
        label="Emissions (tCO2e)",
        max_length=30,
        help_text="As published: for example 1,234.5 (at most 3 decimal places).",
    )
    source = forms.CharField(
        label="Source",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Where the figure is printed: document, page or section.",
        error_messages={"required": "Say where it is published: document, page or section."},
    )
    quality_note = forms.CharField(
        label="Data-quality note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Estimates, gaps or anything a reader should know (optional).",
    )
    itemises = forms.TypedChoiceField(
        label="Part of a stated total",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="The total of the same reporting year this figure is a part of (optional).",
    )

    def __init__(self, *args, totals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["itemises"].choices = [("", "None"), *totals]


class StatedTotalForm(forms.Form):
    reporting_year = ReportingYearField(label="Reporting year", help_text="For example 2022-23.")
    label = forms.CharField(
        label="Name of the total",
        max_length=200,
        help_text="As the source names it: for example Council net zero scope.",
    )
    boundary = forms.ChoiceField(label="Boundary", choices=Boundary.choices)
    tco2e = forms.CharField(
        label="Emissions (tCO2e)",
        max_length=30,
        help_text="For example 7,775 (at most 3 decimal places).",
    )
    parts_complete = forms.BooleanField(
        label="The source says its parts make up the whole total",
        required=False,
        help_text="Otherwise the parts recorded are the main ones and a remainder is expected.",
    )
    parent = forms.TypedChoiceField(
        label="Part of another stated total",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="A total of the same reporting year this one adds up to (optional).",
    )
    source = ReportedFigureForm.base_fields["source"]
    quality_note = ReportedFigureForm.base_fields["quality_note"]

    def __init__(self, *args, totals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "None"), *totals]


class TargetForm(forms.Form):
    description = forms.CharField(
        label="Target",
        max_length=300,
        help_text="As the source words it: for example Net zero by 2030.",
    )
    boundary = forms.ChoiceField(
        label="Boundary", choices=[("", "Not stated"), *Boundary.choices], required=False
    )
    covers = forms.CharField(
        label="What it covers",
        max_length=200,
        required=False,
        help_text="In words, for example the council's own operations (optional).",
    )
    baseline_year = ReportingYearField(
        label="Baseline year",
        required=False,
        start_year_alone=True,
        help_text="Written 2019-20 or 2019; leave blank when the source states none.",
    )
    baseline_tco2e = forms.CharField(
        label="Baseline emissions (tCO2e)",
        max_length=30,
        required=False,
        help_text="Leave blank when the source does not give it.",
    )
    target_year = forms.IntegerField(
        label="Target year",
        min_value=1990,
        max_value=2100,
        help_text="The year by which the cut is made: for example 2030.",
        error_messages={"invalid": "Write the target year like 2030."},
    )
    reduction_percent = forms.CharField(
        label="Reduction (%)",
        max_length=10,
        help_text="From the baseline; 100 is net zero.",
    )
    source = ReportedFigureForm.base_fields["source"]


class SetYearChoiceForm(forms.Form):
    reporting_year = ReportingYearField(label="Reporting year", help_text="For example 2016-17.")
    set_year = forms.TypedChoiceField(label="Conversion factors of", coerce=int)
    reason = forms.CharField(
        label="Reason (required for a set other than the year's own)",
        max_length=300,
        required=False,
        help_text="Required unless the set is the reporting year's own (the 2016 set for "
        "2016-17). For example: the earliest set loaded for our 2016-17 data.",
    )

    def __init__(self, *args, factor_sets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["set_year"].choices = [("", "Choose a set")] + [
            (str(s.set_year), factor_set_option_label(s)) for s in factor_sets
        ]


def factor_set_option_label(factor_set) -> str:
    """ "2019 (UK Government, shipped)" or "2017 (file supplied: its file name)"."""
    if factor_set.origin == "supplied":
        return f"{factor_set.set_year} (file supplied: {factor_set.source_file})"
    return f"{factor_set.set_year} (UK Government, shipped)"


class SetYearClearForm(forms.Form):
    """ "Use the default set" for one reporting year of the figures page's choices."""

    reporting_year = ReportingYearField(label="Reporting year")


class FactorFindForm(forms.Form):
    """The activity page's search for a published conversion factor row (a plain GET form)."""

    year = ReportingYearField(label="Reporting year", help_text="For example 2023-24.")
    q = forms.CharField(
        label="Words to find",
        max_length=200,
        help_text="Words from the factor's name, levels or unit: for example gas oil kWh.",
        error_messages={"required": "Type words to find: for example gas oil."},
    )
