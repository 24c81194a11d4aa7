"""UK financial-year quarters: "2022-23 Q3" is October to December 2022.

Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March of the following
calendar year. Names are written "2022-23 Q3" on pages and "2022-23-Q3" in URLs and commands;
both are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from netzero.core.years import financial_year_label

_PERIOD = re.compile(r"^\s*([0-9]{4})[-/]([0-9]{2})[\s_-]*Q([1-4])\s*$", re.IGNORECASE | re.ASCII)
_QUARTER_START_MONTH = {1: 4, 2: 7, 3: 10, 4: 1}


@dataclass(frozen=True, order=True)
class Quarter:
    year: int  # the calendar year the financial year starts in: 2022 for 2022-23
    quarter: int  # 1..4

    def __post_init__(self) -> None:
        if not 1 <= self.quarter <= 4:
            raise ValidationError(f"A quarter is 1 to 4, not {self.quarter}.", code="bad_quarter")
        if not 1990 <= self.year <= 2100:
            raise ValidationError(
                f"Financial year {self.year} is outside 1990-2100.", code="bad_year"
            )

    @property
    def financial_year(self) -> str:
        return financial_year_label(self.year)

    @property
    def name(self) -> str:
        return f"{self.financial_year} Q{self.quarter}"

    @property
    def slug(self) -> str:
        return f"{self.financial_year}-Q{self.quarter}"

    @property
    def start(self) -> date:
        month = _QUARTER_START_MONTH[self.quarter]
        return date(self.year + (1 if self.quarter == 4 else 0), month, 1)

    @property
    def end(self) -> date:
        end_month = _QUARTER_START_MONTH[self.quarter] + 2
        first_of_next = date(self.start.year + end_month // 12, end_month % 12 + 1, 1)
        return date.fromordinal(first_of_next.toordinal() - 1)

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.quarter == 4 else Quarter(self.year, self.quarter + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.quarter == 1 else Quarter(self.year, self.quarter - 1)
        )


def parse_quarter(text: str) -> Quarter:
    """Read "2022-23 Q3" or "2022-23-Q3"; raise ValidationError with an example otherwise."""
    match = _PERIOD.match(str(text))
    if not match:
        raise ValidationError(
            f"{text!r} is not a reporting period. Write the financial year and quarter, "
            "for example 2022-23 Q3 (October to December 2022).",
            code="bad_period_name",
        )
    start_year, end_suffix, quarter = int(match[1]), int(match[2]), int(match[3])
    if (start_year + 1) % 100 != end_suffix:
        raise ValidationError(
            f"{text!r} is not a financial year: {financial_year_label(start_year)} "
            f"follows {start_year}.",
            code="bad_period_name",
        )
    return Quarter(start_year, quarter)


def quarter_containing(day: date) -> Quarter:
    year = day.year if day.month >= 4 else day.year - 1
    quarter = {4: 1, 5: 1, 6: 1, 7: 2, 8: 2, 9: 2, 10: 3, 11: 3, 12: 3}.get(day.month, 4)
    return Quarter(year, quarter)
