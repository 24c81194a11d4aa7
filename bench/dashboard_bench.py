"""Dashboard benchmark: a synthetic plan of 2,000 actions over 12 quarters.

Times, as the median of repeated runs, and counts the SQL queries of:

- **floor**: one SQL query returning the rows the dashboard needs (each action with its theme,
  its theme's parent, its delivery theme and lead, and this and last quarter's update: status,
  progress, reason, mitigation, note), iterated and counted in Python (by status per kind, per
  theme and per delivery theme): what the service cannot beat;
- **service**: ``dashboard_for_period`` for the latest quarter (open: computed from the records),
  and its ratio to the floor;
- **page**: the whole dashboard page for that quarter (Django test client, template rendering
  included), read by a signed-in viewer of the organisation: an open quarter is never served
  from the published pages' cache, so this is the page computed and rendered every time;
- **published page** (unless ``--no-published``): the same quarter published (frozen, as the
  workflow publishes it) and read by the public, served from the cache after the first request.

Run through ``bench/run.sh``, which does it on SQLite and on a throwaway PostgreSQL 15.

    DATABASE_URL=... python bench/dashboard_bench.py --actions 2000 --periods 12 --repeat 15
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netzero.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=2000)
    parser.add_argument("--periods", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--no-published", action="store_true", help="skip publishing and the cached public page"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import FilteredRelation, Q
    from django.test import Client
    from django.urls import reverse

    from netzero.access.models import Membership
    from netzero.dashboards.selectors import dashboard_for_period
    from netzero.plans.models import Action, Plan
    from netzero.reporting.selectors import period_latest, period_previous, periods_for_plan
    from netzero.testing.factories import MembershipFactory, UserFactory, period_published
    from netzero.testing.synthetic import synthetic_plan_create

    call_command("migrate", interactive=False, verbosity=0)
    # A plan of its own each run: an earlier run's published quarters cannot be deleted.
    slug, n = "bench", 1
    while Plan.objects.filter(slug=slug).exists():
        n += 1
        slug = f"bench-{n}"
    started = time.perf_counter()
    plan = synthetic_plan_create(actions=args.actions, periods=args.periods, slug=slug)
    build_s = time.perf_counter() - started
    # The planner's statistics, as PostgreSQL's autovacuum gathers them soon after a bulk load:
    # without them, the rows just inserted are planned for as if there were none.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    period = period_latest(plan=plan)
    previous = period_previous(period=period, periods=periods_for_plan(plan=plan))

    def floor() -> None:
        rows = (
            Action.objects.filter(plan=plan)
            .annotate(
                now=FilteredRelation("updates", condition=Q(updates__period=period)),
                before=FilteredRelation("updates", condition=Q(updates__period=previous)),
            )
            .order_by("ref_sort", "id")
            .values_list(
                "id", "ref", "kind", "title", "text", "target", "success_measure", "impact",
                "reports_through__ref", "theme__name", "theme__parent__name",
                "delivery_theme__name", "delivery_theme__lead_name",
                "now__status", "now__progress", "now__reason", "now__mitigation", "now__note",
                "before__status",
            )
        )  # fmt: skip
        by_kind: dict = {}
        by_theme: dict = {}
        by_delivery: dict = {}
        for row in rows:
            status = row[13] or "not_reported"
            key = (row[2], status)
            by_kind[key] = by_kind.get(key, 0) + 1
            key = (row[2], row[10] or row[9], status)
            by_theme[key] = by_theme.get(key, 0) + 1
            key = (row[11], status)
            by_delivery[key] = by_delivery.get(key, 0) + 1
        if sum(by_kind.values()) != args.actions:
            raise SystemExit(f"floor counted {sum(by_kind.values())} actions")

    def service() -> None:
        dashboard_for_period(plan=plan, period=period)

    # A signed-in viewer of the organisation reads the open quarter (drafts included): computed
    # and rendered on every request, never from the published pages' cache.
    viewer = MembershipFactory(
        organisation=plan.organisation,
        role=Membership.Role.VIEWER,
        user=UserFactory(username=f"{slug}-reader"),
    ).user
    reader = Client()
    reader.force_login(viewer)
    url = reverse("dashboards:dashboard", args=[plan.slug, period.slug])

    def page() -> None:
        response = reader.get(url)
        if response.status_code != 200:
            raise SystemExit(f"page returned {response.status_code}")
        if response.content.count(b'data-ref="') != args.actions:
            raise SystemExit("page does not show every action")

    public = Client()

    def published_page() -> None:
        response = public.get(url)
        if response.status_code != 200:
            raise SystemExit(f"published page returned {response.status_code}")

    def publish() -> None:
        """Every quarter published in order (frozen as the workflow does), then the cache
        emptied, so the warm-up request renders the page once and stores it."""
        for each in plan.periods.order_by("year", "quarter"):
            period_published(each)
        period.refresh_from_db()
        cache.clear()

    measures = [("floor", floor), ("service", service), ("page", page)]
    if not args.no_published:
        measures.append(("published_page", published_page))

    results = {}
    for name, fn in measures:
        if name == "published_page":
            publish()
        fn()  # warm up
        executed: list[str] = []

        def count(execute, sql, params, many, context, executed=executed):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            fn()
        timings = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            fn()
            timings.append(time.perf_counter() - t0)
        results[name] = {
            "median_ms": round(statistics.median(timings) * 1000, 1),
            "min_ms": round(min(timings) * 1000, 1),
            "max_ms": round(max(timings) * 1000, 1),
            "queries": len(executed),
        }
    report = {
        "database": connection.vendor,
        "actions": args.actions,
        "periods": args.periods,
        "updates": args.actions * args.periods,
        "repeat": args.repeat,
        "build_s": round(build_s, 1),
        **results,
        "service_over_floor": round(
            results["service"]["median_ms"] / results["floor"]["median_ms"], 1
        ),
    }
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
