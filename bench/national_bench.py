"""National benchmark: a simulated national service under `netzero serve`, read by the public.

One run makes (or, with ``--work DIR`` again, reuses) a database holding a national instance
(``netzero.testing.national``: by default 400 organisations in 45 partnerships, a plan of 100
actions each, 40 quarters of updates published through the workflow, 10 years of footprint
figures), starts the production profile's server on loopback, then runs two phases of
``--seconds`` each with ``--readers`` concurrent readers:

1. **static file**: the app's stylesheet, the floor;
2. **national pages**: each reader walks a shuffled list of the pages the public reads on such
   a service: the home page's pages and a search, every partnership's page, organisations'
   pages and their latest published dashboards.

It prints a JSON line per phase and kind of page (count, requests per second, p50/p95/p99 in ms,
errors, and how many answers came from the published-page cache, by ``X-Netzero-Cache``) and a
Markdown table. The server's log is searched for tracebacks.

    DATABASE_URL=postgres://... python bench/national_bench.py --work /tmp/national
    bash bench/national.sh                   # on a throwaway PostgreSQL 15
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from load_bench import Server, Tally, _results, _run

_MAKE = """
import time
from netzero.testing.national import national_instance_create
started = time.perf_counter()
national_instance_create(organisations={organisations}, partnerships={partnerships},
    actions={actions}, quarters={quarters}, footprint_years={years},
    progress=lambda message: print(message, flush=True))
print("made in", round(time.perf_counter() - started, 1), "s")
"""

_DISCOVER = r"""
import json
from django.templatetags.static import static
from django.urls import reverse
from netzero.organisations.models import Organisation
from netzero.reporting.models import ReportingPeriod
latest = {}
for period in ReportingPeriod.objects.filter(state="published").defer("snapshot").order_by(
        "year", "quarter").select_related("plan"):
    latest[period.plan.slug] = reverse("dashboards:dashboard", args=[period.plan.slug, period.slug])
print(json.dumps({
    "static": static("netzero/app.css"),
    "partnerships": [reverse("web:partnership", args=[o.slug])
                     for o in Organisation.objects.filter(members__isnull=False).distinct()],
    "organisations": [reverse("web:organisation", args=[o.slug])
                      for o in Organisation.objects.order_by("slug")],
    "dashboards": sorted(latest.values()),
}))
"""


class CacheTally(Tally):
    """A phase's latencies and errors, and how many answers were served from the cache."""

    def __init__(self) -> None:
        super().__init__()
        self.stored: Counter = Counter()


def _reader(server, paths, tally: CacheTally, stop: threading.Event) -> None:
    n = secrets.randbelow(len(paths))
    while not stop.is_set():
        kind, path = paths[n % len(paths)]
        n += 1
        started = time.perf_counter()
        try:
            conn_answer = server.request("GET", path)
        except OSError as exc:
            tally.add(kind, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
            continue
        ok = conn_answer.status == 200
        tally.add(kind, time.perf_counter() - started, "" if ok else f"HTTP {conn_answer.status}")
        if conn_answer.stored:
            with tally.lock:
                tally.stored[kind] += 1


def _phase(seconds: float, server, readers: int, paths) -> tuple[CacheTally, float]:
    tally, stop = CacheTally(), threading.Event()
    threads = [
        threading.Thread(target=_reader, args=(server, paths, tally, stop), daemon=True)
        for _ in range(readers)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=90)
    return tally, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each phase")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--organisations", type=int, default=400)
    parser.add_argument("--partnerships", type=int, default=45)
    parser.add_argument("--actions", type=int, default=100)
    parser.add_argument("--quarters", type=int, default=40)
    parser.add_argument("--years", type=int, default=10, help="years of footprint figures")
    parser.add_argument("--work", help="folder for the server's files; again to reuse it")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url:
        raise SystemExit("Set DATABASE_URL (an empty SQLite file's or PostgreSQL database's).")
    database = "postgresql" if url.startswith("postgres") else "sqlite"
    work = Path(args.work or tempfile.mkdtemp(prefix="netzero-national-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NETZERO_"))}
    env.update(
        NETZERO_ENV="production",
        DJANGO_SECRET_KEY="national-" + secrets.token_hex(24),
        DATABASE_URL=url,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        NETZERO_DATA_DIR=str(work),
        NETZERO_STATIC_ROOT=str(work / "static"),
        NETZERO_TRUSTED_PROXIES="127.0.0.1",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    made = work / "made.txt"
    # Again with --work DIR: the same database, migrated to this code, its instance kept.
    _run(env, "migrate", "--noinput", timeout=3600)
    _run(env, "collectstatic", "--noinput")
    if not made.exists():
        made.write_text(
            _run(
                env,
                "shell",
                "-c",
                _MAKE.format(
                    organisations=args.organisations,
                    partnerships=args.partnerships,
                    actions=args.actions,
                    quarters=args.quarters,
                    years=args.years,
                ),
                timeout=4 * 3600,  # the full national instance takes a while
            )
        )
    found = json.loads(_run(env, "shell", "-c", _DISCOVER).strip().splitlines()[-1])
    rng = random.Random(1)
    pages = (
        [("home", "/")]
        + [("home, a later page", f"/?page={n}") for n in range(2, 21)]
        + [("home, searched", "/?q=Body+0" + str(n)) for n in range(10, 40)]
        + [("partnership", path) for path in found["partnerships"]]
        + [
            ("organisation", path)
            for path in rng.sample(found["organisations"], min(100, len(found["organisations"])))
        ]
        + [
            ("published dashboard", path)
            for path in rng.sample(found["dashboards"], min(100, len(found["dashboards"])))
        ]
    )
    rng.shuffle(pages)
    server = Server(env, work / "serve.log", args.workers)
    lines: list[dict] = []
    try:
        for name, paths in [
            ("static file", [("static file", found["static"])]),
            ("national pages", pages),
        ]:
            tally, wall = _phase(args.seconds, server, args.readers, paths)
            for line in _results(name, database, tally, wall):
                line["from_cache"] = tally.stored[line["kind"]]
                lines.append(line)
            if len(tally.latencies) > 1:  # every kind of page together, as the readers saw it
                together = Tally()
                together.latencies["all pages"] = [
                    t for values in tally.latencies.values() for t in values
                ]
                together.errors["all pages"] = [
                    e for errors in tally.errors.values() for e in errors
                ]
                (line,) = _results(name, database, together, wall)
                line["from_cache"] = sum(tally.stored.values())
                lines.append(line)
    finally:
        server.stop()
    for line in lines:
        print(json.dumps(line))
    print(
        json.dumps(
            {
                "database": database,
                "organisations": len(found["organisations"]),
                "partnerships": len(found["partnerships"]),
                "published_dashboards": len(found["dashboards"]),
                "distinct_pages": len(pages),
                "readers": args.readers,
                "workers": args.workers,
                "made": made.read_text().strip().splitlines()[-1],
                "server_tracebacks": (work / "serve.log").read_text().count("Traceback"),
            }
        )
    )
    print("\n| phase | page | requests | per s | p50 ms | p95 ms | p99 ms | errors | from cache |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in lines:
        print(
            f"| {r['phase']} | {r['kind']} | {r['requests']:,} | {r['per_second']} "
            f"| {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | {r['errors']} "
            f"| {r['from_cache']:,} |"
        )


if __name__ == "__main__":
    main()
