"""Whole-number percentages, rounded the way the committee papers do: half up."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def whole_percent(part: int, whole: int) -> int:
    """``part`` of ``whole`` as a whole per cent, half rounded up (17 of 32 is 53%).

    An empty whole gives 0 rather than a division error: "0 of 0 actions" reads as 0%.
    """
    if part < 0 or whole < 0:
        raise ValueError("counts cannot be negative")
    if part > whole:
        raise ValueError(f"part {part} is larger than whole {whole}")
    if whole == 0:
        return 0
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))
