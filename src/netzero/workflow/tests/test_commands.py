from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


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


def _remind(*args: str) -> str:
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


def test_remind_emails_everyone_with_outstanding_updates(
    people, plan, q4, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        text = _remind("--period", "2022-23-Q4")
    assert "planning (planning@example.invalid): 10, 16" in text
    assert len(mailoutbox) == len([line for line in text.splitlines() if "@" in line])
    assert q4.events.filter(kind="reminded").count() == 1


def test_remind_for_one_plan_and_errors(people, plan, mailoutbox):
    assert "contributor" in _remind("--plan", plan.slug)
    with pytest.raises(CommandError, match="is published"):
        _remind("--plan", plan.slug, "--period", "2022-23-Q3")
    with pytest.raises(CommandError, match="not a reporting period"):
        _remind("--period", "Q4")
    assert _remind("--period", "2030-31-Q1") == "No open periods.\n"
