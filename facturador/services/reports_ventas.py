"""Ventas: sales per month (ingresos minus egresos, in pesos), last year's month, top clients.

Sales are SubTotal − Descuento (before taxes), in pesos at each document's TipoCambio
(`documento.importe_mxn`); the Total with taxes is given beside (`total_mxn`). An egreso
(credit note) subtracts in the month of its Fecha. Payment receipts (tipo P) are not sales.
One grouped query for the 12 months and one for last year's month; one for the clients.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, extract, func, select, type_coerce
from sqlmodel import col

from facturador.models._types import MicroAmount
from facturador.models.tables import Documento
from facturador.services.reports import COUNTED, Month, empresa_id
from facturador.services.views import ClientSales, MonthSales, SalesReport

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["sales_report"]

ZERO = Decimal("0.00")
TOP_CLIENTS = 10


def _sum(column: Any, tipo: str) -> Any:
    amount = case((col(Documento.tipo) == tipo, column), else_=0)
    return type_coerce(func.coalesce(func.sum(amount), 0), MicroAmount)


def _months(ctx: Context, company_id: int, first: Month, end: Month) -> dict[str, MonthSales]:
    year = extract("year", col(Documento.fecha))
    month = extract("month", col(Documento.fecha))
    query = (
        select(
            year,
            month,
            _sum(col(Documento.importe_mxn), "I"),
            _sum(col(Documento.importe_mxn), "E"),
            func.count(),
            _sum(col(Documento.total_mxn), "I"),
            _sum(col(Documento.total_mxn), "E"),
        )
        .where(col(Documento.empresa_id) == company_id)
        .where(col(Documento.fecha) >= first.start, col(Documento.fecha) < end.start)
        .where(col(Documento.tipo).in_(("I", "E")), col(Documento.state).in_(COUNTED))
        .group_by(year, month)
    )
    with ctx.read() as session:
        rows = session.execute(query).all()
    result = {}
    for y, m, ingresos, egresos, n, total_i, total_e in rows:
        mes = str(Month(int(y), int(m)))
        result[mes] = MonthSales(
            mes=mes,
            ingresos=ingresos,
            egresos=egresos,
            documentos=int(n),
            total_ingresos=total_i,
            total_egresos=total_e,
        )
    return result


def _empty(mes: Month) -> MonthSales:
    return MonthSales(
        mes=str(mes),
        ingresos=ZERO,
        egresos=ZERO,
        documentos=0,
        total_ingresos=ZERO,
        total_egresos=ZERO,
    )


def _top_clients(ctx: Context, company_id: int, mes: Month) -> tuple[ClientSales, ...]:
    signed = case(
        (col(Documento.tipo) == "E", -col(Documento.importe_mxn)), else_=col(Documento.importe_mxn)
    )
    neto = func.sum(signed)
    query = (
        select(
            col(Documento.rfc_receptor),
            func.max(col(Documento.nombre_receptor)),
            type_coerce(neto, MicroAmount),
            func.count(),
        )
        .where(col(Documento.empresa_id) == company_id)
        .where(col(Documento.fecha) >= mes.start, col(Documento.fecha) < mes.end)
        .where(col(Documento.tipo).in_(("I", "E")), col(Documento.state).in_(COUNTED))
        .group_by(col(Documento.rfc_receptor))
        .order_by(neto.desc(), col(Documento.rfc_receptor))
        .limit(TOP_CLIENTS)
    )
    with ctx.read() as session:
        rows = session.execute(query).all()
    return tuple(
        ClientSales(rfc=r, nombre=nombre, neto=amount, documentos=int(n))
        for r, nombre, amount, n in rows
    )


def sales_report(ctx: Context, mes: Month) -> SalesReport:
    """The 12 months ending at `mes`, the same month a year before and `mes`'s top clients."""
    company_id = empresa_id(ctx)
    first = mes.shifted(-11)
    found = _months(ctx, company_id, first, mes.shifted(1))
    months = tuple(found.get(str(m), _empty(m)) for m in (first.shifted(i) for i in range(12)))
    last_year = mes.shifted(-12)
    previous = _months(ctx, company_id, last_year, mes.shifted(-11)).get(str(last_year))
    return SalesReport(
        mes=str(mes),
        months=months,
        same_month_last_year=previous or _empty(last_year),
        top_clients=_top_clients(ctx, company_id, mes),
    )
