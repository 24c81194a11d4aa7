"""Stored XSS: script, event-handler and javascript: payloads in every field a person can type
are saved safely and are inert on every page and export."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from netzero.reporting.models import ActionUpdate
from netzero.reporting.status import Status

PAYLOAD = (
    '<script>alert("x1")</script><img src=x onerror=alert("x2")>'
    "<a href=\"javascript:alert('x3')\">link</a><p onmouseover=\"alert('x4')\">text</p>"
)
# Live markup: a script tag, an event handler or a javascript: URL inside a real tag. The same
# words escaped as text (&lt;img onerror=...&gt;) are inert and allowed.
LIVE = re.compile(
    r"<script[^>]*>[^<]*alert|<[a-z][^>]*\son\w+\s*=|<a[^>]*href=[\"']?javascript:", re.IGNORECASE
)


@pytest.fixture
def poisoned(people, demo_plan, q4):
    action = demo_plan.actions.get(ref="16")
    action.title = PAYLOAD
    action.text = PAYLOAD
    action.save()
    lead = action.delivery_theme
    lead.lead_name = PAYLOAD
    lead.save()
    q4.notes = PAYLOAD
    q4.save()
    update = ActionUpdate.objects.create(
        action=action,
        period=q4,
        status=Status.REVIEW,
        state=ActionUpdate.State.RETURNED,
        progress=PAYLOAD,
        reason=PAYLOAD,
        mitigation=PAYLOAD,
        review_comment=PAYLOAD,
    )
    return update


def test_the_detector_sees_live_payloads():
    assert len(LIVE.findall(PAYLOAD)) == 4
    assert LIVE.findall("&lt;script&gt;alert(1) &lt;img onerror=x&gt;") == []


def test_payloads_are_stored_without_live_markup(poisoned):
    poisoned.refresh_from_db()
    for value in (
        poisoned.progress,
        poisoned.reason,
        poisoned.mitigation,
        poisoned.review_comment,
        poisoned.action.text,
        poisoned.action.title,
    ):
        assert not LIVE.search(value), value
        assert "alert" not in value or "<" not in value.split("alert")[0][-10:]


def test_every_page_renders_the_payloads_inert(people, demo_plan, poisoned):
    manager = Client()
    manager.force_login(people["admin"])
    base = f"/plans/{demo_plan.slug}"
    pages = [
        "/",
        f"{base}/periods/2022-23-Q4/",
        f"{base}/periods/2022-23-Q4/?status=review",
        f"{base}/actions/16/",
        f"{base}/periods/2022-23-Q4/updates/",
        f"{base}/periods/2022-23-Q4/actions/16/update/",
        f"{base}/periods/2022-23-Q4/actions/16/review/",
        f"{base}/periods/2022-23-Q4/manage/",
        "/admin/reporting/actionupdate/",
        f"/admin/plans/action/{poisoned.action.pk}/change/",
        f"/admin/plans/action/{poisoned.action.pk}/history/",
    ]
    for url in pages:
        response = manager.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        found = LIVE.findall(body)
        assert found == [], f"{url}: {found}"


def test_exports_carry_the_payloads_as_inert_text(demo_plan, poisoned):
    for fmt in ("json", "text"):
        out = StringIO()
        call_command(
            "dashboard",
            "--plan",
            demo_plan.slug,
            "--period",
            "2022-23-Q4",
            "--format",
            fmt,
            stdout=out,
        )
        text = out.getvalue()
        assert not LIVE.search(text), fmt
    data = json.loads(_run_json(demo_plan.slug))
    row = next(r for r in data["actions"] if r["ref"] == "16")
    assert "<" not in row["progress"] and "<" not in row["title"]


def _run_json(slug: str) -> str:
    out = StringIO()
    call_command(
        "dashboard", "--plan", slug, "--period", "2022-23-Q4", "--format", "json", stdout=out
    )
    return out.getvalue()
