"""The one calculation of a figure from activity data: quantity x factor, in tonnes of CO2e."""

from __future__ import annotations

from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)

TONNES = Decimal("0.001")  # figures are kept to the kilogram: 3 places of a tonne
# Wide enough for any product of a quantity and a factor a person gives; a product it would
# have to round raises Inexact and is worked out with as many digits as it needs, as below.
_EXACT = Context(prec=80, traps=[Inexact, InvalidOperation, DivisionByZero, Overflow])
_WIDE = Context(prec=120)


def tonnes_co2e(*, quantity: Decimal, kg_co2e_per_unit: Decimal) -> Decimal:
    """``quantity`` (already in the factor's unit) x the factor (kg CO2e per unit), in tonnes,
    rounded half up to 3 places (the kilogram).

    The product is worked out exactly (with as many digits as the two numbers have between them)
    and rounded once: Decimal's usual 28 digits would round a long product half to even first,
    and the half-up rounding after it could then land on the wrong kilogram.
    """
    try:
        product = _EXACT.multiply(quantity, kg_co2e_per_unit)
    except Inexact:
        pass
    else:
        return product.scaleb(-3, _WIDE).quantize(TONNES, ROUND_HALF_UP, _WIDE)
    digits = len(quantity.as_tuple().digits) + len(kg_co2e_per_unit.as_tuple().digits)
    with localcontext() as context:
        context.prec = max(context.prec, digits + 30)
        return (quantity * kg_co2e_per_unit / 1000).quantize(TONNES, ROUND_HALF_UP)
