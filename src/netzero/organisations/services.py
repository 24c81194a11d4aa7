"""Writes for organisations: the details its administrator keeps (its name is the operator's)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from netzero.core.exceptions import Refused
from netzero.core.permissions import Permission
from netzero.organisations.models import Organisation

COUNCIL_KINDS = frozenset(
    {
        Organisation.Kind.COUNTY_COUNCIL,
        Organisation.Kind.DISTRICT_COUNCIL,
        Organisation.Kind.UNITARY_AUTHORITY,
    }
)
NHS_KINDS = frozenset({Organisation.Kind.NHS_TRUST, Organisation.Kind.INTEGRATED_CARE_SYSTEM})
# What the administrator may change, in the order the page asks.
DETAIL_FIELDS = (
    "kind",
    "ons_area_code",
    "local_authority_code",
    "ods_code",
    "predecessor_ods_codes",
    "open_data_licence",
    "is_public",
)
_CODES = ("ons_area_code", "local_authority_code", "ods_code", "predecessor_ods_codes")


def organisation_details_update(
    *,
    user: Any,
    organisation: Organisation,
    kind: str,
    ons_area_code: str = "",
    local_authority_code: str = "",
    ods_code: str = "",
    predecessor_ods_codes: str = "",
    open_data_licence: str,
    is_public: bool,
) -> Organisation:
    """Save the organisation's kind, codes, open data licence and whether its pages are public.
    Only its administrator (``MANAGE_PEOPLE``). Codes are kept in capitals; an area code is
    refused on an NHS body and an ODS code on a council. An area statistics code the loaded
    statistics do not have is allowed (they may be loaded later)."""
    if not user.has_perm(Permission.MANAGE_PEOPLE, organisation):
        raise PermissionDenied("Only the organisation's administrator can change its details.")
    values = {
        "kind": kind,
        "ons_area_code": ons_area_code,
        "local_authority_code": local_authority_code,
        "ods_code": ods_code,
        "predecessor_ods_codes": predecessor_ods_codes,
        "open_data_licence": (open_data_licence or "").strip(),
        "is_public": bool(is_public),
    }
    for name in _CODES:
        values[name] = " ".join((values[name] or "").split()).upper()
    errors: dict[str, str] = {}
    if kind in NHS_KINDS:
        for name in ("ons_area_code", "local_authority_code"):
            if values[name]:
                errors[name] = "Area codes are for councils: leave this empty for an NHS body."
    if kind in COUNCIL_KINDS:
        for name in ("ods_code", "predecessor_ods_codes"):
            if values[name]:
                errors[name] = "ODS codes are for NHS bodies: leave this empty for a council."
    with transaction.atomic():
        record = Organisation.objects.select_for_update().get(pk=organisation.pk)
        for name, value in values.items():
            setattr(record, name, value)
        # Every problem at once: the kind's rules above and each field's own format.
        try:
            record.full_clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, " ".join(messages))
        if errors:
            raise Refused(errors)
        record.save(update_fields=list(values))
    return record
