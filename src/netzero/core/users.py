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


NO_NAME = "a person with no name set"


def full_name(user: AbstractBaseUser | None, *, nobody: str = "") -> str:
    """How a person is shown to their own organisation: their full name, their email when no
    name is set (never their username), and ``nobody`` when there is no person (a deleted
    account, or a change made outside the pages). Pages outsiders read show people with
    ``access.people.person_shown`` instead (the name and role the organisation publishes)."""
    if user is None:
        return nobody
    name = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    return name or (getattr(user, "email", "") or "").strip() or NO_NAME
