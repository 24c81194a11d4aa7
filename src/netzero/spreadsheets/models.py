"""A plan spreadsheet brought in: who brought which file, when, and what it did."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from netzero.organisations.models import Organisation
from netzero.plans.models import Plan


class PlanImport(models.Model):
    """One spreadsheet imported into an organisation's plan.

    Uploaded on the pages, it is kept here as *pending* (with the file itself) between its
    preview and its apply, so the apply reads exactly the file previewed; applying re-runs every
    check and writes everything or nothing, then marks it *applied* with who and when and what
    it created and changed, and lets the file go. The command line records only applied ones.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Previewed, not applied"
        APPLIED = "applied", "Applied"

    class Channel(models.TextChoices):
        PAGE = "page", "Uploaded on the plan's set-up pages"
        COMMAND_LINE = "command_line", "Command line"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="plan_imports"
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
        help_text="The plan the file went into (blank until a new plan is created by it).",
    )
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField(
        blank=True, editable=False, help_text="The file, kept only until it is applied."
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.PAGE)
    counts = models.JSONField(
        default=dict, blank=True, help_text="What it created, changed and left alone, per sheet."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who uploaded and applied it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display().lower()})"
