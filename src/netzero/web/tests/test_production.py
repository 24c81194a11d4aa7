"""The production profile, end to end on PostgreSQL, as an operator runs it (docs/operations.md).

A new database is migrated and given the demo; `netzero check --deploy` refuses to pass before
`collectstatic` and passes after it; `netzero serve` (gunicorn) serves on a free loopback port
behind what it takes for a TLS proxy (127.0.0.1, trusted). Every page a member of the public can
reach from the home page is crawled: each answers 200 with the Content-Security-Policy and HSTS
headers and no inline script; an unknown address gets the service's own 404; plain HTTP is sent
to HTTPS; a demo user signs in with secure cookies; and a server whose database is gone answers
the health check with 503 and pages with the service's own 500 page.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections import deque
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

import pytest

pytestmark = pytest.mark.postgres_server

NETZERO = str(Path(sys.executable).with_name("netzero"))
HTTPS = {"X-Forwarded-Proto": "https"}
_HREF = re.compile(r"""(?:href|src)="([^"]+)\"""")
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [NETZERO, *args], env=env, capture_output=True, text=True, timeout=600, check=check
    )


class Server:
    def __init__(self, env: dict, log: Path):
        self.port = _free_port()
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [NETZERO, "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", "2"],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, log.read_text()
            try:
                self.get("/healthz")
                return
            except OSError:
                time.sleep(0.3)
        raise AssertionError(f"netzero serve did not start:\n{log.read_text()}")

    def request(self, method: str, path: str, headers=None, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
            response = conn.getresponse()
            return response, response.read()
        finally:
            conn.close()

    def get(self, path: str, headers=None):
        return self.request("GET", path, headers)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        finally:
            self.log.close()


def _local_links(page_path: str, html: str) -> set[str]:
    links = set()
    for href in _HREF.findall(html):
        href = href.replace("&amp;", "&")
        parts = urlsplit(urljoin(f"https://127.0.0.1{page_path}", href))
        if parts.netloc == "127.0.0.1" and parts.scheme == "https":
            links.add(urlunsplit(("", "", parts.path, parts.query, "")))
    return links


@pytest.fixture
def production_env(scratch_postgres_database, tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NETZERO_"))}
    env.update(
        NETZERO_ENV="production",
        DJANGO_SECRET_KEY="production-test-" + os.urandom(24).hex(),
        DATABASE_URL=scratch_postgres_database,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        NETZERO_DATA_DIR=str(tmp_path),
        NETZERO_STATIC_ROOT=str(tmp_path / "static"),
        NETZERO_TRUSTED_PROXIES="127.0.0.1",
        NETZERO_DEMO="1",  # a training site: the production profile with the demo's data
    )
    return env


def test_the_production_profile_serves_every_public_page(production_env, tmp_path):
    env = production_env
    before = _run(env, "check", "--deploy", "--fail-level", "WARNING", check=False)
    assert before.returncode != 0 and "netzero.E001" in before.stderr, before.stderr

    demo = _run(env, "demo", "--no-serve")
    passwords = dict(re.findall(r"^  (\w+)\s+(\S+)\s+Administrator", demo.stdout, re.M))
    assert "admin" in passwords, demo.stdout
    collected = _run(env, "collectstatic", "--noinput")
    assert "post-processed" in collected.stdout
    after = _run(env, "check", "--deploy", "--fail-level", "WARNING")
    assert "no issues" in after.stdout

    server = Server(env, tmp_path / "serve.log")
    try:
        # Crawl as the public would, through the proxy (which says the request came over HTTPS).
        seen: dict[str, int] = {}
        queue = deque(["/"])
        pages = 0
        while queue and len(seen) < 400:
            path = queue.popleft()
            if path in seen:
                continue
            response, body = server.get(path, HTTPS)
            seen[path] = response.status
            if response.status in (301, 302):
                location = response.getheader("Location", "")
                assert "/accounts/login/" in location or location.startswith("/"), (path, location)
                target = urlsplit(location)
                queue.append(urlunsplit(("", "", target.path, target.query, "")))
                continue
            assert response.status == 200, (path, response.status)
            if response.getheader("Content-Type", "").startswith("text/html"):
                pages += 1
                html = body.decode()
                csp = response.getheader("Content-Security-Policy", "")
                directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
                assert directives["script-src"] == "'self'", (path, csp)
                assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (path, csp)
                assert "frame-ancestors 'none'" in csp, (path, csp)
                assert response.getheader("Strict-Transport-Security", "").startswith(
                    "max-age=31536000"
                ), path
                assert not _INLINE_SCRIPT.search(html), (path, _INLINE_SCRIPT.search(html))
                for link in _local_links(path, html):
                    if link not in seen and not link.startswith("/admin"):
                        queue.append(link)
        assert not queue, f"crawl stopped early with {len(queue)} addresses left"
        print(f"crawled {len(seen)} addresses, {pages} HTML pages")
        assert pages >= 15, seen  # home, sign-in, dashboards, actions, footprints, areas
        assert any(p.startswith("/static/netzero/app.") for p in seen), seen
        assert any("/plans/" in p and "/periods/" in p for p in seen), seen
        assert any("/organisations/" in p for p in seen) and any("/areas/" in p for p in seen)
        # The published quarter's data downloads are links the crawl followed (200 above).
        q3 = "/plans/dcc-climate-change-strategy/periods/2022-23-Q3/"
        assert {q3 + f"dashboard.{suffix}" for suffix in ("xlsx", "csv", "json")} <= set(seen)
        # Its committee report, drawn by the production server's workers (WeasyPrint, Pango and
        # the shipped font; python-docx and its template), as the downloads form asks for it.
        for suffix, start, content_type in (
            ("pdf", b"%PDF-", "application/pdf"),
            ("docx", b"PK", "application/vnd.openxmlformats"),
        ):
            response, body = server.get(f"{q3}report.{suffix}", HTTPS)
            assert response.status == 200, (suffix, response.status)
            assert response.getheader("Content-Type", "").startswith(content_type)
            assert body.startswith(start) and len(body) > 20_000, (suffix, len(body))

        # The published quarter's page, stored in the cache the two workers share (a folder in
        # the data folder), is served from it; a change made by another process (a command)
        # reaches both workers' next answers.
        answers = [server.get(q3, HTTPS) for _ in range(4)]
        assert {r.getheader("X-Netzero-Cache") for r, _ in answers[1:]} == {"hit"}
        assert len({body for _, body in answers}) == 1 and answers[0][0].getheader("ETag")
        assert (tmp_path / "cache").is_dir() and any((tmp_path / "cache").iterdir())
        _run(
            env,
            "shell",
            "-c",
            "from netzero.plans.models import Plan; p = Plan.objects.get(slug="
            "'dcc-climate-change-strategy'); p.name = 'Renamed Strategy'; p.save()",
        )
        for _ in range(4):
            response, body = server.get(q3, HTTPS)
            assert response.status == 200 and b"Renamed Strategy" in body

        response, body = server.get("/accounts/login/", HTTPS)
        assert response.status == 200 and b"Sign in" in body

        response, body = server.get("/no-such-page/", HTTPS)
        assert response.status == 404
        assert b"govuk-template" in body and b"Page not found" in body
        assert b"Traceback" not in body and b"URLconf" not in body

        response, _ = server.get("/")
        assert response.status == 301
        assert response.getheader("Location") == "https://127.0.0.1/"
        response, body = server.get("/healthz")
        assert response.status == 200 and json.loads(body)["database"] == "ok"

        # A demo user signs in; the cookies are Secure and HttpOnly where they should be.
        response, body = server.get("/accounts/login/", HTTPS)
        cookies = response.getheader("Set-Cookie", "")
        csrf_cookie = re.search(r"csrftoken=([^;]+)", cookies).group(1)
        assert "Secure" in cookies
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        response, _ = server.request(
            "POST",
            "/accounts/login/",
            {
                **HTTPS,
                "Cookie": f"csrftoken={csrf_cookie}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": "https://127.0.0.1/accounts/login/",
            },
            urlencode(
                {
                    "username": "admin",
                    "password": passwords["admin"],
                    "csrfmiddlewaretoken": token.decode(),
                }
            ),
        )
        assert response.status == 302, response.status
        session = [c for c in response.headers.get_all("Set-Cookie") if "sessionid=" in c]
        assert session and "Secure" in session[0] and "HttpOnly" in session[0]
    finally:
        server.stop()
    assert server.process.returncode == 0, (tmp_path / "serve.log").read_text()[-2000:]

    # The same server with its database gone: the health check says so, pages apologise.
    broken = dict(env, DATABASE_URL=env["DATABASE_URL"].rsplit("/", 1)[0] + "/no_such_db")
    server = Server(broken, tmp_path / "broken.log")
    try:
        response, body = server.get("/healthz")
        assert response.status == 503 and json.loads(body)["database"] == "unavailable"
        response, body = server.get("/", HTTPS)
        assert response.status == 500
        assert b"Sorry, there is a problem with the service" in body
        assert b"govuk-template" in body and b"Traceback" not in body
    finally:
        server.stop()
