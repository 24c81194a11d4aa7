"""The API tokens page's rows."""

from __future__ import annotations

from typing import Any

from django.utils import dateformat, timezone

from netzero.api.models import ApiToken


def _when(moment) -> str:
    return dateformat.format(timezone.localtime(moment), "j F Y, H:i") if moment else ""


def token_rows(tokens: list[ApiToken]) -> list[dict[str, Any]]:
    return [
        {
            "id": t.pk,
            "name": t.name,
            "prefix": t.prefix,
            "created": _when(t.created_at),
            "last_used": _when(t.last_used_at) or "Not used yet",
            "active": t.is_active,
            "status": "Active" if t.is_active else f"Revoked {_when(t.revoked_at)}",
        }
        for t in tokens
    ]
