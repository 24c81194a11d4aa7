"""Carbon footprints: figures per organisation and reporting year, by scope, category and
boundary, each either reported or calculated from activity data; the totals organisations state,
which reconciliation checks against their parts; and reduction targets."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from netzero.core.fields import PlainTextField
from netzero.core.years import financial_year_label
from netzero.factors.models import Factor, SupplementaryFactor
from netzero.organisations.models import Organisation


def tonnes_text(value) -> str:
    """Tonnes as a reader writes them: 8,500 or 2,000.5 (never 8500.000)."""
    if value is None:
        return ""
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text


class Boundary(models.TextChoices):
    NHS_CARBON_FOOTPRINT = "nhs_cf", "NHS Carbon Footprint"
    NHS_CARBON_FOOTPRINT_PLUS = "nhs_cf_plus", "NHS Carbon Footprint Plus"
    COUNCIL_NET_ZERO = "council_net_zero", "Council net zero scope"
    CUSTOM = "custom", "Custom boundary"


COUNCIL_KINDS = {
    Organisation.Kind.COUNTY_COUNCIL,
    Organisation.Kind.DISTRICT_COUNCIL,
    Organisation.Kind.UNITARY_AUTHORITY,
}
NHS_KINDS = {Organisation.Kind.NHS_TRUST, Organisation.Kind.INTEGRATED_CARE_SYSTEM}


def default_boundary(organisation: Organisation) -> str:
    """The boundary an organisation's figures are on unless it says otherwise: a council's own
    net zero scope, an NHS body's NHS Carbon Footprint, any other body's own (custom) one."""
    if organisation.kind in COUNCIL_KINDS:
        return Boundary.COUNCIL_NET_ZERO
    if organisation.kind in NHS_KINDS:
        return Boundary.NHS_CARBON_FOOTPRINT
    return Boundary.CUSTOM


class Category(models.TextChoices):
    ELECTRICITY = "electricity", "Electricity"
    GAS = "gas", "Gas"
    OIL = "oil", "Oil"
    GAS_AND_OIL = "gas_and_oil", "Gas and oil"
    BUILDING_ENERGY = "building_energy", "Energy use in buildings"
    UTILITIES = "utilities", "Utilities"
    FLEET = "fleet", "Fleet"
    BUSINESS_TRAVEL = "business_travel", "Business travel"
    ANAESTHETIC_GASES = "anaesthetic_gases", "Anaesthetic gases"
    INHALERS = "inhalers", "Metered dose inhalers"
    PROCUREMENT = "procurement", "Procurement"
    COMMUTING = "commuting", "Staff commuting"
    PATIENT_VISITOR_TRAVEL = "patient_visitor_travel", "Patient and visitor travel"
    FOOD = "food", "Food"
    WATER = "water", "Water"
    WASTE = "waste", "Waste"
    STREET_LIGHTING = "street_lighting", "Street lighting"
    HEAT_AND_STEAM = "heat_and_steam", "Heat and steam"
    OTHER_FUELS = "other_fuels", "Other fuels"
    REFRIGERANTS = "refrigerants", "Refrigerants"
    HOMEWORKING = "homeworking", "Homeworking"
    FREIGHT = "freight", "Freight and deliveries"
    OTHER = "other", "Other"


class ImportBatch(models.Model):
    """One import of activity data: who brought which file in, when, and what became of it.

    Every figure it created points at it (``FootprintEntry.batch``) and has a history row with
    the same user, so "who put this figure here" has an answer. Undoing it deletes its figures
    (history kept) and keeps the batch, marked undone with who, when and why; replacing it is an
    undo and a new import in one transaction.
    """

    class Channel(models.TextChoices):
        FILE_UPLOAD = "file_upload", "File uploaded on the activity data page"
        COMMAND_LINE = "command_line", "Command line"
        ONE_FIGURE = "one_figure", "One figure entered on the activity data page"
        ESTATES_RETURN = "estates_return", "NHS estates return (ERIC), command line"
        API = "api", "Sent through the API"

    class State(models.TextChoices):
        APPLIED = "applied", "Applied"
        UNDONE = "undone", "Undone"
        REPLACED = "replaced", "Replaced"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="import_batches"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who imported it, when signed in (or named on the command line).",
    )
    who = models.CharField(
        max_length=300, help_text="Who imported it, in words (kept if the user is removed)."
    )
    imported_at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    file_name = models.TextField(blank=True, help_text="The file's name exactly as given.")
    sha256 = models.CharField(max_length=64, blank=True, help_text="Of the file's bytes.")
    rows_read = models.PositiveIntegerField(default=0)
    figures_created = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=20, choices=State.choices, default=State.APPLIED)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    undone_by_who = models.CharField(max_length=300, blank=True)
    undo_reason = models.TextField(blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces"
    )

    class Meta:
        verbose_name = "import"
        ordering = ["-imported_at", "-id"]
        indexes = [models.Index(fields=["organisation", "sha256"])]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.file_name or self.get_channel_display()})"

    @property
    def is_applied(self) -> bool:
        return self.state == self.State.APPLIED


class StatedTotal(models.Model):
    """A total an organisation states ("its NHS Carbon Footprint totalled 7,775 tCO2e"). Its
    parts are either entries that itemise it or other stated totals it adds up."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="stated_totals"
    )
    reporting_year = models.PositiveSmallIntegerField(help_text="Start year: 2020 for 2020-21.")
    label = models.CharField(max_length=200)
    boundary = models.CharField(max_length=20, choices=Boundary.choices)
    tco2e = models.DecimalField(max_digits=14, decimal_places=3)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="components"
    )
    parts_complete = models.BooleanField(
        default=False,
        help_text="True when the source says the listed parts make up the whole total; "
        "otherwise the parts are the main ones and a remainder is expected.",
    )
    source = PlainTextField(help_text="Where the figure is printed (document and section).")
    quality_note = PlainTextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "reporting_year", "id"]

    def __str__(self) -> str:
        return (
            f"{self.organisation} {financial_year_label(self.reporting_year)} {self.label}: "
            f"{tonnes_text(self.tco2e)} tCO2e"
        )


