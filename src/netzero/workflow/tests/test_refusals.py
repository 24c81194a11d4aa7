"""Every refusal of the quarterly cycle's services, called directly for each role that must be
refused: the error, its code, the words a person reads, and that nothing at all was written.

Also the exact effect of each service when it does act (versions, states, who submitted or
reviewed, events and their reasons), since committee papers rest on those records. Built on the
``council`` fixture (``netzero.testing.council``): Planning leads Ref 10, 16 and 20; transport
leads Ref 5, 24 and 25; the contributor is named on Ref 25; 2022-23 Q2 and Q3 are published and
Q4 is open and empty.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from netzero.core.exceptions import Conflict, NotFound, Refused, error_messages
from netzero.core.users import full_name
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.status import Status
from netzero.testing.factories import (
    ActionFactory,
    ActionUpdateFactory,
    DeliveryThemeFactory,
    MembershipFactory,
    PlanFactory,
    ReportingPeriodFactory,
)
from netzero.workflow.models import PeriodEvent
from netzero.workflow.services import (
    UpdateConflict,
    period_open,
    period_publish,
    period_reopen,
    reminders_send,
    update_approve,
    update_record,
    update_record_as_published,
    update_return,
    update_save,
)

NOT_MANAGERS = ["planning", "transport", "contributor", "viewer", "outsider", "partner", None]


def _user(council, who):
    return None if who is None else council.people[who]


def _written():
    """Everything the workflow writes, as it stands: compared before and after a refusal."""
    return {
        "periods": list(ReportingPeriod.objects.order_by("pk").values()),
        "updates": list(ActionUpdate.objects.order_by("pk").values()),
        "events": list(PeriodEvent.objects.order_by("pk").values()),
        "period history": ReportingPeriod.history.count(),
        "update history": ActionUpdate.history.count(),
        "mail": len(mail.outbox),
    }


def _denied(perm: str) -> str:
    return re.escape(f"You do not have permission to do this ({perm}).")


def _save(council, who, ref, *, period=None, version=0, **fields):
    values = {
        "status": "Review",
        "progress": "<p>Framework paused.</p>",
        "reason": "Funding delayed.",
        "mitigation": "",
        "submit": False,
        "note": "",
    } | fields
    return update_save(
        action=council.actions[ref],
        period=period or council.q4,
        user=_user(council, who),
        expected_version=version,
        **values,
    )


def _submitted(council, ref="16", who="planning"):
    return _save(council, who, ref, submit=True)


def _refused(exc_info, code: str, message: str) -> None:
    assert type(exc_info.value) is Refused
    assert exc_info.value.code == code
    assert error_messages(exc_info.value) == [message]


# period_open ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", NOT_MANAGERS)
def test_only_a_programme_manager_opens_a_period(council, who):
    before = _written()
    with pytest.raises(PermissionDenied, match=_denied("netzero.manage_periods")):
        period_open(plan=council.plan, name="2023-24 Q1", user=_user(council, who))
    assert _written() == before


def test_opening_a_quarter_the_plan_already_has_is_refused(council):
    before = _written()
    with pytest.raises(Refused) as refused:
        period_open(plan=council.plan, name="2022-23-Q4", user=council.people["manager"])
    _refused(
        refused, "duplicate_period", "Borough Climate Strategy already has the period 2022-23 Q4."
    )
    assert _written() == before


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_opening_a_period_records_who_opened_it(council, who):
    period = period_open(
        plan=council.plan, name="2023-24 Q1", user=council.people[who], notes="Fleet data late."
    )
    period.refresh_from_db()
    assert (period.name, period.state, period.notes) == ("2023-24 Q1", "open", "Fleet data late.")
    event = PeriodEvent.objects.get(period=period)
    assert (event.kind, event.user, event.reason) == ("opened", council.people[who], "")


# period_publish ------------------------------------------------------------------------------


def _approve_all(council, period):
    for ref in ("1", "16"):
        ActionUpdateFactory(action=council.actions[ref], period=period, approved=True)


@pytest.mark.parametrize("who", NOT_MANAGERS)
def test_only_a_programme_manager_publishes(council, who):
    _approve_all(council, council.q4)
    before = _written()
    with pytest.raises(PermissionDenied, match=_denied("netzero.manage_periods")):
        period_publish(period=council.q4, user=_user(council, who))
    assert _written() == before


def test_publishing_twice_is_refused(council):
    before = _written()
    with pytest.raises(Refused) as refused:
        period_publish(period=council.q3, user=council.people["manager"])
    _refused(
        refused,
        "period_published",
        "2022-23 Q3 is published: it no longer changes. A programme manager can reopen it, "
        "giving a reason.",
    )
    assert _written() == before


@pytest.mark.parametrize("state", ["draft", "submitted", "returned"])
def test_publishing_with_an_update_not_approved_is_refused(council, state):
    """The update's status would otherwise be frozen into the published figures."""
    _approve_all(council, council.q4)
    ActionUpdateFactory(action=council.actions["25"], period=council.q4, state=state)
    ActionUpdateFactory(action=council.actions["LL1"], period=council.q4, state=state)
    ActionUpdateFactory(action=council.actions["5"], period=council.q4, state=state)
    before = _written()
    with pytest.raises(Refused) as refused:
        period_publish(period=council.q4, user=council.people["manager"])
    where = {
        "draft": "draft, not yet submitted by its lead",
        "submitted": "submitted by its lead, waiting for approval",
        "returned": "returned to its lead for changes",
    }[state]
    ll1 = council.actions["LL1"].title
    _refused(
        refused,
        "updates_pending",
        f"3 update(s) are not approved yet: Ref 5 ({where}); Ref 25 ({where}); Ref LL1 {ll1} "
        f"({where}). Approve the submitted ones, or have their leads submit them, before "
        "publishing; actions with no update are published as Not reported.",
    )
    assert _written() == before


