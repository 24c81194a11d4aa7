"""Action target dates as people write them: "2023", "2022-2025", "2022/23", "2030-03-31"."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError

_YEAR = re.compile(r"^(\d{4})$")
_SPAN = re.compile(r"^(\d{4})\s*[-\u2013/]\s*(\d{4})$")
_FINANCIAL_YEAR = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2})$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def target_end_year(text: str) -> int | None:
    """The last calendar year a target allows, or None for an empty target.

    A financial year "2022/23" ends in 2023; a span "2022-2025" ends in 2025.
    """
    value = (text or "").strip()
    if not value:
        return None
    if m := _YEAR.match(value):
        return _checked(int(m[1]), value)
    if m := _SPAN.match(value):
        start, end = int(m[1]), int(m[2])
        if end < start:
            raise ValidationError(f"Target {value!r} ends before it starts.", code="bad_target")
        return _checked(end, value)
    if m := _FINANCIAL_YEAR.match(value):
        start = int(m[1])
        if (start + 1) % 100 != int(m[2]):
            raise ValidationError(
                f"Target {value!r} is not a financial year (expected {start}/"
                f"{(start + 1) % 100:02d}).",
                code="bad_target",
            )
        return _checked(start + 1, value)
    if m := _DATE.match(value):
        try:
            return _checked(date(int(m[1]), int(m[2]), int(m[3])).year, value)
        except ValueError as exc:
            raise ValidationError(f"Target {value!r} is not a date.", code="bad_target") from exc
    raise ValidationError(
        f"Target {value!r} is not a year (2023), a span (2022-2025), a financial year (2022/23) "
        "or a date (2030-03-31).",
        code="bad_target",
    )


def _checked(year: int, value: str) -> int:
    if not 1990 <= year <= 2100:
        raise ValidationError(f"Target {value!r} is outside 1990-2100.", code="bad_target")
    return year


def financial_years(text: str) -> tuple[int, int] | None:
    """The first and last financial year a timescale covers, each named by the calendar year it
    begins in (2022 is 2022/23, April 2022 to March 2023); None for an empty timescale.

    A year names the financial year that begins in it ("2023" is 2023/24), so a span
    "2022-2025" runs from 2022/23 to 2025/26; a financial year "2022/23" is itself; a date is the
    financial year it falls in ("2030-03-31" is 2029/30).
    """
    value = (text or "").strip()
    end = target_end_year(value)  # refuses what is not a timescale, with its message
    if end is None:
        return None
    if m := _SPAN.match(value):
        if "/" in value and end == int(m[1]) + 1:  # "2022/2023" is the financial year 2022/23
            return int(m[1]), int(m[1])
        return int(m[1]), end
    if m := _FINANCIAL_YEAR.match(value):
        return int(m[1]), int(m[1])
    if m := _DATE.match(value):
        year = end if int(m[2]) >= 4 else end - 1
        return year, year
    return end, end


def timescale_end(text: str) -> date | None:
    """The last day a timescale allows: a date is itself; anything else ends on 31 March after
    its last financial year ("2022-2025" ends on 31 March 2026). None for no timescale, or one
    that is not a timescale (a row published before timescales were checked)."""
    value = (text or "").strip()
    try:
        years = financial_years(value)
    except ValidationError:
        return None
    if years is None:
        return None
    if m := _DATE.match(value):
        return date(int(m[1]), int(m[2]), int(m[3]))
    return date(years[1] + 1, 3, 31)


def financial_year_label(year: int) -> str:
    """ "2022/23" for 2022."""
    return f"{year}/{(year + 1) % 100:02d}"


def timescale_label(years: tuple[int, int] | None) -> str:
    """ "2022/23", "2022/23 to 2025/26", or "Not set"."""
    if years is None:
        return "Not set"
    start, end = years
    if start == end:
        return financial_year_label(start)
    return f"{financial_year_label(start)} to {financial_year_label(end)}"
