"""The plan set-up pages' forms. They collect and tidy what is typed; the rules (unique names,
a tree without cycles, refs, all-or-nothing saving) are the services'."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from netzero.core.narrative import markdown_to_narrative, narrative_to_markdown
from netzero.plans.impact import Impact
from netzero.plans.models import Action, DeliveryTheme, Theme
from netzero.plans.selectors import ThemeRow
from netzero.plans.services import ref_repeated_message
from netzero.plans.targets import TARGET_FORMS, TARGET_HINT, target_end_year


class PlanNewForm(forms.Form):
    name = forms.CharField(
        label="Name of the plan",
        max_length=300,
        help_text="As your organisation calls it, for example Climate Strategy 2026 to 2030.",
        error_messages={"required": "Enter the name of the plan."},
    )
    description = forms.CharField(
        label="About this plan (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Where the plan comes from: the paper, its date and who adopted it.",
    )


class _RecordChoice(forms.ChoiceField):
    """A choice among this plan's records (themes named by their place in the tree, "Transport
    > Fleet"); cleans to the record itself, or None for the empty choice."""

    def __init__(self, records: list[tuple[object, str]], *, empty_label: str, **kwargs):
        self.records = {str(record.pk): record for record, _ in records}
        choices = [("", empty_label), *[(str(record.pk), label) for record, label in records]]
        super().__init__(choices=choices, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return self.records[value] if value else None


def _themes(rows: list[ThemeRow]) -> list[tuple[Theme, str]]:
    return [(row.theme, row.path) for row in rows]


class ThemeForm(forms.Form):
    theme = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label="Name",
        max_length=500,
        error_messages={"required": "Enter the theme's name."},
    )
    description = forms.CharField(
        label="What it covers (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, rows: list[ThemeRow], editing: Theme | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The theme itself and those beneath it cannot be its parent: they are not offered.
        if editing is not None:
            path = next(r.path for r in rows if r.theme.pk == editing.pk)
            rows = [r for r in rows if r.path != path and not r.path.startswith(path + " > ")]
        self.fields["parent"] = _RecordChoice(
            _themes(rows),
            label="Sits beneath (optional)",
            required=False,
            empty_label="Nothing: a theme at the top",
            help_text="Another theme of this plan, for an objective beneath a vision.",
        )
        self.order_fields(["theme", "name", "parent", "description"])


class DeliveryThemeForm(forms.Form):
    delivery_theme = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example Fleet, Procurement or Council Property and Estate.",
        error_messages={"required": "Enter the delivery theme's name."},
    )
    lead_name = forms.CharField(
        label="Lead (optional)",
        max_length=200,
        required=False,
        help_text="The person or post who leads it, as the plan names them. Leave blank or write "
        '"TBC" while nobody does.',
    )


KIND_CHOICES = [
    (k.value, "Priority" if k == Action.Kind.PRIORITY else "Long list") for k in Action.Kind
]
IMPACT_CHOICES = [("", "Not set"), *[(i.value, i.label) for i in Impact]]
ROW_FIELDS = (
    "ref",
    "text",
    "kind",
    "theme",
    "delivery_theme",
    "target",
    "success_measure",
    "impact",
)


class ActionRowForm(forms.Form):
    """One row of the actions table. The text is typed as the small Markdown subset of
    ``core.narrative`` (paragraphs and lists) and stored as narrative HTML."""

    ref = forms.CharField(label="Ref", max_length=20, required=False)
    text = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter what the action will do."},
    )
    kind = forms.ChoiceField(label="Kind", choices=KIND_CHOICES, initial=Action.Kind.PRIORITY)
    target = forms.CharField(label="Target", max_length=40, required=False)
    success_measure = forms.CharField(
        label="Success measure", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    impact = forms.ChoiceField(
        label="Impact if not achieved", choices=IMPACT_CHOICES, required=False
    )

    def __init__(self, *args, rows: list[ThemeRow], delivery_themes: list[DeliveryTheme], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"] = _RecordChoice(
            _themes(rows),
            label="Theme",
            empty_label="Choose a theme",
            error_messages={"required": "Choose the action's theme."},
        )
        self.fields["delivery_theme"] = _RecordChoice(
            [(d, d.name) for d in delivery_themes],
            label="Delivery theme",
            required=False,
            empty_label="None",
        )
        self.order_fields(ROW_FIELDS)

    def clean_text(self) -> str:
        return markdown_to_narrative(self.cleaned_data["text"])

    def clean_target(self) -> str:
        value = self.cleaned_data["target"].strip()
        try:
            target_end_year(value)
        except ValidationError as exc:
            raise ValidationError(exc.messages[0], code="bad_target") from exc
        return value

    @staticmethod
    def initial_from(action: Action) -> dict:
        return {
            "ref": action.ref,
            "text": narrative_to_markdown(action.text),
            "kind": action.kind,
            "theme": action.theme_id,
            "delivery_theme": action.delivery_theme_id,
            "target": action.target,
            "success_measure": action.success_measure,
            "impact": action.impact,
        }


class _ActionRows(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), **self.form_kwargs}

    def clean(self) -> None:
        """A ref typed twice is named with the table's other problems, not only once they are
        put right (``actions_save`` refuses it too, for every other way in)."""
        seen: dict[str, int] = {}
        for index, form in enumerate(self.forms):
            ref = str(form["ref"].value() or "").strip()
            if not ref:
                continue
            if ref.casefold() in seen:
                form.add_error("ref", ref_repeated_message(ref, first_row=seen[ref.casefold()] + 1))
            else:
                seen[ref.casefold()] = index


ActionRowFormSet = forms.formset_factory(ActionRowForm, formset=_ActionRows, extra=0)

TARGET_HELP = f"{TARGET_HINT} We take {TARGET_FORMS}."
