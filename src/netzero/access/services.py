"""An organisation's people: inviting them by email, their roles, what they lead, removing them.

Every service checks that the acting person may manage the organisation's people
(``Permission.MANAGE_PEOPLE``: its administrator) and keeps each person's admin rights in step
with their roles (``role_rights_sync``). An invitation is a link built with Django's
password-reset machinery (its own salt): it works once, because setting a password changes what
the token is made from, and for ``settings.PASSWORD_RESET_TIMEOUT`` seconds.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.auth.models import Permission as DjangoPermission
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from netzero.access.models import Membership
from netzero.access.roles import GROUP_ROLES, ROLE_GROUPS, STAFF_ROLES
from netzero.access.rules import forget_memberships
from netzero.core.exceptions import Refused
from netzero.core.permissions import Permission
from netzero.core.users import full_name
from netzero.organisations.models import Organisation
from netzero.plans.models import Action, DeliveryTheme
from netzero.plans.services import organisation_create

Role = Membership.Role


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for invitation links: a password-reset token with its own salt, so neither kind of
    link opens the other's page."""

    key_salt = "netzero.access.services.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


def _require(user: AbstractBaseUser | None, organisation: Organisation) -> None:
    if user is None or not user.has_perm(Permission.MANAGE_PEOPLE, organisation):
        raise PermissionDenied("Only the organisation's administrator may manage its people.")


def _site_link(site_url: str | None, path: str) -> str:
    return (site_url or settings.NETZERO_SITE_URL).rstrip("/") + path


def invitation_link(*, person: AbstractBaseUser, site_url: str | None = None) -> str:
    """The link with which ``person`` sets their password (and signs in for the first time)."""
    uidb64 = urlsafe_base64_encode(force_bytes(person.pk))
    token = invitation_tokens.make_token(person)
    return _site_link(site_url, reverse("access:invitation", args=[uidb64, token]))


def invitation_lifetime() -> str:
    """How long an invitation link works, in words ("3 days", "12 hours", "30 minutes")."""
    seconds = int(settings.PASSWORD_RESET_TIMEOUT)
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} seconds"


def _invitation_send(
    *, membership: Membership, inviter: AbstractBaseUser | None, site_url: str | None
) -> str:
    """Compose the invitation email now, send it once the transaction commits; the link."""
    person = membership.user
    link = invitation_link(person=person, site_url=site_url)
    expires = timezone.localtime() + timedelta(seconds=int(settings.PASSWORD_RESET_TIMEOUT))
    body = render_to_string(
        "access/email/invitation.txt",
        {
            "name": person.get_full_name().strip(),
            "inviter": full_name(inviter) if inviter is not None else "",
            "organisation": membership.organisation.name,
            "role": membership.get_role_display().lower(),
            "link": link,
            "username": person.get_username(),
            "lifetime": invitation_lifetime(),
            "expires": expires,
        },
    )
    message = EmailMessage(
        subject=f"You are invited to {membership.organisation.name}'s Net Zero Tracker",
        body=body,
        to=[person.email],
    )
    # A mail server that cannot be reached is logged, not a failure of the saved change.
    transaction.on_commit(lambda: message.send(), robust=True)
    return link


def _added_send(
    *, membership: Membership, inviter: AbstractBaseUser | None, site_url: str | None
) -> None:
    """Tell someone who already signs in that they have a role in another organisation."""
    person = membership.user
    body = render_to_string(
        "access/email/added.txt",
        {
            "name": full_name(person),
            "inviter": full_name(inviter) if inviter is not None else "",
            "organisation": membership.organisation.name,
            "role": membership.get_role_display().lower(),
            "link": _site_link(site_url, reverse("login")),
        },
    )
    message = EmailMessage(
        subject=f"You have been added to {membership.organisation.name}'s Net Zero Tracker",
        body=body,
        to=[person.email],
    )
    transaction.on_commit(lambda: message.send(), robust=True)


