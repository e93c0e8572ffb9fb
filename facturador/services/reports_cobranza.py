"""Cuentas por cobrar: PPD invoices with a balance, by client, aged, with the last payment.

An invoice's balance at a moment is its Total minus what payment receipts applied to it
(ImpPagado, FechaPago up to that moment) and minus the credit notes (TipoRelacion 01, that
invoice alone, same currency) dated up to then: the rule of services.payments, here as one
SQL aggregate over `pago_aplicado`. Receipts and notes count unless BORRADOR, RECHAZADO,
CANCELADO or RETIRADO (a queued receipt already spends the balance, as in payments).
Invoices count while in force (reports.COUNTED) and issued up to the moment.

Age is days from the invoice's Fecha to the report's date: 0–30, 31–60, 61–90, more than 90.
Balances in pesos are at the invoice's TipoCambio. For a month (`--mes`), the balances are
those at the month's end; without one, now.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import and_, case, func, type_coerce
from sqlmodel import col, select

from facturador.models._types import MicroAmount
from facturador.models.states import DocumentState as S
from facturador.models.tables import Documento, PagoAplicado
from facturador.sat.figures import to_mxn
from facturador.services.reports import COUNTED, empresa_id
from facturador.services.views import ClientReceivable, ReceivableInvoice, ReceivablesReport

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["age_bucket", "receivables_report"]

ZERO = Decimal("0.00")
_NOT_COUNTED = (S.BORRADOR.value, S.RECHAZADO.value, S.CANCELADO.value, S.RETIRADO.value)


def age_bucket(days: int) -> int:
    """0: 0–30 days, 1: 31–60, 2: 61–90, 3: more than 90."""
    return 0 if days <= 30 else 1 if days <= 60 else 2 if days <= 90 else 3


def _invoices(ctx: Context, company_id: int, until: datetime) -> list[ReceivableInvoice]:
    payer = Documento.__table__.alias("payer")  # type: ignore[attr-defined]
    applied = (
        select(
            PagoAplicado.uuid,
            PagoAplicado.moneda,
            type_coerce(func.sum(PagoAplicado.importe), MicroAmount).label("pagado"),
            func.max(case((payer.c.tipo == "P", PagoAplicado.fecha))).label("ultimo"),
        )
        .join(payer, payer.c.id == PagoAplicado.documento_id)
        .where(PagoAplicado.empresa_id == company_id, col(PagoAplicado.fecha) < until)
        .where(payer.c.state.not_in(_NOT_COUNTED))
        .group_by(PagoAplicado.uuid, PagoAplicado.moneda)
        .subquery()
    )
    pagado = type_coerce(func.coalesce(applied.c.pagado, 0), MicroAmount)
    query = (
        select(Documento.id, Documento.uuid, Documento.serie, Documento.folio, Documento.fecha,
               Documento.rfc_receptor, Documento.nombre_receptor, Documento.moneda,
               Documento.total, Documento.tipo_cambio, pagado, applied.c.ultimo)
        .outerjoin(applied, and_(applied.c.uuid == func.upper(Documento.uuid),
                                 applied.c.moneda == Documento.moneda))
        .where(Documento.empresa_id == company_id, Documento.tipo == "I",
               Documento.metodo_pago == "PPD", col(Documento.state).in_(COUNTED),
               col(Documento.fecha) < until, col(Documento.uuid).is_not(None))
        .where(col(Documento.total) > pagado)
    )  # fmt: skip
    with ctx.read() as session:
        rows = session.exec(query).all()
    day = (until - timedelta(microseconds=1)).date()  # the report's last day
    result = []
    for i, uuid, serie, folio, fecha, rfc, nombre, moneda, total, tc, paid, ultimo in rows:
        saldo = total - paid
        days = max((day - fecha.date()).days, 0)
        result.append(
            ReceivableInvoice(
                documento_id=i, uuid=str(uuid).upper(), serie=serie, folio=folio, fecha=fecha,
                rfc_receptor=rfc, nombre_receptor=nombre, moneda=moneda, total=total,
                pagado=paid, saldo=saldo, saldo_mxn=to_mxn(saldo, tc), dias=days,
                bucket=age_bucket(days), ultimo_pago=ultimo,
            )
        )  # fmt: skip
    return result


def receivables_report(ctx: Context, until: datetime) -> ReceivablesReport:
    """Balances at `until` (naive local time, exclusive), grouped by client, largest first."""
    by_client: dict[str, list[ReceivableInvoice]] = {}
    for invoice in _invoices(ctx, empresa_id(ctx), until):
        by_client.setdefault(invoice.rfc_receptor, []).append(invoice)
    clients = []
    for rfc, invoices in by_client.items():
        invoices.sort(key=lambda i: (i.fecha, i.documento_id))
        buckets = [ZERO] * 4
        for invoice in invoices:
            buckets[invoice.bucket] += invoice.saldo_mxn
        payments = [i.ultimo_pago for i in invoices if i.ultimo_pago is not None]
        clients.append(
            ClientReceivable(
                rfc=rfc,
                nombre=invoices[-1].nombre_receptor,
                buckets=(buckets[0], buckets[1], buckets[2], buckets[3]),
                ultimo_pago=max(payments) if payments else None,
                invoices=tuple(invoices),
            )
        )
    clients.sort(key=lambda c: (-c.total, c.rfc))
    return ReceivablesReport(al=until, clients=tuple(clients))
