"""How much an action matters to the net zero targets: the dashboard's "impact if not achieved"."""

from __future__ import annotations

from django.db import models


class Impact(models.TextChoices):
    """Impact on net zero targets if the action is not achieved."""

    HIGH = "high", "High"
    MODERATE = "moderate", "Moderate"
    LOW = "low", "Low"
