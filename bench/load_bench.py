"""Load benchmark: `netzero serve` (gunicorn) on loopback under concurrent readers and writers.

One run makes a fresh database with the demo (the production profile, as a training site runs
it: `demo --no-serve`, `collectstatic`, `netzero serve`), then puts it under load in phases, each
for ``--seconds``, every phase with ``--readers`` concurrent readers:

1. **static file**: the readers fetch the app's stylesheet (served by WhiteNoise from the same
   gunicorn workers): the floor, what the server does with no Django view at all;
2. **published page**: the readers fetch the council's latest published quarter's dashboard as
   the public (no sign-in);
3. **mixed**: the readers share out the published dashboard, the home page, an action's page and
   the published dashboard's JSON from the API, while ``--writers`` theme leads save drafts (and
   every fifth time submit) through the API, and a programme manager signed in on the pages
   approves each submitted update on its review page.

Each request's latency is measured from connecting to the last byte of the answer. The run
prints one JSON line per phase and request kind (count, requests per second, p50/p95/p99 in ms,
errors) and a Markdown table. ``--soak SECONDS`` instead runs the mixed phase that long with the
workers never renewed (gunicorn's --max-requests off), sampling the server's memory (the resident
set of gunicorn's processes, from /proc) every ``--sample`` seconds; in a soak the manager returns
each submitted update with a comment instead of approving it, so the leads write throughout (an
approved update is closed for the quarter).

    DATABASE_URL=sqlite:////tmp/load.sqlite3 python bench/load_bench.py --seconds 15
    DATABASE_URL=postgres://... python bench/load_bench.py --soak 600

Run through ``bench/load.sh``, which does it on SQLite and on a throwaway PostgreSQL 15.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

NETZERO = str(Path(sys.executable).with_name("netzero"))
STATUSES = {"Good", "Review", "Action"}
HTTPS = {"X-Forwarded-Proto": "https"}  # as the TLS proxy in front says (127.0.0.1 is trusted)

# What the run needs to know about the demo, read from its database by the app's own code.
_DISCOVER = r"""
import json
from django.urls import reverse
from django.templatetags.static import static
from netzero.access.models import Membership
from netzero.api.services import token_create
from netzero.core.permissions import Permission
from netzero.plans.models import Plan
from netzero.reporting.selectors import periods_for_plan

plan = Plan.objects.get(slug=PLAN)
periods = periods_for_plan(plan=plan)
published = [p for p in periods if p.is_published][-1]
open_period = next((p for p in reversed(periods) if p.is_open), None)
leads = []
for membership in Membership.objects.filter(
    organisation=plan.organisation, role=Membership.Role.THEME_LEAD
).select_related("user").order_by("user__username"):
    user = membership.user
    refs = [a.ref for a in plan.actions.order_by("pk") if user.has_perm(Permission.EDIT_UPDATE, a)]
    if refs:
        leads.append({"user": user.username, "token": token_create(user=user, name="load")[1],
                      "refs": refs})
