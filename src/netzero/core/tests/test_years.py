from netzero.core.years import financial_year_label


def test_financial_year_label():
    assert financial_year_label(2022) == "2022-23"
    assert financial_year_label(2009) == "2009-10"
    assert financial_year_label(1999) == "1999-00"
    assert financial_year_label(2099) == "2099-00"