def test_the_refusal_names_who_has_each_pending_update(council):
    """A draft is named with its author (the review page has nothing to do with it), a
    submitted update with who submitted it, by full name."""
    _approve_all(council, council.q4)
    planning = council.people["planning"]
    planning.first_name, planning.last_name = "Priya", "Shah"
    planning.save()
    ActionUpdateFactory(
        action=council.actions["5"], period=council.q4, state="draft", author=planning
    )
    ActionUpdateFactory(
        action=council.actions["10"],
        period=council.q4,
        state="submitted",
        author=planning,
        submitted_by=planning,
    )
    with pytest.raises(Refused) as refused:
        period_publish(period=council.q4, user=council.people["manager"])
    assert error_messages(refused.value)[0].startswith(
        "2 update(s) are not approved yet: Ref 5 (draft, not yet submitted by Priya Shah); "
        "Ref 10 (submitted by Priya Shah, waiting for "
        "approval)."
    )


def test_the_pending_updates_are_named_priority_first_whatever_their_positions(council):
    """As the dashboard lists them: a long-list action placed first is still named last."""
    _approve_all(council, council.q4)
    first = ActionFactory(
        plan=council.plan, ref="LL0", theme=council.actions["1"].theme, long_list=True, position=0
    )
    ActionUpdateFactory(action=first, period=council.q4, state="submitted")
    ActionUpdateFactory(action=council.actions["25"], period=council.q4, state="draft")
    ActionUpdateFactory(action=council.actions["5"], period=council.q4, state="draft")
    with pytest.raises(Refused) as refused:
        period_publish(period=council.q4, user=council.people["manager"])
    assert error_messages(refused.value)[0].startswith(
        "3 update(s) are not approved yet: Ref 5 (draft, not yet submitted by its lead); "
        "Ref 25 (draft, not yet submitted by its lead); Ref LL0 "
    )


@pytest.mark.parametrize(("pending", "more"), [(20, ""), (21, " and more")])
def test_the_refusal_names_twenty_pending_updates_and_says_when_there_are_more(
    council, pending, more
):
    theme = council.actions["1"].theme
    for n in range(pending):
        ActionUpdateFactory(
            action=ActionFactory(plan=council.plan, ref=f"P{n:02}", theme=theme, position=100 + n),
            period=council.q4,
        )
    with pytest.raises(Refused) as refused:
        period_publish(period=council.q4, user=council.people["manager"])
    refs = "; ".join(f"Ref P{n:02} (draft, not yet submitted by its lead)" for n in range(20))
    assert error_messages(refused.value) == [
        f"{pending} update(s) are not approved yet: {refs}{more}. Approve the submitted ones, "
        "or have their leads submit them, before publishing; actions with no update are "
        "published as Not reported."
    ]


def test_publishing_while_an_earlier_quarter_is_open_is_refused(council):
    period_reopen(period=council.q3, user=council.people["manager"], reason="Ref 5 misread.")
    period_reopen(period=council.q2, user=council.people["manager"], reason="Ref 5 misread.")
    before = _written()
    with pytest.raises(Refused) as refused:
        period_publish(period=council.q4, user=council.people["manager"])
    _refused(
        refused,
        "earlier_period_open",
        "Publish 2022-23 Q2, 2022-23 Q3 first: this quarter's changes are measured against the "
        "quarter before it, which must be final.",
    )
    assert _written() == before


def test_an_open_later_quarter_or_another_plans_open_quarter_does_not_hold_publishing(council):
    ReportingPeriodFactory(plan=council.plan, name="2023-24 Q1")
    ReportingPeriodFactory(plan=PlanFactory(), name="2021-22 Q1")
    _approve_all(council, council.q4)
    published = period_publish(period=council.q4, user=council.people["manager"])
    assert published.is_published


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_publishing_freezes_the_figures_and_records_who(council, who):
    _approve_all(council, council.q4)
    events = PeriodEvent.objects.count()
    published = period_publish(period=council.q4, user=council.people[who])
    stored = ReportingPeriod.objects.get(pk=council.q4.pk)
    assert stored.state == "published" and stored.published_by == council.people[who]
    assert stored.published_at is not None
    statuses = {row["ref"]: row["status"] for row in stored.snapshot["rows"]}
    assert statuses["1"] == "good" and statuses["16"] == "good" and statuses["5"] == "not_reported"
    assert published.snapshot == stored.snapshot
    event = PeriodEvent.objects.get(period=council.q4)
    assert PeriodEvent.objects.count() == events + 1
    assert (event.kind, event.user, event.snapshot) == (
        "published",
        council.people[who],
        stored.snapshot,
    )
    assert stored.history.first().history_user == council.people[who]


def test_republishing_after_a_reopen_freezes_the_corrected_figures(council):
    manager = council.people["manager"]
    period_reopen(period=council.q3, user=manager, reason="Ref 5 was Good, not Review.")
    ref5 = ActionUpdate.objects.get(period=council.q3, action=council.actions["5"])
    _save(council, "manager", "5", period=council.q3, version=ref5.version, status="Good")
    period_publish(period=council.q3, user=manager)
    stored = ReportingPeriod.objects.get(pk=council.q3.pk)
    assert {row["ref"]: row["status"] for row in stored.snapshot["rows"]}["5"] == "good"
    first, second = PeriodEvent.objects.filter(period=council.q3, kind="published").order_by("pk")
    assert {row["ref"]: row["status"] for row in first.snapshot["rows"]}["5"] == "review"
    assert second.snapshot == stored.snapshot


def test_a_period_opened_without_notes_has_none(council):
    period = period_open(plan=council.plan, name="2023-24 Q1", user=council.people["manager"])
    assert ReportingPeriod.objects.get(pk=period.pk).notes == ""


# period_reopen -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", NOT_MANAGERS)
def test_only_a_programme_manager_reopens(council, who):
    before = _written()
    with pytest.raises(PermissionDenied, match=_denied("netzero.manage_periods")):
        period_reopen(period=council.q3, user=_user(council, who), reason="Ref 5 misread.")
    assert _written() == before


def test_reopening_an_open_period_is_refused(council):
    before = _written()
    with pytest.raises(Refused) as refused:
        period_reopen(period=council.q4, user=council.people["manager"], reason="Why not.")
    _refused(refused, "not_published", "2022-23 Q4 is already open.")
    assert _written() == before


