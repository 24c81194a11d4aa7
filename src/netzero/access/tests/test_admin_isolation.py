"""The admin shows each organisation's people only their own records: in every list's filter
sidebar and every form's choice lists, with choices labelled by their plan. Every admin on the
site is walked (``admin.site._registry``), so a new one is covered without adding it here.

Two organisations have a plan each with a strategy theme and a delivery theme both called
"Planning"; each organisation's administrator (not a superuser, with every data-entry right)
must never see the other's organisation, plan, periods, schemes, categories or years."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from netzero.access.admin import (
    OrganisationScopedAdmin,
    ScopedAllValuesFieldListFilter,
    scoped_filter,
)
from netzero.access.models import Membership
from netzero.classifications.services import (
    category_create,
    reported_count_record,
    scheme_create,
)
from netzero.footprints.models import Category as FootprintCategory
from netzero.footprints.services import entry_report, stated_total_record, target_record
from netzero.indicators.services import indicator_create
from netzero.plans.models import Action
from netzero.reporting.models import ActionStateChange, ActionUpdate
from netzero.testing.factories import (
    ActionFactory,
    ActionUpdateFactory,
    DeliveryThemeFactory,
    MembershipFactory,
    OrganisationFactory,
    PlanFactory,
    ReportingPeriodFactory,
    ThemeFactory,
    UserFactory,
    period_published,
)
from netzero.workflow.models import PeriodEvent

pytestmark = pytest.mark.django_db

# What only the council (Borough) has, and what only the other organisation (Example) has: the
# years are financial years' first years, as the year filters show them.
BOROUGH = [
    "Borough Council",
    "Borough Climate Strategy",
    "County Climate Partnership",
    "Our scheme",
    "Our category",
    "2022-23",
    "2022",
]
EXAMPLE = [
    "Example District Council",
    "Example Climate Plan",
    "Their scheme",
    "Their category",
    "2019-20",
    "2019",
    "2011",
]
APPS = [
    "access",
    "classifications",
    "factors",
    "footprints",
    "indicators",
    "organisations",
    "plans",
    "reporting",
    "workflow",
]


def _records(organisation, plan, *, scheme: str, category: str, year: int, user) -> None:
    """One of everything the admin lists, for ``plan``'s organisation."""
    period = plan.periods.order_by("-year", "-quarter").first()  # open: a change may start in it
    action = plan.actions.order_by("ref_sort").first()
    ours = scheme_create(plan=plan, name=scheme, top_level_name="Module", second_level_name="Topic")
    topic = category_create(scheme=ours, name=category)
    reported_count_record(category=topic, count=3, source=f"{category} report")
    topic.classified.create(action=action)
    indicator_create(plan=plan, name=f"{scheme} indicator", unit="%")
    total = stated_total_record(
        organisation=organisation,
        reporting_year=year,
        label=f"{scheme} total",
        boundary="council_net_zero",
        tco2e="900",
        source=f"{scheme} report",
    )
    entry_report(
        organisation=organisation,
        reporting_year=year,
        category=FootprintCategory.GAS,
        boundary="council_net_zero",
        tco2e="321",
        source=f"{scheme} report",
        itemises=total,
    )
    target_record(
        organisation=organisation,
        description=f"{scheme} net zero",
        target_year=2030,
        reduction_percent="100",
        source=f"{scheme} strategy",
    )
    PeriodEvent.objects.create(period=period, kind=PeriodEvent.Kind.OPENED, user=user)
    ActionStateChange.objects.create(
        action=plan.actions.order_by("-ref_sort").first(),
        period=period,
        kind=ActionStateChange.Kind.COMPLETED,
        reason="Done",
        recorded_by=user,
    )


def _administrator(organisation, username: str):
    """A non-superuser administrator with every data-entry right of the site's own apps."""
    everything, _ = Group.objects.get_or_create(name="Every data-entry right (test)")
    everything.permissions.set(Permission.objects.filter(content_type__app_label__in=APPS))
    user = UserFactory(username=username, is_staff=True)
    user.groups.set([everything])
    MembershipFactory(user=user, organisation=organisation, role=Membership.Role.ADMINISTRATOR)
    return user


