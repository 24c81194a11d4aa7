"""UK financial-year quarters for the reporting app's callers. The code is in
``netzero.core.quarters``, shared with footprints (activity data names its quarter)."""

from __future__ import annotations

from netzero.core.quarters import Quarter, parse_quarter, quarter_containing

__all__ = ["Quarter", "parse_quarter", "quarter_containing"]
