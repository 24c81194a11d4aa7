"""Two app servers on one PostgreSQL database, as behind a load balancer (docs/operations.md).

One database is migrated and given the demo, with the cache in a table of it
(``NETZERO_CACHE=database``: ``netzero migrate`` makes its table). Two ``netzero serve`` processes
(gunicorn, the production profile, two workers each) serve it on two ports. They share the
database and the secret key, as two servers behind one load balancer would, and nothing else:
each has its own data folder (static files, anything written to disk).

A person's browser is then pointed at one server and the other in turn:

- sessions: signed in on A is signed in on B; signed out on B is signed out on A;
- lockouts: failed sign-ins on A and on B add up to the one limit, and both then refuse;
- caches: a published page stored by A is served by B; reopening on B and publishing again on A
  changes what both serve;
- imports: a quarterly return previewed on A is saved on B (the file waits between the two
  requests where both servers can read it) and shows on both; the same activity data file sent
  to A and B at the same moment is imported once, the other refused saying so.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from openpyxl import load_workbook

from netzero.testing.postgres import scratch_database

pytestmark = pytest.mark.postgres_server

NETZERO = str(Path(sys.executable).with_name("netzero"))
REPO = Path(__file__).resolve().parents[4]
PLAN = "/plans/dcc-climate-change-strategy"
Q3 = f"{PLAN}/periods/2022-23-Q3/"
Q4 = f"{PLAN}/periods/2022-23-Q4/"
COUNCIL = "/organisations/derbyshire-county-council"
FAILURE_LIMIT = 3
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _netzero(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [NETZERO, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def _finished(process: subprocess.Popen, what: str) -> str:
    out, _ = process.communicate(timeout=600)
    assert process.returncode == 0, f"{what} failed:\n{out[-3000:]}"
    return out


# --- PostgreSQL: the server make test provides, or one of the test's own ----------------------


@pytest.fixture(scope="module")
def postgres_database():
    """A new database on NETZERO_TEST_POSTGRES_URL's server (make test's), or, without one, on a
    throwaway server started for this module (scripts/pg-throwaway.sh); dropped afterwards."""
    url = os.environ.get("NETZERO_TEST_POSTGRES_URL", "")
    throwaway = ""
    if not url:
        script = REPO / "scripts" / "pg-throwaway.sh"
        if not script.exists() or not Path("/usr/lib/postgresql/15/bin/initdb").exists():
            message = "needs PostgreSQL 15: set NETZERO_TEST_POSTGRES_URL or install postgresql-15"
            if os.environ.get("NETZERO_REQUIRE_POSTGRES") == "1":
                pytest.fail(message)
            pytest.skip(message)
        started = subprocess.run(
            ["bash", str(script), "start"], capture_output=True, text=True, check=True
        )
        throwaway, url = started.stdout.split()[:2]
    try:
        with scratch_database(url, prefix="netzero_two_servers") as database_url:
            yield database_url
    finally:
        if throwaway:
            subprocess.run(["bash", str(script), "stop", throwaway], check=False)


# --- The two servers ----------------------------------------------------------------------------


class Server:
    """``netzero serve`` on a free loopback port, with its own data folder."""

    def __init__(self, name: str, env: dict, folder: Path):
        self.name = name
        self.port = _free_port()
        self.log_path = folder / "serve.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [NETZERO, "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", "2"],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log_path.read_text()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"server {self.name} did not start:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        finally:
            self.log.close()


@pytest.fixture(scope="module")
def servers(postgres_database, tmp_path_factory):
    """Servers A and B on one database, and the demo's users' passwords."""
    root = tmp_path_factory.mktemp("two-servers")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NETZERO_"))}
    base.pop("DATABASE_URL", None)
    base.update(
        NETZERO_ENV="production",
        # What two servers behind one load balancer share: the database and the secret key.
        DJANGO_SECRET_KEY="two-servers-" + os.urandom(24).hex(),
        DATABASE_URL=postgres_database,
        NETZERO_CACHE="database",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        NETZERO_TRUSTED_PROXIES="127.0.0.1",
        NETZERO_LOGIN_FAILURE_LIMIT=str(FAILURE_LIMIT),
        NETZERO_DEMO="1",
    )
    envs = {}
    for name in ("a", "b"):
        folder = root / name
        folder.mkdir()
        envs[name] = dict(base, NETZERO_DATA_DIR=str(folder))
    # A's static files are collected (no database needed) while the database is made: migrated,
    # its cache table created (before anything writes: a change moves the cache's generation on),
    # then the demo loaded.
    collect = _netzero(envs["a"], "collectstatic", "--noinput")
    _finished(_netzero(envs["a"], "migrate"), "netzero migrate")
    demo_out = _finished(_netzero(envs["a"], "demo", "--no-serve"), "netzero demo")
    _finished(collect, "netzero collectstatic")
    # B's own copy of the same release's static files.
    shutil.copytree(root / "a" / "static", root / "b" / "static")
    passwords = dict(re.findall(r"^  (\w+)\s+(\S+)\s+\S", demo_out, re.M))
    assert {"manager", "planning", "viewer"} <= set(passwords), demo_out

    a = Server("A", envs["a"], root / "a")
    b = Server("B", envs["b"], root / "b")
    try:
        a.wait_until_ready()
        b.wait_until_ready()
        yield a, b, passwords, postgres_database
    finally:
        a.stop()
        b.stop()
    for server in (a, b):
        assert server.process.returncode == 0, server.log_path.read_text()[-3000:]
        assert "Traceback" not in server.log_path.read_text(), server.log_path.read_text()


# --- A person's browser, pointed at either server ------------------------------------------------


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(f"{value}\r\n".encode())
    for name, (file_name, content, content_type) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{file_name}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


class Browser:
    """One person's browser: its cookies go to whichever server it is sent to, through the TLS
    proxy (X-Forwarded-Proto, and the person's own address in X-Forwarded-For)."""

    def __init__(self, address: str = "203.0.113.10"):
        self.address = address
        self.cookies: dict[str, str] = {}

    def request(
        self, server: Server, method: str, path: str, *, fields=None, files=None, headers=None
    ):
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            **(headers or {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **(fields or {})}
            headers["Referer"] = f"https://127.0.0.1{path}"
            if files:
                body, headers["Content-Type"] = _multipart(fields, files)
            else:
                body = urlencode(fields)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value in ("", '""') or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        response.content = content
        return response, content.decode("utf-8", "replace")

    def get(self, server: Server, path: str, **kwargs):
        return self.request(server, "GET", path, **kwargs)

    def post(self, server: Server, path: str, **kwargs):
        if "csrftoken" not in self.cookies:
            self.get(server, "/accounts/login/")
        return self.request(server, "POST", path, **kwargs)

    def sign_in(self, server: Server, username: str, password: str):
        self.get(server, "/accounts/login/")
        return self.post(
            server, "/accounts/login/", fields={"username": username, "password": password}
        )


def _signed_in(browser: Browser, server: Server) -> bool:
    """Whether the server knows the browser's session: the quarter's Manage page, for a
    programme manager only, answers 200 (not sent to sign in)."""
    response, _ = browser.get(server, f"{Q4}manage/")
    assert response.status in (200, 302), response.status
    return response.status == 200 and not response.getheader("Location")


# --- The tests ---------------------------------------------------------------------------------


def test_a_session_made_on_one_server_is_known_to_the_other_until_signed_out(servers):
    a, b, passwords, _ = servers
    browser = Browser()
    assert not _signed_in(browser, a)
    response, _ = browser.sign_in(a, "manager", passwords["manager"])
    assert response.status == 302, response.status
    assert _signed_in(browser, a)
    assert _signed_in(browser, b)  # the same cookie, the other server: still signed in
    session = dict(browser.cookies)
    response, _ = browser.post(b, "/accounts/logout/")
    assert response.status == 302 and "sessionid" not in browser.cookies
    # The old session cookie, sent to A again, is no longer anyone's session.
    stale = Browser()
    stale.cookies = session
    assert not _signed_in(stale, a)
    assert not _signed_in(stale, b)


def test_failed_sign_ins_on_both_servers_add_up_to_one_lockout(servers):
    a, b, passwords, _ = servers
    browser = Browser(address="198.51.100.23")
    # The wrong password on A, then B: each is told so. The third, on A, reaches the limit.
    for server in (a, b):
        response, page = browser.sign_in(server, "viewer", "not-the-password")
        assert response.status == 200 and "Sign in" in page, (server.name, response.status)
    response, _ = browser.sign_in(a, "viewer", "not-the-password")
    assert response.status == 429, response.status
    # Locked out on both, even with the right password.
    for server in (b, a):
        response, page = browser.sign_in(server, "viewer", passwords["viewer"])
        assert response.status == 429, (server.name, response.status)
        assert "Forgotten your password?" in page
    # Only that address is locked out: the viewer signs in from their own, on either server.
    response, _ = Browser(address="203.0.113.99").sign_in(b, "viewer", passwords["viewer"])
    assert response.status == 302


def test_a_page_one_server_stores_is_served_by_the_other_until_it_changes(servers):
    a, b, passwords, _ = servers
    public = Browser(address="192.0.2.50")
    first, page = public.get(a, Q3)
    assert first.status == 200 and first.getheader("X-Netzero-Cache") == "miss"
    etag = first.getheader("ETag")
    again, same = public.get(b, Q3)
    assert again.getheader("X-Netzero-Cache") == "hit" and again.getheader("ETag") == etag
    assert same == page
    not_modified, _ = public.get(a, Q3, headers={"If-None-Match": etag})
    assert not_modified.status == 304

    # The programme manager reopens the quarter through B: neither server serves the stored
    # page (an open quarter is for its people: the public is asked to sign in).
    manager = Browser()
    manager.sign_in(b, "manager", passwords["manager"])
    response, _ = manager.post(b, f"{Q3}reopen/", fields={"reason": "A figure was mistyped."})
    assert response.status == 302, response.status
    for server in (a, b):
        response, _ = Browser(address="192.0.2.51").get(server, Q3, headers={"If-None-Match": etag})
        assert response.status == 302, (server.name, response.status)
        assert response.getheader("Location").startswith("/accounts/login/")
        assert response.getheader("X-Netzero-Cache") is None

    # Published again through A: B renders and stores the new page, A serves it from there.
    response, _ = manager.post(a, f"{Q3}publish/")
    assert response.status == 302, response.status
    public = Browser(address="192.0.2.52")
    renewed, page = public.get(b, Q3, headers={"If-None-Match": etag})
    assert renewed.status == 200 and renewed.getheader("X-Netzero-Cache") == "miss"
    stored, same = public.get(a, Q3)
    assert stored.getheader("X-Netzero-Cache") == "hit" and same == page
    assert stored.getheader("ETag") == renewed.getheader("ETag")


def _return_filled(content: bytes, ref: str, words: str) -> bytes:
    """The downloaded return with one action's summary of progress written."""
    workbook = load_workbook(io.BytesIO(content))
    [row] = [r for r in workbook["Return"].iter_rows(min_row=2) if str(r[0].value) == ref]
    row[5].value = words
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_return_previewed_on_one_server_is_saved_on_the_other(servers):
    a, b, passwords, _ = servers
    lead = Browser()
    response, _ = lead.sign_in(a, "planning", passwords["planning"])
    assert response.status == 302
    _, updates = lead.get(a, f"{Q4}updates/")
    download = re.search(r'href="([^"]*/returns/\d+/)"', updates).group(1)
    response, _ = lead.get(a, download)
    assert response.status == 200
    words = "Checked on server A, saved on server B."
    ref = "16"  # the Planning lead's second action (the demo has the first submitted already)
    filled = _return_filled(response.content, ref, words)
    update_page = f"{Q4}actions/{ref}/update/"

    response, preview = lead.post(
        a, f"{Q4}returns/upload/", files={"file": ("return.xlsx", filled, XLSX)}
    )
    assert response.status == 200 and "Check the return for 2022-23 Q4" in preview
    token = re.search(r'name="token" value="([^"]+)"', preview).group(1)
    _, form = lead.get(b, update_page)
    assert words not in form  # the preview saved nothing

    # The choice reaches B, which finds the file A kept.
    response, page = lead.post(
        b, f"{Q4}returns/upload/", fields={"token": token, "intent": "draft"}
    )
    assert response.status == 302, re.findall(r"govuk-error-summary.*?</ul>", page, re.S)
    _, followed = lead.get(b, response.getheader("Location"))
    assert "1 update saved as drafts." in followed
    for server in (a, b):
        _, form = lead.get(server, update_page)
        assert words in form, server.name
    # Saved once: the kept file is gone for both servers.
    response, page = lead.post(
        a, f"{Q4}returns/upload/", fields={"token": token, "intent": "draft"}
    )
    assert response.status == 200 and "no longer kept: upload the file again" in page


def test_the_same_file_sent_to_both_servers_at_once_is_imported_once(servers):
    a, b, passwords, database = servers
    manager = Browser()
    response, _ = manager.sign_in(a, "manager", passwords["manager"])
    assert response.status == 302
    content = (
        "reporting_year,activity,quantity,unit,reference\n"
        + "".join(f"2022-23,electricity,{1000 + n},kWh,Depot {n}\n" for n in range(200))
    ).encode()
    answers = {}
    together = threading.Barrier(2)

    def send(server: Server) -> None:
        together.wait()
        answers[server.name] = manager.post(
            server,
            f"{COUNCIL}/activity-data/",
            fields={"form": "file"},
            files={"file-file": ("depots.csv", content, "text/csv")},
        )

    threads = [threading.Thread(target=send, args=(s,)) for s in (a, b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status for r, _ in answers.values()) == [302, 400]
    [page] = [p for r, p in answers.values() if r.status == 400]
    # Refused as a whole, saying why: the first was seen (the same file) or met at the last step.
    assert "Nothing was saved" in page
    assert "This file was already imported on" in page or "recorded by someone else" in page

    sha256 = hashlib.sha256(content).hexdigest()
    with psycopg.connect(database) as conn:
        [(batches, figures, tco2e)] = conn.execute(
            "SELECT count(DISTINCT b.id), count(e.id), sum(e.tco2e) FROM footprints_importbatch b"
            " JOIN footprints_footprintentry e ON e.batch_id = b.id WHERE b.sha256 = %s",
            [sha256],
        ).fetchall()
    assert (batches, figures) == (1, 200)
    # Both servers show the council's year with those figures.
    for server in (a, b):
        _, page = manager.get(server, f"{COUNCIL}/footprint/2022-23/")
        shown = re.search(r'"category": "Electricity", "tco2e": ([0-9.]+)', page)
        assert shown and Decimal(shown.group(1)) == round(tco2e, 3), server.name
