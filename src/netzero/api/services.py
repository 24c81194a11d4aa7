"""API tokens: made and revoked by their own person; a request's token checked by its hash."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from netzero.api.models import ApiToken
from netzero.core.exceptions import NotFound, Refused

SECRET_START = "nzt_"  # noqa: S105 (a marker, not a secret: a pasted token is recognisable)
PREFIX_LENGTH = 12
NAME_MAX = ApiToken._meta.get_field("name").max_length


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its secret (shown to them once; only its hash is kept)."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in to make an API token.")
    name = (name or "").strip()
    if not name:
        raise Refused({"name": "Say what the token is for."}, code="name_required")
    if len(name) > NAME_MAX:
        raise Refused({"name": f"Name the token in {NAME_MAX} characters or fewer."})
    secret = SECRET_START + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken(
            user=user, name=name, prefix=secret[:PREFIX_LENGTH], secret_sha256=secret_hash(secret)
        )
        token.full_clean()
        token.save()
    return token, secret


def token_revoke(*, user: AbstractBaseUser, token_id: int) -> ApiToken:
    """Revokes one of ``user``'s own tokens (someone else's is not found). Revoking twice is
    harmless."""
    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update()
            .filter(pk=token_id, user_id=getattr(user, "pk", None))
            .first()
        )
        if token is None:
            raise NotFound("No such API token.", code="unknown_token")
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def token_use(*, secret: str) -> ApiToken | None:
    """The active token whose secret this is (its use recorded), or None: unknown, revoked, or
    its person can no longer sign in."""
    if not secret or not secret.startswith(SECRET_START):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(secret_sha256=secret_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
    return token
