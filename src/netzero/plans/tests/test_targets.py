import pytest
from django.core.exceptions import ValidationError

from netzero.plans.targets import financial_years, target_end_year, timescale_label


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
