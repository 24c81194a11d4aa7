"""Report benchmark: every download format of one period of a synthetic 2,000-action plan.

Builds the plan (``netzero.testing.synthetic``: 2,000 actions, one in five long-list, updates in
each of 4 quarters), publishes its latest quarter (as a committee report is of a published
quarter; ``--open`` leaves it open), then times ``report_file`` for docx, pdf, xlsx, csv and json.
Each format runs in its own Python process, so one format's memory is not another's: after one
warm-up run it times ``--repeat`` runs (median, min, max) and reports

- ``peak_rss_mib``: the process's peak resident memory (``getrusage(RUSAGE_SELF).ru_maxrss``)
  at the end, Django, the libraries and the file included, and ``baseline_rss_mib``, the same
  measured just before the first run (Django set up, the format's writer imported);
- ``traced_peak_mib``: the peak of Python's own allocations during one more run, measured by
  ``tracemalloc`` (it sees Python objects, not C libraries' memory such as Pango's).

A format whose writer is not in this tree (``netzero.reports.word``, ``netzero.reports.pdf``)
is skipped with a note. Prints one JSON line per format and a Markdown table.

    python bench/report_bench.py --actions 2000 --repeat 5
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netzero.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")

SLUG = "bench-report"
FORMATS = ["docx", "pdf", "xlsx", "csv", "json"]
WRITERS = {"docx": "netzero.reports.word", "pdf": "netzero.reports.pdf"}


def _mib(kib: int) -> float:
    return round(kib / 1024, 1)  # ru_maxrss is in KiB on Linux


def build(args: argparse.Namespace) -> float:
    """Make the synthetic plan (replacing an earlier one); the seconds it took."""
    from django.core.management import call_command

    from netzero.plans.models import Plan
    from netzero.reporting.selectors import period_latest
    from netzero.testing.factories import period_published
    from netzero.testing.synthetic import synthetic_plan_create

    call_command("migrate", interactive=False, verbosity=0)
    Plan.objects.filter(slug=SLUG).delete()
    started = time.perf_counter()
    plan = synthetic_plan_create(actions=args.actions, periods=args.periods, slug=SLUG)
    if not args.open:
        period_published(period_latest(plan=plan))
    return time.perf_counter() - started


def measure(format: str, repeat: int) -> dict:
    """In this process: time ``report_file`` for ``format`` and measure its memory."""
    from netzero.plans.selectors import plan_get
    from netzero.reporting.selectors import period_latest
    from netzero.reports.render import report_file

    if format in WRITERS:
        importlib.import_module(WRITERS[format])  # its libraries count in the baseline
    plan = plan_get(slug=SLUG)
    period = period_latest(plan=plan)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = report_file(plan=plan, period=period, format=format)  # warm-up
    timings = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        report_file(plan=plan, period=period, format=format)
        timings.append(time.perf_counter() - t0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    report_file(plan=plan, period=period, format=format)
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "format": format,
        "period": period.name,
        "published": period.is_published,
        "bytes": len(result.content),
        "median_ms": round(statistics.median(timings) * 1000, 1),
        "min_ms": round(min(timings) * 1000, 1),
        "max_ms": round(max(timings) * 1000, 1),
        "repeat": repeat,
        "baseline_rss_mib": _mib(baseline),
        "peak_rss_mib": _mib(peak),
        "traced_peak_mib": round(traced_peak / 2**20, 1),
    }


def missing_writer(format: str) -> str | None:
    """The module ``format`` needs if it is not in this tree, else None."""
    module = WRITERS.get(format)
    return module if module and importlib.util.find_spec(module) is None else None


def run_child(format: str, repeat: int) -> dict:
    """``measure`` in a fresh Python process, with this one's database."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", format, "--repeat", str(repeat)],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{format} failed:\n{out.stderr}")
    return json.loads(out.stdout)


def table(results: list[dict], formats: list[str], actions: int) -> str:
    by_format = {r["format"]: r for r in results}
    lines = [
        "| format | actions | file size (KB) | median (ms) | min-max (ms) | peak RSS (MiB) "
        "| RSS before (MiB) | tracemalloc peak (MiB) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for format in formats:
        r = by_format.get(format)
        if r is None:
            lines.append(f"| {format} | {actions} | to be measured | | | | | |")
            continue
        lines.append(
            f"| {format} | {actions} | {r['bytes'] / 1024:,.0f} | {r['median_ms']} "
            f"| {r['min_ms']}-{r['max_ms']} | {r['peak_rss_mib']} | {r['baseline_rss_mib']} "
            f"| {r['traced_peak_mib']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=2000)
    parser.add_argument("--periods", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--open", action="store_true", help="Leave the latest quarter open.")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    scratch = None
    if "DATABASE_URL" not in os.environ:  # never the project's own database
        scratch = tempfile.TemporaryDirectory(prefix="report-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}/bench.sqlite3"

    import django

    django.setup()
    if args.child:
        json.dump(measure(args.child, args.repeat), sys.stdout)
        return
    build_s = build(args)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    results = []
    for format in formats:
        module = missing_writer(format)
        if module:
            print(f"# {format}: skipped, {module} is not in this tree", file=sys.stderr)
            continue
        result = run_child(format, args.repeat)
        result |= {"actions": args.actions, "build_s": round(build_s, 1)}
        results.append(result)
        print(json.dumps(result), flush=True)
    print()
    print(table(results, formats, args.actions))
    if scratch:
        scratch.cleanup()


if __name__ == "__main__":
    main()
