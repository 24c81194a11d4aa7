from datetime import date

import pytest
from django.core.exceptions import ValidationError

from netzero.reporting.periods import Quarter, parse_quarter, quarter_containing


@pytest.mark.parametrize("text", ["2022-23 Q3", "2022-23-Q3", "2022/23 q3", " 2022-23Q3 "])
def test_period_names_are_read_in_the_forms_people_write(text):
    assert parse_quarter(text) == Quarter(2022, 3)


def test_q3_is_october_to_december_and_q4_is_the_next_calendar_year():
    q3 = parse_quarter("2022-23 Q3")
    assert (q3.start, q3.end) == (date(2022, 10, 1), date(2022, 12, 31))
    q4 = parse_quarter("2022-23 Q4")
    assert (q4.start, q4.end) == (date(2023, 1, 1), date(2023, 3, 31))
    assert q3.name == "2022-23 Q3" and q3.slug == "2022-23-Q3"
    assert parse_quarter("1999-00 Q1").financial_year == "1999-00"


def test_previous_and_next_cross_financial_years():
    assert Quarter(2022, 1).previous() == Quarter(2021, 4)
    assert Quarter(2021, 4).next() == Quarter(2022, 1)
    assert quarter_containing(date(2023, 2, 13)) == Quarter(2022, 4)
    assert quarter_containing(date(2022, 4, 1)) == Quarter(2022, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2022-24 Q3", "is not a financial year"),
        ("2022-23 Q5", "is not a reporting period"),
        ("Q3 2022", "is not a reporting period"),
        ("", "is not a reporting period"),
        ("2022-23", "is not a reporting period"),
    ],
)
def test_malformed_period_names_get_a_clear_error(text, message):
    with pytest.raises(ValidationError, match=message):
        parse_quarter(text)


def test_only_ascii_digits_make_a_period():
    with pytest.raises(ValidationError):
        parse_quarter("\uff12\uff10\uff12\uff12-23 Q3")  # full-width digits


def test_the_last_quarter_of_the_range_has_an_end():
    assert Quarter(2100, 4).end == date(2101, 3, 31)
