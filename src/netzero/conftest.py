"""Fixtures shared by every app's tests. Demo data comes from the seed, through the demo loader."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from netzero.demo.services import demo_load
from netzero.plans.models import Plan
from netzero.reporting.models import ReportingPeriod
from netzero.reporting.selectors import period_get
from netzero.testing.browser import (  # noqa: F401 (the browser tests' fixtures, for every app)
    _accessibility_steps,
    axe_checked,
    browser,
    contexts,
    page,
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many users; the production hasher is slow on purpose. Tests only."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# A test that wrote more rows than this brings PostgreSQL's statistics up to date before its
# deferred foreign-key checks run.
ANALYZE_AFTER_ROWS = 10_000


@pytest.fixture(autouse=True, scope="session")
def _postgresql_statistics_before_deferred_checks():
    """Before a test's deferred foreign-key checks run at its end (Django's
    ``check_constraints``, then the rollback), PostgreSQL's statistics are brought up to date
    if the test wrote many rows.

    The suite keeps one connection, and PostgreSQL plans each key check with the statistics it
    has then, which earlier tests (their rows rolled back) left saying the tables are empty or
    tiny. After a test that loads the demo and the area statistics, its checks took 34-54 s on
    PostgreSQL after the other web tests, against 0.8 s with the test alone. ANALYZE counts
    the test's own rows and has plans on the tables made again: the web tests on PostgreSQL
    then took 451 s, not 523 s. Tests only: on a real instance autovacuum keeps the
    statistics, and an import's rows are committed, so it sees them.
    """
    from django.db.backends.postgresql.base import DatabaseWrapper

    check = DatabaseWrapper.check_constraints

    def check_constraints(self, table_names=None):
        with self.cursor() as cursor:
            cursor.execute("SELECT coalesce(sum(n_tup_ins), 0) FROM pg_stat_xact_user_tables")
            if cursor.fetchone()[0] > ANALYZE_AFTER_ROWS:
                cursor.execute("ANALYZE")
        return check(self, table_names)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseWrapper, "check_constraints", check_constraints)
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: pages stored for the public and the API's write
    counts belong to one test's records."""
    cache.clear()


@pytest.fixture
def council(db):
    """A small council built from the factories (``netzero.testing.council``): a plan of eight
    actions, 2022-23 Q2 and Q3 published, Q4 open, and people in every role. For tests that need
    a plan, periods and people but not the published paper's figures."""
    from netzero.testing.council import council_create

    return council_create()


@pytest.fixture
def demo_plan(db) -> Plan:
    """Derbyshire County Council's strategy with its 2022-23 Q2 and Q3 data, from the seed."""
    return demo_load()


@pytest.fixture
def q3(demo_plan) -> ReportingPeriod:
    return period_get(plan=demo_plan, name="2022-23 Q3")


@pytest.fixture
def q2(demo_plan) -> ReportingPeriod:
    return period_get(plan=demo_plan, name="2022-23 Q2")


@pytest.fixture
def q4(demo_plan) -> ReportingPeriod:
    """Open for updates (the seed stops at Q3, so it starts empty)."""
    return period_get(plan=demo_plan, name="2022-23 Q4")


@pytest.fixture
def people(demo_plan):
    """The demo's users with their roles, plus people of another organisation and of the public.

    Returns a dict: role name -> user. "outsider" is a programme manager of a different council;
    "partner" is a viewer in a member organisation of a partnership that the council belongs to.
    """
    from django.contrib.auth import get_user_model

    from netzero.access.models import Membership
    from netzero.demo.services import demo_users_create
    from netzero.organisations.models import Organisation
    from netzero.plans.services import organisation_create

    demo_users_create(plan=demo_plan)
    user_model = get_user_model()
    users = {u.username: u for u in user_model.objects.all()}
    partnership = organisation_create(name="Derbyshire Partnership", slug="partnership")
    council = demo_plan.organisation
    council.partnership = partnership
    council.save()
    other = organisation_create(name="Other District Council", slug="other-district")
    other.partnership = partnership
    other.save()
    outsider = user_model.objects.create_user("outsider", "outsider@example.invalid", "x")
    Membership.objects.create(
        user=outsider, organisation=other, role=Membership.Role.PROGRAMME_MANAGER
    )
    partner = user_model.objects.create_user("partner", "partner@example.invalid", "x")
    Membership.objects.create(user=partner, organisation=partnership, role=Membership.Role.VIEWER)
    users["outsider"] = outsider
    users["partner"] = partner
    assert Organisation.objects.filter(partnership=partnership).count() == 2
    return users


@pytest.fixture(scope="module")
def factor_sets(django_db_setup, django_db_blocker):
    """The 2022 and 2023 conversion factor sets, loaded once per module and removed afterwards."""
    from netzero.factors.models import FactorSet
    from netzero.factors.services import factor_set_load

    with django_db_blocker.unblock():
        sets = {y: factor_set_load(year=y).factor_set for y in (2022, 2023)}
        yield sets
        FactorSet.objects.filter(set_year__in=sets).delete()


@pytest.fixture(scope="module")
def all_factor_sets(django_db_setup, django_db_blocker):
    """All six shipped conversion factor sets (2019-2024), loaded once per module (each takes
    seconds) and removed afterwards."""
    from netzero.factors.models import FactorSet
    from netzero.factors.services import factor_set_load
    from netzero.factors.sources import SOURCES

    with django_db_blocker.unblock():
        sets = {y: factor_set_load(year=y).factor_set for y in SOURCES}
        yield sets
        FactorSet.objects.filter(set_year__in=sets).delete()


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    """A PostgreSQL server the test may create scratch databases on (NETZERO_TEST_POSTGRES_URL).

    `make test` always provides one (a throwaway cluster) and sets NETZERO_REQUIRE_POSTGRES=1, so
    there these tests run and fail loudly when the server is missing; a bare `pytest` without a
    server skips them with this reason.
    """
    import os

    url = os.environ.get("NETZERO_TEST_POSTGRES_URL", "")
    if not url:
        if os.environ.get("NETZERO_REQUIRE_POSTGRES") == "1":
            pytest.fail("NETZERO_TEST_POSTGRES_URL is not set, but make test requires it.")
        pytest.skip("needs a PostgreSQL server: set NETZERO_TEST_POSTGRES_URL (make test does)")
    return url


@pytest.fixture
def scratch_postgres_database(postgres_server_url):
    """A new, empty PostgreSQL database on that server; its URL. Dropped afterwards."""
    from netzero.testing.postgres import scratch_database

    with scratch_database(postgres_server_url) as url:
        yield url