def test_reopening_a_quarter_a_later_published_one_was_measured_against_is_refused(council):
    """Q3's published changes were measured against Q2: Q2 cannot change under them."""
    before = _written()
    with pytest.raises(Refused) as refused:
        period_reopen(period=council.q2, user=council.people["manager"], reason="Ref 5 misread.")
    _refused(
        refused,
        "later_period_published",
        "Reopen 2022-23 Q3 first (the latest first): a published quarter's changes were "
        "measured against the quarter before it, so 2022-23 Q2 must stay as it was published.",
    )
    assert _written() == before
    period_reopen(period=council.q3, user=council.people["manager"], reason="Ref 5 misread.")
    assert period_reopen(
        period=council.q2, user=council.people["manager"], reason="Ref 5 misread."
    ).is_open


def test_the_refusal_names_every_later_published_quarter_latest_first(council):
    _approve_all(council, council.q4)
    period_publish(period=council.q4, user=council.people["manager"])
    ReportingPeriodFactory(plan=council.plan, name="2023-24 Q1", published=True)
    with pytest.raises(Refused) as refused:
        period_reopen(period=council.q2, user=council.people["manager"], reason="Ref 5 misread.")
    assert error_messages(refused.value) == [
        "Reopen 2023-24 Q1, 2022-23 Q4, 2022-23 Q3 first (the latest first): a published "
        "quarter's changes were measured against the quarter before it, so 2022-23 Q2 must stay "
        "as it was published."
    ]


def test_another_plans_later_published_quarter_does_not_hold_a_reopening(council):
    ReportingPeriodFactory(plan=PlanFactory(), name="2030-31 Q1", published=True)
    reopened = period_reopen(
        period=council.q3, user=council.people["manager"], reason="Ref 5 misread."
    )
    assert reopened.is_open


@pytest.mark.parametrize("reason", ["", "  \n "])
def test_reopening_without_a_reason_is_refused(council, reason):
    before = _written()
    with pytest.raises(Refused) as refused:
        period_reopen(period=council.q3, user=council.people["manager"], reason=reason)
    assert refused.value.code == "required"
    assert refused.value.message_dict == {
        "reason": ["Give the reason for reopening a published period."]
    }
    assert _written() == before


def test_reopening_records_the_reason_as_typed_without_its_spaces(council):
    period = period_reopen(
        period=council.q3, user=council.people["manager"], reason="  Ref 5 misread.\n"
    )
    stored = ReportingPeriod.objects.get(pk=council.q3.pk)
    assert period.is_open and stored.state == "open"
    event = PeriodEvent.objects.get(period=council.q3, kind="reopened")
    assert (event.user, event.reason) == (council.people["manager"], "Ref 5 misread.")
    assert stored.history.first().history_user == council.people["manager"]


# update_save ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "ref"),
    [
        ("planning", "5"),  # another delivery theme's action
        ("transport", "16"),
        ("planning", "LL1"),  # a long-list action with no delivery theme
        ("contributor", "24"),  # not named on it
        ("viewer", "16"),
        ("outsider", "16"),
        ("partner", "16"),
        (None, "16"),
    ],
)
def test_who_may_not_write_an_actions_update(council, who, ref):
    before = _written()
    with pytest.raises(PermissionDenied, match=_denied("netzero.edit_update")):
        _save(council, who, ref)
    assert _written() == before


@pytest.mark.parametrize(
    ("who", "ref"),
    [("planning", "16"), ("transport", "25"), ("contributor", "25"), ("manager", "LL1")],
)
def test_who_may_write_an_actions_update(council, who, ref):
    update = _save(council, who, ref)
    assert (update.author, update.state, update.version) == (council.people[who], "draft", 1)


def test_an_update_in_another_plans_period_is_refused(council):
    other = ReportingPeriodFactory(plan=PlanFactory(organisation=council.plan.organisation))
    before = _written()
    with pytest.raises(Refused) as refused:
        _save(council, "manager", "16", period=other)
    assert type(refused.value) is Refused
    assert error_messages(refused.value) == ["The action and the period belong to different plans."]
    assert _written() == before


@pytest.mark.parametrize("who", ["planning", "manager"])
def test_a_published_periods_update_is_refused(council, who):
    before = _written()
    with pytest.raises(Refused) as refused:
        _save(council, who, "16", period=council.q3, version=1)
    _refused(
        refused,
        "period_published",
        "2022-23 Q3 is published: it no longer changes. A programme manager can reopen it, "
        "giving a reason.",
    )
    assert _written() == before


def test_an_unknown_status_is_refused(council):
    before = _written()
    with pytest.raises(ValidationError) as refused:
        _save(council, "planning", "16", status="Amber")
    assert refused.value.code == "unknown_status"
    assert refused.value.messages == [
        "Unknown status 'Amber'. Use one of: Good, Review, Action, Not reported."
    ]
    assert _written() == before


@pytest.mark.parametrize(
    ("status", "reason", "mitigation", "refused"),
    [
        ("Review", " ", "", {"reason": ["Give the reason for a Review or Action status."]}),
        (
            "Action",
            "",
            "",
            {
                "reason": ["Give the reason for a Review or Action status."],
                "mitigation": ["Say what is being done about an Action status."],
            },
        ),
        (
            "Action",
            "Late.",
            "\n",
            {"mitigation": ["Say what is being done about an Action status."]},
        ),
    ],
)
def test_submitting_a_review_or_action_status_without_its_reasons_is_refused(
    council, status, reason, mitigation, refused
):
    before = _written()
    with pytest.raises(Refused) as error:
        _save(
            council,
            "planning",
            "16",
            status=status,
            reason=reason,
            mitigation=mitigation,
            submit=True,
        )
    assert error.value.code == "incomplete" and error.value.message_dict == refused
    assert _written() == before


@pytest.mark.parametrize(
    ("status", "reason", "mitigation"),
    [("Action", "", ""), ("Review", "", ""), ("", "", ""), ("Action", "Late.", "")],
)
def test_a_draft_keeps_whatever_was_typed(council, status, reason, mitigation):
    update = _save(
        council, "planning", "16", status=status, reason=reason, mitigation=mitigation, progress=""
    )
    update.refresh_from_db()
    assert update.state == ActionUpdate.State.DRAFT
    assert update.status == (Status(status.lower()) if status else Status.NOT_REPORTED)
    assert (update.reason, update.mitigation, update.progress) == (reason, mitigation, "")


