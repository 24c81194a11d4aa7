"""The permissions the rules decide, by name. ``user.has_perm(Permission.EDIT_UPDATE, action)``.

Each is a ``str`` (Django's permission name, "netzero.<rule>"), so it passes wherever Django
takes a permission; the rules that decide them are in ``netzero.access.rules``.
"""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    # Reading: a published period is public; an open one only for the organisation's people.
    VIEW_PERIOD = "netzero.view_period"  # object: a period
    # Reading an organisation's pages (plans, footprints, indicators): everyone when the
    # organisation is public, otherwise its own people (object: the organisation or anything of it).
    VIEW_ORGANISATION = "netzero.view_organisation"
    VIEW_DRAFTS = "netzero.view_drafts"  # object: a plan (or anything of an organisation)
    # Writing an action's quarterly update (object: the action).
    EDIT_UPDATE = "netzero.edit_update"
    # Approving or returning updates; opening, publishing, reopening periods (object: the plan).
    REVIEW_UPDATES = "netzero.review_updates"
    MANAGE_PERIODS = "netzero.manage_periods"
    # Setting up the plan's themes and actions (object: the plan or its organisation).
    MANAGE_PLAN = "netzero.manage_plan"
    # The organisation's people and their roles (object: the organisation).
    MANAGE_PEOPLE = "netzero.manage_people"
