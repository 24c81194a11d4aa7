"""The workflow's emails, composed in one place: an update submitted (to who may approve it),
returned or approved (to its author and the action's leads), and the period's reminders.

Each email names the action by ref and title, the period, the programme manager's comment when
returning, and links to the page to act on. Links start from ``site_url``: the site the person is
using when a page sends the email (the request's address), ``NETZERO_SITE_URL`` from a command.

Messages are composed when the service calls, inside its transaction, and sent only once it has
committed (``transaction.on_commit``): a refused or undone change sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from netzero.core.users import full_name
from netzero.plans.presenters import action_name
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.workflow.selectors import ReminderList, update_approvers, update_people


def _url(site_url: str | None, name: str, *args: str) -> str:
    base = (site_url or settings.NETZERO_SITE_URL).rstrip("/")
    return base + reverse(name, args=args)


@dataclass(frozen=True)
class Email:
    to: AbstractBaseUser
    subject: str
    body: str


_SUPPRESSED: ContextVar[bool] = ContextVar("netzero_emails_suppressed", default=False)


@contextmanager
def emails_suppressed() -> Iterator[None]:
    """Send none of the workflow's emails inside this block: for loading data (the demo's
    quarter of drafts and submissions) where nobody should be told anything."""
    token = _SUPPRESSED.set(True)
    try:
        yield
    finally:
        _SUPPRESSED.reset(token)


def _send_on_commit(emails: list[Email], *, robust: bool = True) -> None:
    """Send once the transaction commits. ``robust``: a mail server that cannot be reached is
    logged (``django.db.backends.base``'s on_commit error log) rather than failing the page
    whose change is already saved; reminders pass False, so ``netzero remind`` says it failed."""
    if _SUPPRESSED.get():
        return
    messages = [
        EmailMessage(subject=e.subject, body=e.body, to=[e.to.email]) for e in emails if e.to.email
    ]
    if messages:
        transaction.on_commit(lambda: get_connection().send_messages(messages), robust=robust)


def _compose(template: str, to: AbstractBaseUser, subject: str, **context) -> Email:
    body = render_to_string(f"workflow/email/{template}.txt", {"name": full_name(to), **context})
    return Email(to=to, subject=subject, body=body)


def _update_context(update: ActionUpdate) -> dict:
    return {
        "action": action_name(update.action),
        "period": update.period.name,
        "plan": update.period.plan.name,
    }


def update_submitted(
    *, update: ActionUpdate, user: AbstractBaseUser, site_url: str | None
) -> list[str]:
    """Tell who may approve the update (not the person who submitted it). Returns who was
    told, by name."""
    plan, period = update.period.plan, update.period
    link = _url(site_url, "workflow:update_review", plan.slug, period.slug, update.action.ref)
    people = [p for p in update_approvers(update=update) if p.pk != user.pk]
    context = _update_context(update) | {"by": full_name(user), "link": link}
    subject = f"{action_name(update.action)}: {period.name} update submitted for approval"
    _send_on_commit([_compose("update_submitted", p, subject, **context) for p in people])
    return [full_name(p) for p in people if p.email]


def update_decided(
    *, update: ActionUpdate, user: AbstractBaseUser, site_url: str | None
) -> list[str]:
    """Tell the update's author and the action's leads that it was returned (with the comment)
    or approved. Returns who was told, by name."""
    plan, period = update.period.plan, update.period
    returned = update.state == ActionUpdate.State.RETURNED
    link = _url(site_url, "workflow:update_edit", plan.slug, period.slug, update.action.ref)
    people = [p for p in update_people(update=update) if p.pk != user.pk]
    context = _update_context(update) | {
        "by": full_name(user),
        "link": link,
        "comment": update.review_comment,
    }
    what = "returned to you" if returned else "approved"
    template = "update_returned" if returned else "update_approved"
    subject = f"{action_name(update.action)}: {period.name} update {what}"
    _send_on_commit([_compose(template, p, subject, **context) for p in people])
    return [full_name(p) for p in people if p.email]


@dataclass(frozen=True)
class ReminderGroup:
    heading: str
    lines: list[str]


def reminder(
    *,
    period: ReportingPeriod,
    person: AbstractBaseUser,
    actions: ReminderList,
    site_url: str | None,
) -> Email:
    """One person's reminder: their outstanding actions by ref and title, grouped by delivery
    theme, then (for a programme manager) the actions with no lead, apart."""
    plan = period.plan
    groups: dict[str, list[str]] = {}
    for action in actions.own:
        theme = action.delivery_theme.name if action.delivery_theme else "Other actions"
        groups.setdefault(theme, []).append(action_name(action))
    listed = [ReminderGroup(heading, lines) for heading, lines in groups.items()]
    if actions.unled:
        listed.append(
            ReminderGroup(
                "Actions with no lead (as programme manager, you report on these or give them "
                "a lead)",
                [action_name(a) for a in actions.unled],
            )
        )
    return _compose(
        "reminder",
        person,
        f"{plan.name}: your {period.name} updates",
        plan=plan.name,
        period=period.name,
        groups=listed,
        link=_url(site_url, "workflow:my_updates", plan.slug, period.slug),
    )


def send_reminders(emails: list[Email]) -> None:
    _send_on_commit(emails, robust=False)