@pytest.fixture
def two(council):
    """The council (Borough) and Example District Council, with same-named themes."""
    borough = council.plan.organisation
    ThemeFactory(plan=council.plan, name="Planning")
    example = OrganisationFactory(name="Example District Council", slug="example-district")
    plan = PlanFactory(organisation=example, name="Example Climate Plan", slug="example-plan")
    theme = ThemeFactory(plan=plan, name="Planning")
    delivery = DeliveryThemeFactory(plan=plan, name="Planning")
    for ref in ("1", "2"):
        ActionFactory(plan=plan, ref=ref, theme=theme, delivery_theme=delivery)
    published = ReportingPeriodFactory(plan=plan, name="2019-20 Q1")
    ActionUpdateFactory(action=plan.actions.get(ref="1"), period=published, approved=True)
    period_published(published)
    open_quarter = ReportingPeriodFactory(plan=plan, name="2019-20 Q2")
    ActionUpdateFactory(action=plan.actions.get(ref="1"), period=open_quarter)
    users = {
        "borough": _administrator(borough, "borough-admin"),
        "example": _administrator(example, "edc-admin"),
    }
    _records(
        borough,
        council.plan,
        scheme="Our scheme",
        category="Our category",
        year=2022,
        user=users["borough"],
    )
    _records(example, plan, scheme="Their scheme", category="Their category", year=2011, user=None)
    entry_report(
        organisation=example,
        reporting_year=2012,
        category=FootprintCategory.ELECTRICITY,
        boundary="council_net_zero",
        tco2e="12",
        source="Their report",
    )
    return council, plan, users


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sidebar(html: str) -> str:
    match = re.search(r'<nav id="changelist-filter".*?</nav>', html, re.S)
    return match.group(0) if match else ""


def _choices(html: str) -> str:
    """Every choice list's options (selects, including the filter_horizontal pickers)."""
    return "\n".join(re.findall(r"<select[^>]*>.*?</select>", html, re.S))


def _leaks(text: str, others: list[str]) -> list[str]:
    return [name for name in others if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]


def _scoped_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, OrganisationScopedAdmin)
    ]


def test_every_admin_of_the_sites_records_is_scoped():
    """Only Django's own user and group admins and the sign-in lockout records are not scoped:
    no role's group grants them (they are the superuser's)."""
    unscoped = {
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, OrganisationScopedAdmin)
    }
    assert {label for label in unscoped if not label.startswith("axes.")} <= {
        "auth.User",
        "auth.Group",
    }, unscoped
    assert len(_scoped_admins()) >= 20


@pytest.mark.parametrize(("who", "theirs"), [("borough", EXAMPLE), ("example", BOROUGH)])
def test_filter_sidebars_offer_only_the_organisations_own_records(two, who, theirs):
    _council, _plan, users = two
    client = _client(users[who])
    sidebars = 0
    for model, _model_admin in _scoped_admins():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = client.get(url)
        assert response.status_code == 200, url
        sidebar = _sidebar(response.content.decode())
        sidebars += bool(sidebar)  # (a filter with one choice is not shown)
        assert not _leaks(sidebar, theirs), (url, _leaks(sidebar, theirs))
    assert sidebars >= 10


def test_filters_label_same_named_themes_with_their_plan(two):
    _council, _plan, users = two
    sidebar = _sidebar(_client(users["borough"]).get("/admin/plans/action/").content.decode())
    assert "Planning (Borough Climate Strategy)" in sidebar  # the delivery theme filter
    assert "Example Climate Plan" not in sidebar
    # A superuser sees both, told apart by their plan.
    superuser = _client(UserFactory(username="root", is_staff=True, is_superuser=True))
    sidebar = _sidebar(superuser.get("/admin/reporting/actionupdate/").content.decode())
    assert "2019-20 Q2 (Example Climate Plan)" in sidebar
    assert "2022-23 Q3 (Borough Climate Strategy)" in sidebar


