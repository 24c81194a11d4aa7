"""Dashboard benchmark: a synthetic plan of 2,000 actions over 12 quarters.

Times the dashboard service (``dashboard_for_period``) and the whole dashboard page (Django test
client, template rendering included) as the median of repeated runs, and counts SQL queries.
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
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from netzero.dashboards.selectors import dashboard_for_period
    from netzero.plans.models import Plan
    from netzero.reporting.selectors import period_latest
    from netzero.testing.synthetic import synthetic_plan_create

    call_command("migrate", interactive=False, verbosity=0)
    Plan.objects.filter(slug="bench").delete()
    started = time.perf_counter()
    plan = synthetic_plan_create(actions=args.actions, periods=args.periods, slug="bench")
    build_s = time.perf_counter() - started
    period = period_latest(plan=plan)

    def service() -> None:
        dashboard_for_period(plan=plan, period=period)

    client = Client()
    url = reverse("dashboards:dashboard", args=[plan.slug, period.slug])

    def page() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"page returned {response.status_code}")

    results = {}
    for name, fn in (("service", service), ("page", page)):
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
    }
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
