"""Every page and form, for every role and the public, for GET and POST, against the table.

The URLs come from the URL configuration itself, so a new page without a row in EXPECTED fails
``test_every_page_has_a_rule``. Each request runs in a savepoint that is rolled back, so an
allowed POST (publishing, reminding) does not change what the next role sees.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from netzero.demo.green_plan import green_plan_load
from netzero.reporting.models import ActionUpdate
from netzero.reporting.status import Status


@pytest.fixture
def plan(council):
    """A council's plan: 2022-23 Q2 and Q3 published, Q4 open (netzero.testing.council)."""
    return council.plan


@pytest.fixture
def q4(council):
    return council.q4


@pytest.fixture
def people(council):
    return council.people


A, L, D, N = "allow", "login", "deny", "method not allowed"
ROLES = [
    "anonymous",
    "viewer",
    "planning",
    "contributor",
    "manager",
    "admin",
    "outsider",
    "partner",
]
# The admin is checked in test_isolation; the JSON API's routes by its own table (every route,
# role and write: netzero/api/tests/test_roles.py).
EXCLUDED_NAMESPACES = {"admin", "api"}


def _row(anonymous, viewer, planning, contributor, manager, admin, outsider, partner):
    return dict(
        zip(
            ROLES,
            (anonymous, viewer, planning, contributor, manager, admin, outsider, partner),
            strict=True,
        )
    )


EVERYONE = _row(A, A, A, A, A, A, A, A)
NOBODY = _row(N, N, N, N, N, N, N, N)
MEMBERS = _row(L, A, A, A, A, A, D, D)
MANAGERS = _row(L, D, D, D, A, A, D, D)
ADMINS = _row(L, D, D, D, D, A, D, D)  # the organisation's administrator: its people, its details
LEAD_16 = _row(L, D, A, D, A, A, D, D)  # Ref 16 is the Planning lead's
SIGN_IN_FIRST = _row(L, N, N, N, N, N, N, N)  # the method is refused once signed in
SIGNED_IN = _row(L, A, A, A, A, A, A, A)
VIEWERS_OWN = _row(L, A, D, D, D, D, D, D)  # the viewer's own token (another's is not found)

