"""Who may do what, per organisation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from netzero.organisations.models import Organisation
from netzero.plans.models import Action, DeliveryTheme


class Membership(models.Model):
    """A user's role in one organisation.

    - administrator: everything in the organisation, including its people;
    - programme manager: sets up plans, opens, approves and publishes periods;
    - theme lead: edits the updates of actions in the delivery themes they lead, and only those;
    - contributor: writes and submits the updates of the actions they are named on;
    - viewer: reads everything of the organisation, drafts included (board, committee).
    The public reads published periods without signing in and needs no membership.
    """

    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", "Administrator"
        PROGRAMME_MANAGER = "programme_manager", "Programme manager"
        THEME_LEAD = "theme_lead", "Theme lead"
        CONTRIBUTOR = "contributor", "Contributor"
        VIEWER = "viewer", "Viewer"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    job_title = models.CharField(
        max_length=200,
        blank=True,
        help_text='How their role is published, such as "Climate Change Manager". Public '
        "pages show this (or the role) for the organisation's people.",
    )
    name_published = models.BooleanField(
        "Publish their name",
        default=False,
        help_text="When ticked, public pages show their full name beside their job title; "
        "otherwise only the job title or role.",
    )
    delivery_themes = models.ManyToManyField(
        DeliveryTheme,
        blank=True,
        related_name="lead_memberships",
        help_text="For theme leads: the delivery themes they lead.",
    )
    actions = models.ManyToManyField(
        Action,
        blank=True,
        related_name="contributor_memberships",
        help_text="For contributors: the actions they draft updates for.",
    )
    history = HistoricalRecords(m2m_fields=[delivery_themes, actions])

    class Meta:
        ordering = ["organisation", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} of {self.organisation}"
