"""Cuentas por cobrar: PPD invoices with a balance, by client, aged, with the last payment.

An invoice's balance at a moment is its Total minus what payment receipts applied to it
(ImpPagado, FechaPago up to that moment) and minus the credit notes (TipoRelacion 01, that
invoice alone, same currency) dated up to then: the rule of services.payments, here as SQL
over `pago_aplicado`. Receipts and notes count unless BORRADOR, RECHAZADO, CANCELADO or
RETIRADO (a queued receipt already spends the balance, as in payments). Invoices count while
in force (reports.COUNTED) and issued before the moment.

Age is days from the invoice's Fecha to the report's last day: 0–30, 31–60, 61–90, more
than 90 (as Fecha bounds, so SQL sorts invoices into buckets). Balances in pesos are at the
invoice's TipoCambio, rounded per invoice. The by-client table is one SQL aggregate (pesos
summed exactly as integers); invoices in another currency are converted one by one, and the
invoice list (`receivable_invoices`, or `with_invoices`) is read only when asked for: a
bookkeeper's database can have thousands of open invoices.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, func, select, type_coerce
from sqlmodel import col

from facturador.models._types import MicroAmount
from facturador.models.states import DocumentState as S
from facturador.models.tables import Documento, PagoAplicado
from facturador.sat.figures import to_mxn
from facturador.services.reports import COUNTED, empresa_id
from facturador.services.views import ClientReceivable, ReceivableInvoice, ReceivablesReport

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["age_bucket", "receivable_invoices", "receivables_report"]

ZERO = Decimal("0.00")
_NOT_COUNTED = (S.BORRADOR.value, S.RECHAZADO.value, S.CANCELADO.value, S.RETIRADO.value)


def age_bucket(days: int) -> int:
    """0: 0–30 days, 1: 31–60, 2: 61–90, 3: more than 90."""
    return 0 if days <= 30 else 1 if days <= 60 else 2 if days <= 90 else 3


def _last_day(until: datetime) -> datetime:
    return datetime.combine((until - timedelta(microseconds=1)).date(), time())


def _open(company_id: int, until: datetime, rfc: str | None = None) -> Any:
    """One row per invoice owing at `until`: its figures, saldo, last payment and bucket."""
    payer = Documento.__table__.alias("payer")  # type: ignore[attr-defined]
    applied = (
        select(
            col(PagoAplicado.uuid),
            col(PagoAplicado.moneda),
            func.sum(col(PagoAplicado.importe)).label("pagado"),
            func.max(case((payer.c.tipo == "P", col(PagoAplicado.fecha)))).label("ultimo"),
        )
        .join(payer, payer.c.id == col(PagoAplicado.documento_id))
        .where(col(PagoAplicado.empresa_id) == company_id, col(PagoAplicado.fecha) < until)
        .where(payer.c.state.not_in(_NOT_COUNTED))
        .group_by(col(PagoAplicado.uuid), col(PagoAplicado.moneda))
        .subquery()
    )
    pagado = type_coerce(func.coalesce(applied.c.pagado, 0), MicroAmount)
    day = _last_day(until)
    bucket = case(
        (col(Documento.fecha) >= day - timedelta(days=30), 0),
        (col(Documento.fecha) >= day - timedelta(days=60), 1),
        (col(Documento.fecha) >= day - timedelta(days=90), 2),
        else_=3,
    )
    query = (
        select(
            col(Documento.id),
            col(Documento.uuid),
            col(Documento.serie),
            col(Documento.folio),
            col(Documento.fecha),
            col(Documento.rfc_receptor),
            col(Documento.nombre_receptor),
            col(Documento.moneda),
            col(Documento.total),
            col(Documento.tipo_cambio),
            pagado.label("pagado"),
            type_coerce(col(Documento.total) - pagado, MicroAmount).label("saldo"),
            applied.c.ultimo.label("ultimo"),
            bucket.label("bucket"),
        )
        .outerjoin(
            applied,
            and_(applied.c.uuid == col(Documento.uuid), applied.c.moneda == col(Documento.moneda)),
        )
        .where(
            col(Documento.empresa_id) == company_id,
            col(Documento.tipo) == "I",
            col(Documento.metodo_pago) == "PPD",
            col(Documento.state).in_(COUNTED),
            col(Documento.fecha) < until,
            col(Documento.uuid).is_not(None),
        )
        .where(col(Documento.total) > pagado)
    )
    if rfc is not None:
        query = query.where(col(Documento.rfc_receptor) == rfc)
    return query.subquery()


def receivable_invoices(
    ctx: Context, until: datetime, rfc_receptor: str | None = None
) -> tuple[ReceivableInvoice, ...]:
    """The invoices owing at `until` (naive local time, exclusive), of one client if given,
    oldest first."""
    rows = _open(empresa_id(ctx), until, rfc_receptor)
    with ctx.read() as session:
        found = session.execute(select(rows).order_by(rows.c.fecha, rows.c.id)).all()
    day = _last_day(until).date()
    return tuple(
        ReceivableInvoice(
            documento_id=r.id,
            uuid=r.uuid,
            serie=r.serie,
            folio=r.folio,
            fecha=r.fecha,
            rfc_receptor=r.rfc_receptor,
            nombre_receptor=r.nombre_receptor,
            moneda=r.moneda,
            total=r.total,
            pagado=r.pagado,
            saldo=r.saldo,
            saldo_mxn=to_mxn(r.saldo, r.tipo_cambio),
            dias=max((day - r.fecha.date()).days, 0),
            bucket=r.bucket,
            ultimo_pago=r.ultimo,
        )
        for r in found
    )


def receivables_report(
    ctx: Context, until: datetime, *, with_invoices: bool = False
) -> ReceivablesReport:
    """Balances at `until` (naive local time, exclusive) by client and age, largest first;
    `with_invoices` also lists each client's invoices (for the exports)."""
    rows = _open(empresa_id(ctx), until)
    # Pesos add up exactly in SQL; an invoice in another currency stays a row of its own, to
    # be converted at its TipoCambio.
    alone = case((rows.c.moneda == "MXN", 0), else_=rows.c.id)
    summary = select(
        rows.c.rfc_receptor,
        func.max(rows.c.nombre_receptor),
        rows.c.bucket,
        type_coerce(func.sum(rows.c.saldo), MicroAmount),
        func.max(rows.c.tipo_cambio),
        func.max(rows.c.ultimo),
        func.count(),
    ).group_by(rows.c.rfc_receptor, rows.c.bucket, alone)
    clients: dict[str, dict[str, Any]] = {}
    with ctx.read() as session:
        for rfc, nombre, bucket, saldo, tipo_cambio, ultimo, n in session.execute(summary).all():
            client = clients.setdefault(
                rfc, {"nombre": nombre, "buckets": [ZERO] * 4, "ultimo": None, "facturas": 0}
            )
            client["buckets"][bucket] += to_mxn(saldo, tipo_cambio and Decimal(tipo_cambio))
            client["facturas"] += int(n)
            if ultimo is not None and (client["ultimo"] is None or ultimo > client["ultimo"]):
                client["ultimo"] = ultimo
    invoices: dict[str, list[ReceivableInvoice]] = {}
    for invoice in receivable_invoices(ctx, until) if with_invoices else ():
        invoices.setdefault(invoice.rfc_receptor, []).append(invoice)
    result = [
        ClientReceivable(
            rfc=rfc,
            nombre=c["nombre"],
            buckets=tuple(c["buckets"]),
            ultimo_pago=c["ultimo"],
            facturas=c["facturas"],
            invoices=tuple(invoices.get(rfc, ())),
        )
        for rfc, c in clients.items()
    ]
    result.sort(key=lambda c: (-c.total, c.rfc))
    return ReceivablesReport(al=until, clients=tuple(result))
