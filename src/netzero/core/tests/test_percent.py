import pytest

from netzero.core.percent import whole_percent


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (17, 32, 53),
        (15, 32, 47),
        (13, 30, 43),
        (15, 30, 50),
        (1, 8, 13),
        (1, 200, 1),
        (0, 0, 0),
        (2, 30, 7),
    ],
)
def test_whole_percent_rounds_half_up(part, whole, expected):
    assert whole_percent(part, whole) == expected


def test_bad_counts_are_refused():
    with pytest.raises(ValueError):
        whole_percent(3, 2)
    with pytest.raises(ValueError):
        whole_percent(-1, 2)
