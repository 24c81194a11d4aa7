"""`netzero update` goes through the workflow: a submitted or approved update changes only with a
reason, recorded with the operator; a published quarter's updates never change there."""

from __future__ import annotations

import getpass
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from netzero.reporting.models import ActionUpdate
from netzero.workflow.models import PeriodEvent
from netzero.workflow.services import update_approve, update_record, update_return, update_save

PLAN = "borough-climate-strategy"


@pytest.fixture
def plan(council):
    """The small council (netzero.testing.council): Q2 and Q3 published, Q4 open."""
    return council.plan


@pytest.fixture
def people(council):
    return council.people


@pytest.fixture
def q3(council):
    return council.q3


@pytest.fixture
def q4_workflow(people, plan, council):
    """Q4 part way through: Ref 10 and 24 submitted, Ref 16 and 25 drafts, by their leads and
    the contributor."""
    for ref, who, status, submit in (
        ("10", "planning", "Review", True),
        ("24", "transport", "Good", True),
        ("16", "planning", "Review", False),
        ("25", "contributor", "Good", False),
    ):
        update_save(
            action=council.actions[ref],
            period=council.q4,
            user=people[who],
            status=status,
            progress=f"<p>Ref {ref}: work under way.</p>",
            reason="Survey delayed." if status == "Review" else "",
            mitigation="",
            expected_version=0,
            submit=submit,
        )
    return council.q4


def _update(plan, period, ref) -> ActionUpdate:
    return ActionUpdate.objects.get(action__plan=plan, action__ref=ref, period=period)


def _record(plan, period, ref):
    update = _update(plan, period, ref)
    return (
        update.status,
        update.progress,
        update.state,
        update.author_id,
        update.version,
        update.history.count(),
        PeriodEvent.objects.count(),
    )


def _update_command(*args: str) -> str:
    out = StringIO()
    call_command("update", "--plan", PLAN, *args, stdout=out)
    return out.getvalue()


def test_a_submitted_or_approved_update_is_refused_without_a_reason(people, plan, q4_workflow):
    update_approve(update=_update(plan, q4_workflow, "24"), user=people["manager"])
    for ref, state in (("10", "submitted"), ("24", "approved")):
        before = _record(plan, q4_workflow, ref)
        message = (
            f"Ref {ref}'s 2022-23 Q4 update is {state}: it changes through the workflow (the "
            "programme manager returns it to its author), or with a reason for the change, which "
            "is recorded."
        )
        with pytest.raises(ValidationError) as refused:
            update_record(plan=plan, ref=ref, period_name="2022-23 Q4", status="Action")
        assert refused.value.messages == [message]
        with pytest.raises(CommandError) as refused:
            _update_command("--ref", ref, "--period", "2022-23-Q4", "--status", "Action")
        assert str(refused.value) == (
            f'{message} To change it anyway, give --change-reason "..." (and --user USERNAME): '
            "the change is recorded with them."
        )
        assert _record(plan, q4_workflow, ref) == before


def test_with_a_reason_and_a_user_the_change_is_recorded_with_them(people, plan, q4_workflow):
    before = _update(plan, q4_workflow, "10")
    printed = _update_command(
        "--ref", "10", "--period", "2022-23-Q4", "--status", "Action",
        "--reason", "Funding withdrawn.", "--mitigation", "Seeking other funding.",
        "--change-reason", "Funding withdrawn at Cabinet.", "--user", "manager",
    )  # fmt: skip
    assert printed == "Ref 10 in 2022-23 Q4: Action\n"
    update = _update(plan, q4_workflow, "10")
    assert (update.status, update.state, update.author) == (
        "action",
        "submitted",
        people["manager"],
    )
    assert update.progress == before.progress and update.version == before.version + 1
    record = update.history.latest("history_date")
    assert record.history_user == people["manager"]
    assert record.history_change_reason == "Funding withdrawn at Cabinet."
    event = PeriodEvent.objects.get(kind=PeriodEvent.Kind.CHANGED_BY_OPERATOR)
    assert (event.period, event.user) == (q4_workflow, people["manager"])
    assert event.reason == "Ref 10's submitted update: Funding withdrawn at Cabinet."
    assert event.get_kind_display() == "Changed by an operator"


