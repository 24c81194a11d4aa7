"""Stored XSS: script, event-handler and javascript: payloads in every field a person can type
are inert on every page and export.

Narrative HTML (progress, an action's text) is sanitised when saved and again when shown.
Plain-text fields (titles, reasons, notes, a figure's source, an import's file name) keep exactly
what was typed, markup included, and every page prints them escaped: no live markup either way.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils.html import escape

from netzero.reporting.models import ActionUpdate
from netzero.reporting.status import Status

PAYLOAD = (
    '<script>alert("x1")</script><img src=x onerror=alert("x2")>'
    "<a href=\"javascript:alert('x3')\">link</a><p onmouseover=\"alert('x4')\">text</p>"
)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


class _Live(HTMLParser):
    """Live markup as a browser parses it: a script that runs the payload, an event-handler
    attribute, or a javascript: URL, on a real element. The same words as text or inside an
    attribute's value (``value="&lt;p onmouseover=..."``) are inert and not counted."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self.in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            elif name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script and "alert" in data:
            self.found.append(f"<script>{data[:40]}")


def live_markup(html: str) -> list[str]:
    parser = _Live()
    parser.feed(html)
    parser.close()
    return parser.found


@pytest.fixture
def plan(council):
    """A council's plan: 2022-23 Q2 and Q3 published, Q4 open (netzero.testing.council)."""
    return council.plan


@pytest.fixture
def q4(council):
    return council.q4


@pytest.fixture
def people(council):
    return council.people


@pytest.fixture
def poisoned(people, plan, q4):
    action = plan.actions.get(ref="16")
    action.title = PAYLOAD
    action.text = PAYLOAD
    action.save()
    lead = action.delivery_theme
    lead.lead_name = PAYLOAD
    lead.save()
    q4.notes = PAYLOAD
    q4.save()
    _poison_footprints(plan.organisation)
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
    assert len(live_markup(PAYLOAD)) == 4
    assert live_markup("&lt;script&gt;alert(1) &lt;img onerror=x&gt;") == []
    assert live_markup(f'<input value="{escape(PAYLOAD)}">') == []


def _poison_footprints(organisation):
    from netzero.footprints.models import Boundary, Category, ImportBatch
    from netzero.footprints.services import entry_report

    entry_report(
        organisation=organisation,
        reporting_year=2022,
        category=Category.ELECTRICITY,
        boundary=Boundary.COUNCIL_NET_ZERO,
        tco2e=1,
        source=PAYLOAD,
        quality_note=PAYLOAD,
    )
    for state in ImportBatch.State.APPLIED, ImportBatch.State.UNDONE:
        ImportBatch.objects.create(
            organisation=organisation,
            who=PAYLOAD,
            channel=ImportBatch.Channel.FILE_UPLOAD,
            file_name=PAYLOAD,
            state=state,
            undone_by_who=PAYLOAD,
            undo_reason=PAYLOAD,
        )


def test_narrative_is_stored_without_live_markup_and_plain_text_as_typed(poisoned):
    poisoned.refresh_from_db()
    for value in (poisoned.progress, poisoned.action.text):
        assert live_markup(value) == [], value
        assert "alert" not in value or "<" not in value.split("alert")[0][-10:]
    for value in (
        poisoned.reason,
        poisoned.mitigation,
        poisoned.review_comment,
        poisoned.action.title,
        poisoned.action.delivery_theme.lead_name,
        poisoned.period.notes,
    ):
        assert value == PAYLOAD


def test_text_with_angle_brackets_survives_and_shows_as_typed(people, plan, q4):
    update = ActionUpdate.objects.create(
        action=plan.actions.get(ref="16"),
        period=q4,
        status=Status.REVIEW,
        reason="a<b and c>d",
    )
    update.refresh_from_db()
    assert update.reason == "a<b and c>d"
    admin = Client()
    admin.force_login(people["admin"])
    body = admin.get(f"/plans/{plan.slug}/periods/2022-23-Q4/actions/16/review/").content
    assert "a&lt;b and c&gt;d" in body.decode()


def test_every_page_renders_the_payloads_inert(people, plan, poisoned):
    manager = Client()
    manager.force_login(people["admin"])
    base = f"/plans/{plan.slug}"
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
        "/organisations/borough-council/footprint/2022-23/",
        "/organisations/borough-council/activity-data/",
    ]
    shown = escape(PAYLOAD)
    shows_text = {
        f"{base}/actions/16/",
        f"{base}/periods/2022-23-Q4/actions/16/review/",
        "/organisations/borough-council/footprint/2022-23/",
        "/organisations/borough-council/activity-data/",
    }
    for url in pages:
        response = manager.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        found = live_markup(body)
        assert found == [], f"{url}: {found}"
        if url in shows_text:
            assert shown in body, f"{url} does not show the typed text, escaped"


def test_exports_carry_plain_text_as_typed_and_narrative_as_words(plan, poisoned):
    for fmt in ("json", "text"):
        out = StringIO()
        call_command(
            "dashboard",
            "--plan",
            plan.slug,
            "--period",
            "2022-23-Q4",
            "--format",
            fmt,
            stdout=out,
        )
        text = out.getvalue()
        if fmt == "text":
            assert PAYLOAD in text  # plain text, carried as typed (an export is not HTML)
    data = json.loads(_run_json(plan.slug))
    row = next(r for r in data["actions"] if r["ref"] == "16")
    assert row["title"] == PAYLOAD and row["reason"] == PAYLOAD
    assert "<" not in row["progress"]  # the narrative, as words


def _run_json(slug: str) -> str:
    out = StringIO()
    call_command(
        "dashboard", "--plan", slug, "--period", "2022-23-Q4", "--format", "json", stdout=out
    )
    return out.getvalue()