manager = Membership.objects.filter(
    organisation=plan.organisation, role=Membership.Role.PROGRAMME_MANAGER
).select_related("user").order_by("user__username").first().user.username
action = plan.actions.order_by("pk").first().ref
print(json.dumps({
    "static": static("netzero/app.css"),
    "published": reverse("dashboards:dashboard", args=[plan.slug, published.slug]),
    "published_json": reverse("api:dashboard", args=[plan.slug, published.slug]),
    "home": "/",
    "action": reverse("dashboards:action", args=[plan.slug, action]),
    "plan": plan.slug,
    "open": open_period.slug if open_period else "",
    "review": reverse("workflow:update_review", args=[plan.slug, open_period.slug, "REF"])
    if open_period else "",
    "leads": leads,
    "manager": manager,
}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(env: dict, *args: str, timeout: float = 900) -> str:
    done = subprocess.run(
        [NETZERO, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode:
        raise SystemExit(f"netzero {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@dataclass
class Answer:
    status: int
    body: bytes
    cookies: dict[str, str]
    location: str
    stored: bool = False  # served from the published-page cache (X-Netzero-Cache: hit)


class Server:
    """`netzero serve` on a free loopback port; stopped with SIGTERM as a service manager does."""

    def __init__(self, env: dict, log: Path, workers: int):
        self.port = _free_port()
        self.log = log
        with log.open("w") as out:
            self.process = subprocess.Popen(
                [NETZERO, "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"netzero serve stopped:\n{log.read_text()}")
            try:
                if self.request("GET", "/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"netzero serve did not start:\n{log.read_text()}")

    def request(self, method: str, path: str, *, headers=None, body=None, cookies=None) -> Answer:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {"Host": "127.0.0.1", **HTTPS, **(headers or {})}
        if cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            data = response.read()
            jar = {}
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    jar[key.strip()] = rest.split(";", 1)[0]
            return Answer(
                response.status,
                data,
                jar,
                response.getheader("Location") or "",
                stored=response.getheader("X-Netzero-Cache") == "hit",
            )
        finally:
            conn.close()

    def memory_kib(self) -> int:
        """The resident memory of gunicorn's master and workers, in KiB (from /proc)."""
        pids = [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if children.exists():
            pids += [int(p) for p in children.read_text().split()]
        total = 0
        for pid in pids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            total += int(match.group(1)) if match else 0
        return total

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


@dataclass
class Tally:
    """Latencies (seconds) and errors of one phase, by request kind."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str = "") -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors[kind].append(error)


def _timed(tally: Tally, kind: str, call, ok) -> Answer | None:
    started = time.perf_counter()
    try:
        answer = call()
    except OSError as exc:
        tally.add(kind, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
        return None
    problem = "" if ok(answer) else f"HTTP {answer.status}: {answer.body[:200]!r}"
    tally.add(kind, time.perf_counter() - started, problem)
    return answer


def _reader(server: Server, paths: list[tuple[str, str]], tally: Tally, stop: threading.Event):
    n = secrets.randbelow(len(paths))
    while not stop.is_set():
        kind, path = paths[n % len(paths)]
        n += 1
        _timed(tally, kind, lambda p=path: server.request("GET", p), lambda a: a.status == 200)


def _lead(server, found, lead, submitted: queue.Queue, tally: Tally, stop: threading.Event):
    """A theme lead saving drafts of their actions' updates through the API, and every fifth
    save submitting one for approval; an update waiting for approval is left until the manager
    returns it, an approved one for good."""
    auth = {"Authorization": f"Bearer {lead['token']}", "Content-Type": "application/json"}
    base = f"/api/v1/plans/{found['plan']}/periods/{found['open']}/updates/"
    saves = 0
    refs = list(lead["refs"])
    while not stop.is_set() and refs:
        ref = refs[saves % len(refs)]
        read = _timed(
            tally,
            "api: read an update",
            lambda r=ref: server.request("GET", base + r, headers=auth),
            lambda a: a.status in (200, 404),
        )
        if read is None or read.status != 200:
            refs.remove(ref)  # nothing to start from (no update this quarter) or an error
            continue
        update = json.loads(read.body)
        if update.get("state") == "approved":
            refs.remove(ref)
            continue
        if update.get("state") == "submitted":
            saves += 1  # on to the next action; this one comes back if it is returned
            time.sleep(0.2)
            continue
        saves += 1
        submit = saves % 5 == 0
        body = json.dumps(
            {
                "status": update["status"] if update["status"] in STATUSES else "Good",
                "progress": f"Progress as of save {saves} by {lead['user']}.",
                "reason": "Reason given while the service was under load.",
                "mitigation": "Mitigation given while the service was under load.",
                "version": update.get("version", 0),
            }
        )
        kind = "api: submit an update" if submit else "api: save a draft"
        path = base + ref + ("/submit" if submit else "")
        saved = _timed(
            tally,
            kind,
            lambda p=path, m=("POST" if submit else "PUT"), b=body: server.request(
                m, p, headers=auth, body=b
            ),
            lambda a: a.status in (200, 409),  # 409: someone saved first, as designed
        )
        if submit and saved is not None and saved.status == 200:
            submitted.put(ref)


def _sign_in(server: Server, username: str, password: str) -> dict[str, str]:
    page = server.request("GET", "/accounts/login/")
    cookies = dict(page.cookies)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1)
    answer = server.request(
        "POST",
        "/accounts/login/",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": "https://127.0.0.1/accounts/login/",
        },
        body=urlencode(
            {"csrfmiddlewaretoken": token.decode(), "username": username, "password": password}
        ),
        cookies=cookies,
    )
    if answer.status != 302:
        raise SystemExit(f"The programme manager could not sign in: HTTP {answer.status}")
    cookies.update(answer.cookies)
    return cookies


def _manager(server, found, cookies, submitted: queue.Queue, tally: Tally, stop, decision):
    """A programme manager opening each submitted update's review page and approving it, or
    (``decision`` "return") returning it to its lead with a comment."""
    while not stop.is_set():
        try:
            ref = submitted.get(timeout=0.2)
        except queue.Empty:
            continue
        path = found["review"].replace("REF", ref)
        page = _timed(
            tally,
            "page: review an update",
            lambda p=path: server.request("GET", p, cookies=cookies),
            lambda a: a.status == 200,
        )
        if page is None or page.status != 200:
            continue
        csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        version = re.search(rb'name="version" value="(\d+)"', page.body)
        if not (csrf and version):
            tally.add(f"page: {decision} an update", 0.0, "the review page had no form")
            continue
        body = urlencode(
            {
                "csrfmiddlewaretoken": csrf.group(1).decode(),
                "version": version.group(1).decode(),
                "decision": decision,
                "comment": "Returned while the service was under load."
                if decision == "return"
                else "",
            }
        )
        _timed(
            tally,
            f"page: {decision} an update",
            lambda p=path, b=body: server.request(
                "POST",
                p,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": f"https://127.0.0.1{p}",
                },
                body=b,
                cookies=cookies,
            ),
            lambda a: a.status == 302,
        )


def _phase(
    name, seconds, server, found, readers, paths, writers=0, manager=None, memory=None,
    decision="approve",
):  # fmt: skip
    """Run readers (and writers) for ``seconds``; the phase's tally and memory samples."""
    tally, stop, submitted = Tally(), threading.Event(), queue.Queue()
    threads = [
        threading.Thread(target=_reader, args=(server, paths, tally, stop), daemon=True)
        for _ in range(readers)
    ]
    for lead in found["leads"][:writers]:
        threads.append(
            threading.Thread(
                target=_lead, args=(server, found, lead, submitted, tally, stop), daemon=True
            )
        )
    if manager is not None:
        threads.append(
            threading.Thread(
                target=_manager,
                args=(server, found, manager, submitted, tally, stop, decision),
                daemon=True,
            )
        )
    samples = []
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    while (elapsed := time.perf_counter() - started) < seconds:
        if memory:
            samples.append((round(elapsed), server.memory_kib()))
            time.sleep(min(memory, seconds - elapsed))
        else:
            time.sleep(min(0.5, seconds - elapsed))
    stop.set()
    for thread in threads:
        thread.join(timeout=90)
    wall = time.perf_counter() - started
    if memory:
        samples.append((round(wall), server.memory_kib()))
    return tally, wall, samples


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def _results(phase: str, database: str, tally: Tally, wall: float) -> list[dict]:
    lines = []
    for kind, values in sorted(tally.latencies.items()):
        errors = tally.errors.get(kind, [])
        lines.append(
            {
                "database": database,
                "phase": phase,
                "kind": kind,
                "requests": len(values),
                "per_second": round(len(values) / wall, 1),
                "p50_ms": round(statistics.median(values) * 1000, 1),
                "p95_ms": round(_quantile(values, 0.95) * 1000, 1),
                "p99_ms": round(_quantile(values, 0.99) * 1000, 1),
                "errors": len(errors),
                "first_error": errors[0] if errors else "",
            }
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--writers", type=int, default=3, help="theme leads saving drafts")
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each phase")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--plan", default="dcc-climate-change-strategy")
    parser.add_argument("--soak", type=float, default=0.0, help="seconds of mixed load instead")
    parser.add_argument("--sample", type=float, default=30.0, help="soak: memory every N s")
    parser.add_argument(
        "--work", help="folder for the server's files; run again with it to reuse the database"
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url:
        raise SystemExit("Set DATABASE_URL (an empty SQLite file's or PostgreSQL database's).")
    database = "postgresql" if url.startswith("postgres") else "sqlite"
    work = Path(args.work or tempfile.mkdtemp(prefix="netzero-load-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NETZERO_"))}
    env.update(
        NETZERO_ENV="production",
        DJANGO_SECRET_KEY="load-" + secrets.token_hex(24),
        DATABASE_URL=url,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        NETZERO_DATA_DIR=str(work),
        NETZERO_STATIC_ROOT=str(work / "static"),
        NETZERO_TRUSTED_PROXIES="127.0.0.1",
        NETZERO_DEMO="1",
        NETZERO_API_WRITE_RATE="100000/min",  # the writers' own pace, not the limit's, is measured
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        NETZERO_MAX_REQUESTS="0" if args.soak else "2000",  # a soak sees any growth unrenewed
    )
    started = time.perf_counter()
    demo_output = work / "demo.txt"
    if not demo_output.exists():  # --work DIR again: the same database, already prepared
        demo_output.write_text(_run(env, "demo", "--no-serve"))
        _run(env, "collectstatic", "--noinput")
    passwords = dict(re.findall(r"^  (\S+)\s+(\S+)\s+\S", demo_output.read_text(), re.M))
    # The last line: `shell` may print its own notes first.
    found = json.loads(
        _run(env, "shell", "-c", f"PLAN = {args.plan!r}\n" + _DISCOVER).strip().splitlines()[-1]
    )
    prepared = time.perf_counter() - started
    server = Server(env, work / "serve.log", args.workers)
    lines: list[dict] = []
    try:
        manager = _sign_in(server, found["manager"], passwords[found["manager"]])
        mixed = [
            ("page: published dashboard", found["published"]),
            ("page: home", found["home"]),
            ("page: action", found["action"]),
            ("api: published dashboard", found["published_json"]),
        ]
        if args.soak:
            tally, wall, samples = _phase(
                "soak", args.soak, server, found, args.readers, mixed,
                writers=args.writers, manager=manager, memory=args.sample, decision="return",
            )  # fmt: skip
            lines += _results("soak", database, tally, wall)
            print(json.dumps({"database": database, "memory_kib": samples}))
        else:
            phases = [
                ("static file", [("static file", found["static"])], {}),
                ("published page", [("page: published dashboard", found["published"])], {}),
                ("mixed", mixed, {"writers": args.writers, "manager": manager}),
            ]
            for name, paths, writers in phases:
                tally, wall, _ = _phase(
                    name, args.seconds, server, found, args.readers, paths, **writers
                )
                lines += _results(name, database, tally, wall)
    finally:
        server.stop()
    tracebacks = (work / "serve.log").read_text().count("Traceback")
    for line in lines:
        print(json.dumps(line))
    print(
        json.dumps(
            {
                "database": database,
                "prepared_s": round(prepared, 1),
                "readers": args.readers,
                "writers": min(args.writers, len(found["leads"])),
                "workers": args.workers,
                "server_tracebacks": tracebacks,
            }
        )
    )
    print("\n| phase | request | requests | per s | p50 ms | p95 ms | p99 ms | errors |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in lines:
        print(
            f"| {r['phase']} | {r['kind']} | {r['requests']:,} | {r['per_second']} "
            f"| {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | {r['errors']} |"
        )


if __name__ == "__main__":
    main()