class FootprintEntry(models.Model):
    """One figure of an organisation's footprint: a reported total's part, or a calculation
    from activity data (a quantity times a published factor row).

    Indexes are kept to what is read: an import writes each figure into every index of this
    table and of its history, so the organisation has none of its own (the (organisation,
    reporting_year) index serves it), and the stated total and supplementary factor, blank on
    nearly every figure, are indexed only where given.
    """

    class Method(models.TextChoices):
        REPORTED = "reported", "Reported total"
        CALCULATED = "calculated", "Calculated from activity data"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="footprint", db_index=False
    )
    reporting_year = models.PositiveSmallIntegerField(help_text="Start year: 2020 for 2020-21.")
    scope = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=[(1, "Scope 1"), (2, "Scope 2"), (3, "Scope 3")]
    )
    category = models.CharField(max_length=30, choices=Category.choices)
    boundary = models.CharField(max_length=20, choices=Boundary.choices)
    tco2e = models.DecimalField(max_digits=14, decimal_places=3)
    method = models.CharField(max_length=20, choices=Method.choices)
    itemises = models.ForeignKey(
        StatedTotal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        db_index=False,
    )
    source = PlainTextField()
    quality_note = PlainTextField(blank=True)
    # For calculated entries: the activity and the published factor row used.
    quantity = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    unit = models.CharField(max_length=40, blank=True)
    factor = models.ForeignKey(
        Factor, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    activity = models.CharField(max_length=40, blank=True, help_text="The activity imported.")
    reference = models.CharField(
        max_length=100, blank=True, help_text="Site or meter; with year and activity, one figure."
    )
    supplementary_factor = models.ForeignKey(
        SupplementaryFactor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        db_index=False,
    )
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures",
        help_text="The import that created this figure (blank when entered otherwise).",
    )
    # A figure's history is read by the figure (its id), never by these.
    history = HistoricalRecords(
        no_db_index=["organisation", "itemises", "factor", "supplementary_factor", "batch"]
    )

    class Meta:
        verbose_name = "footprint figure"
        ordering = ["organisation", "reporting_year", "scope", "category"]
        indexes = [
            models.Index(fields=["organisation", "reporting_year"]),
            models.Index(
                fields=["itemises"],
                condition=models.Q(itemises__isnull=False),
                name="figure_itemises_given",
            ),
            models.Index(
                fields=["supplementary_factor"],
                condition=models.Q(supplementary_factor__isnull=False),
                name="figure_supplementary_given",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reporting_year", "activity", "reference"],
                condition=~models.Q(reference=""),
                name="one_figure_per_activity_reference",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.organisation} {financial_year_label(self.reporting_year)} "
            f"{self.get_category_display()}: {tonnes_text(self.tco2e)} tCO2e"
        )


class Target(models.Model):
    """A reduction (e.g. 80%) or net zero by a year, from a baseline year, on a boundary."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="targets")
    description = models.CharField(max_length=300)
    boundary = models.CharField(max_length=20, choices=Boundary.choices, blank=True)
    covers = models.CharField(
        max_length=200, blank=True, help_text='What it covers in words ("direct emissions").'
    )
    baseline_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Blank when the source does not state one."
    )
    baseline_tco2e = models.DecimalField(
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="Blank when the source does not give the baseline figure.",
    )
    target_year = models.PositiveSmallIntegerField()
    reduction_percent = models.DecimalField(
        max_digits=5, decimal_places=2, help_text="100 for net zero."
    )
    source = PlainTextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "target_year", "id"]

    def __str__(self) -> str:
        return self.description
