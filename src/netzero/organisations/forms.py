"""The organisation details page's form: the model's own fields (labels, hints, validators),
saved through ``organisation_details_update``."""

from __future__ import annotations

from django import forms

from netzero.organisations.models import Organisation
from netzero.organisations.services import DETAIL_FIELDS

PUBLIC_HINT = (
    "When ticked, anyone can read its published quarters, plans, footprint and indicators "
    "without signing in. When not, its pages are not found for anyone outside it: only its "
    "own people (and people of organisations delivering its actions) can read them."
)


class OrganisationDetailsForm(forms.Form):
    def __init__(self, *args, organisation: Organisation, **kwargs):
        initial = {name: getattr(organisation, name) for name in DETAIL_FIELDS}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields.update(forms.fields_for_model(Organisation, fields=DETAIL_FIELDS))
        self.fields["ons_area_code"].label = "ONS area code (councils)"
        self.fields["local_authority_code"].label = "Area statistics code (councils)"
        self.fields["ods_code"].label = "NHS ODS code (NHS bodies)"
        self.fields["predecessor_ods_codes"].label = "Predecessors' ODS codes (NHS bodies)"
        self.fields["open_data_licence"].label = "Licence for its open data"
        self.fields["is_public"].help_text = PUBLIC_HINT
        for name in ("ons_area_code", "local_authority_code", "ods_code", "predecessor_ods_codes"):
            # Typed in lower case is fine: the service keeps codes in capitals.
            self.fields[name].validators = []
