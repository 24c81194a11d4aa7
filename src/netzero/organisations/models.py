from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class PartnershipRole(models.TextChoices):
    MEMBER = "member", "Member"
    PARTNER = "partner", "Partner"


class Organisation(models.Model):
    """A public body that owns plans: a council, an NHS trust, an ICS."""

    class Kind(models.TextChoices):
        COUNTY_COUNCIL = "county_council", "County council"
        DISTRICT_COUNCIL = "district_council", "District or borough council"
        UNITARY_AUTHORITY = "unitary_authority", "Unitary authority"
        NHS_TRUST = "nhs_trust", "NHS trust"
        INTEGRATED_CARE_SYSTEM = "ics", "Integrated care system"
        OTHER = "other", "Other public body"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.OTHER)
    partnership = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text="The partnership (an ICS, a county-wide partnership) this body belongs to.",
    )
    partnership_role = models.CharField(
        max_length=10,
        choices=PartnershipRole.choices,
        default=PartnershipRole.MEMBER,
        help_text="How it belongs to its partnership: an ICS's NHS bodies are its members, a "
        "council working with it is a partner.",
    )
    open_data_licence = models.CharField(
        max_length=200,
        default="Open Government Licence v3.0",
        help_text="The licence printed on this body's published reports and data downloads.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def partnership_relation(self) -> str:
        """How it belongs to its partnership, in words: "member of X" or "partner in X" ("" when
        it belongs to none)."""
        if self.partnership_id is None:
            return ""
        if self.partnership_role == PartnershipRole.PARTNER:
            return f"partner in {self.partnership.name}"
        return f"member of {self.partnership.name}"
