"""The conversion factor library: every row of the UK Government flat files, as published."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class FactorSetManager(models.Manager):
    def get_by_natural_key(self, set_year: int) -> FactorSet:
        return self.get(set_year=set_year)


class FactorSet(models.Model):
    """One published edition of a year's factors (a source file), with its sha256.

    Its natural key, the set year, is how backups refer to it (it is reference data, loaded from
    the shipped file, not copied)."""

    class GwpBasis(models.TextChoices):
        AR4 = "AR4", "IPCC AR4 (CH4 25, N2O 298)"
        AR5 = "AR5", "IPCC AR5 (CH4 28, N2O 265)"

    class Origin(models.TextChoices):
        SHIPPED = "shipped", "Shipped with the product (sha256 checked)"
        SUPPLIED = "supplied", "A file supplied by the organisation's administrator"

    set_year = models.PositiveSmallIntegerField(unique=True)
    edition = models.CharField(max_length=100)
    origin = models.CharField(
        max_length=10,
        choices=Origin.choices,
        default=Origin.SHIPPED,
        help_text="Shipped sets are checked against their published sha256; a supplied file's "
        "sha256 is recorded as it was loaded.",
    )
    publisher = models.CharField(max_length=200, default="UK Government (DESNZ/BEIS)")
    source_file = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    gwp_basis = models.CharField(max_length=3, choices=GwpBasis.choices)
    licence = models.CharField(max_length=100, default="Open Government Licence v3.0")
    loaded_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    objects = FactorSetManager()

    class Meta:
        ordering = ["set_year"]

    def __str__(self) -> str:
        return f"UK GHG conversion factors {self.set_year} ({self.edition})"

    def natural_key(self) -> tuple[int]:
        return (self.set_year,)


class FactorManager(models.Manager):
    def get_by_natural_key(self, set_year: int, source_row: int) -> Factor:
        return self.get(factor_set__set_year=set_year, source_row=source_row)


class Factor(models.Model):
    """One published row. ``value`` None means the cell was blank (not published), never zero;
    ``value_text`` keeps a cell that was not a number (such as "< 1")."""

    class Gas(models.TextChoices):
        CO2E = "CO2e", "kg CO2e (total)"
        CO2 = "CO2", "CO2 (as CO2e)"
        CH4 = "CH4", "CH4 (as CO2e)"
        N2O = "N2O", "N2O (as CO2e)"
        ENERGY = "energy", "Not an emission (energy per unit)"
        UNKNOWN = "unknown", "Not stated"

    factor_set = models.ForeignKey(FactorSet, on_delete=models.CASCADE, related_name="factors")
    source_row = models.PositiveIntegerField(help_text="Row number in the sheet, 1-based.")
    source_id = models.CharField(max_length=40, blank=True, help_text="The 2023+ stable ID.")
    scope = models.CharField(max_length=40, blank=True)
    level_1 = models.CharField(max_length=200, blank=True)
    level_2 = models.CharField(max_length=200, blank=True)
    level_3 = models.CharField(max_length=200, blank=True)
    level_4 = models.CharField(max_length=200, blank=True)
    column_text = models.CharField(max_length=200, blank=True)
    unit = models.CharField(max_length=60, blank=True, help_text="UOM as published.")
    ghg_text = models.CharField(
        max_length=60, blank=True, help_text="GHG or GHG/Unit as published."
    )
    gas = models.CharField(max_length=10, choices=Gas.choices)
    value = models.DecimalField(max_digits=30, decimal_places=15, null=True, blank=True)
    value_text = models.CharField(max_length=40, blank=True)
    objects = FactorManager()

    class Meta:
        ordering = ["factor_set", "source_row"]
        constraints = [
            models.UniqueConstraint(fields=["factor_set", "source_row"], name="one_factor_per_row"),
        ]
        indexes = [models.Index(fields=["factor_set", "level_1", "level_2", "level_3"])]

    def __str__(self) -> str:
        levels = " / ".join(
            x for x in (self.level_1, self.level_2, self.level_3, self.level_4) if x
        )
        return f"{self.factor_set.set_year} {levels} per {self.unit} ({self.ghg_text})"

    def natural_key(self) -> tuple[int, int]:
        """Set year and row number in the published file: the same row in every database."""
        return (self.factor_set.set_year, self.source_row)

    natural_key.dependencies = ["factors.factorset"]


class SetYearChoice(models.Model):
    """An organisation's choice of factor set for a reporting year, where it differs from the
    default (the set of the calendar year the reporting year starts in)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="factor_set_choices"
    )
    reporting_year = models.PositiveSmallIntegerField(help_text="Start year: 2022 for 2022-23.")
    set_year = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reporting_year"], name="one_set_year_choice_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.set_year} factors for {self.reporting_year}"


class SupplementaryFactor(models.Model):
    """A factor the UK Government files lack but NHS footprints need (anaesthetic agents,
    inhalers), each with its citation. Loaded from factors/data/supplementary.csv."""

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=20, help_text='"kg" of agent, or "inhaler".')
    kg_co2e_per_unit = models.DecimalField(max_digits=14, decimal_places=4)
    gwp_basis = models.CharField(max_length=100)
    source_title = models.CharField(max_length=300)
    source_publisher = models.CharField(max_length=200)
    source_year = models.PositiveSmallIntegerField()
    source_locator = models.CharField(max_length=300)
    url = models.URLField(max_length=500)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.name}: {self.kg_co2e_per_unit} kg CO2e per {self.unit}"

    @property
    def citation(self) -> str:
        return (
            f"{self.source_title}, {self.source_publisher}, {self.source_year}, "
            f"{self.source_locator}. {self.url}"
        )
