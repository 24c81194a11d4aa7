"""What the organisation's pages show: its first-run checklist, its links."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from netzero.core.permissions import Permission
from netzero.organisations.models import Organisation
from netzero.web.selectors import SetupState


def link(name: str, **kwargs) -> str:
    """The address of a page."""
    return reverse(name, kwargs=kwargs)


def readable(user, organisation: Organisation) -> bool:
    """May this reader read the organisation's pages (public, or their own)?"""
    return user.has_perm(Permission.VIEW_ORGANISATION, organisation)


def visible_to(user, organisations: list[Organisation]) -> list[Organisation]:
    """Those of ``organisations`` whose pages this reader may read."""
    return [o for o in organisations if readable(user, o)]


ADMINISTRATOR_STEP = "For your administrator"


@dataclass(frozen=True)
class Step:
    name: str
    hint: str
    href: str | None  # None: not for this person, or it cannot start yet
    done: bool
    waiting: str = "Cannot start yet"  # the status while it cannot be started from here

    @property
    def status(self) -> str:
        if self.done:
            return "Done"
        return "Not started" if self.href else self.waiting


@dataclass(frozen=True)
class Checklist:
    steps: list[Step]

    @property
    def complete(self) -> bool:
        return all(step.done for step in self.steps)

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.steps)


def setup_checklist(
    *, organisation: Organisation, state: SetupState, administrator: bool
) -> Checklist:
    """The first-run steps in the order a new organisation takes them, each linking to the page
    where it is done; people and details are the administrator's (``administrator``: the
    reader is, so those steps link for them)."""
    org = organisation.slug

    def admins(name: str, **kwargs) -> str | None:
        return link(name, **kwargs) if administrator else None

    plan = state.first_plan
    figures = link("footprints:figures", org_slug=org)
    return Checklist(
        steps=[
            Step(
                "Invite your people",
                "Programme managers, theme leads and contributors, each with their role.",
                admins("access:people", org_slug=org),
                state.people_invited,
                ADMINISTRATOR_STEP,
            ),
            Step(
                "Create your plan",
                "Its name and the themes its actions sit under.",
                link("plans:new", org_slug=org),
                plan is not None,
            ),
            Step(
                "Add your actions",
                "Each action's ref, title, theme and who delivers it.",
                link("plans:setup", plan_slug=plan.slug) if plan else None,
                state.actions_added,
            ),
            Step(
                "Open your first quarter",
                "People can then write their updates for it.",
                link("workflow:period_new", plan_slug=plan.slug) if plan else None,
                state.first_quarter_opened,
            ),
            Step(
                "Start your carbon footprint",
                "A reported or calculated figure, or a total you state.",
                figures,
                state.footprint_started,
            ),
            Step(
                "Set your targets",
                "The cut you aim for and by when, such as net zero by 2030.",
                figures,
                state.targets_set,
            ),
            Step(
                "Complete your organisation's details",
                "Its kind and, for a council, its area code; for an NHS body, its ODS code.",
                admins("web:organisation_details", org_slug=org),
                state.details_completed,
                ADMINISTRATOR_STEP,
            ),
        ]
    )
