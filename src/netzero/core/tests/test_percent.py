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


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (3, 8, 38),  # 37.5: half up, not down to 37
        (5, 8, 63),  # 62.5: banker's rounding would give 62
        (1, 400, 0),  # 0.25
        (3, 400, 1),  # 0.75
        (199, 200, 100),  # 99.5
        (0, 7, 0),
        (7, 7, 100),
        (2, 3, 67),
        (1, 3, 33),
        (1, 6, 17),
    ],
)
def test_each_figure_is_rounded_half_up_on_its_own(part, whole, expected):
    assert whole_percent(part, whole) == expected


def test_rounded_shares_of_one_whole_need_not_add_up_to_100():
    assert [whole_percent(n, 8) for n in (1, 1, 1, 5)] == [13, 13, 13, 63]  # 102
    assert [whole_percent(n, 3) for n in (1, 1, 1)] == [33, 33, 33]  # 99
    assert [whole_percent(n, 6) for n in (1, 1, 4)] == [17, 17, 67]  # 101
    assert [whole_percent(n, 32) for n in (17, 15)] == [53, 47]  # the seed's quarter: 100


@pytest.mark.parametrize(
    ("part", "whole", "message"),
    [
        (-1, 2, "counts cannot be negative"),
        (0, -1, "counts cannot be negative"),
        (1, -1, "counts cannot be negative"),
        (-2, -1, "counts cannot be negative"),
        (3, 2, "part 3 is larger than whole 2"),
        (1, 0, "part 1 is larger than whole 0"),
    ],
)
def test_bad_counts_are_refused_with_the_reason(part, whole, message):
    with pytest.raises(ValueError) as refused:
        whole_percent(part, whole)
    assert str(refused.value) == message
