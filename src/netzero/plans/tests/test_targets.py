import pytest
from django.core.exceptions import ValidationError

from netzero.plans.targets import target_end_year


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
