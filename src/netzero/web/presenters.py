"""What the organisation's pages show: its first-run checklist, its links."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

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


# Pages of a long list (the home page's plans on a national service) ---------------------


@dataclass(frozen=True)
class PageLink:
    """One item of the GOV.UK pagination component: a page's number and address, or a gap
    (``number`` None) between numbers that are not shown."""

    number: int | None
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class PageNavigation:
    previous_url: str
    next_url: str
    items: list[PageLink]
    summary: str  # "Showing plans 21 to 40 of 400"


def page_navigation(page, *, params: dict[str, str], noun: str) -> PageNavigation | None:
    """The links under a list split into pages (a Django ``Page``): previous, next, the first
    and last pages, the current one and its neighbours, with gaps; ``params`` are kept in each
    address (what was searched for). None when everything fits on one page."""
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return None

    def url(number: int) -> str:
        kept = {name: value for name, value in params.items() if value}
        return "?" + urlencode({**kept, "page": number} if number > 1 else kept)

    shown = {1, paginator.num_pages, page.number - 1, page.number, page.number + 1}
    items: list[PageLink] = []
    for number in sorted(n for n in shown if 1 <= n <= paginator.num_pages):
        if items and items[-1].number is not None and number > items[-1].number + 1:
            items.append(PageLink(None))
        items.append(PageLink(number, url(number), number == page.number))
    return PageNavigation(
        previous_url=url(page.previous_page_number()) if page.has_previous() else "",
        next_url=url(page.next_page_number()) if page.has_next() else "",
        items=items,
        summary=f"Showing {noun} {page.start_index()} to {page.end_index()} of {paginator.count}",
    )


# The home page lists every body's footprint in full up to this many; beyond it (a national
# service), partnerships and the bodies outside any, each partnership's page listing its own.
FOOTPRINTS_LISTED_IN_FULL = 50


@dataclass(frozen=True)
class FootprintListing:
    organisations: list[Organisation]
    members_elsewhere: int  # members and partners left to their partnership's page

    @property
    def members_note(self) -> str:
        if not self.members_elsewhere:
            return ""
        return (
            f"The {self.members_elsewhere} members and partners of these partnerships are "
            "listed on each partnership's page, their footprints side by side; the search "
            "above finds any of them by name."
        )


def footprint_listing(organisations: list[Organisation], *, searched: bool) -> FootprintListing:
    """What the home page lists under carbon footprints (see FOOTPRINTS_LISTED_IN_FULL)."""
    if searched or len(organisations) <= FOOTPRINTS_LISTED_IN_FULL:
        return FootprintListing(organisations, 0)
    shown = [o for o in organisations if o.partnership_id is None]
    return FootprintListing(shown, len(organisations) - len(shown))
