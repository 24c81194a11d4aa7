"""Reads for people."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from netzero.core.exceptions import NotFound


def user_get(*, username: str) -> AbstractBaseUser:
    """The user signing in as ``username``; NotFound if there is none."""
    model = get_user_model()
    user = model.objects.filter(**{model.USERNAME_FIELD: username}).first()
    if user is None:
        raise NotFound(f"No user {username!r}.", code="unknown_user")
    return user
