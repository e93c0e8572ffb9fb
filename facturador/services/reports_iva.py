"""IVA y retenciones del mes: IVA trasladado cobrado (cash flow), IVA and ISR retenidos.

IVA is due when collected, so a month's IVA trasladado is:
- the taxes of the month's PUE ingresos (by the CFDI's Fecha), plus
- the ImpuestosDR of the payment receipts whose FechaPago falls in the month (what each Pago
  collected of each PPD invoice), in pesos at TipoCambioP (sat.figures), minus
- the taxes of the month's egresos (credit notes), by their Fecha.
A PPD ingreso's own taxes never count: its payments carry them. Retenciones follow the same
rule. Every line is grouped by impuesto, TipoFactor and tasa; `tax_documents` opens a line to
the documents behind it. Two SQL aggregates (own taxes, payments' taxes) over
`documento_impuesto`, joined to `documento` for the state and the date.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, func, or_, select, type_coerce
from sqlmodel import col

from facturador.models._types import MicroAmount
from facturador.models.tables import Documento
from facturador.models.tables import DocumentoImpuesto as T
from facturador.services.reports import COUNTED, Month, empresa_id
from facturador.services.views import IvaReport, TaxDocument, TaxRow

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["iva_report", "tax_documents"]

_KEY = (col(T.kind), col(T.impuesto), col(T.tipo_factor), col(T.tasa))


def _signed(column: Any) -> Any:
    return case((col(Documento.tipo) == "E", -column), else_=column)


def _sources(company_id: int, mes: Month) -> list[tuple[Any, Any]]:
    """(where clause, date column) of the month's own taxes and of its payments' taxes."""
    own = and_(
        col(T.empresa_id) == company_id,
        col(T.origen) == "D",
        col(Documento.fecha) >= mes.start,
        col(Documento.fecha) < mes.end,
        or_(
            col(Documento.tipo) == "E",
            and_(col(Documento.tipo) == "I", col(Documento.metodo_pago) == "PUE"),
        ),
    )
    paid = and_(
        col(T.empresa_id) == company_id,
        col(T.origen) == "P",
        col(T.fecha_pago) >= mes.start,
        col(T.fecha_pago) < mes.end,
        col(Documento.tipo) == "P",
    )
    return [(own, col(Documento.fecha)), (paid, col(T.fecha_pago))]


def iva_report(ctx: Context, mes: Month) -> IvaReport:
    """The month's taxes by impuesto and tasa (see the module docstring), egresos subtracted."""
    company_id = empresa_id(ctx)
    sums: dict[tuple[str, str, str, str], list[Any]] = {}
    with ctx.read() as session:
        for where, _date in _sources(company_id, mes):
            query = (
                select(
                    *_KEY,
                    type_coerce(func.sum(_signed(col(T.base_mxn))), MicroAmount),
                    type_coerce(func.sum(_signed(col(T.importe_mxn))), MicroAmount),
                    func.count(func.distinct(col(T.documento_id))),
                )
                .join(Documento, col(Documento.id) == col(T.documento_id))
                .where(where, col(Documento.state).in_(COUNTED))
                .group_by(*_KEY)
            )
            for kind, impuesto, factor, tasa, base, importe, n in session.execute(query).all():
                line = sums.setdefault((kind, impuesto, factor, tasa), [Decimal(0), Decimal(0), 0])
                line[0] += base
                line[1] += importe
                line[2] += int(n)
    rows = [
        TaxRow(kind=k, impuesto=i, tipo_factor=f, tasa=t, base=b, importe=m, documentos=n)
        for (k, i, f, t), (b, m, n) in sorted(sums.items(), key=_order)
    ]
    return IvaReport(
        mes=str(mes),
        traslados=tuple(r for r in rows if r.kind == "T"),
        retenciones=tuple(r for r in rows if r.kind == "R"),
    )


def _order(item: tuple[tuple[str, str, str, str], list[Any]]) -> tuple[str, str, str, str]:
    kind, impuesto, factor, tasa = item[0]
    # IVA first, then ISR, IEPS; the highest tasa first, Exento last.
    rank = {"002": "0", "001": "1", "003": "2"}.get(impuesto, "9")
    return kind, rank, "1" if factor == "Exento" else "0", f"{9 - float(tasa or 0):.6f}"


def tax_documents(
    ctx: Context, mes: Month, *, kind: str, impuesto: str, tipo_factor: str, tasa: str
) -> tuple[TaxDocument, ...]:
    """The documents behind one TaxRow of `iva_report`, by date."""
    company_id = empresa_id(ctx)
    result: list[TaxDocument] = []
    key = and_(
        col(T.kind) == kind,
        col(T.impuesto) == impuesto,
        col(T.tipo_factor) == tipo_factor,
        col(T.tasa) == tasa,
    )
    with ctx.read() as session:
        for where, date in _sources(company_id, mes):
            query = (
                select(
                    col(Documento.id),
                    col(Documento.tipo),
                    col(Documento.serie),
                    col(Documento.folio),
                    func.max(date),
                    col(Documento.rfc_receptor),
                    col(Documento.nombre_receptor),
                    type_coerce(func.sum(_signed(col(T.base_mxn))), MicroAmount),
                    type_coerce(func.sum(_signed(col(T.importe_mxn))), MicroAmount),
                )
                .join(Documento, col(Documento.id) == col(T.documento_id))
                .where(where, key, col(Documento.state).in_(COUNTED))
                .group_by(
                    col(Documento.id),
                    col(Documento.tipo),
                    col(Documento.serie),
                    col(Documento.folio),
                    col(Documento.rfc_receptor),
                    col(Documento.nombre_receptor),
                )
            )
            for row in session.execute(query).all():
                i, tipo, serie, folio, fecha, rfc, nombre, base, importe = row
                result.append(
                    TaxDocument(
                        documento_id=i,
                        tipo=tipo,
                        serie=serie,
                        folio=folio,
                        fecha=fecha,
                        rfc_receptor=rfc,
                        nombre_receptor=nombre,
                        base=base,
                        importe=importe,
                    )
                )
    return tuple(sorted(result, key=lambda d: (d.fecha is None, d.fecha, d.documento_id)))