@pytest.mark.parametrize(
    ("fields", "refused"),
    [
        ({"progress": ""}, {"progress": ["Give a summary of progress."]}),
        ({"progress": "<p> </p><ul><li></li></ul>"}, {"progress": ["Give a summary of progress."]}),
        (
            {"status": "", "progress": ""},
            {
                "status": ["Choose the action's status: Good, Review or Action."],
                "progress": ["Give a summary of progress."],
            },
        ),
        (
            {"status": "Not reported"},
            {"status": ["Choose the action's status: Good, Review or Action."]},
        ),
    ],
)
def test_submitting_needs_a_status_and_a_summary_of_progress(council, fields, refused):
    before = _written()
    with pytest.raises(Refused) as error:
        _save(council, "planning", "16", submit=True, **fields)
    assert error.value.code == "incomplete" and error.value.message_dict == refused
    assert _written() == before


@pytest.mark.parametrize("submit", [False, True])
@pytest.mark.parametrize(
    ("fields", "refused"),
    [
        (
            {"progress": "<p>" + "x" * 4001 + "</p>"},
            {
                "progress": [
                    "The summary of progress must be 4,000 characters or fewer (it is 4,001)."
                ]
            },
        ),
        (
            {"reason": "r" * 1501},
            {"reason": ["The reason must be 1,500 characters or fewer (it is 1,501)."]},
        ),
        (
            {"status": "Action", "mitigation": "m" * 1600},
            {"mitigation": ["The mitigation must be 1,500 characters or fewer (it is 1,600)."]},
        ),
    ],
)
def test_texts_longer_than_their_maximum_are_refused_even_in_a_draft(
    council, submit, fields, refused
):
    before = _written()
    with pytest.raises(Refused) as error:
        _save(council, "planning", "16", submit=submit, **fields)
    assert error.value.code == "too_long" and error.value.message_dict == refused
    assert _written() == before


def test_texts_at_their_maximum_are_accepted(council):
    update = _save(
        council,
        "planning",
        "16",
        submit=True,
        status="Action",
        progress="<p>" + "x" * 4000 + "</p>",
        reason="r" * 1500,
        mitigation="m" * 1500,
    )
    assert update.state == ActionUpdate.State.SUBMITTED


def test_an_incomplete_update_is_not_approved(council):
    """One submitted before the rule (or changed by an operator) is returned, not approved."""
    submitted = _submitted(council)
    ActionUpdate.objects.filter(pk=submitted.pk).update(progress="")
    before = _written()
    with pytest.raises(Refused) as error:
        update_approve(update=submitted, user=council.people["manager"])
    _refused(
        error,
        "incomplete",
        "Ref 16's update cannot be approved as it is: Give a summary of progress. Return it to "
        "its lead to complete.",
    )
    assert _written() == before


@pytest.mark.parametrize("status", ["Good", "Not reported"])
def test_good_or_not_reported_needs_no_reason(council, status):
    update = _save(council, "planning", "16", status=status, reason="", mitigation="")
    assert update.status == Status(status.lower().replace(" ", "_"))


def test_an_action_status_with_its_reason_and_mitigation_is_saved(council):
    update = _save(council, "planning", "16", status="Action", reason="Late.", mitigation="Chased.")
    assert (update.status, update.reason, update.mitigation) == ("action", "Late.", "Chased.")


def test_a_version_for_an_update_that_no_longer_exists_is_refused(council):
    before = _written()
    with pytest.raises(Conflict) as refused:
        _save(council, "planning", "16", version=2)
    assert type(refused.value) is Conflict and refused.value.code == "conflict"
    assert error_messages(refused.value) == ["The update you started from no longer exists."]
    assert _written() == before


@pytest.mark.parametrize("state", ["submitted", "approved"])
@pytest.mark.parametrize("who", ["planning", "contributor"])
def test_a_lead_or_contributor_cannot_change_a_submitted_or_approved_update(council, state, who):
    ref = "16" if who == "planning" else "25"
    update = ActionUpdateFactory(action=council.actions[ref], period=council.q4, state=state)
    before = _written()
    with pytest.raises(Refused) as refused:
        _save(council, who, ref, version=update.version)
    _refused(
        refused,
        "locked",
        f"This update is {state}; the programme manager must return it before it can be changed.",
    )
    assert _written() == before


def test_a_stale_save_is_refused_and_names_who_saved_first(council):
    first = _save(council, "planning", "16", progress="<p>Mine.</p>")
    _save(council, "manager", "16", version=first.version, progress="<p>Manager's.</p>")
    before = _written()
    with pytest.raises(UpdateConflict) as refused:
        _save(council, "planning", "16", version=first.version, progress="<p>Lead's.</p>")
    assert refused.value.code == "conflict"
    manager = council.people["manager"]
    assert full_name(manager) != manager.get_username()  # shown by name, never the username
    name = re.escape(full_name(manager))
    assert re.fullmatch(
        name + r" saved this update at \d\d:\d\d on \d\d \w+ \d{4} after you opened it\. Your "
        r"text is below and has not been saved: compare it with theirs, then save again\.",
        str(refused.value),
    )
    assert refused.value.current.progress == "<p>Manager's.</p>"
    assert refused.value.current.version == 2
    assert _written() == before


def test_a_stale_save_after_a_return_is_refused(council):
    """The lead opened the submitted update; the manager returned it with a comment meanwhile."""
    submitted = _submitted(council)
    update_return(update=submitted, user=council.people["manager"], comment="Add the dates.")
    before = _written()
    with pytest.raises(UpdateConflict):
        _save(council, "planning", "16", version=submitted.version, submit=True)
    assert _written() == before
    stored = ActionUpdate.objects.get(pk=submitted.pk)
    assert (stored.state, stored.review_comment) == ("returned", "Add the dates.")


def test_a_stale_save_by_someone_without_an_author_on_record_says_someone(council):
    update = ActionUpdateFactory(action=council.actions["16"], period=council.q4, version=3)
    with pytest.raises(UpdateConflict, match=r"^someone saved this update at "):
        _save(council, "planning", "16", version=2)
    assert ActionUpdate.objects.get(pk=update.pk).version == 3


