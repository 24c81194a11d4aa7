"""UK financial years as people write them: "2022-23" for April 2022 to March 2023."""

from __future__ import annotations


def financial_year_label(year: int) -> str:
    """The financial year starting in April of ``year``: 2022 -> "2022-23", 1999 -> "1999-00"."""
    return f"{year}-{(year + 1) % 100:02d}"
