"""Actions that report through another keep in step with it.

The paper reports some actions through another (Ref 20: "See Action 16"): such an action has no
status of its own, its status in a quarter is the status of the action it reports through. The
workflow keeps the records so, rather than working it out when a dashboard is read, so that what
a dashboard counts is always what its records say:

- saving a reporting action's update takes the status of the action it reports through (Not
  reported while that one has no update); a Review or Action status's reason and mitigation are
  given on that action, not here (``status_for``);
- every write to an action's update puts the updates of the actions reporting through it in the
  same quarter in step (``reporters_keep_in_step``): their status follows; one is recorded if
  there is none, its progress "See Ref 16." as the paper words it; and one with no words of its
  own (that text, or none) also follows its review state, so it is approved when that action is
  and never holds up publication.

The functions here run inside the callers' transactions (``workflow.services``).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, Q, Value
from django.db.models.functions import Concat

from netzero.plans.models import Action
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.status import Status


def status_for(*, action: Action, period: ReportingPeriod) -> Status | None:
    """The status ``action``'s update must have in ``period`` when it reports through another
    action: that action's (Not reported while it has none). None: it reports through none."""
    if action.reports_through_id is None:
        return None
    through = (
        ActionUpdate.objects.filter(action_id=action.reports_through_id, period=period)
        .values_list("status", flat=True)
        .first()
    )
    return Status(through) if through else Status.NOT_REPORTED


def in_step_note(action: Action) -> str:
    """The note on an update kept in step."""
    through = action.reports_through
    return f"Reports through Ref {through.ref}: its status is Ref {through.ref}'s."


def in_step_follows(action: Action) -> str:
    """What happens to an action reporting through another when that one's update is saved, in
    the words a return's preview and About sheet use."""
    through = action.reports_through
    return f"Ref {action.ref} reports through Ref {through.ref} and takes its status."


def in_step_progress(action: Action) -> str:
    """The progress of an update recorded in step, as the paper words it ("See Action 16")."""
    return f"<p>See Ref {action.reports_through.ref}.</p>"


def follows_in_step() -> Q:
    """The updates (as a filter on ActionUpdate) of actions reporting through another with no
    words of their own: their review state is that action's, so they never wait on their own."""
    generated = Concat(Value("<p>See Ref "), F("action__reports_through__ref"), Value(".</p>"))
    return Q(action__reports_through__isnull=False) & (Q(progress="") | Q(progress=generated))


def reporters_keep_in_step(
    *, update: ActionUpdate, user: AbstractBaseUser | None
) -> list[ActionUpdate]:
    """Put the updates of the actions reporting through ``update``'s action, in its period, in
    step with it; return them. Records one, with no words of its own, for a reporting action
    that has none. Reporting actions no longer counted (retired, merged) follow too: harmless,
    and right again if the change is undone."""
    reporters = list(
        Action.objects.filter(reports_through_id=update.action_id).select_related("reports_through")
    )
    if not reporters:
        return []
    existing = {
        u.action_id: u
        for u in ActionUpdate.objects.select_for_update().filter(
            period_id=update.period_id, action__in=reporters
        )
    }
    kept: list[ActionUpdate] = []
    for action in reporters:
        reporter = existing.get(action.pk)
        if reporter is None:
            reporter = ActionUpdate(
                action=action,
                period_id=update.period_id,
                progress=in_step_progress(action),
                note=in_step_note(action),
                author=user,
            )
        own_words = reporter.progress.strip() not in ("", in_step_progress(action))
        follows_state = not own_words
        if (
            reporter.pk is not None
            and reporter.status == update.status
            and (not follows_state or reporter.state == update.state)
        ):
            continue
        reporter.status = update.status
        if follows_state:
            reporter.state = update.state
            reporter.submitted_at, reporter.submitted_by = update.submitted_at, update.submitted_by
            reporter.reviewed_at, reporter.reviewed_by = update.reviewed_at, update.reviewed_by
        if reporter.pk is not None:
            reporter.version += 1  # an edit form opened before this will see a conflict
        reporter._history_user = user
        reporter._change_reason = in_step_note(action)
        reporter.full_clean()
        reporter.save()
        kept.append(reporter)
    return kept
