"""A concept's Descuento written as a percentage ("10%", "7.5 %") becomes the amount that
Anexo 20 wants: Cantidad × ValorUnitario × percentage / 100, rounded half-up to the currency's
decimals. Anything else (an amount, junk) is left as it is for the input checks to judge; a
percentage over 100 becomes an amount larger than the Importe, which those checks refuse.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from facturador.sat.amounts import concept_importe
from facturador.sat.errors import CatalogError
from facturador.sat.money import parse_decimal, quantize

__all__ = ["percent_discount", "resolve_percent_discounts"]

_PERCENT = re.compile(r"\s*(\d+(?:\.\d+)?)\s*%\s*")
_HUNDRED = Decimal(100)


def _decimals(moneda: str) -> int:
    from facturador.sat.catalogs import default_catalogs

    try:
        return default_catalogs().moneda_decimales(moneda)
    except CatalogError:
        return 2  # the input checks report the unknown currency


def percent_discount(concepto: Mapping[str, Any], moneda: str) -> str | None:
    """The amount of `concepto`'s Descuento if it is written as a percentage, else None."""
    match = _PERCENT.fullmatch(str(concepto.get("Descuento", "")))
    cantidad = parse_decimal(concepto.get("Cantidad"))
    valor_unitario = parse_decimal(concepto.get("ValorUnitario"))
    if match is None or cantidad is None or valor_unitario is None:
        return None
    decimals = _decimals(moneda)
    importe = concept_importe(cantidad, valor_unitario, decimals)
    return str(quantize(importe * Decimal(match.group(1)) / _HUNDRED, decimals))


def resolve_percent_discounts(
    conceptos: Sequence[Mapping[str, Any]], moneda: str
) -> list[dict[str, Any]]:
    """`conceptos` with every percentage Descuento turned into its amount."""
    result = []
    for concepto in conceptos:
        resolved = dict(concepto)
        amount = percent_discount(concepto, moneda)
        if amount is not None:
            resolved["Descuento"] = amount
        result.append(resolved)
    return result
