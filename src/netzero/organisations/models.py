from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

ODS_CODE = RegexValidator(
    r"^[A-Z0-9]{3,10}$", "An ODS code is 3 to 10 capital letters and digits, such as RFS or RY8."
)
ONS_AREA_CODE = RegexValidator(
    r"^[EWSN][0-9]{8}$",
    "An ONS area code is a letter (E, W, S or N) and 8 digits, such as E07000035.",
)
LOCAL_AUTHORITY_CODE = RegexValidator(
    r"^[A-Z]{3}$", "The statistics' local authority code is 3 capital letters, such as DBY."
)
ODS_CODES = RegexValidator(
    r"^[A-Z0-9]{3,10}( [A-Z0-9]{3,10})*$",
    "Give the codes in capitals, separated by single spaces, such as RJF or RJF RK5.",
)


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
    ods_code = models.CharField(
        "NHS ODS code",
        max_length=10,
        blank=True,
        validators=[ODS_CODE],
        help_text="For an NHS body: its organisation code (RFS, RY8...), which the NHS estates "
        "return (ERIC) and other NHS data use.",
    )
    predecessor_ods_codes = models.CharField(
        "Predecessors' ODS codes",
        max_length=100,
        blank=True,
        validators=[ODS_CODES],
        help_text="Codes of bodies merged into this one, separated by spaces (RJF for Burton "
        "Hospitals, now part of University Hospitals of Derby and Burton): their returns for "
        "years before the merger count as this body's.",
    )
    ons_area_code = models.CharField(
        "ONS area code",
        max_length=9,
        blank=True,
        validators=[ONS_AREA_CODE],
        help_text="For a council: the ONS (GSS) code of its area, such as E07000035.",
    )
    local_authority_code = models.CharField(
        "Area statistics code",
        max_length=3,
        blank=True,
        validators=[LOCAL_AUTHORITY_CODE],
        help_text="For a council: the three-letter code its area has in the local authority "
        "emissions statistics (DBY for Derbyshire County Council); its pages link to that "
        "area's emissions by this code.",
    )
    is_public = models.BooleanField(
        "Pages are public",
        default=True,
        help_text="When ticked, anyone can read its published quarters, plans, footprints and "
        "indicators without signing in; otherwise only its own people can.",
    )
    is_demo = models.BooleanField(
        "Demo organisation",
        default=False,
        help_text="Its data comes from published papers to show how the product works; its "
        "pages say so.",
    )
    open_data_licence = models.CharField(
        max_length=200,
        default="Open Government Licence v3.0",
        help_text="The licence printed on this body's published reports and data downloads.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ods_code"], condition=~models.Q(ods_code=""), name="one_body_per_ods_code"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ods_codes(self) -> list[str]:
        """Its own ODS code and its predecessors', the codes NHS returns may file it under."""
        return [c for c in [self.ods_code, *self.predecessor_ods_codes.split()] if c]

    @property
    def partnership_relation(self) -> str:
        """How it belongs to its partnership, in words: "member of X" or "partner in X" ("" when
        it belongs to none)."""
        if self.partnership_id is None:
            return ""
        if self.partnership_role == PartnershipRole.PARTNER:
            return f"partner in {self.partnership.name}"
        return f"member of {self.partnership.name}"
