"""Reading attributes of parsed CFDI nodes, with the node's XPath in every error."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from facturador.sat import messages
from facturador.sat.errors import AmountInputError, ComprobanteInputError
from facturador.sat.money import parse_decimal

__all__ = [
    "MAX_DECIMALS",
    "MAX_INTEGER_DIGITS",
    "decimal_attr",
    "node_path",
    "required_attr",
    "required_decimal_attr",
]

# Bounds of any amount read from a CFDI's XML. SAT's schemas allow 18 integer digits and 6
# decimals; anything far outside (1e400, 1E+999999999, 400 digits) is refused when read, so
# no later step formats or multiplies an unbounded number.
MAX_INTEGER_DIGITS = 24
MAX_DECIMALS = 12


def node_path(element: etree._Element) -> str:
    return element.getroottree().getpath(element)


def required_attr(element: etree._Element, name: str) -> str:
    value = element.get(name)
    if value is None:
        raise ComprobanteInputError(
            f"{node_path(element)}/@{name}", "falta este atributo obligatorio"
        )
    return value


def decimal_attr(element: etree._Element, name: str) -> Decimal | None:
    raw = element.get(name)
    if raw is None:
        return None
    value = parse_decimal(raw) if len(raw) <= 2 * MAX_INTEGER_DIGITS else None
    if value is not None and len(raw) <= MAX_DECIMALS and "e" not in raw.lower():
        return value  # at most 12 characters and no exponent: bounded (the usual case, fast)
    shown = messages.shown_value(raw)
    if value is None and not _is_long_number(raw):
        raise AmountInputError(
            f"{node_path(element)}/@{name}", messages.XML_NOT_A_NUMBER.format(valor=shown)
        )
    if value is None or not _bounded(value):
        detail = messages.XML_NUMBER_OUT_OF_RANGE.format(
            valor=shown, enteros=MAX_INTEGER_DIGITS, decimales=MAX_DECIMALS
        )
        raise AmountInputError(f"{node_path(element)}/@{name}", detail)
    return value


def _is_long_number(raw: str) -> bool:
    """A string of digits too long to read (a 400-digit integer), not junk."""
    digits = raw.strip().lstrip("+-").replace(".", "", 1)
    return len(raw) > 2 * MAX_INTEGER_DIGITS and digits.isdigit()


def _bounded(value: Decimal) -> bool:
    exponent = value.as_tuple().exponent
    return (
        isinstance(exponent, int)
        and -MAX_DECIMALS <= exponent <= MAX_INTEGER_DIGITS
        and (value.is_zero() or value.adjusted() < MAX_INTEGER_DIGITS)
    )


def required_decimal_attr(element: etree._Element, name: str) -> Decimal:
    value = decimal_attr(element, name)
    if value is None:
        raise ComprobanteInputError(
            f"{node_path(element)}/@{name}", "falta este atributo obligatorio"
        )
    return value