def test_a_year_filter_offers_only_the_organisations_own_years(two):
    _council, _plan, users = two
    html = _client(users["example"]).get("/admin/footprints/footprintentry/").content.decode()
    sidebar = _sidebar(html)
    assert "2011" in sidebar and "2012" in sidebar and "2022" not in sidebar


def _own_object(model_admin, user):
    request = type("Request", (), {"user": user})()
    return model_admin.get_queryset(request).order_by("pk").first()


@pytest.mark.parametrize(("who", "theirs"), [("borough", EXAMPLE), ("example", BOROUGH)])
def test_every_form_offers_only_the_organisations_own_records(two, who, theirs):
    _council, _plan, users = two
    user = users[who]
    client = _client(user)
    forms = 0
    for model, model_admin in _scoped_admins():
        opts = model._meta
        urls = [reverse(f"admin:{opts.app_label}_{opts.model_name}_add")]
        obj = _own_object(model_admin, user)
        if obj is not None:
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        for url in urls:
            response = client.get(url)
            if response.status_code == 403:  # read-only admins: nothing to add
                continue
            assert response.status_code == 200, url
            choices = _choices(response.content.decode())
            forms += 1
            assert not _leaks(choices, theirs), (url, _leaks(choices, theirs))
    assert forms >= 30


def test_choices_are_labelled_with_their_plan(two):
    _council, _plan, users = two
    html = _client(users["borough"]).get("/admin/plans/action/add/").content.decode()
    choices = _choices(html)
    assert "Planning (Borough Climate Strategy)" in choices
    assert ">Planning<" not in choices
    html = _client(users["borough"]).get("/admin/classifications/reportedcount/add/").content
    assert "Our category (Borough Climate Strategy)" in _choices(html.decode())


# --- Memberships ---------------------------------------------------------------------------


def _membership_url(membership) -> str:
    return reverse("admin:access_membership_change", args=[membership.pk])


def test_a_membership_offers_only_its_own_organisations_themes_and_actions(two):
    council, plan, users = two
    planning = Membership.objects.get(user=council.people["planning"])
    client = _client(users["borough"])
    choices = _choices(client.get(_membership_url(planning)).content.decode())
    assert "Planning (Borough Climate Strategy)" in choices
    assert "Example Climate Plan" not in choices and "Example District Council" not in choices
    theirs = plan.delivery_themes.get(name="Planning")
    response = client.post(
        _membership_url(planning),
        {"role": Membership.Role.THEME_LEAD, "job_title": "", "delivery_themes": [theirs.pk]},
    )
    assert response.status_code == 200 and "errornote" in response.content.decode()
    assert list(planning.delivery_themes.all()) == [
        council.plan.delivery_themes.get(name="Planning")
    ]