def test_a_stale_save_says_when_the_other_person_saved(council):
    update = ActionUpdateFactory(action=council.actions["16"], period=council.q4, version=3)
    saved_at = datetime(2023, 1, 9, 14, 5, tzinfo=UTC)
    ActionUpdate.objects.filter(pk=update.pk).update(updated_at=saved_at)
    with pytest.raises(UpdateConflict) as stale:
        _save(council, "planning", "16", version=2)
    when = f"{timezone.localtime(saved_at):%H:%M on %d %B %Y}"
    assert error_messages(stale.value)[0].startswith(
        f"someone saved this update at {when} after you opened it."
    )


def test_saving_a_new_update_then_submitting_it(council):
    draft = _save(council, "planning", "16", note="From the lead's email.")
    stored = ActionUpdate.objects.get(pk=draft.pk)
    assert (stored.state, stored.version, stored.author) == ("draft", 1, council.people["planning"])
    assert (stored.status, stored.reason, stored.note) == (
        "review",
        "Funding delayed.",
        "From the lead's email.",
    )
    assert stored.submitted_at is None and stored.submitted_by is None
    assert stored.history.first().history_user == council.people["planning"]

    submitted = _save(council, "planning", "16", version=1, submit=True, progress="<p>Done.</p>")
    stored = ActionUpdate.objects.get(pk=draft.pk)
    assert (stored.state, stored.version, stored.progress) == ("submitted", 2, "<p>Done.</p>")
    assert stored.submitted_by == council.people["planning"] and stored.submitted_at is not None
    assert submitted.version == 2
    assert ActionUpdate.objects.filter(period=council.q4, action__ref="16").count() == 1


def test_submitting_a_new_update_straight_away(council):
    update = _submitted(council)
    stored = ActionUpdate.objects.get(pk=update.pk)
    assert (stored.state, stored.version, stored.submitted_by) == (
        "submitted",
        1,
        council.people["planning"],
    )


def test_saving_a_returned_update_makes_it_a_draft_again(council):
    submitted = _submitted(council)
    returned = update_return(update=submitted, user=council.people["manager"], comment="Dates?")
    draft = _save(council, "planning", "16", version=returned.version)
    stored = ActionUpdate.objects.get(pk=draft.pk)
    assert (stored.state, stored.version) == ("draft", returned.version + 1)


@pytest.mark.parametrize("state", ["submitted", "approved"])
def test_a_manager_edits_a_submitted_or_approved_update_without_changing_its_state(council, state):
    update = ActionUpdateFactory(action=council.actions["16"], period=council.q4, state=state)
    edited = _save(council, "manager", "16", version=update.version, progress="<p>Tidied.</p>")
    stored = ActionUpdate.objects.get(pk=update.pk)
    assert (stored.state, stored.version, stored.progress) == (state, 2, "<p>Tidied.</p>")
    assert stored.author == council.people["manager"] and edited.version == 2


# update_record (netzero update) --------------------------------------------------------------


def _record(council, ref="16", period="2022-23 Q4", **fields):
    values = {"status": "Good"} | fields
    return update_record(plan=council.plan, ref=ref, period_name=period, **values)


@pytest.mark.parametrize("who", ["viewer", "outsider", "partner", "transport"])
def test_recording_in_the_name_of_someone_who_may_not_update_the_action_is_refused(council, who):
    """Ref 16 is Planning's: the person named becomes its update's author and is in its
    history, so they must be someone who may update it."""
    before = _written()
    with pytest.raises(PermissionDenied, match=_denied("netzero.edit_update")):
        _record(council, user=_user(council, who))
    assert _written() == before


@pytest.mark.parametrize("who", ["planning", "manager"])
def test_recording_in_the_name_of_the_lead_or_a_manager_is_allowed(council, who):
    update = _record(council, user=_user(council, who))
    assert update.author == _user(council, who)


@pytest.mark.parametrize(
    ("ref", "period", "code"),
    [("99", "2022-23 Q4", "unknown_ref"), ("16", "2030-31 Q1", "unknown_period")],
)
def test_recording_for_an_unknown_action_or_period_is_refused(council, ref, period, code):
    before = _written()
    with pytest.raises(NotFound) as missing:
        _record(council, ref=ref, period=period)
    assert missing.value.code == code
    assert _written() == before


def test_recording_in_a_published_period_is_refused(council):
    before = _written()
    with pytest.raises(Refused) as refused:
        _record(council, period="2022-23 Q3", change_reason="Typo.")
    _refused(
        refused,
        "period_published",
        "2022-23 Q3 is published: its updates no longer change. Reopen it first (a programme "
        "manager can, from its Manage page, giving a reason).",
    )
    assert _written() == before


@pytest.mark.parametrize("state", ["submitted", "approved"])
@pytest.mark.parametrize("change_reason", ["", "   "])
def test_recording_over_a_submitted_or_approved_update_needs_a_reason(
    council, state, change_reason
):
    ActionUpdateFactory(action=council.actions["16"], period=council.q4, state=state)
    before = _written()
    with pytest.raises(Refused) as refused:
        _record(council, change_reason=change_reason)
    _refused(
        refused,
        "locked",
        f"Ref 16's 2022-23 Q4 update is {state}: it changes through the workflow (the programme "
        "manager returns it to its author), or with a reason for the change, which is recorded.",
    )
    assert _written() == before


def test_recording_a_review_status_without_a_reason_is_refused(council):
    before = _written()
    with pytest.raises(Refused) as refused:
        _record(council, status="Action", reason="", mitigation="")
    assert refused.value.code == "reason_required"
    assert set(refused.value.message_dict) == {"reason", "mitigation"}
    assert _written() == before


def test_recording_a_new_update_as_an_operator_without_an_account(council):
    update = _record(council, status="Review", progress="<p>P.</p>", reason="Late.")
    stored = ActionUpdate.objects.get(pk=update.pk)
    assert (stored.state, stored.version, stored.author) == ("draft", 1, None)
    assert (stored.status, stored.progress, stored.reason, stored.mitigation) == (
        "review",
        "<p>P.</p>",
        "Late.",
        "",
    )
    assert not PeriodEvent.objects.filter(period=council.q4).exists()


