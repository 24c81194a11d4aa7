"""Writing a period's report details: who may, when, and what is kept."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from netzero.core.exceptions import Refused
from netzero.reports.models import ReportDetails
from netzero.reports.services import report_details_update


def test_the_programme_manager_writes_the_open_periods_report(council):
    manager = council.people["manager"]
    details = report_details_update(
        period=council.q4,
        user=manager,
        title="Climate Change Performance Reporting",
        purpose="  <b>Bold</b> words stay as typed.  ",
    )
    details.refresh_from_db()
    assert details.title == "Climate Change Performance Reporting"
    assert details.purpose == "<b>Bold</b> words stay as typed."  # text, escaped when shown
    assert details.updated_by == manager
    again = report_details_update(period=council.q4, user=manager, title="Quarter 4")
    assert again.pk == details.pk and again.purpose == details.purpose
    assert ReportDetails.objects.filter(period=council.q4).count() == 1
    assert list(again.history.values_list("title", flat=True)) == [
        "Quarter 4",
        "Climate Change Performance Reporting",
    ]


@pytest.mark.parametrize("person", ["planning", "contributor", "viewer", "outsider", "partner"])
def test_no_one_else_may(council, person):
    with pytest.raises(PermissionDenied):
        report_details_update(period=council.q4, user=council.people[person], purpose="x")
    with pytest.raises(PermissionDenied):
        report_details_update(period=council.q4, user=None, purpose="x")
    assert not ReportDetails.objects.exists()


def test_a_published_periods_report_is_frozen(council):
    ReportDetails.objects.create(period=council.q3, purpose="As published.")
    with pytest.raises(Refused, match="published: its report is frozen"):
        report_details_update(period=council.q3, user=council.people["manager"], purpose="New")
    assert ReportDetails.objects.get(period=council.q3).purpose == "As published."


def test_bad_values_are_refused_and_nothing_is_written(council):
    manager = council.people["manager"]
    with pytest.raises(Refused, match="Not a report field: snapshot"):
        report_details_update(period=council.q4, user=manager, snapshot="x")
    with pytest.raises(Refused) as refused:
        report_details_update(period=council.q4, user=manager, title="T" * 301)
    assert "title" in refused.value.message_dict
    with pytest.raises(Refused, match="Not a report field: meeting_date"):
        # the meeting is the period's (workflow.services.period_presented_record), kept once
        report_details_update(period=council.q4, user=manager, meeting_date=datetime.date.today())
    assert not ReportDetails.objects.exists()
