"""Signals the reporting cycle sends, for apps above it to act on without plan tracking
importing them (reports freezes its appendices this way, as footprints and indicators sit beside
plan tracking, not beneath it).
"""

from __future__ import annotations

import django.dispatch

# Sent by ``netzero.workflow.services.period_freeze`` with ``period=`` (the ReportingPeriod, now
# published), after its dashboard's snapshot is stored. ``period_publish`` sends it inside the
# publishing transaction: a receiver that raises undoes the publication. Receivers run in that
# transaction and see the period published. Sent again each time a reopened period is
# republished.
period_published = django.dispatch.Signal()
