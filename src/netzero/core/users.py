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


def full_name(user: AbstractBaseUser | None, *, nobody: str = "") -> str:
    """How a person is shown: their full name, their username only when no name is set, and
    ``nobody`` when there is no person (a deleted account, or a change made outside the pages)."""
    if user is None:
        return nobody
    name = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    return name or user.get_username()
