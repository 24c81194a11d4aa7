"""Action target dates as people write them: a year "2030", a span "2022-2025", a financial
year "2025/26", a month "March 2026" and a day "31/03/2026", "31 March 2026" or "2030-03-31".

Days are written the UK way round (day, month, year); "02/13/2026" is refused (there is no
month 13), never read the American way.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

# What people may type, in the words every refusal, help text and hint use.
TARGET_FORMS = (
    'a year ("2030"), a span of years ("2022-2025"), a financial year ("2025/26"), '
    'a month ("March 2026", "Mar 2026" or "03/2026") or a day ("31/03/2026", "31 March 2026" '
    'or "2026-03-31")'
)
TARGET_HINT = "For example 2030, 2022-2025, 2025/26, March 2026 or 31/03/2026."

_YEAR = re.compile(r"^(\d{4})$")
_SPAN = re.compile(r"^(\d{4})\s*[-\u2013/]\s*(\d{4})$")
_FINANCIAL_YEAR = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_MONTH_NUMBER = re.compile(r"^(\d{1,2})/(\d{4})$")
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$", re.I)
_MONTH_NAME = re.compile(r"^([a-z]+)\.?,?\s+(\d{4})$", re.I)

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9


@dataclass(frozen=True)
class _Timescale:
    end_year: int  # the last calendar year it allows
    first: int  # the first and last financial years, each named by the year it begins in
    last: int
    end: date  # the last day it allows


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="bad_target")


def _fy_of(day: date) -> int:
    """The financial year (named by the year it begins in) that ``day`` falls in."""
    return day.year if day.month >= 4 else day.year - 1


def _checked(year: int, value: str) -> int:
    if not 1990 <= year <= 2100:
        raise _refuse(f"Target {value!r} is outside 1990-2100.")
    return year


def _month(number: int, value: str) -> int:
    if not 1 <= number <= 12:
        raise _refuse(
            f"Target {value!r} is not a date: there is no month {number}. Write the day first, "
            "then the month: 31/03/2026."
        )
    return number


def _day(year: int, month: int, day: int, value: str) -> _Timescale:
    _checked(year, value)
    _month(month, value)
    try:
        when = date(year, month, day)
    except ValueError as exc:
        days = calendar.monthrange(year, month)[1]
        raise _refuse(
            f"Target {value!r} is not a date: {calendar.month_name[month]} {year} has {days} days."
        ) from exc
    fy = _fy_of(when)
    return _Timescale(end_year=year, first=fy, last=fy, end=when)


def _whole_month(year: int, month: int, value: str) -> _Timescale:
    _checked(year, value)
    _month(month, value)
    when = date(year, month, calendar.monthrange(year, month)[1])
    fy = _fy_of(when)
    return _Timescale(end_year=year, first=fy, last=fy, end=when)


def _month_named(name: str, value: str) -> int:
    number = _MONTHS.get(name.lower())
    if number is None:
        raise _refuse(
            f"Target {value!r} is not a date: {name!r} is not a month. Write it as {TARGET_FORMS}."
        )
    return number


def _parse(text: str) -> _Timescale | None:
    """The timescale ``text`` names, or None for an empty one; refused (ValidationError, code
    "bad_target") with the forms taken if it is none of them."""
    value = " ".join((text or "").split())
    if not value:
        return None
    if m := _YEAR.match(value):
        year = _checked(int(m[1]), value)
        return _Timescale(end_year=year, first=year, last=year, end=date(year + 1, 3, 31))
    if m := _SPAN.match(value):
        start, end = int(m[1]), int(m[2])
        if end < start:
            raise _refuse(f"Target {value!r} ends before it starts.")
        _checked(start, value)
        _checked(end, value)
        if "/" in value and end == start + 1:  # "2022/2023" is the financial year 2022/23
            return _Timescale(end_year=end, first=start, last=start, end=date(end, 3, 31))
        return _Timescale(end_year=end, first=start, last=end, end=date(end + 1, 3, 31))
    if m := _FINANCIAL_YEAR.match(value):
        start = int(m[1])
        if (start + 1) % 100 != int(m[2]):
            raise _refuse(
                f"Target {value!r} is not a financial year (expected {start}/"
                f"{(start + 1) % 100:02d})."
            )
        _checked(start + 1, value)
        return _Timescale(end_year=start + 1, first=start, last=start, end=date(start + 1, 3, 31))
    if m := _ISO_DATE.match(value):
        return _day(int(m[1]), int(m[2]), int(m[3]), value)
    if m := _UK_DATE.match(value):
        return _day(int(m[3]), int(m[2]), int(m[1]), value)
    if m := _MONTH_NUMBER.match(value):
        return _whole_month(int(m[2]), int(m[1]), value)
    if m := _DAY_MONTH_NAME.match(value):
        return _day(int(m[3]), _month_named(m[2], value), int(m[1]), value)
    if m := _MONTH_NAME.match(value):
        return _whole_month(int(m[2]), _month_named(m[1], value), value)
    raise _refuse(
        f"Target {value!r} is not a date or timescale we can read. Write it as {TARGET_FORMS}."
    )


def target_end_year(text: str) -> int | None:
    """The last calendar year a target allows, or None for an empty target.

    A financial year "2022/23" ends in 2023; a span "2022-2025" ends in 2025; a month or a day
    ends in its own year ("March 2026" and "31/03/2026" in 2026).
    """
    timescale = _parse(text)
    return timescale.end_year if timescale else None


def financial_years(text: str) -> tuple[int, int] | None:
    """The first and last financial year a timescale covers, each named by the calendar year it
    begins in (2022 is 2022/23, April 2022 to March 2023); None for an empty timescale.

    A year names the financial year that begins in it ("2023" is 2023/24), so a span
    "2022-2025" runs from 2022/23 to 2025/26; a financial year "2022/23" is itself; a day or a
    month is the financial year it falls in ("2030-03-31" and "March 2030" are 2029/30, "April
    2030" is 2030/31).
    """
    timescale = _parse(text)  # refuses what is not a timescale, with its message
    return (timescale.first, timescale.last) if timescale else None


def timescale_end(text: str) -> date | None:
    """The last day a timescale allows: a day is itself, a month its last day; anything else
    ends on 31 March after its last financial year ("2022-2025" ends on 31 March 2026). None for
    no timescale, or one that is not a timescale (a row published before timescales were
    checked)."""
    try:
        timescale = _parse(text)
    except ValidationError:
        return None
    return timescale.end if timescale else None


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
