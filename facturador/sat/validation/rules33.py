"""The arithmetic of a CFDI 3.3 that can be checked offline (our codes: SAT's 3.3 matrix is
not in this project's references, so no SAT code is claimed).

SUBTOTAL33 SubTotal = sum of the concepts' Importe (I, E, N), 0 for T and P; DESCUENTO33
Descuento = sum of the concepts' Descuento; IMPUESTOS33 TotalImpuestosTrasladados and
TotalImpuestosRetenidos = sums of the document's Traslado and Retencion; TOTAL33 Total =
SubTotal − Descuento + trasladados − retenidos (+ impuestos locales). Sums are accepted
rounded half-up to the currency's decimals. An amount no CFDI can have is XML04, once.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

from lxml import etree

from facturador.sat._xml_attrs import decimal_attr
from facturador.sat.catalogs import Catalogs, default_catalogs
from facturador.sat.errors import AmountInputError, CatalogError
from facturador.sat.money import ZERO, quantize
from facturador.sat.validation.messages import text
from facturador.sat.validation.paths import COMPROBANTE, IMPUESTOS, attr
from facturador.sat.validation.report import Finding

__all__ = ["rules33"]

_C = "{http://www.sat.gob.mx/cfd/3}"
_IMPLOCAL = "{http://www.sat.gob.mx/implocal}ImpuestosLocales"
_ZERO_TYPES = frozenset({"T", "P"})
_TAX_TOTALS = (
    ("TotalImpuestosTrasladados", f"{_C}Traslados/{_C}Traslado"),
    ("TotalImpuestosRetenidos", f"{_C}Retenciones/{_C}Retencion"),
)


def _sum(elements: list[etree._Element], name: str) -> Decimal:
    return sum((decimal_attr(e, name) or ZERO for e in elements), ZERO)


def _decimals(root: etree._Element, catalogs: Catalogs) -> int:
    try:
        return min(catalogs.moneda_decimales(root.get("Moneda", "")), 6)
    except CatalogError:
        return 2


def _compare(
    found: list[Finding],
    code: str,
    value: Decimal | None,
    expected: Decimal,
    d: int,
    path: str,
    **extra: object,
) -> None:
    """A finding `code` when `value` (if present) is not `expected` rounded to `d` places."""
    rounded = quantize(expected, d)
    if value is not None and value != rounded:
        found.append(Finding(code, text(code, valor=value, esperado=rounded, **extra), path))


def _local_taxes(root: etree._Element) -> Decimal:
    net = ZERO
    for node in root.iterfind(f"{_C}Complemento/{_IMPLOCAL}"):
        net += (decimal_attr(node, "TotaldeTraslados") or ZERO) - (
            decimal_attr(node, "TotaldeRetenciones") or ZERO
        )
    return net


def _taxes(found: list[Finding], impuestos: etree._Element | None, d: int) -> Decimal:
    """IMPUESTOS33 findings; the net of taxes (trasladados − retenidos) for the Total."""
    if impuestos is None:
        return ZERO
    net = ZERO
    for sign, (name, path) in zip((1, -1), _TAX_TOTALS, strict=True):
        value = decimal_attr(impuestos, name)
        _compare(found, "IMPUESTOS33", value, _sum(list(impuestos.iterfind(path)), "Importe"),
                 d, attr(IMPUESTOS, name), atributo=name)  # fmt: skip
        net += sign * (value or ZERO)
    return net


def _check(root: etree._Element, d: int) -> list[Finding]:
    found: list[Finding] = []
    conceptos = list(root.iterfind(f"{_C}Conceptos/{_C}Concepto"))
    zero = root.get("TipoDeComprobante") in _ZERO_TYPES
    sub_total = decimal_attr(root, "SubTotal")
    importes = ZERO if zero else _sum(conceptos, "Importe")
    _compare(found, "SUBTOTAL33", sub_total, importes, d, attr(COMPROBANTE, "SubTotal"))
    descuento = decimal_attr(root, "Descuento")
    _compare(found, "DESCUENTO33", descuento, _sum(conceptos, "Descuento"), d,
             attr(COMPROBANTE, "Descuento"))  # fmt: skip
    net = _taxes(found, root.find(f"{_C}Impuestos"), d)
    expected = (sub_total or ZERO) - (descuento or ZERO) + net + _local_taxes(root)
    _compare(found, "TOTAL33", decimal_attr(root, "Total"), ZERO if zero else expected, d,
             attr(COMPROBANTE, "Total"))  # fmt: skip
    return found


def rules33(root: etree._Element, catalogs: Catalogs | None = None) -> list[Finding]:
    """The findings of a CFDI 3.3's arithmetic (see the module docstring)."""
    with decimal.localcontext(prec=80):
        try:
            return _check(root, _decimals(root, catalogs or default_catalogs()))
        except AmountInputError as error:
            return [Finding("XML04", text("XML04", detalle=error.detail), error.path)]