def test_recording_keeps_what_it_is_not_given_and_raises_the_version(council):
    draft = _save(council, "planning", "16", reason="Late.", mitigation="Chased.")
    update = _record(council, status="Action", user=None)
    stored = ActionUpdate.objects.get(pk=draft.pk)
    assert (stored.status, stored.progress, stored.reason, stored.mitigation) == (
        "action",
        "<p>Framework paused.</p>",
        "Late.",
        "Chased.",
    )
    assert stored.version == 2 and update.version == 2
    assert stored.author == council.people["planning"]  # an operator without account: kept
    _record(council, status="Good", user=council.people["manager"], reason="", mitigation="")
    stored = ActionUpdate.objects.get(pk=draft.pk)
    assert (stored.author, stored.version, stored.reason) == (council.people["manager"], 3, "")
    assert stored.history.first().history_user == council.people["manager"]


@pytest.mark.parametrize("state", ["submitted", "approved"])
def test_recording_over_a_locked_update_with_a_reason_is_recorded_as_an_event(council, state):
    ActionUpdateFactory(action=council.actions["16"], period=council.q4, state=state, version=4)
    update = _record(
        council, status="Good", user=council.people["admin"], change_reason="  Paper says Good. "
    )
    stored = ActionUpdate.objects.get(pk=update.pk)
    assert (stored.state, stored.status, stored.version) == (state, "good", 5)
    assert stored.history.first().history_change_reason == "Paper says Good."
    event = PeriodEvent.objects.get(period=council.q4)
    assert (event.kind, event.user, event.reason) == (
        "operator_change",
        council.people["admin"],
        f"Ref 16's {state} update: Paper says Good.",
    )


def test_recording_over_a_draft_with_a_reason_records_no_event(council):
    ActionUpdateFactory(action=council.actions["16"], period=council.q4)
    _record(council, change_reason="Tidy.")
    assert not PeriodEvent.objects.filter(period=council.q4).exists()
    assert ActionUpdate.objects.get(
        period=council.q4, action__ref="16"
    ).history.first().history_change_reason == ("Tidy.")


# update_record_as_published ------------------------------------------------------------------


def test_recording_a_papers_update_for_another_plans_action_is_refused(council):
    other = ActionFactory()
    before = _written()
    with pytest.raises(Refused) as refused:
        update_record_as_published(action=other, period=council.q4, status="Good")
    _refused(
        refused,
        "plan_mismatch",
        f"Ref {other.ref} belongs to another plan than the period 2022-23 Q4.",
    )
    assert _written() == before


def test_recording_a_papers_update_in_a_published_period_is_refused(council):
    before = _written()
    with pytest.raises(Refused) as refused:
        update_record_as_published(action=council.actions["20"], period=council.q3, status="Good")
    assert refused.value.code == "period_published"
    assert _written() == before


def test_recording_a_papers_update_twice_is_refused(council):
    update_record_as_published(action=council.actions["16"], period=council.q4, status="Good")
    before = _written()
    with pytest.raises(Refused) as refused:
        update_record_as_published(action=council.actions["16"], period=council.q4, status="Good")
    _refused(refused, "duplicate_update", "Ref 16 already has a 2022-23 Q4 update.")
    assert _written() == before


@pytest.mark.parametrize("status", ["Review", Status.REVIEW])
def test_a_papers_update_is_recorded_approved_with_its_gaps(council, status):
    update = update_record_as_published(
        action=council.actions["16"],
        period=council.q4,
        status=status,
        progress="<p>As printed.</p>",
        note="Status from the Q4 summary.",
    )
    stored = ActionUpdate.objects.get(pk=update.pk)
    assert (stored.state, stored.status, stored.reason, stored.progress, stored.note) == (
        "approved",
        "review",
        "",
        "<p>As printed.</p>",
        "Status from the Q4 summary.",
    )
    assert (stored.mitigation, stored.author, stored.version) == ("", None, 1)


def test_a_papers_update_keeps_its_reason_and_mitigation_as_printed(council):
    update = update_record_as_published(
        action=council.actions["25"],
        period=council.q4,
        status=Status.ACTION,
        reason="Funding late.",
        mitigation="Bid resubmitted.",
    )
    stored = ActionUpdate.objects.get(pk=update.pk)
    assert (stored.status, stored.reason, stored.mitigation) == (
        "action",
        "Funding late.",
        "Bid resubmitted.",
    )


def test_a_papers_update_printed_with_a_status_only_keeps_the_rest_blank(council):
    update = update_record_as_published(
        action=council.actions["16"], period=council.q4, status="Good"
    )
    stored = ActionUpdate.objects.get(pk=update.pk)
    assert (stored.progress, stored.reason, stored.mitigation, stored.note) == ("", "", "", "")


def test_a_papers_update_with_an_unknown_status_is_refused(council):
    before = _written()
    with pytest.raises(ValidationError, match="Unknown status 'Amber'"):
        update_record_as_published(action=council.actions["16"], period=council.q4, status="Amber")
    assert _written() == before


# update_approve / update_return --------------------------------------------------------------


@pytest.mark.parametrize("who", NOT_MANAGERS)
def test_only_a_programme_manager_approves(council, who):
    update = _submitted(council)
    before = _written()
    with pytest.raises(PermissionDenied, match=_denied("netzero.review_updates")):
        update_approve(update=update, user=_user(council, who))
    assert _written() == before


@pytest.mark.parametrize("who", NOT_MANAGERS)
def test_only_a_programme_manager_returns(council, who):
    update = _submitted(council)
    before = _written()
    with pytest.raises(PermissionDenied, match=_denied("netzero.review_updates")):
        update_return(update=update, user=_user(council, who), comment="Add the dates.")
    assert _written() == before


@pytest.mark.parametrize("state", ["draft", "returned"])
def test_approving_or_returning_an_update_not_submitted_is_refused(council, state):
    update = ActionUpdateFactory(action=council.actions["16"], period=council.q4, state=state)
    state_name = "draft" if state == "draft" else "returned for changes"
    message = f"Ref 16's update is {state_name}, not submitted."
    before = _written()
    with pytest.raises(Refused) as refused:
        update_approve(update=update, user=council.people["manager"])
    _refused(refused, "not_submitted", message)
    with pytest.raises(Refused) as refused:
        update_return(update=update, user=council.people["manager"], comment="Dates?")
    _refused(refused, "not_submitted", message)
    assert _written() == before


