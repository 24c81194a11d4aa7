"""What every chart shares: the Vega-Lite schema identifier and the font. Charts are Vega-Lite
specs built in Python; the page draws them with the shipped vega-embed and shows the same data as
a table."""

from __future__ import annotations

from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier; nothing is fetched
FONT = "arial, sans-serif"


def spec_to_svg(spec: dict[str, Any]) -> str:
    """The very chart the page draws, as SVG (vl-convert-python), for downloads and reports."""
    import vl_convert

    return vl_convert.vegalite_to_svg(spec)


def spec_to_png(spec: dict[str, Any], *, scale: float = 2) -> bytes:
    """The same chart as PNG, ``scale`` times the page's size (sharp when printed): for the
    Word report, which cannot hold SVG everywhere."""
    import vl_convert

    return vl_convert.vegalite_to_png(spec, scale=scale)
