"""Area-wide (territorial) CO2 emissions "within the scope of influence of local authorities":
the government statistics as re-published by mySociety (CC-BY-4.0), one row per authority
and year, each sector and fuel as a measure."""

from __future__ import annotations

from django.db import models


class AreaDataset(models.Model):
    title = models.CharField(max_length=200)
    source_file = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    licence = models.CharField(max_length=200)
    attribution = models.CharField(max_length=300)
    rows = models.PositiveIntegerField()
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.title} ({self.source_file})"


class AreaYear(models.Model):
    dataset = models.ForeignKey(AreaDataset, on_delete=models.CASCADE, related_name="years")
    authority_code = models.CharField(max_length=10, db_index=True)
    authority_name = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField()
    total_kt_co2 = models.DecimalField(max_digits=16, decimal_places=6)
    population_thousands = models.DecimalField(max_digits=12, decimal_places=3, null=True)
    area_km2 = models.DecimalField(max_digits=14, decimal_places=4, null=True)

    class Meta:
        ordering = ["authority_code", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "authority_code", "year"], name="one_row_per_authority_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority_name} {self.year}"


class AreaEmission(models.Model):
    area_year = models.ForeignKey(AreaYear, on_delete=models.CASCADE, related_name="emissions")
    sector = models.CharField(max_length=60)
    measure = models.CharField(max_length=80, help_text='As published: "Domestic Gas".')
    is_sector_total = models.BooleanField(default=False)
    kt_co2 = models.DecimalField(max_digits=16, decimal_places=6)

    class Meta:
        ordering = ["area_year", "sector", "measure"]

    def __str__(self) -> str:
        return f"{self.area_year} {self.measure}"
