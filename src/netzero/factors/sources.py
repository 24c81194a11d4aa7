"""The UK Government flat files the product ships (src/netzero/factors/data/desnz), one per set
year, exactly as published, with the sha256 each must have."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "desnz"


@dataclass(frozen=True)
class Source:
    set_year: int
    filename: str
    edition: str
    sha256: str
    gwp_basis: str  # AR4 until 2022, AR5 from 2023

    @property
    def path(self) -> Path:
        return DATA_DIR / self.filename


SOURCES: dict[int, Source] = {
    s.set_year: s
    for s in [
        Source(
            2019,
            "conversion-factors-2019-flat-file-v01-02.xls",
            "v1.03",
            "e3f26947f1107e34c012281232dfb639230b677478258d31054bfc081a26bc6e",
            "AR4",
        ),
        Source(
            2020,
            "Conversion_Factors_2020_-_Flat_file__for_automatic_processing_only_.xlsx",
            "v1",
            "c47a39ecac3e7876b80d99e59b05b402bba068277d849ab53c522a3196d38146",
            "AR4",
        ),
        Source(
            2021,
            "conversion-factors-2021-flat-file-automatic-processing.xls",
            "v3",
            "f232462f55fe8c9d6475f081688c477766350f2dbc757c65e6f653e4d349a787",
            "AR4",
        ),
        Source(
            2022,
            "ghg-conversion-factors-2022-flat-format.xls",
            "v3",
            "c77abb4c9c000cf6b373d81098b6e7949193fe4857927708dc4cadfe0887e1b9",
            "AR4",
        ),
        Source(
            2023,
            "ghg-conversion-factors-2023-flat-file-update.xlsx",
            "v1.1",
            "804885cb9d8f02bbb97dcd92b79ca294080ba892ba67e3c95fcfbae52af359a6",
            "AR5",
        ),
        Source(
            2024,
            "ghg-conversion-factors-2024-FlatFormat_v1_1.xlsx",
            "v1.1",
            "db8cb915af241b389add753402fb225f1850c583ac331994a71b2f281c484320",
            "AR5",
        ),
    ]
}


def set_year_for_reporting_year(reporting_year: int) -> int:
    """The factor set that applies to a UK financial reporting year starting in
    ``reporting_year`` (2022 for 2022-23): the set published for that calendar year, as the
    government's guidance advises for a reporting period that starts in it."""
    return reporting_year
