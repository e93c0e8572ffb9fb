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

from sqlalchemy import and_, case, func, or_, type_coerce
from sqlmodel import col, select

from facturador.models._types import MicroAmount
from facturador.models.tables import Documento
from facturador.models.tables import DocumentoImpuesto as T
from facturador.services.reports import COUNTED, Month, empresa_id
from facturador.services.views import IvaReport, TaxDocument, TaxRow

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["iva_report", "tax_documents"]

_KEY = (T.kind, T.impuesto, T.tipo_factor, T.tasa)


def _signed(column: Any) -> Any:
    return case((Documento.tipo == "E", -column), else_=column)


def _sources(company_id: int, mes: Month) -> list[tuple[Any, Any]]:
    """(where clause, date column) of the month's own taxes and of its payments' taxes."""
    own = and_(
        T.empresa_id == company_id,
        T.origen == "D",
        col(Documento.fecha) >= mes.start,
        col(Documento.fecha) < mes.end,
        or_(Documento.tipo == "E", and_(Documento.tipo == "I", Documento.metodo_pago == "PUE")),
    )
    paid = and_(
        T.empresa_id == company_id,
        T.origen == "P",
        col(T.fecha_pago) >= mes.start,
        col(T.fecha_pago) < mes.end,
        Documento.tipo == "P",
    )
    return [(own, Documento.fecha), (paid, T.fecha_pago)]


def iva_report(ctx: Context, mes: Month) -> IvaReport:
    """The month's taxes by impuesto and tasa (see the module docstring), egresos subtracted."""
    company_id = empresa_id(ctx)
    sums: dict[tuple[str, str, str, str], list[Any]] = {}
    with ctx.read() as session:
        for where, _date in _sources(company_id, mes):
            query = (
                select(*_KEY,
                       type_coerce(func.sum(_signed(col(T.base_mxn))), MicroAmount),
                       type_coerce(func.sum(_signed(col(T.importe_mxn))), MicroAmount),
                       func.count(func.distinct(T.documento_id)))
                .join(Documento, col(Documento.id) == T.documento_id)
                .where(where, col(Documento.state).in_(COUNTED))
                .group_by(*_KEY)
            )  # fmt: skip
            for kind, impuesto, factor, tasa, base, importe, n in session.exec(query).all():
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
    key = and_(T.kind == kind, T.impuesto == impuesto, T.tipo_factor == tipo_factor,
               T.tasa == tasa)  # fmt: skip
    with ctx.read() as session:
        for where, date in _sources(company_id, mes):
            query = (
                select(Documento.id, Documento.tipo, Documento.serie, Documento.folio,
                       func.max(date), Documento.rfc_receptor, Documento.nombre_receptor,
                       type_coerce(func.sum(_signed(col(T.base_mxn))), MicroAmount),
                       type_coerce(func.sum(_signed(col(T.importe_mxn))), MicroAmount))
                .join(Documento, col(Documento.id) == T.documento_id)
                .where(where, key, col(Documento.state).in_(COUNTED))
                .group_by(Documento.id, Documento.tipo, Documento.serie, Documento.folio,
                          Documento.rfc_receptor, Documento.nombre_receptor)
            )  # fmt: skip
            for row in session.exec(query).all():
                i, tipo, serie, folio, fecha, rfc, nombre, base, importe = row
                result.append(TaxDocument(documento_id=i, tipo=tipo, serie=serie, folio=folio,
                                          fecha=fecha, rfc_receptor=rfc, nombre_receptor=nombre,
                                          base=base, importe=importe))  # fmt: skip
    return tuple(sorted(result, key=lambda d: (d.fecha is None, d.fecha, d.documento_id)))