def test_approving_or_returning_in_a_published_period_is_refused(council):
    update = ActionUpdate.objects.get(period=council.q3, action=council.actions["16"])
    before = _written()
    for review in (
        lambda: update_approve(update=update, user=council.people["manager"]),
        lambda: update_return(update=update, user=council.people["manager"], comment="Dates?"),
    ):
        with pytest.raises(Refused) as refused:
            review()
        assert refused.value.code == "period_published"
        assert str(refused.value).startswith("2022-23 Q3 is published: it no longer changes.")
    assert _written() == before


def test_deciding_on_an_update_that_changed_since_it_was_read_is_refused(council):
    read = _submitted(council)
    _save(council, "manager", "16", version=read.version, progress="<p>Tidied.</p>")
    before = _written()
    for review in (
        lambda: update_approve(
            update=read, user=council.people["manager"], expected_version=read.version
        ),
        lambda: update_return(
            update=read,
            user=council.people["manager"],
            comment="Dates?",
            expected_version=read.version,
        ),
    ):
        with pytest.raises(UpdateConflict) as refused:
            review()
        assert str(refused.value) == (
            "Ref 16's update changed after you opened it (it is now submitted). Read it again "
            "before deciding."
        )
        assert refused.value.current.version == 2
    assert _written() == before


@pytest.mark.parametrize("comment", ["", "  \n"])
def test_returning_without_a_comment_is_refused(council, comment):
    update = _submitted(council)
    before = _written()
    with pytest.raises(Refused) as refused:
        update_return(update=update, user=council.people["manager"], comment=comment)
    assert refused.value.code == "required"
    assert refused.value.message_dict == {
        "comment": ["Say what needs to change before returning the update."]
    }
    assert _written() == before


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_returning_records_the_comment_and_who(council, who):
    update = _submitted(council)
    returned = update_return(
        update=update, user=council.people[who], comment="  Add the dates.\n", expected_version=1
    )
    stored = ActionUpdate.objects.get(pk=update.pk)
    assert (stored.state, stored.review_comment, stored.version) == (
        "returned",
        "Add the dates.",
        2,
    )
    assert stored.reviewed_by == council.people[who] and stored.reviewed_at is not None
    assert stored.history.first().history_user == council.people[who]
    assert returned.version == 2


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_approving_records_who_and_clears_the_old_comment(council, who):
    update = _submitted(council)
    returned = update_return(update=update, user=council.people["manager"], comment="Dates?")
    resubmitted = _save(council, "planning", "16", version=returned.version, submit=True)
    approved = update_approve(
        update=resubmitted, user=council.people[who], expected_version=resubmitted.version
    )
    stored = ActionUpdate.objects.get(pk=update.pk)
    assert (stored.state, stored.review_comment, stored.version) == ("approved", "", 4)
    assert stored.reviewed_by == council.people[who] and stored.reviewed_at is not None
    assert stored.submitted_by == council.people["planning"]
    assert stored.history.first().history_user == council.people[who]
    assert approved.version == 4 and approved.review_comment == ""


def test_approving_an_approved_update_again_is_refused(council):
    approved = update_approve(update=_submitted(council), user=council.people["manager"])
    before = _written()
    with pytest.raises(Refused) as refused:
        update_approve(update=approved, user=council.people["manager"])
    _refused(refused, "already_approved", "Ref 16's update is already approved.")
    assert _written() == before


def test_an_approved_update_can_still_be_returned(council):
    approved = update_approve(update=_submitted(council), user=council.people["manager"])
    returned = update_return(update=approved, user=council.people["manager"], comment="Dates?")
    assert ActionUpdate.objects.get(pk=returned.pk).state == "returned"


# reminders_send ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [w for w in NOT_MANAGERS if w is not None])
def test_only_a_programme_manager_sends_reminders(council, who):
    before = _written()
    with pytest.raises(PermissionDenied, match=_denied("netzero.manage_periods")):
        reminders_send(period=council.q4, user=_user(council, who))
    assert _written() == before


@pytest.mark.parametrize("who", ["manager", None])
def test_no_reminders_for_a_published_period(council, who):
    before = _written()
    with pytest.raises(Refused) as refused:
        reminders_send(period=council.q3, user=_user(council, who))
    assert refused.value.code == "period_published"
    assert _written() == before


@pytest.mark.parametrize("who", ["manager", None])
def test_reminders_email_whoever_has_outstanding_updates(
    council, who, settings, django_capture_on_commit_callbacks
):
    settings.NETZERO_SITE_URL = "https://intranet.example.invalid/NZX/"  # a sub-path, kept whole
    council.people["transport"].email = ""  # listed, not emailed; those after still are
    council.people["transport"].save()
    for ref, title in (("10", "Retrofit the depots"), ("20", "Solar car ports")):
        council.actions[ref].title = title
        council.actions[ref].save()
    _submitted(council, ref="16")
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders_send(period=council.q4, user=_user(council, who))
    # Each person only their own actions; those nobody leads (LL1, 1) to the programme manager
    # once, not to the administrator too.
    assert [(r.username, r.email, r.refs) for r in sent] == [
        ("manager", "manager@example.invalid", ["1", "LL1"]),
        ("planning", "planning@example.invalid", ["10"]),  # Ref 20 goes with Ref 16
        ("transport", "", ["5", "24", "25"]),
        ("contributor", "contributor@example.invalid", ["25"]),
    ]
    assert [m.to for m in mail.outbox] == [[r.email] for r in sent if r.email]
    assert len(mail.outbox) == 3
    to_planning = mail.outbox[1]
    assert to_planning.subject == "Borough Climate Strategy: your 2022-23 Q4 updates"
    assert to_planning.body == (
        "Hello planning@example.invalid,\n\nThese actions still need an update for 2022-23 Q4 "
        "(Borough Climate "
        "Strategy):\n\nPlanning:\n"
        "- Ref 10 Retrofit the depots\n\n"
        "Add or submit them at https://intranet.example.invalid/NZX/plans/"
        "borough-climate-strategy/periods/2022-23-Q4/updates/\n"
    )
    to_manager = mail.outbox[0].body
    assert "Actions with no lead" in to_manager and "- Ref LL1 " in to_manager
    assert "Ref 10" not in to_manager
    event = PeriodEvent.objects.get(period=council.q4)
    assert (event.kind, event.user, event.reason) == (
        "reminded",
        _user(council, who),
        "3 reminder(s) emailed.",
    )


