"""Headless Chromium (Debian's package) driven by Playwright, against Django's live server.

Playwright's own browser download is never used: the tests launch ``/usr/bin/chromium`` (or
``NETZERO_CHROMIUM``). When it is missing the tests fail with the command that installs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

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


def refuse_policy_violations(page) -> list[str]:
    """Collects what the Content-Security-Policy blocked and any script error on the page."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    return problems


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A page at 1280 px. Every test using it also fails if the Content-Security-Policy blocked
    anything (an inline script or style, eval) or a script threw."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = refuse_policy_violations(page)
    yield page
    context.close()
    assert not problems, problems
