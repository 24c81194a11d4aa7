"""The backup walks every model: the indicators' tables, their history and the links to actions
are copied, after the plans and actions they point at."""

from __future__ import annotations

from netzero.backup.tables import copied_tables


def test_indicator_tables_are_copied_after_what_they_point_at():
    order = [t.label for t in copied_tables()]
    for label in (
        "indicators.indicator",
        "indicators.indicatorgoal",
        "indicators.indicatorvalue",
        "indicators.indicator_actions",
        "indicators.historicalindicator",
        "indicators.historicalindicatorgoal",
        "indicators.historicalindicatorvalue",
    ):
        assert label in order, label
    assert order.index("plans.plan") < order.index("indicators.indicator")
    assert order.index("indicators.indicator") < order.index("indicators.indicatorvalue")
    assert order.index("plans.action") < order.index("indicators.indicator_actions")


def test_an_export_holds_the_indicators_rows(sessions, tmp_path):
    from netzero.backup.services import backup_export, backup_read

    backup_export(path=tmp_path / "netzero.json.gz")
    data = backup_read(path=tmp_path / "netzero.json.gz")
    rows = {t["model"]: t for t in data["tables"]}
    assert data["counts"]["indicators.indicator"] == 1
    assert data["counts"]["indicators.indicatorgoal"] == 2
    assert data["counts"]["indicators.indicatorvalue"] == 3
    assert data["counts"]["indicators.indicator_actions"] == 1
    values = rows["indicators.indicatorvalue"]
    named = [dict(zip(values["fields"], row, strict=True)) for row in values["rows"]]
    assert sorted(str(v["value"]) for v in named) == ["4.0000", "6.0000", "8.0000"]
