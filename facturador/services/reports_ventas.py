"""Ventas: sales per month (ingresos minus egresos, in pesos), last year's month, top clients.

Sales are SubTotal − Descuento (before taxes), in pesos at each document's TipoCambio
(`documento.importe_mxn`); the Total with taxes is given beside (`total_mxn`). An egreso
(credit note) subtracts in the month of its Fecha. Payment receipts (tipo P) are not sales.
One grouped query for the 12 months and one for last year's month; one for the clients.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import case, extract, func, type_coerce
from sqlmodel import col, select

from facturador.models._types import MicroAmount
from facturador.models.tables import Documento
from facturador.services.reports import COUNTED, Month, empresa_id
from facturador.services.views import ClientSales, MonthSales, SalesReport

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["sales_report"]

ZERO = Decimal("0.00")
TOP_CLIENTS = 10


def _sum(column: object, tipo: str) -> object:
    amount = case((Documento.tipo == tipo, column), else_=0)
    return type_coerce(func.coalesce(func.sum(amount), 0), MicroAmount)


def _months(ctx: Context, company_id: int, first: Month, end: Month) -> dict[str, MonthSales]:
    year = extract("year", Documento.fecha)
    month = extract("month", Documento.fecha)
    query = (
        select(
            year,
            month,
            _sum(Documento.importe_mxn, "I"),
            _sum(Documento.importe_mxn, "E"),
            func.count(),
            _sum(Documento.total_mxn, "I"),
            _sum(Documento.total_mxn, "E"),
        )
        .where(Documento.empresa_id == company_id)
        .where(col(Documento.fecha) >= first.start, col(Documento.fecha) < end.start)
        .where(col(Documento.tipo).in_(("I", "E")), col(Documento.state).in_(COUNTED))
        .group_by(year, month)
    )
    with ctx.read() as session:
        rows = session.exec(query).all()
    result = {}
    for y, m, ingresos, egresos, n, total_i, total_e in rows:
        mes = str(Month(int(y), int(m)))
        result[mes] = MonthSales(mes=mes, ingresos=ingresos, egresos=egresos, documentos=int(n),
                                 total_ingresos=total_i, total_egresos=total_e)  # fmt: skip
    return result


def _empty(mes: Month) -> MonthSales:
    return MonthSales(mes=str(mes), ingresos=ZERO, egresos=ZERO, documentos=0,
                      total_ingresos=ZERO, total_egresos=ZERO)  # fmt: skip


def _top_clients(ctx: Context, company_id: int, mes: Month) -> tuple[ClientSales, ...]:
    signed = case((Documento.tipo == "E", -col(Documento.importe_mxn)),
                  else_=col(Documento.importe_mxn))  # fmt: skip
    neto = func.sum(signed)
    query = (
        select(Documento.rfc_receptor, func.max(Documento.nombre_receptor),
               type_coerce(neto, MicroAmount), func.count())
        .where(Documento.empresa_id == company_id)
        .where(col(Documento.fecha) >= mes.start, col(Documento.fecha) < mes.end)
        .where(col(Documento.tipo).in_(("I", "E")), col(Documento.state).in_(COUNTED))
        .group_by(Documento.rfc_receptor)
        .order_by(neto.desc(), Documento.rfc_receptor)
        .limit(TOP_CLIENTS)
    )  # fmt: skip
    with ctx.read() as session:
        rows = session.exec(query).all()
    return tuple(ClientSales(rfc=r, nombre=nombre, neto=amount, documentos=int(n))
                 for r, nombre, amount, n in rows)  # fmt: skip


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
