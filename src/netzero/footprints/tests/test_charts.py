from __future__ import annotations

import json
import re

import pytest

from netzero.demo.green_plan import green_plan_load
from netzero.footprints.charts import category_chart_spec, spec_to_svg
from netzero.footprints.selectors import footprint_summary


@pytest.fixture
def dchs(db):
    return green_plan_load()["dchs"]


def test_chart_spec_carries_the_same_figures_as_the_table(dchs):
    summary = footprint_summary(organisation=dchs, reporting_year=2020)
    spec = category_chart_spec(summary)
    assert {v["category"]: v["tco2e"] for v in spec["data"]["values"]} == {
        name: float(value) for name, value in summary.by_category
    }
    assert "Procurement 20,489" in spec["description"]
    assert not any("http" in json.dumps(v) for v in spec["data"]["values"])


def test_the_server_draws_the_same_spec_as_svg(dchs, client):
    response = client.get("/organisations/dchs/footprint/2020-21/chart.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.startswith("<svg") and "Procurement" in svg and "Patient and visitor travel" in svg
    # Nothing in the drawing points outside the app.
    assert not re.search(r"(?:href|src)=\"https?://", svg)
    assert (
        spec_to_svg(category_chart_spec(footprint_summary(organisation=dchs, reporting_year=2020)))
        == svg
    )


def test_the_page_embeds_the_spec_and_the_shipped_scripts(dchs, client):
    body = client.get("/organisations/dchs/footprint/2020-21/").content.decode()
    assert 'id="footprint-chart-spec"' in body and "/static/vendor/vega/vega-embed.min.js" in body
    assert 'href="/organisations/dchs/footprint/2020-21/chart.svg"' in body


def test_the_trend_chart_stacks_scopes_and_draws_each_pathway():
    from decimal import Decimal

    from netzero.footprints.charts import for_page, spec_to_svg, trend_chart_spec

    spec = trend_chart_spec(
        title="Borough: footprint by year",
        description="Borough, tCO2e.",
        years=["2019-20", "2020-21", "2021-22"],
        bars=[
            ("2019-20", "Scope 1", Decimal(600)),
            ("2019-20", "Scope 2", Decimal(400)),
            ("2020-21", "Scope 1", Decimal(560)),
        ],
        pathways={"Halve by 2029": {"2019-20": Decimal(1000), "2021-22": Decimal(900)}},
    )
    bars, line = spec["layer"]
    assert bars["encoding"]["y"]["stack"] == "zero"
    # Only the scopes with figures are in the legend, in scope order.
    assert bars["encoding"]["color"]["scale"]["domain"] == ["Scope 1", "Scope 2"]
    assert line["mark"]["strokeDash"] == [6, 4]
    assert line["encoding"]["stroke"]["scale"]["domain"] == ["Halve by 2029"]
    assert [v["tco2e"] for v in line["data"]["values"]] == [1000.0, 900.0]
    assert bars["encoding"]["x"]["scale"]["domain"] == ["2019-20", "2020-21", "2021-22"]
    svg = spec_to_svg(spec)
    assert svg.startswith("<svg") and "Halve by 2029" in svg and "Scope 2" in svg
    assert for_page(spec)["layer"] == spec["layer"] and for_page(spec)["width"] == "container"
    no_targets = trend_chart_spec(
        title="t",
        description="d",
        years=["2019-20"],
        bars=[("2019-20", "Scope 3", Decimal(1))],
        pathways={},
    )
    assert len(no_targets["layer"]) == 1


def test_the_trend_chart_puts_its_legends_below_one_another_and_fits_them_on_a_phone():
    """Legends under the chart, stacked (side by side they ran off a 390 px screen); on the
    page a legend label is cut to the chart's width, in the server's SVG it has 500 px."""
    from decimal import Decimal

    from netzero.footprints.charts import for_page, trend_chart_spec

    spec = trend_chart_spec(
        title="Worked Borough Council: footprint by year, Council net zero scope",
        description="d",
        years=["2019-20", "2020-21"],
        bars=[("2019-20", "Scope 1", Decimal(5))],
        pathways={"A long target name": {"2019-20": Decimal(5), "2020-21": Decimal(0)}},
    )
    legend = spec["config"]["legend"]
    assert legend["layout"] == {"bottom": {"anchor": "start", "direction": "vertical"}}
    assert legend["labelLimit"] == 500
    stroke = spec["layer"][1]["encoding"]["stroke"]["legend"]
    assert stroke == {"orient": "bottom", "direction": "vertical"}  # no limit of its own
    page = for_page(spec)
    assert page["config"]["legend"]["labelLimit"] == {"expr": "max(width - 30, 80)"}
    assert page["config"]["legend"]["layout"] == legend["layout"]
    assert page["config"]["title"]["limit"] == {"expr": "width"}
    svg = spec_to_svg(spec)
    assert "A long target name" in svg


def test_the_trend_page_gives_its_chart_a_short_title_and_the_svg_the_full_one(db):
    from decimal import Decimal

    from netzero.footprints.models import FootprintEntry
    from netzero.footprints.selectors import footprint_trend
    from netzero.footprints.trend_presenters import trend_page
    from netzero.testing.factories import OrganisationFactory

    org = OrganisationFactory(name="Derbyshire County Council")
    FootprintEntry.objects.create(
        organisation=org,
        reporting_year=2020,
        scope=1,
        category="gas",
        boundary="council_net_zero",
        tco2e=Decimal(10),
        method=FootprintEntry.Method.REPORTED,
        source="s",
    )
    (panel,) = trend_page(footprint_trend(organisation=org))["panels"]
    assert panel["page_chart"]["title"] == "Council net zero scope, tCO2e"
    assert panel["chart"]["title"] == (
        "Derbyshire County Council: footprint by year, Council net zero scope"
    )