# (url name, variant): {"GET": row, "POST": row}. Variants: "published" is 2022-23 Q3, "open" Q4.
EXPECTED: dict[tuple[str, str], dict[str, dict[str, str]]] = {
    ("web:home", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("web:healthz", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("guidance:help", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("guidance:guide", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("login", ""): {"GET": EVERYONE, "POST": EVERYONE},
    ("logout", ""): {"GET": NOBODY, "POST": EVERYONE},
    # API tokens: anyone signed in makes their own and revokes only their own.
    ("api_tokens:list", ""): {"GET": SIGNED_IN, "POST": SIGNED_IN},
    ("api_tokens:revoke", ""): {"GET": NOBODY, "POST": VIEWERS_OWN},
    # The organisation's people: its administrator only. The invitation page is for whoever has
    # the link (here a link that does not work: the page says so, to everyone).
    ("access:people", ""): {"GET": ADMINS, "POST": NOBODY},
    ("access:person_invite", ""): {"GET": ADMINS, "POST": ADMINS},
    ("access:person", ""): {"GET": ADMINS, "POST": ADMINS},
    ("access:person_remove", ""): {"GET": ADMINS, "POST": ADMINS},
    ("access:person_reinvite", ""): {"GET": NOBODY, "POST": ADMINS},
    ("access:invitation", ""): {"GET": EVERYONE, "POST": EVERYONE},
    # "Forgotten your password?": for everyone (the link: one that does not work, as above).
    ("password_reset", ""): {"GET": EVERYONE, "POST": EVERYONE},
    ("password_reset_done", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("password_reset_confirm", ""): {"GET": EVERYONE, "POST": EVERYONE},
    ("password_reset_complete", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("dashboards:plan", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("dashboards:period_switch", "published"): {"GET": EVERYONE, "POST": NOBODY},
    ("dashboards:period_switch", "open"): {"GET": MEMBERS, "POST": NOBODY},
    ("dashboards:dashboard", "published"): {"GET": EVERYONE, "POST": NOBODY},
    ("dashboards:dashboard", "open"): {"GET": MEMBERS, "POST": NOBODY},
    ("dashboards:action", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("dashboards:search", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("dashboards:trend", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("plans:outline", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("plans:timeline", ""): {"GET": EVERYONE, "POST": NOBODY},
    # Setting up a plan: the organisation's programme managers and administrator.
    ("plans:new", ""): {"GET": MANAGERS, "POST": MANAGERS},
    ("plans:setup", ""): {"GET": MANAGERS, "POST": NOBODY},
    ("plans:setup_themes", ""): {"GET": MANAGERS, "POST": MANAGERS},
    ("plans:setup_delivery_themes", ""): {"GET": MANAGERS, "POST": MANAGERS},
    ("plans:setup_actions", ""): {"GET": MANAGERS, "POST": MANAGERS},
    # The plan as a spreadsheet (netzero.spreadsheets): set-up, its managers only.
    ("spreadsheets:plan_spreadsheet", ""): {"GET": MANAGERS, "POST": MANAGERS},
    ("spreadsheets:plan_download", ""): {"GET": MANAGERS, "POST": NOBODY},
    ("spreadsheets:plan_template", ""): {"GET": MANAGERS, "POST": NOBODY},
    ("spreadsheets:plan_import", ""): {"GET": MANAGERS, "POST": MANAGERS},
    ("classifications:matrix", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("workflow:period_new", ""): {"GET": MANAGERS, "POST": MANAGERS},
    ("workflow:period", "published"): {"GET": MANAGERS, "POST": NOBODY},
    ("workflow:period", "open"): {"GET": MANAGERS, "POST": NOBODY},
    ("workflow:period_publish", "open"): {"GET": MANAGERS, "POST": MANAGERS},
    ("workflow:period_presented", "published"): {"GET": MANAGERS, "POST": MANAGERS},
    ("workflow:period_presented", "open"): {"GET": MANAGERS, "POST": MANAGERS},
    ("workflow:period_reopen", "published"): {"GET": MANAGERS, "POST": MANAGERS},
    ("workflow:period_remind", "open"): {"GET": NOBODY, "POST": MANAGERS},
    ("workflow:my_updates", "open"): {"GET": MEMBERS, "POST": NOBODY},
    ("workflow:update_edit", "open"): {"GET": LEAD_16, "POST": LEAD_16},
    # Returns by spreadsheet: the Planning lead's own (or the manager's for them); uploading is
    # for whoever reports on actions this quarter (the contributor too) and the managers.
    ("workflow:return_download", "open"): {"GET": LEAD_16, "POST": NOBODY},
    ("workflow:return_upload", "open"): {
        "GET": _row(L, D, A, A, A, A, D, D),
        "POST": _row(L, D, A, A, A, A, D, D),
    },
    ("workflow:update_review", "open"): {"GET": MANAGERS, "POST": MANAGERS},
    ("footprints:latest", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("footprints:organisation", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("web:partnership", ""): {"GET": EVERYONE, "POST": NOBODY},
    # The organisation's home (public like its plans; its checklist only for its managers) and
    # its details, which only its administrator keeps.
    ("web:organisation", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("web:organisation_details", ""): {"GET": ADMINS, "POST": ADMINS},
    ("territorial:area", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("footprints:chart_svg", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("footprints:trend", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("footprints:trend_svg", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("footprints:activity_import", ""): {"GET": MANAGERS, "POST": MANAGERS},
    # The activity page's factor search as you type (JSON): read with GET, managers only.
    ("footprints:factor_choices", ""): {"GET": MANAGERS, "POST": SIGN_IN_FIRST},
    # The figures pages: the organisation's managers only; the list is read with GET, the factor
    # set is chosen with POST; one page per kind of record (reported figure, total, target).
    ("footprints:figures", ""): {"GET": MANAGERS, "POST": SIGN_IN_FIRST},
    ("footprints:factor_set_choose", ""): {"GET": SIGN_IN_FIRST, "POST": MANAGERS},
    **{
        (f"footprints:{name}", kind): {"GET": MANAGERS, "POST": MANAGERS}
        for name in ("figure_new", "figure_change", "figure_delete")
        for kind in ("reported", "total", "target")
    },
    ("indicators:plan", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("indicators:organisation", ""): {"GET": EVERYONE, "POST": NOBODY},
    ("indicators:detail", ""): {"GET": EVERYONE, "POST": NOBODY},
    # A published period's report is frozen: its manager sees the words (a POST is refused on the
    # page, with the reason); nobody else sees the page at all.
    ("reports:details", "published"): {"GET": MANAGERS, "POST": MANAGERS},
    ("reports:details", "open"): {"GET": MANAGERS, "POST": MANAGERS},
    # Downloads follow the dashboard page: a published period's are open data, drafts members'.
    **{
        (f"reports:{name}", variant): {
            "GET": EVERYONE if variant == "published" else MEMBERS,
            "POST": NOBODY,
        }
        for name in (
            "report_docx",
            "report_pdf",
            "dashboard_xlsx",
            "dashboard_csv",
            "dashboard_json",
        )
        for variant in ("published", "open")
    },
}


def _names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            ns = item.namespace or ""
            if ns in EXCLUDED_NAMESPACES:
                continue
            names |= _names(item, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(item, URLPattern) and item.name:
            names.add(f"{namespace}{item.name}")
    return names


def test_every_page_has_a_rule():
    routed = _names(get_resolver())
    covered = {name for name, _ in EXPECTED}
    assert routed == covered, (
        f"Pages without a rule in EXPECTED: {sorted(routed - covered)}; "
        f"rules for pages that no longer exist: {sorted(covered - routed)}"
    )


def _url(name: str, variant: str, plan) -> str:
    if name in {"access:people", "access:person_invite"}:
        return reverse(name, kwargs={"org_slug": plan.organisation.slug})
    if name in {"access:person", "access:person_remove", "access:person_reinvite"}:
        from netzero.access.models import Membership

        viewer = Membership.objects.get(organisation=plan.organisation, user__username="viewer")
        return reverse(
            name, kwargs={"org_slug": plan.organisation.slug, "membership_id": viewer.pk}
        )
    if name == "api_tokens:revoke":
        from django.contrib.auth import get_user_model

        from netzero.api.services import token_create

        viewer = get_user_model().objects.get(username="viewer")
        return reverse(name, kwargs={"token_id": token_create(user=viewer, name="t")[0].pk})
    if name in {"access:invitation", "password_reset_confirm"}:
        return reverse(name, kwargs={"uidb64": "MQ", "token": "c0ffee-0123456789abcdef"})
    if name == "footprints:latest":
        return reverse(name, kwargs={"org_slug": "dchs"})
    if name == "footprints:organisation":
        return reverse(name, kwargs={"org_slug": "dchs", "year": "2020-21"})
    if name == "web:partnership":
        return reverse(name, kwargs={"org_slug": "jucd-ics"})
    if name in {"web:organisation", "web:organisation_details"}:
        return reverse(name, kwargs={"org_slug": plan.organisation.slug})
    if name == "footprints:activity_import":
        return reverse(name, kwargs={"org_slug": "borough-council"})
    if name == "footprints:factor_choices":
        return reverse(name, kwargs={"org_slug": "borough-council"}) + "?year=2022-23&q=gas"
    if name == "footprints:trend":
        return reverse(name, kwargs={"org_slug": "dchs"})
    if name == "footprints:trend_svg":
        return reverse(name, kwargs={"org_slug": "dchs", "boundary": "nhs_cf"})
    if name in {"footprints:figures", "footprints:factor_set_choose"}:
        return reverse(name, kwargs={"org_slug": "borough-council"})
    if name in {"footprints:figure_new", "footprints:figure_change", "footprints:figure_delete"}:
        args = {"org_slug": "borough-council", "kind": variant}
        if name != "footprints:figure_new":
            args["pk"] = _one_record(variant, plan.organisation).pk
        return reverse(name, kwargs=args)
    if name == "footprints:chart_svg":
        return reverse(name, kwargs={"org_slug": "dchs", "year": "2020-21"})
    if name == "territorial:area":
        return reverse(name, kwargs={"code": "TST"})
    if name == "guidance:guide":
        return reverse(name, kwargs={"slug": "setting-up-your-organisation"})
    if name == "indicators:plan":
        return reverse(name, kwargs={"plan_slug": plan.slug})
    if name == "indicators:organisation":
        return reverse(name, kwargs={"org_slug": plan.organisation.slug})
    if name == "indicators:detail":
        return reverse(name, kwargs={"pk": _one_indicator(plan).pk})
    if name == "plans:new":
        return reverse(name, kwargs={"org_slug": plan.organisation.slug})
    if name.startswith("plans:setup"):
        return reverse(name, kwargs={"plan_slug": plan.slug})
    if name == "spreadsheets:plan_import":
        return reverse(name, kwargs={"plan_slug": plan.slug, "pk": _one_plan_import(plan).pk})
    if name.startswith("spreadsheets:"):
        return reverse(name, kwargs={"plan_slug": plan.slug})
    period = {"published": "2022-23-Q3", "open": "2022-23-Q4"}.get(variant)
    args: dict[str, str] = {}
    if name.startswith(("dashboards:", "workflow:", "reports:")) and name != "dashboards:plan":
        args["plan_slug"] = plan.slug
    if name in {"dashboards:plan", "plans:outline", "plans:timeline", "classifications:matrix"}:
        args["plan_slug"] = plan.slug
    if name == "workflow:period_new":
        pass
    elif name.startswith(("workflow:", "reports:")) or name == "dashboards:dashboard":
        args["period_slug"] = period
    if name in {"dashboards:action", "workflow:update_edit", "workflow:update_review"}:
        args["ref"] = "16"
    if name == "workflow:return_download":
        args["person"] = plan.organisation.memberships.get(user__username="planning").user_id
    if name == "dashboards:period_switch":
        return reverse(name, kwargs={"plan_slug": plan.slug}) + f"?period={period}"
    return reverse(name, kwargs=args)


def _one_plan_import(plan):
    """The plan's own spreadsheet, uploaded and not yet applied."""
    from netzero.spreadsheets.export import plan_workbook
    from netzero.spreadsheets.models import PlanImport

    return PlanImport.objects.create(
        organisation=plan.organisation,
        plan=plan,
        file_name="plan.xlsx",
        sha256="0" * 64,
        content=plan_workbook(plan=plan),
    )


def _one_area() -> None:
    from decimal import Decimal

    from netzero.territorial.models import AreaDataset, AreaYear

    dataset = AreaDataset.objects.create(
        title="t", source_file="t.csv", sha256="0" * 64, licence="x", attribution="x", rows=2
    )
    for year, total in ((2019, "10"), (2020, "9")):
        AreaYear.objects.create(
            dataset=dataset,
            authority_code="TST",
            authority_name="Test",
            year=year,
            total_kt_co2=Decimal(total),
        )


def _one_record(kind: str, organisation):
    """A reported figure, stated total or target of the council, to change or delete."""
    from netzero.footprints.services import entry_report, stated_total_record, target_record

    if kind == "reported":
        return entry_report(
            organisation=organisation,
            reporting_year=2022,
            category="gas",
            boundary="council_net_zero",
            tco2e="10",
            source="Annual report",
        )
    if kind == "total":
        return stated_total_record(
            organisation=organisation,
            reporting_year=2022,
            label="Council net zero scope",
            boundary="council_net_zero",
            tco2e="10",
            source="Annual report",
        )
    return target_record(
        organisation=organisation,
        description="Net zero by 2030",
        target_year=2030,
        reduction_percent="100",
        source="Climate strategy",
    )


def _one_indicator(plan):
    """The council plan's indicator with a goal and a value, linked to Ref 16."""
    from decimal import Decimal

    from netzero.indicators.services import (
        indicator_create,
        indicator_goal_add,
        indicator_value_add,
    )

    indicator = indicator_create(
        plan=plan,
        name="Sessions held",
        unit="sessions a year",
        direction="up",
        actions=[plan.actions.get(ref="16")],
    )
    indicator_goal_add(indicator=indicator, value=Decimal(6), year=2025)
    indicator_value_add(indicator=indicator, year=2022, period_label="2022-23 Q3", value=Decimal(8))
    return indicator


def _outcome(response) -> str:
    if response.status_code == 405:
        return N
    if response.status_code in (403, 404):
        return D
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return L
    if response.status_code in (200, 302):
        return A
    return f"unexpected {response.status_code}"


@pytest.mark.parametrize(
    ("name", "variant"), list(EXPECTED), ids=[f"{n}[{v}]" for n, v in EXPECTED]
)
def test_page_allows_and_denies_as_the_table_says(name, variant, people, plan, q4):
    green_plan_load()
    _one_area()
    # Something to review: the Planning lead's submitted update for Ref 16 in the open quarter.
    ActionUpdate.objects.create(
        action=plan.actions.get(ref="16"),
        period=q4,
        status=Status.REVIEW,
        state=ActionUpdate.State.SUBMITTED,
        reason="Awaiting guidance.",
    )
    url = _url(name, variant, plan)
    mismatches = []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(people[role])
        for method in ("GET", "POST"):
            with transaction.atomic():
                response = client.get(url) if method == "GET" else client.post(url, {})
                transaction.set_rollback(True)
            got, expected = _outcome(response), EXPECTED[(name, variant)][method][role]
            if got != expected:
                mismatches.append(f"{method} {url} as {role}: expected {expected}, got {got}")
    assert mismatches == []
