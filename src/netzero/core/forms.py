"""Pages' one way of showing a service's refusal on the form that asked for it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put ``exc``'s messages on ``form``: beside the field a message names, where the form has
    that field, otherwise at the top (the error summary lists both)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)
