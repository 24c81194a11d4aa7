import calendar
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from netzero.plans.targets import (
    financial_years,
    target_end_year,
    timescale_end,
    timescale_label,
)


@pytest.mark.parametrize(
    ("text", "year"),
    [("2023", 2023), ("2022-2025", 2025), ("2022/23", 2023), ("2030-03-31", 2030), ("", None)],
)
def test_targets_as_written_in_the_seeds(text, year):
    assert target_end_year(text) == year


@pytest.mark.parametrize("text", ["2025-2022", "2022/24", "2030-02-30", "next year", "1800"])
def test_bad_targets_are_refused(text):
    with pytest.raises(ValidationError):
        target_end_year(text)


# Every timescale form printed in the Green Plan's Appendix A and the council's dashboard.
@pytest.mark.parametrize(
    ("text", "years", "label"),
    [
        ("2022/23", (2022, 2022), "2022/23"),
        ("2024/25", (2024, 2024), "2024/25"),
        ("2022-23", (2022, 2022), "2022/23"),
        ("2022/2023", (2022, 2022), "2022/23"),  # a financial year written out
        ("2022/2024", (2022, 2024), "2022/23 to 2024/25"),
        ("2022-2024", (2022, 2024), "2022/23 to 2024/25"),
        ("2022-2025", (2022, 2025), "2022/23 to 2025/26"),
        ("2023-2025", (2023, 2025), "2023/24 to 2025/26"),
        ("2022 \u2013 2025", (2022, 2025), "2022/23 to 2025/26"),
        ("2022", (2022, 2022), "2022/23"),
        ("2023", (2023, 2023), "2023/24"),
        ("2030", (2030, 2030), "2030/31"),
        ("2021", (2021, 2021), "2021/22"),
        ("2030-03-31", (2029, 2029), "2029/30"),
        ("2030-04-01", (2030, 2030), "2030/31"),
        ("  ", None, "Not set"),
        ("", None, "Not set"),
    ],
)
def test_timescales_parse_into_financial_years(text, years, label):
    assert financial_years(text) == years
    assert timescale_label(financial_years(text)) == label


@pytest.mark.parametrize("text", ["2025-2022", "2022/24", "2030-02-30", "by March", "1800"])
def test_bad_timescales_are_refused_with_the_targets_message(text):
    with pytest.raises(ValidationError) as caught:
        financial_years(text)
    assert text.strip() in caught.value.messages[0]


# UK date forms (issue 15): a day written day first, a day or month with the month's name, a
# month by number. Each row: what is typed, the end year, the financial years, the last day.
@pytest.mark.parametrize(
    ("text", "end_year", "years", "end"),
    [
        ("31/03/2026", 2026, (2025, 2025), date(2026, 3, 31)),
        ("31/3/2026", 2026, (2025, 2025), date(2026, 3, 31)),
        ("1/4/2026", 2026, (2026, 2026), date(2026, 4, 1)),
        ("29/02/2028", 2028, (2027, 2027), date(2028, 2, 29)),
        ("31 March 2026", 2026, (2025, 2025), date(2026, 3, 31)),
        ("31 Mar 2026", 2026, (2025, 2025), date(2026, 3, 31)),
        ("1st April 2026", 2026, (2026, 2026), date(2026, 4, 1)),
        ("30 sept 2025", 2025, (2025, 2025), date(2025, 9, 30)),
        ("March 2026", 2026, (2025, 2025), date(2026, 3, 31)),
        ("Mar 2026", 2026, (2025, 2025), date(2026, 3, 31)),
        ("april 2026", 2026, (2026, 2026), date(2026, 4, 30)),
        ("December 2025", 2025, (2025, 2025), date(2025, 12, 31)),
        ("February 2028", 2028, (2027, 2027), date(2028, 2, 29)),
        ("03/2026", 2026, (2025, 2025), date(2026, 3, 31)),
        ("2025/26", 2026, (2025, 2025), date(2026, 3, 31)),
        ("2030", 2030, (2030, 2030), date(2031, 3, 31)),
        ("2022-2025", 2025, (2022, 2025), date(2026, 3, 31)),
        ("2026-03-31", 2026, (2025, 2025), date(2026, 3, 31)),
        (" March  2026 ", 2026, (2025, 2025), date(2026, 3, 31)),
    ],
)
def test_uk_date_forms_agree_on_year_financial_years_and_end(text, end_year, years, end):
    assert target_end_year(text) == end_year
    assert financial_years(text) == years
    assert timescale_end(text) == end


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("31/02/2026", "February 2026 has 28 days"),
        ("29/02/2026", "February 2026 has 28 days"),
        ("31/04/2026", "April 2026 has 30 days"),
        ("13/2026", "no month 13"),
        ("02/13/2026", "no month 13"),  # the American order is not guessed
        ("31 Marchember 2026", "'Marchember' is not a month"),
        ("Smarch 2026", "'Smarch' is not a month"),
        ("31/03/1890", "outside 1990-2100"),
        ("March 2101", "outside 1990-2100"),
        ("0/03/2026", "has 31 days"),
        ("by March", "31/03/2026"),
    ],
)
def test_impossible_dates_are_refused_saying_why(text, says):
    with pytest.raises(ValidationError) as caught:
        target_end_year(text)
    assert says in caught.value.messages[0]
    assert caught.value.code == "bad_target"
    assert timescale_end(text) is None


def test_the_refusal_lists_every_form_taken_with_examples():
    with pytest.raises(ValidationError) as caught:
        target_end_year("soon")
    message = caught.value.messages[0]
    for example in ("2030", "2022-2025", "2025/26", "March 2026", "31/03/2026", "31 March 2026"):
        assert f'"{example}"' in message


def test_the_target_fields_help_text_names_the_forms():
    from netzero.plans.models import Action

    help_text = str(Action._meta.get_field("target").help_text)
    for example in ("2030", "2022-2025", "2025/26", "March 2026", "31/03/2026"):
        assert example in help_text


@given(st.dates(min_value=date(1990, 4, 1), max_value=date(2100, 12, 31)))
def test_every_day_reads_the_same_in_each_form(day):
    """A day typed as 31/03/2026, 31/3/2026, 31 March 2026, 31 Mar 2026 or 2026-03-31 is that
    day; its financial year starts in April."""
    fy = day.year if day.month >= 4 else day.year - 1
    forms = [
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day} {calendar.month_name[day.month]} {day.year}",
        f"{day.day} {calendar.month_abbr[day.month]} {day.year}",
        day.isoformat(),
    ]
    for text in forms:
        assert timescale_end(text) == day, text
        assert financial_years(text) == (fy, fy), text
        assert target_end_year(text) == day.year, text


@given(st.integers(min_value=1990, max_value=2100), st.integers(min_value=1, max_value=12))
def test_a_month_ends_on_its_last_day_in_the_financial_year_it_falls_in(year, month):
    last = date(year, month, calendar.monthrange(year, month)[1])
    fy = year if month >= 4 else year - 1
    for text in (f"{calendar.month_name[month]} {year}", f"{calendar.month_abbr[month]} {year}"):
        assert timescale_end(text) == last
        assert financial_years(text) == (fy, fy)
        assert target_end_year(text) == year