def test_without_a_user_the_server_account_is_named_in_the_reason(people, plan, q4_workflow):
    author = _update(plan, q4_workflow, "24").author
    _update_command(
        "--ref", "24", "--period", "2022-23-Q4", "--status", "Good",
        "--change-reason", "Typo in the status.",
    )  # fmt: skip
    update = _update(plan, q4_workflow, "24")
    expected = f"Typo in the status. (netzero update run as {getpass.getuser()!r}; no --user given)"
    assert update.author == author
    record = update.history.latest("history_date")
    assert (record.history_user, record.history_change_reason) == (None, expected)
    event = PeriodEvent.objects.get(kind=PeriodEvent.Kind.CHANGED_BY_OPERATOR)
    assert (event.user, event.reason) == (None, f"Ref 24's submitted update: {expected}")


def test_a_published_periods_update_is_refused_reason_or_not(people, plan, q3):
    message = (
        "2022-23 Q3 is published: its updates no longer change. Reopen it first (a programme "
        "manager can, from its Manage page, giving a reason)."
    )
    before = _record(plan, q3, "5")
    for extra in ([], ["--change-reason", "Correcting the committee paper.", "--user", "admin"]):
        with pytest.raises(CommandError) as refused:
            _update_command("--ref", "5", "--period", "2022-23-Q3", "--status", "Good", *extra)
        assert str(refused.value) == message
    with pytest.raises(ValidationError) as refused:
        update_record(
            plan=plan,
            ref="5",
            period_name="2022-23 Q3",
            status="Good",
            user=people["admin"],
            change_reason="Correcting the committee paper.",
        )
    assert refused.value.messages == [message]
    # An action with no update in a published quarter: refused the same way.
    with pytest.raises(CommandError, match="2022-23 Q3 is published"):
        _update_command("--ref", "20", "--period", "2022-23-Q3", "--status", "Good")
    assert _record(plan, q3, "5") == before


def test_drafts_returned_and_missing_updates_need_no_reason(people, plan, q4_workflow):
    returned = update_return(
        update=_update(plan, q4_workflow, "10"), user=people["manager"], comment="Dates?"
    )
    for ref in ("16", "10", "1"):  # draft, returned, none yet
        _update_command(
            "--ref", ref, "--period", "2022-23-Q4", "--status", "Review", "--reason", "Delayed."
        )  # fmt: skip
        assert _update(plan, q4_workflow, ref).status == "review"
    assert _update(plan, q4_workflow, "10").state == returned.state == "returned"
    _update_command(
        "--ref", "16", "--period", "2022-23-Q4", "--status", "Good", "--user", "planning"
    )
    record = _update(plan, q4_workflow, "16").history.latest("history_date")
    assert record.history_user == people["planning"]
    assert not PeriodEvent.objects.filter(kind=PeriodEvent.Kind.CHANGED_BY_OPERATOR).exists()
    with pytest.raises(CommandError, match=r"No user 'nobody'\."):
        _update_command(
            "--ref", "16", "--period", "2022-23-Q4", "--status", "Good", "--user", "nobody"
        )


def test_a_review_or_action_status_needs_its_reason_here_too(people, plan, q4_workflow):
    """The rule the update page applies holds for the operator: nothing is written without it."""
    before = _record(plan, q4_workflow, "16")
    with pytest.raises(CommandError) as refused:
        _update_command(
            "--ref", "1", "--period", "2022-23-Q4", "--status", "Action", "--reason", " "
        )  # fmt: skip
    assert str(refused.value) == (
        "Give the reason for a Review or Action status.\n"
        "Say what is being done about an Action status."
    )
    assert not ActionUpdate.objects.filter(action__ref="1", period=q4_workflow).exists()
    with pytest.raises(CommandError, match=r"^Say what is being done about an Action status\.$"):
        _update_command(
            "--ref", "16", "--period", "2022-23-Q4", "--status", "Action", "--mitigation", " "
        )  # fmt: skip
    assert _record(plan, q4_workflow, "16") == before
