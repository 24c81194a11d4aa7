"""In a real headless Chromium, at 1280 and 390 px: a theme lead makes an API token from the
header's link (its secret shown once), revokes it, and opens the API's browsable docs, which
load from the site alone (no CDN) under its Content-Security-Policy (the contexts fixture
fails on anything the policy blocks, a script error or a serious accessibility problem)."""

from __future__ import annotations

import pytest

from netzero.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_person_makes_and_revokes_a_token_and_reads_the_docs(
    contexts, live_server, council, width
):
    base = live_server.url
    page = sign_in(contexts, base, "planning", council.password)
    page.set_viewport_size({"width": width, "height": 900})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.get_by_role("link", name="API tokens").click()
    assert page.locator("h1").inner_text() == "API tokens"
    page.get_by_label("What is the token for?").fill("Quarterly spreadsheet")
    page.get_by_role("button", name="Make a token").click()
    secret = page.locator("#token-secret").inner_text()
    assert secret.startswith("nzt_") and len(secret) > 40
    assert "will not be shown again" in page.locator("#new-token").inner_text()
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= width
    page.goto(f"{base}/account/api-tokens/")
    assert secret not in page.content()
    page.get_by_role("button", name="Revoke Quarterly spreadsheet").click()
    page.wait_for_selector("text=is revoked: it no longer works.")
    assert "Revoked" in page.locator("#tokens").inner_text()

    page.get_by_role("link", name="Net Zero Tracker API").click()
    page.get_by_text("/api/v1/plans/{plan_slug}/periods/{period}/dashboard").first.wait_for()
    assert "Net Zero Tracker API" in page.locator(".swagger-ui .title").first.inner_text()
    outside = [url for url in requested if not url.startswith(base)]
    assert outside == [], outside