def test_reminders_are_sent_only_once_the_period_event_commits(council):
    reminders_send(period=council.q4, user=council.people["manager"])
    assert mail.outbox == []  # the test's transaction never commits


def test_a_reminder_greets_a_person_by_their_full_name(council, django_capture_on_commit_callbacks):
    planning = council.people["planning"]
    planning.first_name, planning.last_name = "Asha", "Patel"
    planning.save()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(period=council.q4, user=council.people["manager"])
    to_planning = next(m for m in mail.outbox if m.to == ["planning@example.invalid"])
    assert to_planning.body.startswith("Hello Asha Patel,\n\n")


def test_a_theme_lead_of_another_organisation_is_refused_everywhere(council):
    """A lead of a delivery theme in another organisation's plan has no hold on this plan."""
    other = PlanFactory()
    theirs = DeliveryThemeFactory(plan=other)
    lead = MembershipFactory(
        organisation=other.organisation, role="theme_lead", delivery_themes=[theirs]
    ).user
    before = _written()
    with pytest.raises(PermissionDenied, match=_denied("netzero.edit_update")):
        update_save(
            action=council.actions["16"],
            period=council.q4,
            user=lead,
            status="Good",
            progress="",
            reason="",
            mitigation="",
            expected_version=0,
        )
    assert _written() == before


# Two pages open at once: each service reads the record afresh, not the copy it was handed. ------


def test_publishing_twice_from_two_pages_is_refused(council):
    first_page = ReportingPeriod.objects.get(pk=council.q4.pk)
    second_page = ReportingPeriod.objects.get(pk=council.q4.pk)
    period_publish(period=first_page, user=council.people["manager"])
    before = _written()
    with pytest.raises(Refused) as refused:
        period_publish(period=second_page, user=council.people["admin"])
    assert refused.value.code == "period_published"
    assert _written() == before
    assert PeriodEvent.objects.filter(period=council.q4, kind="published").count() == 1


def test_reopening_twice_from_two_pages_is_refused(council):
    first_page = ReportingPeriod.objects.get(pk=council.q3.pk)
    second_page = ReportingPeriod.objects.get(pk=council.q3.pk)
    period_reopen(period=first_page, user=council.people["manager"], reason="Ref 5 misread.")
    before = _written()
    with pytest.raises(Refused) as refused:
        period_reopen(period=second_page, user=council.people["admin"], reason="Ref 5 again.")
    _refused(refused, "not_published", "2022-23 Q3 is already open.")
    assert _written() == before


def test_saving_into_a_period_published_since_the_page_opened_is_refused(council):
    page = ReportingPeriod.objects.get(pk=council.q4.pk)
    period_publish(period=council.q4, user=council.people["manager"])
    before = _written()
    with pytest.raises(Refused) as refused:
        _save(council, "planning", "16", period=page)
    assert refused.value.code == "period_published"
    assert _written() == before


def test_approving_an_update_returned_since_the_page_opened_is_refused(council):
    page = _submitted(council)
    update_return(
        update=ActionUpdate.objects.get(pk=page.pk), user=council.people["admin"], comment="Why?"
    )
    before = _written()
    with pytest.raises(Refused) as refused:
        update_approve(update=page, user=council.people["manager"])
    _refused(refused, "not_submitted", "Ref 16's update is returned for changes, not submitted.")
    assert _written() == before


# update_save: two people start the same update at the same moment ---------------------------


def test_two_people_starting_the_same_update_at_once_the_second_is_shown_the_first(council):
    """The race itself, not a stand-in: the database's own uniqueness refuses the second row.

    Someone else's update is written between this save's check ("no update yet") and its
    insert: a query hook (Django's ``execute_wrapper``) writes it just before the savepoint
    that guards the insert, as a second request would. (On one connection their row is undone
    with this save's transaction; in a real race it was committed by their own request.)
    """
    action, period = council.actions["16"], council.q4
    savepoints = []

    def someone_else_first(execute, sql, params, many, context):
        if sql.startswith("SAVEPOINT"):
            savepoints.append(sql)
            if len(savepoints) == 2:  # update_save's own block, then the one around the insert
                ActionUpdateFactory(
                    action=action, period=period, progress="<p>Theirs.</p>", status="good"
                )
        return execute(sql, params, many, context)

    # Another action's update in the same quarter: the one shown must be this action's.
    ActionUpdateFactory(action=council.actions["24"], period=period, status="good")
    with connection.execute_wrapper(someone_else_first), pytest.raises(UpdateConflict) as race:
        _save(council, "planning", "16", progress="<p>Mine.</p>")
    assert error_messages(race.value) == [
        "Someone else started this update at the same moment. Your text is below and has not "
        "been saved: compare it with theirs, then save again."
    ]
    current = race.value.current
    assert (current.action, current.period, current.progress) == (action, period, "<p>Theirs.</p>")
    assert not ActionUpdate.objects.filter(period=period, progress="<p>Mine.</p>").exists()


def test_a_save_without_submit_or_note_is_a_draft_with_no_note(council):
    update = update_save(
        action=council.actions["16"],
        period=council.q4,
        user=council.people["planning"],
        status="Good",
        progress="",
        reason="",
        mitigation="",
        expected_version=0,
    )
    stored = ActionUpdate.objects.get(pk=update.pk)
    assert (stored.state, stored.note, stored.version) == ("draft", "", 1)
    assert stored.submitted_at is None


def test_publishing_asks_no_update_of_an_action_retired_from_the_quarter(council):
    """An action retired from the open quarter has left its counts: its unapproved draft does not
    hold publishing up, and it is not in the published figures."""
    from netzero.reporting.services import action_retire

    manager = council.people["manager"]
    draft = ActionUpdateFactory(action=council.actions["24"], period=council.q4, status=Status.GOOD)
    assert draft.state == draft.State.DRAFT
    with pytest.raises(Refused, match=r"not approved yet: Ref 24 "):
        period_publish(period=council.q4, user=manager)
    action_retire(action=council.actions["24"], period=council.q4, reason="Done", user=manager)
    published = period_publish(period=council.q4, user=manager)
    assert published.is_published
    assert "24" not in [row["ref"] for row in published.snapshot["rows"]]