def _role(role: str) -> Role:
    if role not in Role.values:
        raise Refused({"role": "Choose a role."}, code="role")
    return Role(role)


def _administrators_left(*, membership: Membership) -> bool:
    """Whether the organisation keeps an administrator without ``membership``."""
    return (
        Membership.objects.filter(organisation_id=membership.organisation_id)
        .filter(role=Role.ADMINISTRATOR)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_invite(
    *,
    user: AbstractBaseUser | None,
    organisation: Organisation,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    job_title: str = "",
    site_url: str | None = None,
) -> Membership:
    """Give the person with ``email`` a role in ``organisation`` and email them.

    A new person gets an account (username: the email, lower-cased) with no password, and an
    invitation link to set one; someone who already has an account gets the membership and an
    email saying so. Refused when they already are one of the organisation's people.
    ``user`` is the organisation's administrator; ``None`` only from ``netzero organisation
    create`` (the operator inviting a new organisation's first administrator), where the names
    may be left blank. The link emailed is on the result as ``invitation_link`` (None when
    the person already had a password and was only told).
    """
    if user is not None:
        _require(user, organisation)
    email = email.strip()
    first_name, last_name, job_title = first_name.strip(), last_name.strip(), job_title.strip()
    errors: dict[str, str] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = "Enter an email address in the correct format, like name@example.org."
    username = email.lower()
    model = get_user_model()
    if not errors and len(username) > model._meta.get_field("username").max_length:
        errors["email"] = "The email address is too long to sign in with."
    person = (
        None
        if errors
        else model.objects.filter(Q(username=username) | Q(email__iexact=email))
        .order_by("pk")
        .first()
    )
    if person is None and user is not None:
        if not first_name:
            errors["first_name"] = "Enter their first name."
        if not last_name:
            errors["last_name"] = "Enter their last name."
    if role not in Role.values:
        errors["role"] = "Choose a role."
    if errors:
        raise Refused(errors, code="invite")
    if Membership.objects.filter(user=person, organisation=organisation).exists():
        raise Refused(
            {"email": f"{full_name(person)} is already one of {organisation.name}'s people."},
            code="already_member",
        )
    new = person is None
    if new:
        person = model(username=username, email=email, first_name=first_name, last_name=last_name)
        person.set_unusable_password()
        person.full_clean()
        person.save()
    membership = Membership(
        user=person, organisation=organisation, role=Role(role), job_title=job_title
    )
    membership.full_clean()
    membership.save()
    role_rights_sync(person=person)
    membership.invitation_link = None
    if person.has_usable_password():
        _added_send(membership=membership, inviter=user, site_url=site_url)
    else:
        membership.invitation_link = _invitation_send(
            membership=membership, inviter=user, site_url=site_url
        )
    return membership


@transaction.atomic
def organisation_start(
    *,
    name: str,
    slug: str,
    kind: str,
    is_public: bool,
    admin_email: str,
    admin_first_name: str = "",
    admin_last_name: str = "",
    site_url: str | None = None,
) -> Membership:
    """A new organisation and the invitation of its first administrator, both or neither: for
    the operator who hosts several bodies (``netzero organisation create``), so no acting user.
    The result is the administrator's membership (its ``organisation``, ``invitation_link``)."""
    organisation = organisation_create(name=name, slug=slug, kind=kind, is_public=is_public)
    return membership_invite(
        user=None,
        organisation=organisation,
        email=admin_email,
        first_name=admin_first_name,
        last_name=admin_last_name,
        role=Role.ADMINISTRATOR,
        site_url=site_url,
    )


@transaction.atomic
def membership_reinvite(
    *, user: AbstractBaseUser | None, membership: Membership, site_url: str | None = None
) -> str:
    """Send a new invitation link to someone who has not set a password yet (earlier links
    stop working); the link. ``user`` as in ``membership_invite``."""
    if user is not None:
        _require(user, membership.organisation)
    person = membership.user
    if person.has_usable_password():
        raise Refused(
            f"{full_name(person)} has already set a password. If they have forgotten it, they "
            "can ask for a new one on the sign-in page.",
            code="signed_in",
        )
    person.set_unusable_password()  # a new hash: the earlier links no longer work
    person.save(update_fields=["password"])
    return _invitation_send(membership=membership, inviter=user, site_url=site_url)


@transaction.atomic
def membership_update(
    *,
    user: AbstractBaseUser,
    membership: Membership,
    role: str,
    job_title: str,
    name_published: bool,
    delivery_themes: list[DeliveryTheme] | None = None,
    actions: list[Action] | None = None,
) -> Membership:
    """Change someone's role and what is published about them. Theme leads keep the delivery
    themes they lead and contributors their actions; every other role has neither. Every theme
    and action must be of one of the organisation's plans; the last administrator stays one."""
    _require(user, membership.organisation)
    role = _role(role)
    themes = list(delivery_themes or []) if role == Role.THEME_LEAD else []
    contributed = list(actions or []) if role == Role.CONTRIBUTOR else []
    organisation_id = membership.organisation_id
    errors = {}
    if any(theme.plan.organisation_id != organisation_id for theme in themes):
        errors["delivery_themes"] = "Choose delivery themes of this organisation's plans."
    if any(action.plan.organisation_id != organisation_id for action in contributed):
        errors["actions"] = "Choose actions of this organisation's plans."
    if (
        membership.role == Role.ADMINISTRATOR
        and role != Role.ADMINISTRATOR
        and not _administrators_left(membership=membership)
    ):
        errors["role"] = (
            f"{full_name(membership.user)} is {membership.organisation.name}'s only "
            "administrator. Make someone else an administrator first."
        )
    if errors:
        raise Refused(errors, code="membership")
    membership.role = role
    membership.job_title = job_title.strip()
    membership.name_published = bool(name_published)
    membership.full_clean()
    membership.save()
    membership.delivery_themes.set(themes)
    membership.actions.set(contributed)
    role_rights_sync(person=membership.user)
    return membership


@transaction.atomic
def membership_remove(*, user: AbstractBaseUser, membership: Membership) -> None:
    """Take someone's role in the organisation away (their account stays, for the history it
    signs). Refused for the organisation's last administrator."""
    _require(user, membership.organisation)
    if membership.role == Role.ADMINISTRATOR and not _administrators_left(membership=membership):
        raise Refused(
            f"{full_name(membership.user)} is {membership.organisation.name}'s only "
            "administrator. Make someone else an administrator first.",
            code="last_administrator",
        )
    person = membership.user
    membership.delete()
    role_rights_sync(person=person)


def role_groups_ensure() -> dict[str, Group]:
    """The roles' groups by name. The migration creates them; a database emptied since (a test
    flushing every table) gets them again with their declared permissions."""
    groups = {}
    for name, wanted in ROLE_GROUPS.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            query = Q(pk__in=[])
            for app, codename in wanted:
                query |= Q(content_type__app_label=app, codename=codename)
            group.permissions.set(DjangoPermission.objects.filter(query))
        groups[name] = group
    return groups


def role_rights_sync(*, person: AbstractBaseUser) -> None:
    """Give ``person`` the admin rights their roles carry: staff status (to reach the admin)
    when they are an administrator or programme manager anywhere (or a superuser), and the
    groups of those roles. Groups that are not a role's are left as they are."""
    roles = set(Membership.objects.filter(user=person).values_list("role", flat=True))
    groups = role_groups_ensure()
    held = [group for name, group in groups.items() if GROUP_ROLES[name] in roles]
    person.groups.remove(*[group for group in groups.values() if group not in held])
    person.groups.add(*held)
    staff = bool(person.is_superuser) or bool(roles & STAFF_ROLES)
    if person.is_staff != staff:
        person.is_staff = staff
        person.save(update_fields=["is_staff"])
    forget_memberships(person)