def test_a_superuser_cannot_name_another_organisations_theme_on_a_membership(two):
    council, plan, _users = two
    superuser = _client(UserFactory(username="root", is_staff=True, is_superuser=True))
    person = UserFactory(username="newcomer")
    theirs = plan.delivery_themes.get(name="Planning")
    theirs_action = Action.objects.get(plan=plan, ref="1")
    response = superuser.post(
        reverse("admin:access_membership_add"),
        {
            "user": person.pk,
            "organisation": council.plan.organisation.pk,
            "role": Membership.Role.THEME_LEAD,
            "job_title": "",
            "delivery_themes": [theirs.pk],
            "actions": [theirs_action.pk],
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Choose only delivery themes of Borough Council" in text
    assert "Choose only actions of Borough Council" in text
    assert not Membership.objects.filter(user=person).exists()


def test_a_manager_neither_adds_memberships_nor_searches_the_sites_users(two):
    council, _plan, users = two
    client = _client(users["borough"])
    assert client.get(reverse("admin:access_membership_add")).status_code == 403
    search = client.get(
        "/admin/autocomplete/",
        {"term": "edc", "app_label": "access", "model_name": "membership", "field_name": "user"},
    )
    assert search.status_code == 403 and b"edc-admin" not in search.content
    listing = client.get(reverse("admin:access_membership_changelist")).content.decode()
    assert "People are invited" in listing and "Borough Council's People page" in listing
    assert "borough-admin@example.invalid" in listing  # people by name, else email
    table = listing.split('id="result_list"')[1].split("</table>")[0]
    assert "borough-admin@example.invalid" in table and ">borough-admin<" not in table
    assert "edc-admin" not in listing
    planning = Membership.objects.get(user=council.people["planning"])
    page = client.get(_membership_url(planning)).content.decode()
    assert 'name="user"' not in page and 'name="organisation"' not in page
    assert "People are invited" in page


def test_a_manager_changes_a_role_in_the_admin(two):
    council, _plan, users = two
    planning = Membership.objects.get(user=council.people["planning"])
    theme = council.plan.delivery_themes.get(name="Planning")
    response = _client(users["borough"]).post(
        _membership_url(planning),
        {
            "role": Membership.Role.THEME_LEAD,
            "job_title": "Planning Policy Manager",
            "delivery_themes": [theme.pk],
        },
    )
    assert response.status_code == 302
    planning.refresh_from_db()
    assert planning.job_title == "Planning Policy Manager"
    assert planning.user == council.people["planning"]


def test_the_sites_users_are_listed_for_superusers_only(two):
    _council, _plan, users = two
    manager = users["borough"]
    manager.user_permissions.set(
        Permission.objects.filter(content_type__app_label="auth", codename__endswith="_user")
    )
    client = _client(manager)
    listing = client.get(reverse("admin:auth_user_changelist"))
    assert listing.status_code == 403 and b"edc-admin" not in listing.content
    other = users["example"]
    assert client.get(reverse("admin:auth_user_change", args=[other.pk])).status_code == 403
    assert b"auth/user" not in client.get(reverse("admin:index")).content
    superuser = _client(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert b"edc-admin" in superuser.get(reverse("admin:auth_user_changelist")).content


def test_a_programme_manager_reads_memberships_and_is_told_where_people_are_changed(two):
    council, _plan, _users = two
    client = _client(council.people["manager"])  # the data-entry group: view only
    listing = client.get(reverse("admin:access_membership_changelist")).content.decode()
    line = listing.split('id="people-pages"')[1].split("</p>")[0]
    assert "Borough Council's People page" in line and "Here you can read them." in line
    assert "change a person" not in line


def test_a_value_filter_through_a_relation_offers_only_the_organisations_own_values(two, rf):
    """``period__year`` on updates: the values come from the person's own updates, not from
    every organisation's periods (Django reads those from the related table unscoped)."""
    _council, _plan, users = two
    assert scoped_filter(ActionUpdate, "period__year") == (
        "period__year",
        ScopedAllValuesFieldListFilter,
    )
    request = rf.get("/admin/reporting/actionupdate/")
    field = get_fields_from_path(ActionUpdate, "period__year")[-1]
    years = {}
    for who in ("borough", "example"):
        request.user = users[who]
        found = ScopedAllValuesFieldListFilter(
            field, request, {}, ActionUpdate, admin.site._registry[ActionUpdate], "period__year"
        )
        years[who] = list(found.lookup_choices)
    assert years == {"borough": [2022], "example": [2019]}


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("/admin/reporting/actionupdate/", "Asha Patel"),
        ("/admin/reporting/actionstatechange/", "borough-admin@example.invalid"),
        ("/admin/workflow/periodevent/", "borough-admin@example.invalid"),
    ],
)
def test_admin_lists_name_people_by_full_name_or_email_never_username(two, url, shown):
    council, _plan, users = two
    planning = council.people["planning"]
    planning.first_name, planning.last_name = "Asha", "Patel"
    planning.save()
    ActionUpdateFactory(action=council.actions["16"], period=council.q4, author=planning)
    table = _client(users["borough"]).get(url).content.decode().split('id="result_list"')[1]
    table = table.split("</table>")[0]
    assert shown in table
    assert ">borough-admin<" not in table and ">planning<" not in table
