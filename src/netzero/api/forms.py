from __future__ import annotations

from django import forms

from netzero.api.services import NAME_MAX


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text="For example, the spreadsheet or script that will use it.",
        max_length=NAME_MAX,
        error_messages={"required": "Say what the token is for."},
    )
