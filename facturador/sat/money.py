"""Rounding of amounts, in one place: Anexo 20 rounds half-up to the currency's decimals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = ["RATE_STEP", "ZERO", "parse_decimal", "quantize", "step"]

ZERO = Decimal(0)
RATE_STEP = Decimal("0.000001")
_STEPS = {places: Decimal(1).scaleb(-places) for places in range(7)}


def step(decimals: int) -> Decimal:
    """The smallest amount of a currency with `decimals` places (2 -> Decimal("0.01"))."""
    return _STEPS[decimals]


def quantize(amount: Decimal, decimals: int) -> Decimal:
    """Round half-up to `decimals` places; never Python's half-to-even `round()`."""
    return amount.quantize(_STEPS[decimals], rounding=ROUND_HALF_UP)


def parse_decimal(value: object) -> Decimal | None:
    """A Decimal from a string, int or Decimal; None for floats, booleans and junk.

    Floats are refused on purpose: 0.1 as a float is not 0.1, and money must be exact.
    """
    if type(value) is str:
        try:
            result = Decimal(value)
        except InvalidOperation:
            return None
        return result if result.is_finite() else None
    if isinstance(value, bool | float):
        return None
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            return None
    else:
        return None
    return result if result.is_finite() else None
