"""Headless Chromium (Debian's package) driven by Playwright, against Django's live server.

Playwright's own browser download is never used: the tests launch ``/usr/bin/chromium`` (or
``NETZERO_CHROMIUM``). When it is missing the tests fail with the command that installs it.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run in such a
# thread unless told it is safe. The test code here touches the ORM only in fixtures, not
# concurrently with page actions.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path() -> str:
    path = os.environ.get("NETZERO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail(
            f"Chromium not found at {path}. Install Debian's browser: apt-get install chromium "
            "(or set NETZERO_CHROMIUM to its path).",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# What fails a page: axe-core's violations of these impacts (the rest are reported by axe only).
AXE_IMPACTS = ("serious", "critical")


def run_axe_source(page) -> None:
    """Loads axe-core into the page through the browser's developer protocol: a <script> tag
    would be inline script, which the Content-Security-Policy rightly refuses."""
    page.evaluate(AXE.read_text() + "\n;undefined")


_CHECK_ONCE = """async () => {
    if (window.__netzeroAxeChecked) return null;
    window.__netzeroAxeChecked = true;
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map(n => n.target),
    }));
}"""
# Playwright calls after which the page shown may be a new one: axe checks it then.
_PAGE_STEPS = ("goto", "reload", "go_back", "go_forward", "wait_for_url", "wait_for_load_state")
_LOCATOR_STEPS = ("click", "dblclick", "press", "tap")
_WATCHED: dict[int, AccessibilityCheck] = {}
_AXE_RUNNING: set[int] = set()  # pages axe is checking now


# Pages of the live server that axe does not judge: the API's browsable docs are Swagger UI's
# own page as its project ships it (its contrast and nested controls are its own; they are
# still held to the Content-Security-Policy and script errors like every page).
AXE_NOT_JUDGED = ("/api/v1/docs",)


def _service_page(url: str) -> bool:
    if not url.startswith(("http://localhost", "http://127.0.0.1")):
        return False
    path = "/" + url.split("://", 1)[-1].partition("/")[2]
    return not path.startswith(AXE_NOT_JUDGED)


class AccessibilityCheck:
    """Runs axe once on every page of the service that a browser context shows.

    After each step that can bring a new page (an address opened, a link clicked, a form
    posted; see _PAGE_STEPS and _LOCATOR_STEPS) the page is checked once it has loaded, and
    the last page again at the end (``finish``). Every page that loaded is recorded (the "load"
    event), so a page the test left before it could be checked is reported, not missed. Only
    pages of the live server are checked (not about:blank or set_content)."""

    def __init__(self, checked: list[str], problems: list[str]) -> None:
        self.checked = checked
        self.problems = problems
        self.loaded: list[str] = []
        self.pages: list = []
        self.busy = False

    def watch(self, page) -> None:
        self.pages.append(page)
        _WATCHED[id(page)] = self
        page.on("load", lambda p: self.loaded.append(p.url) if _service_page(p.url) else None)

    def check(self, page) -> None:
        if self.busy or page.is_closed() or not _service_page(page.url):
            return
        self.busy = True  # the steps below are not themselves checked
        try:
            page.wait_for_load_state()
            url = page.url
            if page.evaluate("typeof axe") == "undefined":
                run_axe_source(page)
            _AXE_RUNNING.add(id(page))
            violations = page.evaluate(_CHECK_ONCE)
        except Exception as exc:
            self.problems.append(f"{page.url}: axe could not check the page ({exc})")
            return
        finally:
            self.busy = False
            _AXE_RUNNING.discard(id(page))
        if violations is None:
            return  # this page was checked already
        self.checked.append(url)
        path = "/" + url.split("://", 1)[-1].partition("/")[2]
        self.problems.extend(
            f"{path}: {v['id']} ({v['impact']}) {v['targets']}"
            for v in violations
            if v["impact"] in AXE_IMPACTS
        )

    def finish(self) -> None:
        for page in self.pages:
            self.check(page)
            _WATCHED.pop(id(page), None)
        unchecked = Counter(self.loaded) - Counter(self.checked)
        self.problems.extend(
            f"{url}: loaded but left before axe could check it (wait for the page to load)"
            for url in unchecked.elements()
        )


def _checked_after(method):
    def step(self, *args, **kwargs):
        result = method(self, *args, **kwargs)
        page = self if isinstance(self, Page) else self.page
        check = _WATCHED.get(id(page))
        if check is not None:
            check.check(page)
        return result

    return step


@pytest.fixture(autouse=True)
def _accessibility_steps(monkeypatch) -> None:
    """Makes the steps that can bring a new page check it (only for watched pages)."""
    for name in _PAGE_STEPS:
        monkeypatch.setattr(Page, name, _checked_after(getattr(Page, name)))
    for name in _LOCATOR_STEPS:
        monkeypatch.setattr(Locator, name, _checked_after(getattr(Locator, name)))


def check_accessibility(context, checked: list[str], problems: list[str]) -> AccessibilityCheck:
    """Checks every page of the service that the browser context shows (AccessibilityCheck);
    call ``finish()`` on the result before closing the context."""
    check = AccessibilityCheck(checked, problems)
    context.on("page", check.watch)
    return check


def refuse_policy_violations(page) -> list[str]:
    """Collects what the Content-Security-Policy blocked and any script error on the page.

    Not counted: the inline style axe-core itself tries to add while it checks a page (its
    css-orientation-lock rule copies some stylesheets, Django admin's among them, into <style>
    elements). The browser reports that during the check, before axe's answer arrives."""
    problems: list[str] = []

    def console(message) -> None:
        if "Content Security Policy" not in message.text:
            return
        if id(page) in _AXE_RUNNING and "Applying inline style" in message.text:
            return
        problems.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    return problems


@pytest.fixture
def axe_checked() -> list[str]:
    """The addresses axe checked during the test (filled by the page and contexts fixtures)."""
    return []


@pytest.fixture
def page(browser, axe_checked) -> Iterator[object]:
    """A page at 1280 px. Every test using it also fails if the Content-Security-Policy blocked
    anything (an inline script or style, eval) or a script threw, or if axe-core finds a serious
    or critical accessibility violation on any page of the service it loaded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    inaccessible: list[str] = []
    accessibility = check_accessibility(context, axe_checked, inaccessible)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = refuse_policy_violations(page)
    yield page
    accessibility.finish()
    context.close()
    assert not problems, problems
    assert not inaccessible, "axe-core found accessibility violations:\n" + "\n".join(inaccessible)


@pytest.fixture
def contexts(browser, axe_checked):
    """Browser contexts opened by a test, closed before the live server stops. Their pages are
    checked like the page fixture's: the Content-Security-Policy, script errors, and axe-core on
    every page of the service loaded."""
    opened: list = []
    problems: list[list[str]] = []
    inaccessible: list[str] = []

    def open_context():
        context = browser.new_context()
        opened.append((context, check_accessibility(context, axe_checked, inaccessible)))
        context.on("page", lambda page: problems.append(refuse_policy_violations(page)))
        return context

    yield open_context
    for context, accessibility in opened:
        accessibility.finish()
        context.close()
    assert not [p for page in problems for p in page], problems
    assert not inaccessible, "axe-core found accessibility violations:\n" + "\n".join(inaccessible)


def sign_in(open_context, base: str, username: str, password: str, *, timeout: int = 15_000):
    """A new page in a new context (``contexts``'s ``open_context``), signed in as ``username``
    through the sign-in form, on the home page."""
    page = open_context().new_page()
    page.set_default_timeout(timeout)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
    return page
