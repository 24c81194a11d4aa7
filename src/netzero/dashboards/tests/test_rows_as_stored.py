"""The dashboard prints each action's words and each summary of progress as they were stored
(sanitised, and their plain words worked out, when saved), and draws its table rows without a
template per row: what it prints is still escaped, sanitised and addressed as before."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.template.loader import render_to_string
from django.urls import reverse

from netzero.core.narrative import narrative_plain_text, sanitise_narrative
from netzero.dashboards.presenters import action_href, action_rows_html, row_views, tag_html
from netzero.dashboards.selectors import dashboard_for_period
from netzero.dashboards.snapshot import basis_from_snapshot, basis_to_snapshot
from netzero.dashboards.types import ActionRow
from netzero.plans.impact import Impact
from netzero.plans.models import Action
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.presenters import OVERDUE_TAG, status_tag
from netzero.reporting.status import Change, Status
from netzero.testing.factories import (
    ActionFactory,
    ActionUpdateFactory,
    ReportingPeriodFactory,
    period_published,
)
from netzero.testing.synthetic import synthetic_plan_create

RAW = '<h2>Heat</h2><p onclick="x()">Safe &amp; <b>sound</b></p><script>alert(1)</script>'


@pytest.mark.django_db
def test_an_actions_plain_words_are_kept_with_it_whenever_it_is_saved():
    action = ActionFactory(text=RAW)
    action.refresh_from_db()
    assert action.text == sanitise_narrative(RAW)
    assert action.text_plain == narrative_plain_text(RAW) == "Heat\nSafe & sound"
    action.text = "<ul><li>One</li><li>Two</li></ul>"
    action.save()
    action.refresh_from_db()
    assert action.text_plain == "One\nTwo"
    # Actions made many at a time (bulk_create) get theirs too.
    plan = synthetic_plan_create(actions=30, periods=1, slug="many")
    for text, words in Action.objects.filter(plan=plan).values_list("text", "text_plain"):
        assert words == narrative_plain_text(text) != ""


def _migration(app: str, name: str):
    return importlib.import_module(f"netzero.{app}.migrations.{name}")


@pytest.mark.django_db
def test_the_migration_sanitises_what_was_stored_raw_and_fills_the_plain_words():
    update = ActionUpdateFactory(progress="<p>Clean</p>")
    action = update.action
    published = ReportingPeriodFactory(plan=action.plan, name="2023-24 Q1")
    ActionUpdateFactory(action=action, period=published, progress="<p>Then</p>")
    period_published(published)
    # Written raw, past the model's sanitising (as loaddata or an SQL UPDATE would).
    Action.objects.filter(pk=action.pk).update(text=RAW, text_plain="")
    ActionUpdate.objects.filter(pk=update.pk).update(progress=RAW)
    snapshot = ReportingPeriod.objects.get(pk=published.pk).snapshot
    snapshot["rows"][0]["progress"] = RAW
    ReportingPeriod.objects.filter(pk=published.pk).update(snapshot=snapshot)

    _migration("plans", "0009_action_text_plain").fill_text_plain(apps, None)
    _migration("reporting", "0007_progress_sanitised_as_stored").sanitise_progress(apps, None)

    action.refresh_from_db()
    assert action.text == sanitise_narrative(RAW)
    assert action.text_plain == "Heat\nSafe & sound"
    assert ActionUpdate.objects.get(pk=update.pk).progress == sanitise_narrative(RAW)
    rows = ReportingPeriod.objects.get(pk=published.pk).snapshot["rows"]
    assert rows[0]["progress"] == sanitise_narrative(RAW) == "<p>Heat</p><p>Safe &amp; sound</p>"
    # Clean rows are left exactly as they were.
    assert ActionUpdate.objects.get(action=action, period=published).progress == "<p>Then</p>"


@pytest.mark.django_db
def test_a_summary_of_progress_with_markup_shows_sanitised_on_the_dashboard(client):
    update = ActionUpdateFactory(progress=RAW, reason='Late: "<b>"', mitigation="A & B")
    period = update.period
    period_published(period)
    body = client.get(
        reverse("dashboards:dashboard", args=[period.plan.slug, period.slug])
    ).content.decode()
    assert "<p>Heat</p><p>Safe &amp; sound</p>" in body
    assert "alert(" not in body and "onclick" not in body and "<h2>Heat" not in body
    assert "<strong>Reason:</strong> Late: &quot;&lt;b&gt;&quot;" in body
    assert "<strong>Mitigation:</strong> A &amp; B" in body


def _row(**values) -> ActionRow:
    row = {
        "action_id": 1,
        "ref": "16",
        "kind": "priority",
        "title": "",
        "text": "<p>Heat &amp; power</p>",
        "strategy_theme": "Energy",
        "theme": "Energy",
        "delivery_theme": "Buildings",
        "delivery_theme_lead": "TBC",
        "target": "2030",
        "success_measure": "",
        "impact": Impact.HIGH,
        "status": Status.REVIEW,
        "previous_status": Status.GOOD,
        "change": Change.WORSE,
        "progress": "<p>Going well</p>",
        "reason": "",
        "mitigation": "",
        "note": "",
        "reports_through": None,
    }
    row.update(values)
    return ActionRow(**row)


def test_a_table_row_escapes_every_value_as_a_template_would():
    nasty = "<i>'x'</i> & \"y\""
    html = action_rows_html(
        row_views(
            [
                _row(
                    title=nasty,
                    text_plain=nasty,
                    delivery_theme=nasty,
                    target=nasty,
                    success_measure=nasty,
                    reason=nasty,
                    mitigation=nasty,
                    note=nasty,
                    reports_through="7<",
                    overdue=True,
                )
            ],
            plan_slug="plan",
        ),
        long_list=False,
    )
    escaped = "&lt;i&gt;&#x27;x&#x27;&lt;/i&gt; &amp; &quot;y&quot;"
    assert "<i>" not in html and nasty not in html
    # title, words, theme, target, measure, reason, mitigation, note
    assert html.count(escaped) == 8
    assert "Reports through Ref 7&lt;." in html
    assert "<p>Going well</p>" in html  # the stored summary of progress, as stored
    assert tag_html(status_tag(Status.REVIEW)) in html and tag_html(OVERDUE_TAG) in html
    assert "Worse (was Good)" in html and ">High</td>" in html


def test_tags_are_drawn_by_the_tag_template():
    for status in Status:
        tag = status_tag(status)
        assert tag_html(tag) == render_to_string("web/_tag.html", {"tag": tag}).strip()


def test_a_row_without_words_says_so_and_a_long_list_row_has_its_own_columns():
    html = action_rows_html(
        row_views([_row(ref="LL3", kind="long_list", progress="", impact=None)], plan_slug="p"),
        long_list=True,
    )
    assert "No narrative recorded" in html
    assert 'data-label="Action"' in html and "Lead theme" not in html and "Impact" not in html
    assert ">LL3</a>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("ref", ["16", "LL15", "10.1", "A 1", "é", "..", ".", "a&b", "x'y"])
def test_an_actions_address_is_the_one_reverse_gives(ref):
    assert action_href("my-plan", ref) == reverse("dashboards:action", args=["my-plan", ref])


def test_a_published_snapshot_keeps_its_format_and_gives_back_the_plain_words():
    from netzero.dashboards.types import DashboardBasis

    basis = DashboardBasis(
        previous_period_id=None,
        strategy_themes=["Energy"],
        delivery_themes=[("Buildings", "TBC")],
        rows=[_row(text="<p>One</p><ul><li>Two &amp; three</li></ul>", text_plain="ignored")],
        plan_name="Plan",
        organisation_name="Council",
        notes="",
    )
    stored = basis_to_snapshot(basis)
    assert "text_plain" not in stored["rows"][0]  # the stored format is unchanged
    assert basis_from_snapshot(stored).rows[0].text_plain == "One\nTwo & three"


@pytest.mark.django_db
def test_the_dashboard_rows_carry_the_plain_words_the_reports_work_out():
    """The page prints ``text_plain``; reports and exports work the words out from ``text``:
    they are the same, live and published."""
    plan = synthetic_plan_create(actions=25, periods=2, slug="words")
    first, period = plan.periods.order_by("year", "quarter")
    live = dashboard_for_period(plan=plan, period=period)
    period_published(first)
    frozen = dashboard_for_period(plan=plan, period=period_published(period))
    assert frozen.frozen
    assert [r.text_plain for r in frozen.rows] == [r.text_plain for r in live.rows]
    for dashboard in (live, frozen):
        assert len(dashboard.rows) == 25
        for row in dashboard.rows:
            assert row.text_plain == narrative_plain_text(row.text) != ""
