"""The figures reports add up, read once from a CFDI: pure, no database.

Reports (sales, IVA of the month, accounts receivable) must be SQL aggregates over 100,000
documents, so what they need from each XML is taken out of it when the document is sealed
and stored beside it (services.report_figures): this module says what those figures are.

- `importe_mxn` is SubTotal − Descuento and `total_mxn` the Total, both in pesos at the
  document's TipoCambio (1 for MXN), rounded to cents.
- `taxes`: one line per tax and tasa. An ingreso or egreso's own taxes (`origen` "D") are
  Impuestos/Traslados of the Comprobante (they carry the tasa) and its concepts'
  retenciones grouped by impuesto and tasa (the Comprobante's Retenciones carry none). A
  payment receipt's lines (`origen` "P") are each DoctoRelacionado's ImpuestosDR, in pesos:
  ImporteDR / EquivalenciaDR × TipoCambioP (SAT's own conversion for the Totales), dated
  FechaPago and naming the invoice paid. Every amount in pesos is rounded to cents per line,
  so a report's sum is the sum of what the lines show.
- `applications`: what a payment receipt paid of each invoice (ImpPagado in the invoice's
  currency, its FechaPago and NumParcialidad) and what a credit note (egreso, TipoRelacion 01,
  one related UUID) takes off the one invoice it relates to, in the note's currency.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from facturador.sat.comprobante import Comprobante
from facturador.sat.money import ZERO, quantize
from facturador.sat.pagos import find_pagos

__all__ = ["Application", "DocumentFigures", "TaxLine", "document_figures", "to_mxn"]

IVA, ISR, IEPS = "002", "001", "003"
TRASLADO, RETENCION = "T", "R"
OWN, PAYMENT = "D", "P"
_NOTA_DE_CREDITO = "01"
_ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class TaxLine:
    origen: str  # OWN: the document's own taxes; PAYMENT: a DoctoRelacionado's ImpuestosDR
    kind: str  # TRASLADO or RETENCION
    impuesto: str  # c_Impuesto: 001 ISR, 002 IVA, 003 IEPS
    tipo_factor: str  # Tasa, Cuota, Exento
    tasa: str  # TasaOCuota as written ("0.160000"), "" for Exento
    base_mxn: Decimal
    importe_mxn: Decimal
    fecha_pago: datetime | None = None  # PAYMENT lines: the Pago's FechaPago
    uuid_dr: str | None = None  # PAYMENT lines: the invoice paid


@dataclass(frozen=True, slots=True)
class Application:
    """An amount taken off an invoice's balance (by a payment or a credit note)."""

    uuid: str  # the invoice, upper case
    moneda: str  # the currency of `importe` (the invoice's, for a payment: MonedaDR)
    importe: Decimal
    fecha: datetime  # FechaPago, or the note's Fecha
    num_parcialidad: int | None = None


@dataclass(frozen=True, slots=True)
class DocumentFigures:
    tipo_cambio: Decimal | None
    metodo_pago: str | None
    importe_mxn: Decimal
    total_mxn: Decimal
    taxes: tuple[TaxLine, ...] = ()
    applications: tuple[Application, ...] = ()


def to_mxn(amount: Decimal, tipo_cambio: Decimal | None) -> Decimal:
    """`amount` in pesos at `tipo_cambio` (None: already pesos), rounded to cents."""
    return quantize(amount * (tipo_cambio or _ONE), 2)


def _tasa(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.6f}"


def _own_taxes(c: Comprobante) -> list[TaxLine]:
    tc = c.tipo_cambio
    lines: list[TaxLine] = []
    if c.impuestos is not None:
        for t in c.impuestos.traslados:
            lines.append(
                TaxLine(OWN, TRASLADO, t.impuesto, t.tipo_factor, _tasa(t.tasa_o_cuota),
                        to_mxn(t.base, tc), to_mxn(t.importe or ZERO, tc))
            )  # fmt: skip
    retenciones: dict[tuple[str, str, str], list[Decimal]] = {}
    for concepto in c.conceptos:
        for r in concepto.impuestos.retenciones if concepto.impuestos else ():
            key = (r.impuesto, r.tipo_factor or "Tasa", _tasa(r.tasa_o_cuota))
            sums = retenciones.setdefault(key, [ZERO, ZERO])
            sums[0] += r.base or ZERO
            sums[1] += r.importe
    for (impuesto, factor, tasa), (base, importe) in retenciones.items():
        lines.append(
            TaxLine(OWN, RETENCION, impuesto, factor, tasa, to_mxn(base, tc), to_mxn(importe, tc))
        )
    return lines


def _payment_taxes_and_applications(c: Comprobante) -> tuple[list[TaxLine], list[Application]]:
    pagos = find_pagos(c)
    lines: list[TaxLine] = []
    applications: list[Application] = []
    for pago in pagos.pagos if pagos else ():
        tc = pago.tipo_cambio_p or _ONE
        for d in pago.doctos:
            uuid = d.id_documento.upper()
            applications.append(
                Application(uuid, d.moneda_dr, d.imp_pagado, pago.fecha_pago, d.num_parcialidad)
            )
            rate = tc / (d.equivalencia_dr or _ONE)
            for t in d.traslados_dr:
                lines.append(
                    TaxLine(PAYMENT, TRASLADO, t.impuesto_dr, t.tipo_factor_dr,
                            _tasa(t.tasa_o_cuota_dr), to_mxn(t.base_dr, rate),
                            to_mxn(t.importe_dr or ZERO, rate), pago.fecha_pago, uuid)
                )  # fmt: skip
            for r in d.retenciones_dr:
                lines.append(
                    TaxLine(PAYMENT, RETENCION, r.impuesto_dr, r.tipo_factor_dr,
                            _tasa(r.tasa_o_cuota_dr), to_mxn(r.base_dr, rate),
                            to_mxn(r.importe_dr, rate), pago.fecha_pago, uuid)
                )  # fmt: skip
    return lines, applications


def document_figures(c: Comprobante) -> DocumentFigures:
    """What the reports need of this CFDI (see the module docstring)."""
    tc = c.tipo_cambio if c.moneda not in ("MXN", "XXX") else None
    importe = c.sub_total - (c.descuento or ZERO)
    if c.tipo_de_comprobante == "P":
        taxes, applications = _payment_taxes_and_applications(c)
    else:
        taxes, applications = _own_taxes(c), []
        if c.tipo_de_comprobante == "E":
            for group in c.cfdi_relacionados:
                if group.tipo_relacion == _NOTA_DE_CREDITO and len(group.uuids) == 1:
                    applications.append(Application(group.uuids[0].upper(), c.moneda, c.total,
                                                    c.fecha))  # fmt: skip
    return DocumentFigures(
        tipo_cambio=tc,
        metodo_pago=c.metodo_pago,
        importe_mxn=to_mxn(importe, tc),
        total_mxn=to_mxn(c.total, tc),
        taxes=tuple(taxes),
        applications=tuple(applications),
    )
