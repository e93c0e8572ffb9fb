"""The Pagos 2.0 complement, read from its RawXml just far enough to print it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from lxml import etree

from facturador.sat._xml_attrs import decimal_attr
from facturador.sat.comprobante import Comprobante
from facturador.sat.xml_safety import parse_xml

__all__ = ["DoctoRelacionado", "Pago", "Pagos", "TaxLine", "pagos_of"]

PAGOS20_NS = "http://www.sat.gob.mx/Pagos20"
_P = f"{{{PAGOS20_NS}}}"
PAGOS20_TAG = f"{_P}Pagos"


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxLine:
    retencion: bool
    impuesto: str
    tipo_factor: str | None = None
    tasa_o_cuota: Decimal | None = None
    base: Decimal | None = None
    importe: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DoctoRelacionado:
    id_documento: str
    serie: str | None
    folio: str | None
    moneda_dr: str
    equivalencia_dr: Decimal | None
    num_parcialidad: str | None
    imp_saldo_ant: Decimal | None
    imp_pagado: Decimal | None
    imp_saldo_insoluto: Decimal | None
    objeto_imp_dr: str | None
    impuestos: tuple[TaxLine, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Pago:
    fecha_pago: str
    forma_de_pago_p: str
    moneda_p: str
    tipo_cambio_p: Decimal | None
    monto: Decimal | None
    attributes: tuple[tuple[str, str], ...]  # NumOperacion, cuentas... as written
    doctos: tuple[DoctoRelacionado, ...]
    impuestos: tuple[TaxLine, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Pagos:
    totales: tuple[tuple[str, Decimal], ...]  # (attribute name, amount) in document order
    pagos: tuple[Pago, ...]


def _dec(element: etree._Element, name: str) -> Decimal | None:
    """The amount, bounded as every amount the reader reads (AmountInputError if not)."""
    return decimal_attr(element, name)


def _taxes(parent: etree._Element | None, suffix: str) -> tuple[TaxLine, ...]:
    if parent is None:
        return ()
    lines = []
    for kind, retencion in (("Retencion", True), ("Traslado", False)):
        for node in parent.iter(f"{_P}{kind}{suffix}"):
            lines.append(
                TaxLine(
                    retencion=retencion,
                    impuesto=node.get(f"Impuesto{suffix}", ""),
                    tipo_factor=node.get(f"TipoFactor{suffix}"),
                    tasa_o_cuota=_dec(node, f"TasaOCuota{suffix}"),
                    base=_dec(node, f"Base{suffix}"),
                    importe=_dec(node, f"Importe{suffix}"),
                )
            )
    return tuple(lines)


def _docto(node: etree._Element) -> DoctoRelacionado:
    return DoctoRelacionado(
        id_documento=node.get("IdDocumento", ""),
        serie=node.get("Serie"),
        folio=node.get("Folio"),
        moneda_dr=node.get("MonedaDR", ""),
        equivalencia_dr=_dec(node, "EquivalenciaDR"),
        num_parcialidad=node.get("NumParcialidad"),
        imp_saldo_ant=_dec(node, "ImpSaldoAnt"),
        imp_pagado=_dec(node, "ImpPagado"),
        imp_saldo_insoluto=_dec(node, "ImpSaldoInsoluto"),
        objeto_imp_dr=node.get("ObjetoImpDR"),
        impuestos=_taxes(node.find(f"{_P}ImpuestosDR"), "DR"),
    )


_PAGO_MAIN = frozenset({"FechaPago", "FormaDePagoP", "MonedaP", "TipoCambioP", "Monto"})


def _pago(node: etree._Element) -> Pago:
    return Pago(
        fecha_pago=node.get("FechaPago", ""),
        forma_de_pago_p=node.get("FormaDePagoP", ""),
        moneda_p=node.get("MonedaP", ""),
        tipo_cambio_p=_dec(node, "TipoCambioP"),
        monto=_dec(node, "Monto"),
        attributes=tuple((k, v) for k, v in node.attrib.items() if k not in _PAGO_MAIN),
        doctos=tuple(_docto(d) for d in node.iterfind(f"{_P}DoctoRelacionado")),
        impuestos=_taxes(node.find(f"{_P}ImpuestosP"), "P"),
    )


def pagos_of(c: Comprobante) -> Pagos | None:
    """The first Pagos 2.0 complement of `c`, or None."""
    raw = next((r for r in c.complementos if r.tag == PAGOS20_TAG), None)
    if raw is None:
        return None
    root = parse_xml(raw.xml)
    totales_node = root.find(f"{_P}Totales")
    totales: list[tuple[str, Decimal]] = []
    if totales_node is not None:
        for name in totales_node.attrib:
            value = _dec(totales_node, name)
            if value is not None:
                totales.append((str(name), value))
    return Pagos(totales=tuple(totales), pagos=tuple(_pago(p) for p in root.iterfind(f"{_P}Pago")))
